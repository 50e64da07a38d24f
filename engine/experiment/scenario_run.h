// Runs every replication of one scenario and writes its outputs (time series, costs, flow
// matrices, cohort retention, summary, manifest) into a folder that appears only when all of them
// are complete.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "calibration/posterior_sample.h"
#include "experiment/horizon_summary.h"
#include "experiment/replication_batch.h"
#include "experiment/replication_record.h"
#include "experiment/run_profile.h"
#include "scenario/scenario.h"

namespace kunlun {

// What every experiment (run, compare, sweep) is told, by the command line or the Python package.
struct ExperimentOptions {
  bool force = false;           // replace an existing output folder
  std::string command;          // the command line (or Python call), recorded in the manifests
  int threads = 1;              // threads to use; the outputs do not depend on it
  // After every month, one call at a time; replications count over all scenarios or points.
  std::function<void(const RunProgress&)> on_progress;
  const std::atomic<bool>* cancel = nullptr;  // set to stop between months (RunCancelled)
  std::size_t memory_limit = 0;               // bytes; 0: what the system has available
  // A posterior sample (posterior.csv of kunlun calibrate): each replication runs with the
  // parameter set it draws by seed and replication number; in a comparison every scenario of a
  // replication draws the same set. Empty: the scenario's values.
  std::shared_ptr<const PosteriorSample> posterior{};
  // The processes the experiment is spread over (MPI ranks); null: this one alone. Every rank runs
  // the same experiment; only rank 0's outputs are kept (io/output_directory.h).
  RankGroup* ranks = nullptr;
  // Where finished replications are kept as they finish, for --resume (experiment/task_journal.h);
  // null: nowhere. The command removes it once the outputs are in place.
  std::shared_ptr<TaskJournal> journal{};

  int rank_count() const { return ranks != nullptr ? ranks->size() : 1; }
  // Replications run at once over every rank: threads x ranks.
  int parallel_slots() const { return std::max(threads, 1) * rank_count(); }
};

// The batch options of an experiment's replications: its threads, memory, cancel and ranks.
BatchOptions batch_options(const ExperimentOptions& options);

struct RunOptions : ExperimentOptions {
  bool profile = false;  // fill RunReport::profile
  // Observations to set the run against: fit.csv compares each with the replications.
  std::shared_ptr<const std::vector<Target>> targets{};
};

struct RunReport {
  std::filesystem::path out_dir;
  std::size_t initial_agents = 0;
  std::size_t bytes_per_agent = 0;
  int replications = 0;
  int months = 0;
  double setup_seconds = 0;
  double simulate_seconds = 0;  // stepping, including per-step output
  std::string summary_json;
  std::shared_ptr<const HorizonSummary> summary;  // the indicators behind summary.json
  std::vector<std::string> process_order;         // as run each month
  RunProfile profile;                             // when RunOptions::profile
};

// The starting state of replication `replication` of `scenario` with posterior set `set` of
// `posterior` in force, planned for one simulation.
std::shared_ptr<RecordLayout> posterior_layout(const Scenario& scenario, const PosteriorSample& posterior,
                                               std::size_t set);

RunReport run_scenario(const Scenario& scenario, const std::filesystem::path& out_dir,
                       const RunOptions& options);

}  // namespace kunlun
