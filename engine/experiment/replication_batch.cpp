#include "experiment/replication_batch.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>

#include "experiment/memory_estimate.h"
#include "core/errors.h"
#include "experiment/record_bytes.h"

namespace kunlun {

namespace {
// Memory the batch may use: half of the limit (by default what the system reports available), so
// that the page cache and other work keep room.
std::size_t usable_memory(std::size_t limit) { return memory_limit(limit) / 2; }

// A replication's store with room to grow and its working lists (memory_estimate.h); its rows
// wait in memory until written.
std::size_t bytes_per_job(const ReplicationJob& job) {
  const InitialState& initial = *job.layout->initial;
  const std::size_t agents = replication_bytes(initial.initial_agents);
  const std::size_t rows = job.with_rows ? static_cast<std::size_t>(initial.cells.size()) *
                                               static_cast<std::size_t>(initial.scenario.months()) * 80
                                         : 0;
  return agents + rows + (std::size_t{16} << 20);
}
}  // namespace

BatchPlan plan_batch(int threads, std::size_t jobs, std::size_t bytes_per_job, std::size_t bytes_available) {
  BatchPlan plan;
  threads = std::max(threads, 1);
  std::size_t concurrent = std::min<std::size_t>(static_cast<std::size_t>(threads), std::max<std::size_t>(jobs, 1));
  if (bytes_per_job > 0 && bytes_available > 0)
    concurrent = std::min(concurrent, std::max<std::size_t>(bytes_available / bytes_per_job, 1));
  plan.concurrent = static_cast<int>(concurrent);
  plan.threads_each = std::max(threads / plan.concurrent, 1);
  return plan;
}

namespace {
// A finished job's record from the journal, checked to be the job's (a journal out of step with
// the experiment would otherwise mix replications).
ReplicationRecord kept_record(const TaskJournal& journal, std::uint64_t number, const ReplicationJob& job) {
  ReplicationRecord record = journal.record(number);
  if (record.replication != job.replication)
    throw InputError({.argument = "resume"}, "",
                     "the journal " + journal.folder().string() + " holds replication " +
                         std::to_string(record.replication) + " where this command runs replication " +
                         std::to_string(job.replication),
                     "run without --resume to start afresh");
  return record;
}

// A batch's progress, reported to options.on_progress one call at a time.
class BatchProgress {
 public:
  BatchProgress(const std::vector<ReplicationJob>& jobs, const BatchOptions& options)
      : on_progress_(options.on_progress), started_(std::chrono::steady_clock::now()) {
    progress_.replications = static_cast<int>(jobs.size());
    for (const auto& job : jobs) progress_.steps_total += job.layout->initial->scenario.months();
  }
  void month_done() { count(progress_.steps_done); }
  void replication_done() { count(progress_.replications_done); }

