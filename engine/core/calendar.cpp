#include "core/calendar.h"

#include <charconv>
#include <cstdio>

namespace kunlun {

std::optional<YearMonth> YearMonth::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0, month = 0;
  const auto y = std::from_chars(text.data(), text.data() + 4, year);
  const auto m = std::from_chars(text.data() + 5, text.data() + 7, month);
  if (y.ec != std::errc() || y.ptr != text.data() + 4) return std::nullopt;
  if (m.ec != std::errc() || m.ptr != text.data() + 7) return std::nullopt;
  if (year < 1900 || year > 2999 || month < 1 || month > 12) return std::nullopt;
  return YearMonth(year, month);
}

std::string YearMonth::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year(), month());
  return buf;
}

}  // namespace kunlun
