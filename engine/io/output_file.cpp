#include "io/output_file.h"

#include <stdexcept>

namespace kunlun {

OutputFile::OutputFile(std::filesystem::path path, const std::string& header)
    : path_(std::move(path)), out_(path_, std::ios::binary | std::ios::trunc) {
  if (!out_) throw std::runtime_error("cannot open " + path_.string() + " for writing");
  append(header);
}

void OutputFile::append(const std::string& text) {
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out_) throw std::runtime_error("writing " + path_.string() + " failed (disk full?)");
}

void OutputFile::close() {
  out_.close();
  if (!out_) throw std::runtime_error("closing " + path_.string() + " failed (disk full?)");
}

}  // namespace kunlun