 private:
  template <class N>
  void count(N& counter) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++counter;
    if (!on_progress_) return;
    progress_.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    on_progress_(progress_);
  }
  const std::function<void(const RunProgress&)>& on_progress_;
  std::chrono::steady_clock::time_point started_;
  RunProgress progress_;
  std::mutex mutex_;
};

// Simulates a job: on its own layout when it builds one, else on the layout it names.
ReplicationRecord simulate_job(const ReplicationJob& job, const std::function<void()>& after_step,
                               const std::function<bool()>& stop) {
  const auto own = job.prepare ? job.prepare() : nullptr;
  return record_replication(own ? *own : *job.layout, job.replication, job.with_rows, after_step, stop, job.profile);
}

enum class RankStatus : std::uint64_t { ok = 0, cancelled = 1, failed = 2 };

// The batch over several ranks: jobs claimed from the shared counter by this rank's threads, then
// every rank's records exchanged and consumed in job order everywhere.
void run_over_ranks(const std::vector<ReplicationJob>& jobs, const BatchOptions& options, const BatchPlan& plan,
                    const std::function<void(std::size_t, ReplicationRecord&&)>& consume) {
  RankGroup& ranks = *options.ranks;
  BatchProgress progress(jobs, options);
  std::mutex claim_mutex, done_mutex;
  std::atomic<bool> failed{false};
  RankStatus status = RankStatus::ok;
  std::string failure_message;
  const auto stop = [&] { return failed.load() || (options.cancel && options.cancel->load()); };
  const auto after_step = [&] { progress.month_done(); };
  std::vector<std::pair<std::uint64_t, ReplicationRecord>> done;
  // The jobs the journal does not hold are the ones handed out.
  TaskJournal* journal = options.journal;
  const std::uint64_t first_number = journal != nullptr ? journal->begin_batch(jobs.size()) : 0;
  std::vector<std::size_t> missing;
  for (std::size_t j = 0; j < jobs.size(); ++j)
    if (journal == nullptr || !journal->has(first_number + j)) missing.push_back(j);

  ranks.start_batch();
  const int levels = omp_get_max_active_levels();
  if (plan.threads_each > 1) omp_set_max_active_levels(std::max(levels, 2));
#pragma omp parallel num_threads(plan.concurrent)
  {
    omp_set_num_threads(plan.threads_each);
    while (!failed.load()) {
      std::uint64_t claimed;
      {
        std::lock_guard<std::mutex> lock(claim_mutex);
        claimed = ranks.claim_job();
      }
      if (claimed >= missing.size()) break;
      const std::uint64_t j = missing[claimed];
      const ReplicationJob& job = jobs[j];
      try {
        ReplicationRecord record = simulate_job(job, after_step, stop);
        std::lock_guard<std::mutex> lock(done_mutex);
        done.emplace_back(j, std::move(record));
      } catch (const RunCancelled&) {
        std::lock_guard<std::mutex> lock(done_mutex);
        if (status == RankStatus::ok) status = RankStatus::cancelled;
        failed.store(true);
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(done_mutex);
        status = RankStatus::failed;
        if (failure_message.empty()) failure_message = e.what();
        failed.store(true);
      }
    }
  }
  omp_set_max_active_levels(levels);

  // Every rank's status and decision bytes to all; the rows to rank 0.
  std::string decisions, rows;
  append_u64(decisions, static_cast<std::uint64_t>(status));
  append_piece(decisions, failure_message);
  append_u64(decisions, done.size());
  append_u64(rows, done.size());
  for (const auto& [j, record] : done) {
    append_u64(decisions, j);
    append_piece(decisions, decision_bytes(record));
    append_u64(rows, j);
    append_piece(rows, row_bytes(record));
  }
  done.clear();
  const std::vector<std::string> all = ranks.all_gather(decisions);
  const std::vector<std::string> all_rows = ranks.gather_to_first(rows);

  std::vector<std::string_view> decision_of(jobs.size()), rows_of(jobs.size());
  bool cancelled = false;
  for (std::size_t r = 0; r < all.size(); ++r) {
    std::string_view in = all[r];
    const auto s = static_cast<RankStatus>(read_u64(in));
    const std::string_view message = read_piece(in);
    if (s == RankStatus::failed)
      throw std::runtime_error("rank " + std::to_string(r) + " of " + std::to_string(all.size()) + ": " +
                               std::string(message));
    cancelled = cancelled || s == RankStatus::cancelled;
    for (std::uint64_t k = read_u64(in); k > 0; --k) {
      const std::uint64_t j = read_u64(in);
      decision_of[j] = read_piece(in);
    }
  }
  // Only what every rank reported counts, so that all ranks stop at the same batch; a signal that
  // came later is seen during the next one.
  if (cancelled) throw RunCancelled();
  for (std::string_view in : all_rows)
    for (std::uint64_t k = read_u64(in); k > 0; --k) {
      const std::uint64_t j = read_u64(in);
      rows_of[j] = read_piece(in);
    }
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    ReplicationRecord record;
    if (journal != nullptr && journal->has(first_number + j)) {
      record = kept_record(*journal, first_number + j, jobs[j]);
      if (ranks.rank() != 0) record.timeseries_rows = record.vacancy_rows = record.cost_rows = record.flow_rows =
          record.retention_rows = std::string();
    } else {
      if (decision_of[j].data() == nullptr) throw std::logic_error("job " + std::to_string(j) + " ran on no rank");
      read_decision_bytes(decision_of[j], record);
      if (rows_of[j].data() != nullptr) read_row_bytes(rows_of[j], record);
      if (journal != nullptr) journal->keep(first_number + j, record);  // rank 0's journal; a no-op elsewhere
    }
    consume(j, std::move(record));
    progress.replication_done();
  }
}
}  // namespace

