// What the libFuzzer targets share: a private folder for the files an input is written to (the
// readers take paths, not bytes), and the split of one input into two files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace kunlun::fuzz {

// The line that separates the first file of an input from the second ("a scenario, then the base
// it extends"; "margins, then their region table"). A '#' comment in both YAML and CSV, so that a
// corpus file without it is still one valid file.
inline constexpr std::string_view kSecondFile = "\n#%% second file\n";

// The input's bytes before and after the first separator; the second is empty without one.
std::pair<std::string, std::string> split_input(const std::uint8_t* data, std::size_t size);

// A folder of this process's own under $TMPDIR (parallel fuzzing jobs must not share files),
// created on first use and removed when the process exits.
const std::filesystem::path& sandbox();

// Writes `bytes` to sandbox()/name, replacing what an earlier input left, and returns the path.
std::filesystem::path write_file(const std::string& name, std::string_view bytes);

// Copies a file of the source tree (relative to it) into sandbox()/name once.
void copy_source_file(const std::string& source_relative, const std::string& name);

}  // namespace kunlun::fuzz
