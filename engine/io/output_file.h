// One output file written in chunks of text, with every write checked: a full disk is DiskFull
// (io/disk_full.h), never a silently short file. Used inside a staged output folder.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace kunlun {

class OutputFile {
 public:
  OutputFile(std::filesystem::path path, std::string_view header);
  ~OutputFile();  // closes without checking when close() was not called (a failed run)
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void append(std::string_view text);
  void close();  // throws when the system refused the file's last bytes

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// Creates `folder` and its parents for outputs; a full disk is DiskFull.
void create_output_folder(const std::filesystem::path& folder);

}  // namespace kunlun
