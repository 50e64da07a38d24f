// A small declarative schema for config trees: one row per key (dotted path, type, range), so that
// unknown keys, missing keys, types and ranges are checked in one place instead of by hand.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/text.h"  // parse_number: what the scenario format reads as a number
#include "parameters/config_tree.h"

namespace kunlun {

enum class ValueType {
  text,        // any scalar, not empty (names, descriptions, file paths)
  number,      // a finite number within [min, max]
  integer,     // an integral number within [min, max]
  uint64,      // an integer 0 .. 2^64-1 (seeds)
  date,        // YYYY-MM, quoted or not
  choice,      // one of `choices`
  flag,        // true or false (yes or no)
  map,         // a map whose keys are rows of the schema
  number_map,  // a map with free keys (checked later against data), each a number within [min, max]
  open_map,    // a map whose entries are checked elsewhere (policies)
  text_list,   // a list of text items (keys, names)
};

struct KeySpec {
  std::string path;  // dotted, relative to the node the schema validates
  ValueType type = ValueType::text;
  bool required = true;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;        // "greater than min" rather than "at least min"
  std::vector<std::string> choices;  // ValueType::choice
  std::string hint;  // what the key means, added to every error about it (declared parameters)
  // An optional key written with no value counts as absent; a declared parameter written empty is
  // an error instead, since its default would silently stand in for a value the user meant to give.
  bool empty_is_absent = true;
};

// Row builders, so that a schema reads like the reference page.
KeySpec text_key(std::string path);
KeySpec date_key(std::string path);
KeySpec seed_key(std::string path);
KeySpec number_key(std::string path, double min, double max);
KeySpec positive_key(std::string path);  // a number > 0
KeySpec integer_key(std::string path, double min, double max);
KeySpec choice_key(std::string path, std::vector<std::string> choices);
KeySpec map_key(std::string path);
KeySpec number_map_key(std::string path, double min, double max);
KeySpec open_map_key(std::string path);
KeySpec text_list_key(std::string path);
KeySpec flag_key(std::string path);
KeySpec optional(KeySpec spec);

class Schema {
 public:
  // `missing_hint` is the hint of every missing-key error (say where a complete example is).
  Schema(std::vector<KeySpec> keys, std::string missing_hint);

  // Checks `node` (a map) and everything under it; error keys are prefixed with `prefix`, so a
  // policy can validate its own entry as "policies.rent". Throws the first InputError in file
  // order. An optional key written with no value counts as absent.
  void validate(const ConfigNode& node, const std::string& prefix = "") const;

  const KeySpec* find(std::string_view path) const;

 private:
  void validate_map(const ConfigNode& map, const std::string& path, const std::string& prefix,
                    const SourceLocation& map_at) const;
  void validate_value(const KeySpec& spec, const ConfigNode& value, const std::string& key,
                      const SourceLocation& key_at, const std::string& prefix) const;
  std::vector<std::string> children(const std::string& path) const;

  std::vector<KeySpec> keys_;
  std::string missing_hint_;
};

// Reads single values by dotted path (relative to `root`; error keys get `prefix`). Each reader
// throws InputError when the value is missing or malformed, so it is safe on unvalidated trees.
class ConfigReader {
 public:
  explicit ConfigReader(const ConfigNode& root, std::string prefix = "");

  const ConfigNode* find(std::string_view path) const;    // nullptr when absent or written empty
  const ConfigNode& get(std::string_view path) const;     // throws when absent
  SourceLocation key_where(std::string_view path) const;  // where the key itself was written
  std::string key(std::string_view path) const;           // the full dotted key for errors

  std::string text(std::string_view path) const;
  double number(std::string_view path) const;
  std::int64_t integer(std::string_view path) const;
  std::uint64_t uint64(std::string_view path) const;
  YearMonth date(std::string_view path) const;

 private:
  const ConfigNode& root_;
  std::string prefix_;
};

// Value parsers shared by the schema and the reader. `at` locates errors for non-scalars.
double read_number(const ConfigNode& node, const std::string& key, const SourceLocation& at);
std::int64_t read_integer(const ConfigNode& node, const std::string& key, const SourceLocation& at);
std::uint64_t read_uint64(const ConfigNode& node, const std::string& key, const SourceLocation& at);
YearMonth read_date(const ConfigNode& node, const std::string& key, const SourceLocation& at);
std::string read_text(const ConfigNode& node, const std::string& key, const SourceLocation& at);
bool read_flag(const ConfigNode& node, const std::string& key, const SourceLocation& at);

// Checks one value that is not a map against its row: type, range or choices; errors name `key`
// and carry the row's hint. What Schema::validate does for each scalar it meets.
void check_value(const KeySpec& spec, const ConfigNode& value, const std::string& key, const SourceLocation& key_at);

// "must be between 0 and 1", "must be greater than 0", ...: a row's range as errors and docs say it.
std::string range_text(const KeySpec& spec);

}  // namespace kunlun
