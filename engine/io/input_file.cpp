// Bounded reading of input files (see input_file.h).
#include "io/input_file.h"

#include <cstdio>
#include <fstream>

#include "core/errors.h"
#include "core/text.h"

namespace kunlun {

namespace fs = std::filesystem;

namespace {

const char* const kLimitsPage = "the limits of input files are listed in docs/scenarios.md";

// The length of the valid UTF-8 sequence at `text[i]`, or 0 when it is not one: no overlong forms,
// no surrogates, nothing above U+10FFFF (RFC 3629).
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) low = 0xA0;   // overlong
    if (b0 == 0xED) high = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) low = 0x90;   // overlong
    if (b0 == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", b);
  return buf;
}

}  // namespace

std::string byte_size_text(std::uintmax_t bytes) {
  constexpr double kKiB = 1024.0, kMiB = 1024.0 * 1024.0;
  const double b = static_cast<double>(bytes);
  if (b >= kMiB) return format_significant(b / kMiB, 3) + " MiB";
  if (b >= kKiB) return format_significant(b / kKiB, 3) + " KiB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

std::optional<std::string> unreadable_file_reason(const fs::path& path, const std::string& label) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) return "file not found: " + label;
  if (fs::is_directory(status)) return label + " is a folder, not a file";
  if (!fs::is_regular_file(status)) return label + " is not a regular file";
  return std::nullopt;
}

void check_input_size(std::uintmax_t bytes, const std::string& label, std::uintmax_t max_bytes,
                      std::string_view what) {
  if (bytes <= max_bytes) return;
  throw InputError({label, 0, 0}, "",
                   "the file is " + byte_size_text(bytes) + ", more than the " +
                       byte_size_text(max_bytes) + " " + std::string(what) + " may have",
                   "check that this is the file you meant; " + std::string(kLimitsPage));
}

void check_input_text(std::string_view text, const std::string& label) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\0')
      throw InputError({label, line, column}, "",
                       "NUL byte at column " + std::to_string(column) + ": this is not a text file",
                       "save it as UTF-8 text; binary files and UTF-16 text have NUL bytes");
    const std::size_t n = utf8_sequence(text, i);
    if (n == 0)
      throw InputError({label, line, column}, "",
                       "invalid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(c)) +
                           ") at column " + std::to_string(column),
                       "save the file as UTF-8 text (a spreadsheet's 'CSV UTF-8'); convert GBK or "
                       "Latin-1 text to UTF-8 first");
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += n;
  }
}

std::string read_input_file(const fs::path& path, const std::string& label,
                            std::uintmax_t max_bytes, std::string_view what) {
  if (const auto reason = unreadable_file_reason(path, label))
    throw InputError({label, 0, 0}, "", *reason);
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec) check_input_size(size, label, max_bytes, what);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError({label, 0, 0}, "", "cannot read the file: " + label,
                     "check that it is readable");
  // At most one byte past the limit: a file that grew since its size was taken is refused too.
  std::string text(static_cast<std::size_t>(std::min<std::uintmax_t>(size, max_bytes) + 1), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  check_input_size(text.size(), label, max_bytes, what);
  check_input_text(text, label);
  return text;
}

}  // namespace kunlun
