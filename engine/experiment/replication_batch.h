// Runs many replications (of one scenario or of several) on the cores there are: several at once,
// one thread each, when there are more replications than threads and memory for them; otherwise
// one at a time over all threads. Records are handed on in job order, so outputs do not depend
// on how the work was shared.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "experiment/rank_group.h"
#include "experiment/replication_record.h"
#include "experiment/task_journal.h"

namespace kunlun {

struct ReplicationJob {
  const RecordLayout* layout = nullptr;  // the job's, or with `prepare` one like it (sizes, months)
  std::uint32_t replication = 0;
  bool with_rows = true;
  bool profile = false;  // time the processes and output stages (record.profile)
  // Builds the job's own layout when it runs (a replication with its own posterior set), so that
  // only the rank and thread running it synthesise its starting state, and a job the journal
  // holds never does.
  std::function<std::shared_ptr<const RecordLayout>()> prepare{};
};

// How far a batch is: replications (of every scenario or point) done, months simulated.
struct RunProgress {
  int replications_done = 0;
  int replications = 0;
  long steps_done = 0;  // over all replications
  long steps_total = 0;
  double elapsed_seconds = 0;
};

struct BatchOptions {
  int threads = 1;
  std::function<void(const RunProgress&)> on_progress;  // after every month; one call at a time
  const std::atomic<bool>* cancel = nullptr;               // set to stop: RunCancelled is thrown
  std::size_t memory_limit = 0;  // bytes the run may use; 0: what the system reports available
  // Several processes (MPI ranks) sharing the batch; null or one rank: this process alone.
  RankGroup* ranks = nullptr;
  // Where finished jobs are kept as they finish, and found again by --resume; null: nowhere.
  TaskJournal* journal = nullptr;
};

// Progress of an experiment run in chunks (the points of a sweep or a sensitivity design, a few
// at a time): each chunk's batch reports the whole experiment's progress.
class ChunkedProgress {
 public:
  ChunkedProgress(int replications, long steps_total) {
    before_.replications = replications;
    before_.steps_total = steps_total;
  }
  // The options of the next chunk's batch, reporting to `on_progress` (may be empty).
  BatchOptions chunk(const BatchOptions& base, const std::function<void(const RunProgress&)>& on_progress);
  // After the chunk's batch: its work counts as done before the next chunk.
  void chunk_done();
  const RunProgress& done() const { return before_; }

 private:
  RunProgress before_, last_;
};

// How the threads are shared: `concurrent` replications at once with `threads_each` threads.
struct BatchPlan {
  int concurrent = 1;
  int threads_each = 1;
};
// `bytes_per_job`: the memory one running replication needs; `bytes_available`: what may be used.
BatchPlan plan_batch(int threads, std::size_t jobs, std::size_t bytes_per_job, std::size_t bytes_available);

// Runs every job and calls `consume(job index, record)` in job order, from one thread at a time.
// The first exception (including RunCancelled) stops the batch and is rethrown. Over several
// ranks, each runs the jobs it claims from the shared counter, and every rank then consumes every
// record in job order; the records' rows reach rank 0 only (the others' are empty). A job that
// failed on any rank fails the batch on all of them, with that rank's message.
void run_replications(const std::vector<ReplicationJob>& jobs, const BatchOptions& options,
                      const std::function<void(std::size_t, ReplicationRecord&&)>& consume);

}  // namespace kunlun
