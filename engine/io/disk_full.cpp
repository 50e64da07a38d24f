#include "io/disk_full.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <utility>

#include "io/staging_folders.h"

namespace kunlun {

namespace fs = std::filesystem;

namespace {
// The closest existing folder at or above `path`.
fs::path existing_folder(fs::path path) {
  path = fs::absolute(path).lexically_normal();
  std::error_code ec;
  while (!fs::is_directory(path, ec) && path.has_relative_path()) path = path.parent_path();
  return path;
}

// Where the file system holding `folder` is mounted: the highest ancestor on the same device.
fs::path mount_point_of(const fs::path& folder) {
  fs::path at = existing_folder(folder);
  struct stat here {};
  if (::stat(at.c_str(), &here) != 0) return at;
  while (at.has_relative_path()) {
    struct stat above {};
    const fs::path parent = at.parent_path();
    if (::stat(parent.c_str(), &above) != 0 || above.st_dev != here.st_dev) break;
    at = parent;
  }
  return at;
}

std::string amount(std::uint64_t bytes) {
  char text[32];
  if (bytes < 1024) std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  else if (bytes < 1024ull * 1024) std::snprintf(text, sizeof text, "%.0f KB", static_cast<double>(bytes) / 1024);
  else if (bytes < 1024ull * 1024 * 1024) std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024));
  else std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
  return text;
}

std::uint64_t free_bytes(const fs::path& mount) {
  struct statvfs s {};
  if (::statvfs(mount.c_str(), &s) != 0) return 0;
  return static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
}

// The part of `file` below its output folder ("test-small/timeseries.csv" in a comparison).
std::string written_name(const fs::path& file) {
  const fs::path staged = fs::absolute(file).lexically_normal();
  for (auto part = staged.begin(); part != staged.end(); ++part)
    if (const auto name = parse_staging_name(part->string()); name && !name->replaced) {
      fs::path below;
      for (auto rest = std::next(part); rest != staged.end(); ++rest) below /= *rest;
      return below.string();
    }
  return file.filename().string();
}

std::string describe(const fs::path& file, const fs::path& folder, const fs::path& mount, std::uint64_t free,
                     int error_number) {
  const std::string what = error_number == EDQUOT ? "the disk quota is used up" : "the disk is full";
  return folder.string() + ": " + what + " (" + std::strerror(error_number) + ") while writing " +
         written_name(file) + ", on the file system mounted at " + mount.string() + " with " + amount(free) +
         " free; no output was written (free some space there, or write the outputs to another disk)";
}
}  // namespace

DiskFull::DiskFull(const fs::path& file, int error_number)
    : DiskFull(file, error_number, output_folder_of(file), mount_point_of(file.parent_path())) {}

DiskFull::DiskFull(const fs::path& file, int error_number, fs::path folder, fs::path mount)
    : std::runtime_error(describe(file, folder, mount, free_bytes(mount), error_number)),
      file_(file),
      folder_(std::move(folder)),
      mount_(std::move(mount)),
      bytes_free_(free_bytes(mount_)),
      error_number_(error_number) {}

bool means_disk_full(int error_number) { return error_number == ENOSPC || error_number == EDQUOT; }

void throw_write_error(const fs::path& file, int error_number, const char* doing) {
  if (means_disk_full(error_number)) throw DiskFull(file, error_number);
  throw std::system_error(error_number, std::generic_category(), std::string(doing) + " " + file.string());
}

}  // namespace kunlun
