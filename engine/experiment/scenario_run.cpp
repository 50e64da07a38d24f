#include "experiment/scenario_run.h"

#include <algorithm>
#include <chrono>

#include "experiment/memory_estimate.h"
#include "experiment/replication_batch.h"
#include "experiment/scenario_files.h"
#include "io/output_directory.h"
#include "model/simulation.h"

namespace kunlun {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
}  // namespace

std::shared_ptr<RecordLayout> posterior_layout(const Scenario& scenario, const PosteriorSample& posterior,
                                               std::size_t set) {
  auto layout = std::make_shared<RecordLayout>(InitialState::prepare(scenario_with_posterior_set(scenario, posterior, set)));
  layout->initial->plan_simulations(1);
  return layout;
}

BatchOptions batch_options(const ExperimentOptions& options) {
  BatchOptions batch;
  batch.threads = options.threads;
  batch.memory_limit = options.memory_limit;
  batch.cancel = options.cancel;
  batch.ranks = options.ranks;
  batch.journal = options.journal.get();
  return batch;
}

RunReport run_scenario(const Scenario& scenario, const std::filesystem::path& out_dir,
                       const RunOptions& options) {
  StagedDirectory::check_target(out_dir, options.force);  // fail before any work
  const PosteriorSample* posterior = options.posterior.get();
  // With a posterior every replication has its own starting state; a few are held at a time.
  const int per_chunk = posterior ? options.parallel_slots() : scenario.replications;
  check_memory(std::vector<const Scenario*>(static_cast<std::size_t>(posterior ? per_chunk : 1), &scenario),
               options.memory_limit);
  const auto t0 = Clock::now();
  RunReport report;
  RunManifest manifest{options.command, options.threads, options.rank_count()};
  // One layout shared by every replication; with a posterior, replication 0's, and each other
  // replication's built by the job that runs it (posterior_layout).
  std::vector<std::size_t> sets;
  if (posterior)
    for (int r = 0; r < scenario.replications; ++r) sets.push_back(posterior->draw(scenario.seed, static_cast<std::uint32_t>(r)));
  manifest.posterior_sets = sets;
  std::shared_ptr<RecordLayout> first_layout;
  if (posterior) {
    first_layout = posterior_layout(scenario, *posterior, sets[0]);
  } else {
    first_layout = std::make_shared<RecordLayout>(InitialState::prepare(scenario));
    first_layout->initial->plan_simulations(scenario.replications);
  }
  first_layout->targets = options.targets;
  report.initial_agents = first_layout->initial->initial_agents;
  report.bytes_per_agent = AgentStore::bytes_per_agent();
  report.replications = scenario.replications;
  report.months = scenario.months();
  report.setup_seconds = seconds_since(t0);
  report.process_order = Simulation::process_order();
  if (posterior) manifest.posterior_file = posterior->file.string();

  StagedDirectory out(out_dir, options.force);
  ScenarioFiles files(out.staging(), first_layout);
  const BatchOptions batch = batch_options(options);
  const auto t1 = Clock::now();
  ChunkedProgress progress(scenario.replications, static_cast<long>(scenario.replications) * scenario.months());
  for (int first = 0; first < scenario.replications; first += per_chunk) {
    const int end = std::min(scenario.replications, first + per_chunk);
    std::vector<ReplicationJob> jobs;
    for (int r = first; r < end; ++r) {
      jobs.push_back({first_layout.get(), static_cast<std::uint32_t>(r), true, options.profile});
      if (posterior && r > 0)
        jobs.back().prepare = [&, set = sets[static_cast<std::size_t>(r)]] {
          auto layout = posterior_layout(scenario, *posterior, set);
          layout->targets = options.targets;
          return std::shared_ptr<const RecordLayout>(std::move(layout));
        };
    }
    run_replications(jobs, progress.chunk(batch, options.on_progress), [&](std::size_t, ReplicationRecord&& record) {
      if (options.profile) report.profile.add(record.profile);
      const auto written = Clock::now();
      files.add(std::move(record));
      if (options.profile) report.profile.add_output("writing the CSV files", seconds_since(written));
    });
    progress.chunk_done();
  }
  const auto finishing = Clock::now();
  files.finish(manifest);
  if (options.profile) report.profile.add_output("summary.json, manifest.json, closing", seconds_since(finishing));
  report.simulate_seconds = seconds_since(t1);
  report.summary_json = files.summary_json();
  report.summary = files.summary();
  out.commit();
  report.out_dir = out_dir;
  return report;
}

}  // namespace kunlun
