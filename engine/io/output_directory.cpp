#include "io/output_directory.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

#include "core/errors.h"
#include "io/disk_full.h"
#include "io/output_file.h"
#include "io/pause_points.h"
#include "io/replaceable_folder.h"

namespace kunlun {

namespace fs = std::filesystem;

namespace {
// Errors about the output folder concern the call's `out` argument; front ends spell it.
const SourceLocation kOutArgument{.argument = "out"};
const ArgumentChange kAnotherOut{.kind = ArgumentChange::Kind::another, .argument = "out"};
const ArgumentChange kForce{.kind = ArgumentChange::Kind::on, .argument = "force", .purpose = "to replace it"};

InputError busy(const fs::path& target, long pid) {
  return InputError(kOutArgument, "",
                    "another command (process " + std::to_string(pid) + ") is writing output directory '" +
                        target.string() + "' now",
                    "wait until it has finished", {kAnotherOut});
}

// 0 or the errno of renaming `from` to `to` only if `to` does not exist; in one step where the
// file system can, which two commands finishing at once cannot both win.
int rename_without_replacing(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return errno;
  std::error_code ec;
  if (fs::exists(to, ec)) return EEXIST;
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

// 0 or the errno of swapping two existing folders in one step (EINVAL where the file system
// cannot).
int exchange(const fs::path& a, const fs::path& b) {
  return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0 ? 0 : errno;
}

[[noreturn]] void throw_move_error(const fs::path& target, int error_number) {
  throw_write_error(target, error_number, "moving the finished outputs into");
}

bool g_outputs_kept = true;
const std::string kDiscarded = "kunlun-discarded-";

// A discarded output's staging folder: private to this process, away from the target. The first
// one also removes those of processes that are gone (a rank ended by MPI_Abort leaves its own).
fs::path discarded_staging() {
  static int made = 0;
  const fs::path temp = fs::temp_directory_path();
  if (made == 0) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(temp, ec)) {
      const std::string name = e.path().filename().string();
      if (name.rfind(kDiscarded, 0) != 0) continue;
      const long pid = std::strtol(name.c_str() + kDiscarded.size(), nullptr, 10);
      if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(e.path(), ec);
    }
  }
  return temp / (kDiscarded + std::to_string(::getpid())) / std::to_string(made++);
}
}  // namespace

void keep_outputs(bool keep) { g_outputs_kept = keep; }
bool outputs_kept() { return g_outputs_kept; }

void StagedDirectory::check_target(const fs::path& target, bool force) {
  if (!outputs_kept()) return;
  if (target.filename().empty() || target.filename() == "." || target.filename() == "..")
    throw InputError(kOutArgument, "", "output directory '" + target.string() + "' has no name",
                     "give a folder name such as out/baseline");
  if (const auto pid = live_writer(target)) throw busy(target, *pid);
  if (fs::exists(target) && !force)
    throw InputError(kOutArgument, "", "output directory '" + target.string() + "' already exists", "",
                     {kAnotherOut, kForce});
  if (fs::exists(target) && !fs::is_directory(target))
    throw InputError(kOutArgument, "", "'" + target.string() + "' exists and is not a directory", "", {kAnotherOut});
  if (fs::exists(target)) check_replaceable(target);
}

StagedDirectory::StagedDirectory(fs::path target, bool force)
    : target_(std::move(target)),
      staging_(outputs_kept() ? staging_path(target_, false) : discarded_staging()),
      force_(force),
      claim_(staging_) {
  if (!outputs_kept()) {
    fs::create_directories(staging_);
    return;
  }
  check_target(target_, force_);
  if (!claim_.taken()) throw busy(target_, static_cast<long>(::getpid()));
  const fs::path parent = staging_.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (!ec) {
    remove_abandoned_staging(parent);
    if (!fs::create_directory(staging_, ec) && !ec) ec = std::make_error_code(std::errc::file_exists);
  }
  if (ec && means_disk_full(ec.value())) throw DiskFull(staging_, ec.value());
  if (ec)
    throw InputError(kOutArgument, "", "cannot create output folder '" + staging_.string() + "': " + ec.message(),
                     "check that the parent folder exists and is writable");
  lock_ = FolderLock(staging_, true);
  pause_at("staged");
}

StagedDirectory::~StagedDirectory() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
    if (!outputs_kept()) fs::remove(staging_.parent_path(), ec);
  }
}

void StagedDirectory::commit() {
  if (!outputs_kept()) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
    fs::remove(staging_.parent_path(), ec);  // this process's folder of them, once empty
    committed_ = true;
    return;
  }
  pause_at("before-rename");
  // A few tries: a target another command is replacing at the same moment may be briefly absent.
  for (int attempt = 0;; ++attempt) {
    const bool last_try = attempt == 4;
    int error = rename_without_replacing(staging_, target_);
    if (error == 0) break;
    if (error != EEXIST && error != ENOTEMPTY) throw_move_error(target_, error);
    if (!force_)
      throw InputError(kOutArgument, "",
                       "output directory '" + target_.string() +
                           "' was written by another command while this one ran; this command's outputs were not kept",
                       "", {kAnotherOut, kForce});
    check_replaceable(target_);
    error = exchange(staging_, target_);
    if (error == 0) {
      committed_ = true;
      put_aside_and_remove(staging_);  // the staging name now holds the replaced folder
      return;
    }
    if (error == ENOENT && !last_try) continue;
    if (error != EINVAL && error != ENOSYS) throw_move_error(target_, error);
    // No exchange on this file system: the old folder is moved aside first, so that a kill in
    // between leaves the new outputs complete in staging and the old ones complete aside.
    const fs::path aside = staging_path(target_, true);
    if (::rename(target_.c_str(), aside.c_str()) != 0) {
      if (errno == ENOENT && !last_try) continue;
      throw_move_error(target_, errno);
    }
    if (::rename(staging_.c_str(), target_.c_str()) != 0) {
      error = errno;
      ::rename(aside.c_str(), target_.c_str());
      if ((error == EEXIST || error == ENOTEMPTY) && !last_try) continue;
      throw_move_error(target_, error);
    }
    committed_ = true;
    pause_at("before-cleanup");
    remove_quietly(aside);
    return;
  }
  committed_ = true;
}

void StagedDirectory::put_aside_and_remove(const fs::path& old_folder) {
  // Locked and renamed ".NAME.replaced-PID" while it goes: a kill during a long removal leaves
  // it to the clean-up of a later run, which knows it for a replaced folder.
  const FolderLock old_lock(old_folder);
  const fs::path aside = staging_path(target_, true);
  const fs::path removed = ::rename(old_folder.c_str(), aside.c_str()) == 0 ? aside : old_folder;
  pause_at("before-cleanup");
  remove_quietly(removed);
}

void write_file_atomically(const fs::path& path, const std::string& content) {
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  try {
    OutputFile out(tmp, content);
    out.close();
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) throw_write_error(path, errno, "renaming into");
}

}  // namespace kunlun
