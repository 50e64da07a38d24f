// A scenario as read from YAML: a tree of maps, lists and scalars where every node remembers the
// file and line it was written at, so that errors after `extends:` merging still point at the
// line a user wrote. The typed Scenario is built from it; the Python face edits it with set().
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.h"

namespace kunlun {

class ConfigNode {
 public:
  enum class Kind { null, scalar, map, list };

  ConfigNode() = default;
  static ConfigNode scalar(std::string text, SourceLocation where = {});
  static ConfigNode map(SourceLocation where = {});
  static ConfigNode list(SourceLocation where = {});

  Kind kind() const { return kind_; }
  bool is_map() const { return kind_ == Kind::map; }
  bool is_list() const { return kind_ == Kind::list; }
  bool is_scalar() const { return kind_ == Kind::scalar; }
  bool is_null() const { return kind_ == Kind::null; }
  const SourceLocation& where() const { return where_; }
  void set_where(SourceLocation where) { where_ = std::move(where); }

  const std::string& text() const { return text_; }  // scalars
  // True when the scalar was quoted in YAML ('2030' quoted is a string, not a number).
  bool quoted() const { return quoted_; }
  void set_quoted(bool q) { quoted_ = q; }

  // Maps keep insertion order so that emitted YAML reads like the input.
  const std::vector<std::pair<std::string, ConfigNode>>& entries() const { return entries_; }
  std::vector<std::pair<std::string, ConfigNode>>& entries() { return entries_; }
  const ConfigNode* find(const std::string& key) const;
  ConfigNode* find(const std::string& key);
  ConfigNode& set(const std::string& key, ConfigNode value);  // insert or replace
  // The same, recording where the key itself was written (the reader and deep_merge use it).
  ConfigNode& set(const std::string& key, ConfigNode value, SourceLocation key_where);
  bool erase(const std::string& key);
  // Key locations, parallel to entries(): where each key itself was written.
  const SourceLocation& key_where(const std::string& key) const;

  const std::vector<ConfigNode>& items() const { return items_; }  // lists
  std::vector<ConfigNode>& items() { return items_; }

 private:
  Kind kind_ = Kind::null;
  SourceLocation where_;
  std::string text_;
  bool quoted_ = false;
  std::vector<std::pair<std::string, ConfigNode>> entries_;
  std::vector<SourceLocation> key_where_;
  std::vector<ConfigNode> items_;
};

// Reads one YAML file into a tree (no `extends:` processing). Syntax errors become InputError
// with the file and line. Reading is bounded (io/input_limits.h): the file's size before it is
// read, its text (no NUL bytes, valid UTF-8), the values of the tree once aliases are expanded
// (an alias bomb stops at the limit) and its nesting.
ConfigNode read_yaml_file(const std::filesystem::path& file);
ConfigNode read_yaml_text(const std::string& text, const std::string& file_label);

// Reads a scenario file and resolves `extends:` chains (paths relative to the extending file):
// the base is loaded first and the extending file deep-merged over it (maps merge key by key,
// scalars and lists replace). Each base is read and resolved once, however many files extend it.
// A cycle, a file extending itself, a base that is missing, a folder or not a .yaml/.yml file, and
// more bases or files than the limits are an InputError at the `extends` entry. The result has
// no `extends` key.
ConfigNode load_scenario_tree(const std::filesystem::path& file);

// Deep merge of `over` into `base` (maps merge, everything else replaces).
void deep_merge(ConfigNode& base, const ConfigNode& over);

// Emits the tree as YAML (the resolved scenario that the manifest records).
std::string to_yaml(const ConfigNode& tree);

}  // namespace kunlun

namespace kunlun {
// Sets the value at a dotted path ("policies.rent.amount"), creating maps on the way. Used for
// command-line overrides (--seed) and Python's Scenario.set(); the result is validated again.
void set_path(ConfigNode& tree, const std::string& dotted_path, ConfigNode value);
// The parts of a dotted key: "policies.rent.monthly_cny" gives policies, rent, monthly_cny.
std::vector<std::string> split_key(const std::string& dotted_path);
}  // namespace kunlun
