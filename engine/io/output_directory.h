// Outputs are written into a hidden staging folder beside the target and moved into place in one
// rename when every file is complete: a failed or killed run leaves complete outputs or none.
#pragma once

#include <filesystem>
#include <string>

namespace kunlun {

class StagedDirectory {
 public:
  // Throws InputError when `target` exists and `force` is false, located at the argument "out" and
  // suggesting "force"; checked before any work starts.
  static void check_target(const std::filesystem::path& target, bool force);

  StagedDirectory(std::filesystem::path target, bool force);
  ~StagedDirectory();  // removes the staging folder unless committed
  StagedDirectory(const StagedDirectory&) = delete;
  StagedDirectory& operator=(const StagedDirectory&) = delete;

  // Where to write a file that will end up as target/name.
  std::filesystem::path file(const std::string& name) const { return staging_ / name; }
  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& staging() const { return staging_; }

  // Moves the finished outputs into place (replacing an existing target when forced).
  void commit();

 private:
  std::filesystem::path target_, staging_;
  bool force_ = false, committed_ = false;
};

// Writes `content` to `path` through a temporary file and a rename, so readers never see half.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace kunlun
