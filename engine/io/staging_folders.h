// The hidden folders beside an output folder NAME: ".NAME.partial-PID" while process PID writes
// NAME, ".NAME.replaced-PID" while it removes the folder NAME replaced. The process holds a lock
// (flock) on its staging folder, so that another can tell one in use from one a killed process
// left behind; those are removed by the next command writing into the same parent folder.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace kunlun {

struct StagingName {
  std::string target;  // NAME, the output folder's own name
  bool replaced = false;  // ".replaced-" (a replaced folder being removed), else ".partial-"
  long pid = 0;
};

// ".NAME.partial-PID" or ".NAME.replaced-PID" of this process for `target`.
std::filesystem::path staging_path(const std::filesystem::path& target, bool replaced);
// The parts of a staging folder's file name, or nullopt for any other name.
std::optional<StagingName> parse_staging_name(const std::string& file_name);

// The output folder that a path inside a staging folder will become part of: the staging folder
// renamed to its target ("out/.a.partial-7/x.csv" is for "out/a"), or whose journal it is in
// ("out/.a.resume/records.bin"); `path`'s own folder otherwise.
std::filesystem::path output_folder_of(const std::filesystem::path& path);

// An exclusive lock on a directory, held while the object lives (and released by the kernel when
// the process dies, however it dies).
class FolderLock {
 public:
  enum class State { held, busy, unsupported, missing };
  FolderLock() = default;
  // Tries once, or waits for another holder to let go (one checking whether the folder is in use
  // holds it for a moment).
  explicit FolderLock(const std::filesystem::path& folder, bool wait = false);
  ~FolderLock();
  FolderLock(FolderLock&& other) noexcept;
  FolderLock& operator=(FolderLock&& other) noexcept;
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  State state() const { return state_; }

 private:
  int fd_ = -1;
  State state_ = State::missing;
};

// Marks a staging path as this process's own while the object lives, so that neither this
// process's clean-up nor its other threads (Python may run several) take it for abandoned.
class StagingClaim {
 public:
  explicit StagingClaim(std::filesystem::path staging);
  ~StagingClaim();
  StagingClaim(const StagingClaim&) = delete;
  StagingClaim& operator=(const StagingClaim&) = delete;
  bool taken() const { return taken_; }  // false: another thread of this process holds it

 private:
  std::filesystem::path staging_;
  bool taken_ = false;
};

// The process id of a live process staging into `target` now (not counting this process's own
// staging folder), or nullopt.
std::optional<long> live_writer(const std::filesystem::path& target);

// Removes the staging folders in `parent` whose processes are gone; returns how many. Never throws:
// a folder that cannot be removed now is left for a later run.
int remove_abandoned_staging(const std::filesystem::path& parent);

// Removes a folder tree and ignores failures (it may be gone already, removed by another
// command's clean-up); stops at the pause point "during-cleanup" after its first entry.
void remove_quietly(const std::filesystem::path& folder);

}  // namespace kunlun
