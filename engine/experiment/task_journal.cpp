// The journal on disk: inputs.txt (each input's name, size and FNV-1a hash) and records.bin,
// entries appended as jobs finish: job number, the record's decision and row bytes, and a
// checksum, so that an entry a kill cut short is recognised and dropped.
#include "experiment/task_journal.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <sstream>

#include "core/errors.h"
#include "io/disk_full.h"
#include "io/file_bytes.h"
#include "io/output_directory.h"
#include "experiment/record_bytes.h"
#include "io/pause_points.h"

namespace kunlun {

namespace fs = std::filesystem;

namespace {
constexpr std::uint64_t kEntryMark = 0x6b756e6c756e4a31ull;  // "kunlunJ1"

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = 14695981039346656037ull) {
  for (const unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string inputs_text(const TaskJournal::Inputs& inputs) {
  std::ostringstream out;
  for (const auto& [what, text] : inputs) {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(text)));
    out << what << "\t" << text.size() << "\t" << hash << "\n";
  }
  return out.str();
}

// The name of the first input of `now` (inputs.txt lines) that `had` lacks or has otherwise.
std::string first_difference(const std::string& had, const std::string& now) {
  std::istringstream x(had), y(now);
  std::string lx, ly;
  while (true) {
    const bool gx = static_cast<bool>(std::getline(x, lx)), gy = static_cast<bool>(std::getline(y, ly));
    if (!gx && !gy) return "";
    if (lx != ly || gx != gy) return (gy ? ly : lx).substr(0, (gy ? ly : lx).find('\t'));
  }
}

const SourceLocation kResume{.argument = "resume"};
}  // namespace

fs::path TaskJournal::folder_for(const fs::path& target) {
  std::string name = ".";  // appended, not "." + ...: GCC 12 warns falsely of overlap on that
  name += target.filename().string();
  name += ".resume";
  return target.parent_path() / name;
}

TaskJournal::TaskJournal(const fs::path& target, Inputs inputs, bool resume, bool writes)
    : folder_(folder_for(target)), writes_(writes) {
  const std::string wanted = inputs_text(inputs);
  std::error_code ec;
  if (writes_) {
    fs::create_directories(folder_, ec);
    lock_ = FolderLock(folder_);
    if (lock_.state() == FolderLock::State::busy)
      throw InputError({.argument = "out"}, "",
                       "another command is writing output directory '" + target.string() + "' now (it holds the journal " +
                           folder_.string() + ")",
                       "wait until it has finished", {{.kind = ArgumentChange::Kind::another, .argument = "out"}});
  }
  const bool there = fs::exists(folder_ / "inputs.txt", ec);
  if (resume && there) {
    const std::string had = read_file_bytes(folder_ / "inputs.txt");
    if (had != wanted)
      throw InputError(kResume, "", "the unfinished run kept in " + folder_.string() + " was made with another " +
                                        first_difference(had, wanted),
                       "run without --resume to start afresh (it discards what was kept), or give the inputs it was "
                       "made with");
    held_ = read_file_bytes(folder_ / "records.bin");
    std::string_view in = held_;
    while (in.size() >= 3 * sizeof(std::uint64_t)) {
      try {
        std::string_view entry = in;
        if (read_u64(entry) != kEntryMark) break;
        const std::uint64_t job = read_u64(entry);
        const std::string_view decisions = read_piece(entry), rows = read_piece(entry);
        const std::uint64_t sum = read_u64(entry);
        if (sum != fnv1a(rows, fnv1a(decisions, job))) break;
        const std::size_t start = static_cast<std::size_t>(decisions.data() - held_.data()) - sizeof(std::uint64_t);
        found_[job] = {start, static_cast<std::size_t>(rows.data() + rows.size() - held_.data()) - start};
        in = entry;
      } catch (const std::runtime_error&) {
        break;  // an entry cut short by a kill: the job runs again
      }
    }
  }
  if (!writes_) return;
  try {
    if (!(resume && there)) {
      fs::remove(folder_ / "records.bin", ec);
      write_file_atomically(folder_ / "inputs.txt", wanted);
    }
    // Keep only whole entries: what a kill cut short is overwritten.
    std::size_t whole = 0;
    for (const auto& [job, piece] : found_) whole = std::max(whole, piece.first + piece.second + sizeof(std::uint64_t));
    if (resume && there) fs::resize_file(folder_ / "records.bin", whole, ec);
    file_ = std::fopen((folder_ / "records.bin").c_str(), "ab");
    if (file_ == nullptr) throw_write_error(folder_ / "records.bin", errno, "creating");
  } catch (...) {
    // A journal that cannot be written (a full disk) is not left behind half made.
    if (!(resume && there)) fs::remove_all(folder_, ec);
    throw;
  }
}

TaskJournal::~TaskJournal() {
  if (file_ != nullptr) std::fclose(file_);
  // A command that stopped before finishing any replication leaves nothing to resume.
  if (writes_ && kept_ == 0 && found_.empty()) {
    std::error_code ec;
    fs::remove_all(folder_, ec);
  }
}

std::uint64_t TaskJournal::begin_batch(std::size_t jobs) {
  const std::uint64_t first = next_job_;
  next_job_ += jobs;
  return first;
}

bool TaskJournal::has(std::uint64_t job) const { return found_.count(job) > 0; }

ReplicationRecord TaskJournal::record(std::uint64_t job) const {
  const auto [start, size] = found_.at(job);
  std::string_view entry(held_.data() + start, size);
  ReplicationRecord r;
  read_decision_bytes(read_piece(entry), r);
  read_row_bytes(read_piece(entry), r);
  return r;
}

void TaskJournal::keep(std::uint64_t job, const ReplicationRecord& record) {
  if (!writes_) return;
  const std::string decisions = decision_bytes(record), rows = row_bytes(record);
  std::string entry;
  append_u64(entry, kEntryMark);
  append_u64(entry, job);
  append_piece(entry, decisions);
  append_piece(entry, rows);
  append_u64(entry, fnv1a(rows, fnv1a(decisions, job)));
  {
    std::lock_guard<std::mutex> lock(write_);
    errno = 0;
    if (std::fwrite(entry.data(), 1, entry.size(), file_) != entry.size() || std::fflush(file_) != 0) {
      const int error = errno != 0 ? errno : EIO;
      // A journal cut short by a full disk is no use to a resume: removed, then reported.
      std::fclose(file_);
      file_ = nullptr;
      std::error_code ec;
      fs::remove_all(folder_, ec);
      throw_write_error(folder_ / "records.bin", error, "writing");
    }
    ::fdatasync(::fileno(file_));
    ++kept_;
  }
  pause_at("kept");
}

void TaskJournal::finish() {
  if (!writes_) return;
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
  lock_ = FolderLock();
  std::error_code ec;
  fs::remove_all(folder_, ec);
}

}  // namespace kunlun
