#include "io/file_bytes.h"

#include <fstream>
#include <sstream>

namespace kunlun {

std::string read_file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace kunlun
