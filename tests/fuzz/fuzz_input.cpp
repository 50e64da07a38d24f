// The fuzz targets' private folder and input split: see fuzz_input.h.
#include "fuzz_input.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace kunlun::fuzz {

namespace fs = std::filesystem;

std::pair<std::string, std::string> split_input(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const std::size_t at = all.find(kSecondFile);
  if (at == std::string_view::npos) return {std::string(all), std::string()};
  return {std::string(all.substr(0, at + 1)), std::string(all.substr(at + kSecondFile.size()))};
}

const fs::path& sandbox() {
  static const fs::path dir = [] {
    std::string pattern = (fs::temp_directory_path() / "kunlun-fuzz-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("cannot create " + pattern);
    fs::path made(buffer.data());
    static const fs::path removed_at_exit = made;
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(removed_at_exit, ec);
    });
    return made;
  }();
  return dir;
}

fs::path write_file(const std::string& name, std::string_view bytes) {
  const fs::path path = sandbox() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
  return path;
}

void copy_source_file(const std::string& source_relative, const std::string& name) {
  const fs::path target = sandbox() / name;
  if (fs::exists(target)) return;
  fs::create_directories(target.parent_path());
  fs::copy_file(fs::path(KUNLUN_SOURCE_DIR) / source_relative, target);
}

}  // namespace kunlun::fuzz
