// The finished replications of a multi-run command, kept beside its output folder as they finish
// (.NAME.resume/), so that a command interrupted by Ctrl-C, a crash, kill -9 or a lost node can be
// given --resume and run only the replications it had not finished, writing the same bytes as an
// uninterrupted run. A journal is bound to the command's inputs: a resume with other inputs is
// refused, naming the input that changed. Jobs are numbered across the command's batches in the
// order the experiment submits them, which does not depend on the threads or ranks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "experiment/replication_record.h"
#include "io/staging_folders.h"

namespace kunlun {

class TaskJournal {
 public:
  using Inputs = std::vector<std::pair<std::string, std::string>>;  // (what, its text)

  // The journal folder of output folder `target`: ".NAME.resume" beside it.
  static std::filesystem::path folder_for(const std::filesystem::path& target);

  // Opens the journal of `target`. With `resume`, the finished jobs of a journal made with the
  // same inputs are kept (none there: a new one); a journal made with other inputs is an
  // InputError located at the argument "resume". Without `resume`, an earlier journal is
  // discarded. `writes`: false on MPI ranks other than 0, which read the journal only.
  TaskJournal(const std::filesystem::path& target, Inputs inputs, bool resume, bool writes);
  ~TaskJournal();
  TaskJournal(const TaskJournal&) = delete;
  TaskJournal& operator=(const TaskJournal&) = delete;

  // The number of the next batch's first job; the batch's jobs take the numbers after it.
  std::uint64_t begin_batch(std::size_t jobs);
  // The record of finished job `job`, if the journal has it.
  bool has(std::uint64_t job) const;
  ReplicationRecord record(std::uint64_t job) const;
  // Keeps job `job`'s record (any thread; on disk before it returns).
  void keep(std::uint64_t job, const ReplicationRecord& record);

  std::size_t resumed() const { return found_.size(); }  // jobs the journal held at the start
  std::size_t kept() const { return kept_; }              // jobs kept by this command
  const std::filesystem::path& folder() const { return folder_; }
  // The command's outputs are in place: the journal is removed.
  void finish();

 private:
  std::filesystem::path folder_;
  bool writes_ = true;
  std::uint64_t next_job_ = 0;
  std::string held_;  // the journal's records as read at the start
  std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>> found_;  // job -> piece in held_
  std::mutex write_;
  std::FILE* file_ = nullptr;
  std::size_t kept_ = 0;
  FolderLock lock_;
};

}  // namespace kunlun
