#include "io/csv_field.h"

#include <cmath>

#include "core/text.h"

namespace kunlun {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_number(double v) { return std::isfinite(v) ? format_significant(v) : ""; }

void append_field(std::string& row, const std::string& value) {
  row += ',';
  row += value;
}

}  // namespace kunlun