void run_replications(const std::vector<ReplicationJob>& jobs, const BatchOptions& options,
                      const std::function<void(std::size_t, ReplicationRecord&&)>& consume) {
  if (jobs.empty()) return;
  std::size_t largest = 0;
  for (const auto& job : jobs) largest = std::max(largest, bytes_per_job(job));
  const BatchPlan plan = plan_batch(options.threads, jobs.size(), largest, usable_memory(options.memory_limit));
  if (options.ranks != nullptr && options.ranks->size() > 1) return run_over_ranks(jobs, options, plan, consume);

  BatchProgress progress(jobs, options);
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto fail = [&] {
    std::lock_guard<std::mutex> lock(failure_mutex);
    if (!failure) failure = std::current_exception();
    failed.store(true);
  };
  const auto stop = [&] { return failed.load() || (options.cancel && options.cancel->load()); };
  const auto after_step = [&] { progress.month_done(); };

  TaskJournal* journal = options.journal;
  const std::uint64_t first_number = journal != nullptr ? journal->begin_batch(jobs.size()) : 0;
  const int levels = omp_get_max_active_levels();
  if (plan.threads_each > 1) omp_set_max_active_levels(std::max(levels, 2));
  const auto n = static_cast<std::int64_t>(jobs.size());
#pragma omp parallel for num_threads(plan.concurrent) schedule(dynamic, 1) ordered
  for (std::int64_t j = 0; j < n; ++j) {
    const ReplicationJob& job = jobs[static_cast<std::size_t>(j)];
    ReplicationRecord record;
    bool done = false;
    if (!failed.load()) {
      try {
        const std::uint64_t number = first_number + static_cast<std::uint64_t>(j);
        if (journal != nullptr && journal->has(number)) {
          record = kept_record(*journal, number, job);
        } else {
          omp_set_num_threads(plan.threads_each);
          record = simulate_job(job, after_step, stop);
          if (journal != nullptr) journal->keep(number, record);
        }
        done = true;
      } catch (...) {
        fail();
      }
    }
#pragma omp ordered
    {
      if (done && !failed.load()) {
        try {
          consume(static_cast<std::size_t>(j), std::move(record));
          progress.replication_done();
        } catch (...) {
          fail();
        }
      }
    }
  }
  omp_set_max_active_levels(levels);
  if (failure) std::rethrow_exception(failure);
}

BatchOptions ChunkedProgress::chunk(const BatchOptions& base, const std::function<void(const RunProgress&)>& on_progress) {
  BatchOptions batch = base;
  last_ = {};
  batch.on_progress = [this, on_progress](const RunProgress& chunk) {
    last_ = chunk;
    if (!on_progress) return;
    RunProgress p = before_;
    p.replications_done += chunk.replications_done;
    p.steps_done += chunk.steps_done;
    p.elapsed_seconds += chunk.elapsed_seconds;
    on_progress(p);
  };
  return batch;
}

void ChunkedProgress::chunk_done() {
  before_.replications_done += last_.replications_done;
  before_.steps_done += last_.steps_done;
  before_.elapsed_seconds += last_.elapsed_seconds;
  last_ = {};
}

}  // namespace kunlun
