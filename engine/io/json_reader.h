// A small strict JSON reader, for reading back what kunlun wrote (a manifest, to know which files a
// folder it may replace holds). Numbers are kept as their text; depth is bounded.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kunlun {

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool flag = false;
  std::string text;  // a string's value, or a number as written
  std::vector<JsonValue> items;                            // of an array
  std::vector<std::pair<std::string, JsonValue>> members;  // of an object, in order

  // The member named `key` of an object, or nullptr (also when this is not an object).
  const JsonValue* find(std::string_view key) const;
  bool is_string() const { return kind == Kind::string; }
  bool is_array() const { return kind == Kind::array; }
  bool is_object() const { return kind == Kind::object; }
};

// Throws std::runtime_error naming the byte offset of the first mistake, for malformed text, text
// after the value, or nesting deeper than 64.
JsonValue read_json(std::string_view text);

}  // namespace kunlun
