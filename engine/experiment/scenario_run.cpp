#include "experiment/scenario_run.h"

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

RunReport run_scenario(const Scenario& scenario, const std::filesystem::path& out_dir,
                       const RunOptions& options) {
  StagedDirectory::check_target(out_dir, options.force);  // fail before any work
  check_memory({&scenario}, options.memory_limit);
  const auto t0 = Clock::now();
  RunReport report;
  const auto layout = std::make_shared<RecordLayout>(InitialState::prepare(scenario));
  layout->initial->plan_simulations(scenario.replications);
  layout->targets = options.targets;
  report.initial_agents = layout->initial->initial_agents;
  report.bytes_per_agent = AgentStore::bytes_per_agent();
  report.replications = scenario.replications;
  report.months = scenario.months();
  report.setup_seconds = seconds_since(t0);
  report.process_order = Simulation::process_order();

  StagedDirectory out(out_dir, options.force);
  ScenarioFiles files(out.staging(), layout);
  std::vector<ReplicationJob> jobs;
  for (int r = 0; r < scenario.replications; ++r)
    jobs.push_back({layout.get(), static_cast<std::uint32_t>(r), true, options.profile});

  BatchOptions batch;
  batch.threads = options.threads;
  batch.memory_limit = options.memory_limit;
  batch.cancel = options.cancel;
  const auto t1 = Clock::now();
  batch.on_progress = options.on_progress;
  run_replications(jobs, batch, [&](std::size_t, ReplicationRecord&& record) {
    if (options.profile) report.profile.add(record.profile);
    const auto written = Clock::now();
    files.add(std::move(record));
    if (options.profile) report.profile.add_output("writing the CSV files", seconds_since(written));
  });
  const auto finishing = Clock::now();
  files.finish({options.command, options.threads});
  if (options.profile) report.profile.add_output("summary.json, manifest.json, closing", seconds_since(finishing));
  report.simulate_seconds = seconds_since(t1);
  report.summary_json = files.summary_json();
  report.summary = files.summary();
  out.commit();
  report.out_dir = out_dir;
  return report;
}

}  // namespace kunlun
