// A full disk (or an exhausted quota) while kunlun writes its outputs: an error of its own, exit
// code 3 at the command line, naming the output folder and the file system that ran out.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace kunlun {

class DiskFull : public std::runtime_error {
 public:
  // `file` was being written (inside a staging folder) when the system answered `error_number`.
  DiskFull(const std::filesystem::path& file, int error_number);

  const std::filesystem::path& file() const { return file_; }
  const std::filesystem::path& folder() const { return folder_; }       // the output folder
  const std::filesystem::path& mount_point() const { return mount_; }  // of the full file system
  std::uint64_t bytes_free() const { return bytes_free_; }
  int error_number() const { return error_number_; }

 private:
  DiskFull(const std::filesystem::path& file, int error_number, std::filesystem::path folder,
           std::filesystem::path mount);
  std::filesystem::path file_, folder_, mount_;
  std::uint64_t bytes_free_ = 0;
  int error_number_ = 0;
};

// ENOSPC and EDQUOT: the disk or the user's share of it is full.
bool means_disk_full(int error_number);

// About writing `file` (creating it, or a folder, when `file` is one): DiskFull for a full disk,
// otherwise std::system_error with `doing` ("writing", "creating") and the system's reason.
[[noreturn]] void throw_write_error(const std::filesystem::path& file, int error_number, const char* doing);

}  // namespace kunlun
