// The declarative key table behind scenario validation, and the value parsers it shares with
// the code that reads validated trees.
#include "parameters/schema.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

namespace kunlun {

namespace {

// How a wrong value is shown in "expected ..., got ...".
std::string describe(const ConfigNode& node) {
  switch (node.kind()) {
    case ConfigNode::Kind::null:
      return "nothing";
    case ConfigNode::Kind::map:
      return "a map";
    case ConfigNode::Kind::list:
      return "a list";
    case ConfigNode::Kind::scalar:
      break;
  }
  const std::string& t = node.text();
  return "'" + (t.size() > 60 ? t.substr(0, 57) + "..." : t) + "'";
}

// Scalars are located by their own position; maps, lists and empty values by their key.
const SourceLocation& value_at(const ConfigNode& node, const SourceLocation& key_at) {
  return node.is_scalar() && node.where().line > 0 ? node.where() : key_at;
}

[[noreturn]] void wrong_type(const ConfigNode& node, const std::string& key,
                             const SourceLocation& at, const std::string& expected,
                             std::string hint = "") {
  if (hint.empty() && node.is_scalar() && node.quoted() && expected != "a string")
    hint = "it is quoted, so it is text: remove the quotes";
  throw InputError(value_at(node, at), key, "expected " + expected + ", got " + describe(node),
                   std::move(hint));
}

bool looks_infinite_or_nan(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("inf") != std::string::npos || lower.find("nan") != std::string::npos;
}

constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53: doubles are exact below it

void check_range(const KeySpec& spec, double value, const ConfigNode& node, const std::string& key,
                 const SourceLocation& key_at) {
  const bool below = spec.min_exclusive ? value <= spec.min : value < spec.min;
  if (below || value > spec.max)
    throw InputError(value_at(node, key_at), key,
                     node.text() + " is out of range: " + range_text(spec), spec.hint);
}

const ConfigNode& require_map(const ConfigNode& node, const std::string& key,
                              const SourceLocation& key_at) {
  if (!node.is_map()) wrong_type(node, key, key_at, "a map");
  return node;
}

}  // namespace

std::string range_text(const KeySpec& spec) {
  const bool has_min = std::isfinite(spec.min), has_max = std::isfinite(spec.max);
  if (has_min && has_max)
    return spec.min_exclusive
               ? "must be greater than " + format_shortest(spec.min) + " and at most " +
                     format_shortest(spec.max)
               : "must be between " + format_shortest(spec.min) + " and " + format_shortest(spec.max);
  if (has_min)
    return (spec.min_exclusive ? "must be greater than " : "must be at least ") +
           format_shortest(spec.min);
  if (has_max) return "must be at most " + format_shortest(spec.max);
  return "any number";
}

// ---------------------------------------------------------------------------------------------
// Value parsers

std::string read_text(const ConfigNode& node, const std::string& key, const SourceLocation& at) {
  if (!node.is_scalar()) wrong_type(node, key, at, "a string");
  if (node.text().empty())
    throw InputError(value_at(node, at), key, "must not be empty",
                     "write a value, or remove the key if it is optional");
  return node.text();
}

double read_number(const ConfigNode& node, const std::string& key, const SourceLocation& at) {
  if (!node.is_scalar() || node.quoted()) wrong_type(node, key, at, "a number");
  const auto value = parse_number(node.text());
  if (!value)
    wrong_type(node, key, at, "a number",
               looks_infinite_or_nan(node.text()) ? "infinity and NaN are not allowed" : "");
  return *value;
}

std::int64_t read_integer(const ConfigNode& node, const std::string& key,
                          const SourceLocation& at) {
  if (!node.is_scalar() || node.quoted()) wrong_type(node, key, at, "an integer");
  const auto value = parse_number(node.text());
  if (!value || std::floor(*value) != *value || std::fabs(*value) > kMaxExactInteger)
    wrong_type(node, key, at, "an integer",
               !value && looks_infinite_or_nan(node.text()) ? "infinity and NaN are not allowed" : "");
  return static_cast<std::int64_t>(*value);
}

std::uint64_t read_uint64(const ConfigNode& node, const std::string& key,
                          const SourceLocation& at) {
  if (!node.is_scalar() || node.quoted()) wrong_type(node, key, at, "an integer");
  const std::string& t = node.text();
  const std::string range = " is out of range: must be between 0 and " +
                            std::to_string(std::numeric_limits<std::uint64_t>::max());
  // Digits are read exactly: seeds above 2^53 must not be rounded through a double.
  std::uint64_t value = 0;
  const char* begin = t.data() + (!t.empty() && t.front() == '+' ? 1 : 0);
  const auto [end, ec] = std::from_chars(begin, t.data() + t.size(), value);
  if (end == t.data() + t.size() && begin != end) {
    if (ec == std::errc()) return value;
    if (ec == std::errc::result_out_of_range) throw InputError(value_at(node, at), key, t + range);
  }
  // Otherwise it may still be an integral number written differently (1e6, 5.0, -1).
  const auto number = parse_number(t);
  if (!number || std::floor(*number) != *number)
    wrong_type(node, key, at, "an integer",
               !number && looks_infinite_or_nan(t) ? "infinity and NaN are not allowed" : "");
  if (*number < 0 || *number > kMaxExactInteger)
    throw InputError(value_at(node, at), key, t + range);
  return static_cast<std::uint64_t>(*number);
}

bool read_flag(const ConfigNode& node, const std::string& key, const SourceLocation& at) {
  const std::string v = node.is_scalar() && !node.quoted() ? node.text() : "";
  if (v == "true" || v == "yes") return true;
  if (v == "false" || v == "no") return false;
  wrong_type(node, key, at, "true or false", "write true to apply it, false (or leave it out) not to");
}

namespace {
// The hint for a scalar that is not a valid YYYY-MM: what is wrong with a month or year that has
// the right shape (2026-13, 2026-00, 3000-01), else the form.
std::string date_hint(const std::string& text) {
  const auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (text[i] < '0' || text[i] > '9') return false;
    return true;
  };
  if (text.size() != 7 || text[4] != '-' || !digits(0, 4) || !digits(5, 2))
    return "write it like 2026-01";
  const int month = std::stoi(text.substr(5));
  if (month < 1 || month > 12)
    return "there is no month " + text.substr(5) + ": months run from 01 to 12, as in 2026-01";
  return "years run from 1900 to 2999";
}
}  // namespace

