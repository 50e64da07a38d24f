#include "io/staging_folders.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <mutex>
#include <set>
#include <system_error>
#include <utility>
#include <vector>

#include "io/pause_points.h"

namespace kunlun {

namespace fs = std::filesystem;

namespace {
constexpr const char* kPartial = ".partial-";
constexpr const char* kReplaced = ".replaced-";

std::mutex claims_mutex;
std::set<std::string>& claims() {
  static std::set<std::string> paths;
  return paths;
}
bool claimed_here(const fs::path& staging) {
  const std::lock_guard<std::mutex> lock(claims_mutex);
  return claims().count(fs::absolute(staging).lexically_normal().string()) > 0;
}

// Another process with this id runs (EPERM: it runs as another user).
bool other_process_alive(long pid) {
  if (pid <= 0 || pid > INT_MAX) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

enum class Use { in_use, abandoned, unknown };

// Whether the staging folder `path` of process `pid` is still written. An abandoned one is
// returned with its lock held in `lock`, so that two clean-ups never remove it at once.
Use use_of(const fs::path& path, long pid, FolderLock& lock) {
  const bool mine = pid == static_cast<long>(::getpid());
  if (mine && claimed_here(path)) return Use::in_use;
  lock = FolderLock(path);
  switch (lock.state()) {
    case FolderLock::State::busy: return Use::in_use;
    case FolderLock::State::missing: return Use::unknown;
    case FolderLock::State::held:
      // Unlocked and its process gone. A live process of that id is another program that took
      // the id over, or a kunlun without locks; either way the folder is left alone.
      return mine || !other_process_alive(pid) ? Use::abandoned : Use::unknown;
    case FolderLock::State::unsupported:
      if (mine) return Use::unknown;
      return other_process_alive(pid) ? Use::in_use : Use::abandoned;
  }
  return Use::unknown;
}
}  // namespace

fs::path staging_path(const fs::path& target, bool replaced) {
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about "." + std::string.
  std::string name = ".";
  name.append(target.filename().string()).append(replaced ? kReplaced : kPartial).append(std::to_string(::getpid()));
  return parent / name;
}

std::optional<StagingName> parse_staging_name(const std::string& file_name) {
  if (file_name.size() < 2 || file_name.front() != '.') return std::nullopt;
  for (const bool replaced : {false, true}) {
    const std::string tag = replaced ? kReplaced : kPartial;
    const std::size_t at = file_name.rfind(tag);
    if (at == std::string::npos || at < 2) continue;
    const std::string digits = file_name.substr(at + tag.size());
    if (digits.empty() || digits.size() > 10 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    return StagingName{file_name.substr(1, at - 1), replaced, std::stol(digits)};
  }
  return std::nullopt;
}

fs::path output_folder_of(const fs::path& path) {
  fs::path folder;
  for (const fs::path& part : path) {
    const auto staging = parse_staging_name(part.string());
    if (staging && !staging->replaced) return folder / staging->target;
    // The journal of a multi-run command (.NAME.resume, experiment/task_journal.h) is NAME's too.
    const std::string name = part.string();
    constexpr std::string_view kJournal = ".resume";
    if (name.size() > kJournal.size() + 1 && name[0] == '.' && name.ends_with(kJournal))
      return folder / name.substr(1, name.size() - kJournal.size() - 1);
    folder /= part;
  }
  return path.parent_path();
}

FolderLock::FolderLock(const fs::path& folder, bool wait) {
  fd_ = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd_ < 0) {
    state_ = State::missing;
    return;
  }
  int taken = -1;
  do taken = ::flock(fd_, wait ? LOCK_EX : LOCK_EX | LOCK_NB);
  while (taken != 0 && errno == EINTR);
  if (taken == 0) {
    state_ = State::held;
    return;
  }
  state_ = errno == EWOULDBLOCK ? State::busy : State::unsupported;
  ::close(fd_);
  fd_ = -1;
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);
}

FolderLock::FolderLock(FolderLock&& other) noexcept : fd_(other.fd_), state_(other.state_) { other.fd_ = -1; }

FolderLock& FolderLock::operator=(FolderLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    state_ = other.state_;
    other.fd_ = -1;
  }
  return *this;
}

StagingClaim::StagingClaim(fs::path staging) : staging_(fs::absolute(staging).lexically_normal()) {
  const std::lock_guard<std::mutex> lock(claims_mutex);
  taken_ = claims().insert(staging_.string()).second;
}

StagingClaim::~StagingClaim() {
  if (!taken_) return;
  const std::lock_guard<std::mutex> lock(claims_mutex);
  claims().erase(staging_.string());
}

std::optional<long> live_writer(const fs::path& target) {
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = parse_staging_name(it->path().filename().string());
    if (!name || name->replaced || name->target != target.filename().string()) continue;
    FolderLock lock;
    if (use_of(it->path(), name->pid, lock) == Use::in_use) return name->pid;
  }
  return std::nullopt;
}

int remove_abandoned_staging(const fs::path& parent) {
  // Listed first, removed after: a folder changing under its iterator may skip entries.
  std::vector<std::pair<fs::path, long>> candidates;
  std::error_code ec;
  for (fs::directory_iterator it(parent.empty() ? fs::path(".") : parent, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = parse_staging_name(it->path().filename().string());
    std::error_code type_ec;
    if (name && fs::is_directory(it->symlink_status(type_ec))) candidates.emplace_back(it->path(), name->pid);
  }
  int removed = 0;
  for (const auto& [path, pid] : candidates) {
    FolderLock lock;
    if (use_of(path, pid, lock) != Use::abandoned) continue;
    std::error_code remove_ec;
    fs::remove_all(path, remove_ec);
    if (!remove_ec) ++removed;
  }
  return removed;
}

void remove_quietly(const fs::path& folder) {
  std::vector<fs::path> entries;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::error_code remove_ec;
    fs::remove_all(entries[i], remove_ec);
    if (i == 0) pause_at("during-cleanup");
  }
  fs::remove_all(folder, ec);
}

}  // namespace kunlun
