// A whole file's bytes, for what is hashed or compared whole (a journal's inputs).
#pragma once

#include <filesystem>
#include <string>

namespace kunlun {

// The bytes of `file`; empty when it cannot be read.
std::string read_file_bytes(const std::filesystem::path& file);

}  // namespace kunlun