YearMonth read_date(const ConfigNode& node, const std::string& key, const SourceLocation& at) {
  // Quoted or not: YAML readers differ on whether 2026-01 is text, so both are accepted.
  const auto date = node.is_scalar() ? YearMonth::parse(node.text()) : std::nullopt;
  if (!date)
    wrong_type(node, key, at, "a date YYYY-MM",
               node.is_scalar() ? date_hint(node.text()) : "write it like 2026-01");
  return *date;
}

// ---------------------------------------------------------------------------------------------
// Row builders

namespace {
KeySpec row(std::string path, ValueType type, double min = -std::numeric_limits<double>::infinity(),
            double max = std::numeric_limits<double>::infinity()) {
  KeySpec spec;
  spec.path = std::move(path);
  spec.type = type;
  spec.min = min;
  spec.max = max;
  return spec;
}
}  // namespace

KeySpec text_key(std::string path) { return row(std::move(path), ValueType::text); }
KeySpec date_key(std::string path) { return row(std::move(path), ValueType::date); }
KeySpec seed_key(std::string path) { return row(std::move(path), ValueType::uint64); }
KeySpec map_key(std::string path) { return row(std::move(path), ValueType::map); }
KeySpec flag_key(std::string path) { return row(std::move(path), ValueType::flag); }
KeySpec open_map_key(std::string path) { return row(std::move(path), ValueType::open_map); }
KeySpec text_list_key(std::string path) { return row(std::move(path), ValueType::text_list); }

