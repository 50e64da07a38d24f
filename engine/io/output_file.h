// One output file written in chunks of text, with every write checked: a full disk is an error,
// never a silently short file. Used inside a staged output folder.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace kunlun {

class OutputFile {
 public:
  OutputFile(std::filesystem::path path, const std::string& header);
  void append(const std::string& text);
  void close();  // throws when the disk refused a write

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

}  // namespace kunlun
