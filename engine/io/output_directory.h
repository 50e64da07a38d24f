// Outputs are written into a hidden staging folder beside the target and moved into place in one
// rename when every file is complete: a failed or killed run leaves complete outputs or none, and
// a replaced folder is swapped out whole (the old one, or the new one, never a mix).
#pragma once

#include <filesystem>
#include <string>

#include "io/staging_folders.h"

namespace kunlun {

class StagedDirectory {
 public:
  // Checked before any work starts. Throws InputError located at the argument "out" when `target`
  // has no name, is a file, is being written by another live command, or exists and `force` is
  // false (suggesting "force"); located at "force" when it exists but may not be replaced
  // (io/replaceable_folder.h).
  static void check_target(const std::filesystem::path& target, bool force);

  // Checks the target again, removes staging folders that killed processes left in its parent
  // folder, and creates this command's own.
  StagedDirectory(std::filesystem::path target, bool force);
  ~StagedDirectory();  // removes the staging folder unless committed
  StagedDirectory(const StagedDirectory&) = delete;
  StagedDirectory& operator=(const StagedDirectory&) = delete;

  // Where to write a file that will end up as target/name.
  std::filesystem::path file(const std::string& name) const { return staging_ / name; }
  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& staging() const { return staging_; }

  // Moves the finished outputs into place. When the target appeared meanwhile (another command
  // wrote it), throws InputError without force; with force replaces it if it may be replaced,
  // exchanging the two folders in one step where the file system can.
  void commit();

 private:
  void put_aside_and_remove(const std::filesystem::path& old_folder);

  std::filesystem::path target_, staging_;
  bool force_ = false, committed_ = false;
  StagingClaim claim_;
  FolderLock lock_;
};

// Whether this process's outputs are kept (the default). Under MPI only rank 0's are: the other
// ranks run the same experiment, writing into a private temporary folder that is removed instead
// of committed, and leave the target alone (rank 0 checks and writes it). Set once, at start.
void keep_outputs(bool keep);
bool outputs_kept();

// Writes `content` to `path` through a temporary file and a rename, so readers never see half.
// A full disk is DiskFull (io/disk_full.h).
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace kunlun
