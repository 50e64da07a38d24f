// Reading an input file whole, bounded: its size is checked against a limit (io/input_limits.h)
// before a byte is read, and its text is checked for NUL bytes and invalid UTF-8, which are
// reported at the line and column of the first bad byte. Every reader of user files goes through it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kunlun {

// Why `path` cannot be read as an input file ("file not found: <label>", "<label> is a folder, not
// a file", "<label> is not a regular file"), or nullopt when it is a regular file. `label` is how
// the message names the path.
std::optional<std::string> unreadable_file_reason(const std::filesystem::path& path,
                                                  const std::string& label);

// Reads `path` whole. Throws InputError located at `label` when it is not a regular file, when it
// is larger than `max_bytes` (checked on its size first, so a huge file is refused at once), and
// when its text holds a NUL byte or invalid UTF-8. `what` names the kind of file in messages
// ("a scenario file", "a data table").
std::string read_input_file(const std::filesystem::path& path, const std::string& label,
                            std::uintmax_t max_bytes, std::string_view what);

// The checks of read_input_file on text already in memory (the Python face passes YAML text).
void check_input_size(std::uintmax_t bytes, const std::string& label, std::uintmax_t max_bytes,
                      std::string_view what);
void check_input_text(std::string_view text, const std::string& label);

// "1 MiB", "60.5 MiB", "12 KiB", "300 bytes": a size for messages and docs.
std::string byte_size_text(std::uintmax_t bytes);

}  // namespace kunlun