KeySpec number_key(std::string path, double min, double max) {
  return row(std::move(path), ValueType::number, min, max);
}

KeySpec positive_key(std::string path) {
  KeySpec spec = row(std::move(path), ValueType::number, 0);
  spec.min_exclusive = true;
  return spec;
}

KeySpec integer_key(std::string path, double min, double max) {
  return row(std::move(path), ValueType::integer, min, max);
}

KeySpec choice_key(std::string path, std::vector<std::string> choices) {
  KeySpec spec = row(std::move(path), ValueType::choice);
  spec.choices = std::move(choices);
  return spec;
}

KeySpec number_map_key(std::string path, double min, double max) {
  return row(std::move(path), ValueType::number_map, min, max);
}

KeySpec optional(KeySpec spec) {
  spec.required = false;
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Schema

Schema::Schema(std::vector<KeySpec> keys, std::string missing_hint)
    : keys_(std::move(keys)), missing_hint_(std::move(missing_hint)) {}

const KeySpec* Schema::find(std::string_view path) const {
  for (const auto& spec : keys_)
    if (spec.path == path) return &spec;
  return nullptr;
}

std::vector<std::string> Schema::children(const std::string& path) const {
  const std::string head = path.empty() ? "" : path + ".";
  std::vector<std::string> out;
  for (const auto& spec : keys_) {
    if (spec.path.size() <= head.size() || spec.path.compare(0, head.size(), head) != 0) continue;
    const std::string rest = spec.path.substr(head.size());
    if (rest.find('.') == std::string::npos) out.push_back(rest);
  }
  return out;
}

void Schema::validate(const ConfigNode& node, const std::string& prefix) const {
  if (!node.is_map()) wrong_type(node, prefix, node.where(), "a map of keys");
  validate_map(node, "", prefix, node.where());
}

void Schema::validate_map(const ConfigNode& map, const std::string& path, const std::string& prefix,
                          const SourceLocation& map_at) const {
  const std::vector<std::string> allowed = children(path);
  for (const auto& [name, value] : map.entries()) {
    const std::string spec_path = join_key(path, name);
    const std::string key = join_key(prefix, spec_path);
    const SourceLocation& key_at = map.key_where(name);
    const KeySpec* spec = find(spec_path);
    if (spec == nullptr)
      throw InputError(key_at, key, "unknown key '" + name + "'",
                       suggestion_hint(name, allowed, "allowed keys: "));
    if (value.is_null() && !spec->required && spec->empty_is_absent) continue;  // the same as absent
    validate_value(*spec, value, key, key_at, prefix);
  }
  // Missing keys are reported at the map that should hold them.
  for (const auto& name : allowed) {
    const KeySpec& spec = *find(join_key(path, name));
    if (spec.required && map.find(name) == nullptr)
      throw InputError(map_at, join_key(prefix, spec.path), "missing required key",
                       spec.hint.empty() ? missing_hint_ : missing_hint_ + "; " + spec.hint);
  }
}

void Schema::validate_value(const KeySpec& spec, const ConfigNode& value, const std::string& key,
                            const SourceLocation& key_at, const std::string& prefix) const {
  switch (spec.type) {
    case ValueType::map:
      validate_map(require_map(value, key, key_at), spec.path, prefix, key_at);
      break;
    case ValueType::number_map:
      for (const auto& [name, item] : require_map(value, key, key_at).entries()) {
        const std::string item_key = key + "." + name;
        const SourceLocation& item_at = value.key_where(name);
        check_range(spec, read_number(item, item_key, item_at), item, item_key, item_at);
      }
      break;
    case ValueType::open_map:
      require_map(value, key, key_at);
      break;
    case ValueType::text_list:
      if (!value.is_list()) wrong_type(value, key, key_at, "a list");
      for (const auto& item : value.items()) read_text(item, key, item.where());
      break;
    default:
      check_value(spec, value, key, key_at);
  }
}

void check_value(const KeySpec& spec, const ConfigNode& value, const std::string& key, const SourceLocation& key_at) {
  // Type errors carry the row's hint too, unless the reader has a more specific one.
  try {
    switch (spec.type) {
      case ValueType::text:
        read_text(value, key, key_at);
        break;
      case ValueType::number:
        check_range(spec, read_number(value, key, key_at), value, key, key_at);
        break;
      case ValueType::integer:
        check_range(spec, static_cast<double>(read_integer(value, key, key_at)), value, key, key_at);
        break;
      case ValueType::uint64:
        read_uint64(value, key, key_at);
        break;
      case ValueType::date:
        read_date(value, key, key_at);
        break;
      case ValueType::flag:
        read_flag(value, key, key_at);
        break;
      case ValueType::choice: {
        const std::string text = read_text(value, key, key_at);
        if (std::find(spec.choices.begin(), spec.choices.end(), text) == spec.choices.end()) {
          const std::string close = suggestion_hint(text, spec.choices, "one of: ");
          throw InputError(value_at(value, key_at), key, "unknown value '" + text + "'",
                           spec.hint.empty() ? close : close + (close.back() == '?' ? " " : "; ") + spec.hint);
        }
        break;
      }
      case ValueType::map:
      case ValueType::number_map:
      case ValueType::open_map:
        require_map(value, key, key_at);
        break;
      case ValueType::text_list:
        if (!value.is_list()) wrong_type(value, key, key_at, "a list");
        break;
    }
  } catch (const InputError& e) {
    if (!e.hint().empty() || spec.hint.empty()) throw;
    throw InputError(e.where(), e.key(), e.message(), spec.hint);
  }
}

// ---------------------------------------------------------------------------------------------
// ConfigReader

ConfigReader::ConfigReader(const ConfigNode& root, std::string prefix)
    : root_(root), prefix_(std::move(prefix)) {}

std::string ConfigReader::key(std::string_view path) const { return join_key(prefix_, path); }

namespace {
// The map holding the last key of `path`, and that key; nullptr when a step is missing.
std::pair<const ConfigNode*, std::string> parent_of(const ConfigNode& root, std::string_view path) {
  const ConfigNode* node = &root;
  while (true) {
    const std::size_t dot = path.find('.');
    if (dot == std::string_view::npos) return {node->is_map() ? node : nullptr, std::string(path)};
    node = node->is_map() ? node->find(std::string(path.substr(0, dot))) : nullptr;
    if (node == nullptr) return {nullptr, ""};
    path.remove_prefix(dot + 1);
  }
}
}  // namespace

const ConfigNode* ConfigReader::find(std::string_view path) const {
  const auto [parent, last] = parent_of(root_, path);
  const ConfigNode* node = parent != nullptr ? parent->find(last) : nullptr;
  return node != nullptr && !node->is_null() ? node : nullptr;
}

SourceLocation ConfigReader::key_where(std::string_view path) const {
  const auto [parent, last] = parent_of(root_, path);
  return parent != nullptr ? parent->key_where(last) : root_.where();
}

const ConfigNode& ConfigReader::get(std::string_view path) const {
  const ConfigNode* node = find(path);
  if (node == nullptr) throw InputError(key_where(path), key(path), "missing required key");
  return *node;
}

std::string ConfigReader::text(std::string_view path) const {
  return read_text(get(path), key(path), key_where(path));
}
double ConfigReader::number(std::string_view path) const {
  return read_number(get(path), key(path), key_where(path));
}
std::int64_t ConfigReader::integer(std::string_view path) const {
  return read_integer(get(path), key(path), key_where(path));
}
std::uint64_t ConfigReader::uint64(std::string_view path) const {
  return read_uint64(get(path), key(path), key_where(path));
}
YearMonth ConfigReader::date(std::string_view path) const {
  return read_date(get(path), key(path), key_where(path));
}

}  // namespace kunlun
