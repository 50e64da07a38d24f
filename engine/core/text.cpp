// Text parsing and number formatting (see text.h).
#include "core/text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace kunlun {

namespace {
bool is_blank(char c) { return c == ' ' || c == '\t'; }
}  // namespace

std::string trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  while (true) {
    const std::size_t at = text.find(separator);
    parts.emplace_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

std::vector<std::string> split_trimmed(std::string_view text, char separator) {
  std::vector<std::string> parts = split(text, separator);
  for (std::string& p : parts) p = trim(p);
  return parts;
}

std::string join_key(std::string_view prefix, std::string_view key) {
  std::string out(prefix);
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

std::optional<double> parse_number(std::string_view text) {
  // from_chars takes no '+'; the scenario format allows one (YAML writes +5).
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::string format_shortest(double value) {
  char buf[32];
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
  }
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

std::string format_significant(double value, int digits) {
  // A double holds at most 17 significant decimal digits; more would be noise, fewer than 1 none.
  if (digits < 1 || digits > 17)
    throw std::invalid_argument("format_significant: digits must be 1 to 17");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, value);
  return buf;
}

}  // namespace kunlun
