#include "experiment/scenario_run.h"

#include <chrono>
#include <ctime>

#include "experiment/horizon_summary.h"
#include "io/costs_csv.h"
#include "io/json_writer.h"
#include "io/output_directory.h"
#include "io/timeseries_csv.h"
#include "model/simulation.h"

namespace kunlun {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string manifest_json(const Scenario& scenario, const RunOptions& options, const RunReport& report) {
  JsonWriter j;
  j.begin_object();
  j.field("kunlun_version", KUNLUN_VERSION);
  j.field("command", options.command);
  j.field("created_utc", utc_now());
  j.field("scenario", scenario.name);
  j.field("scenario_file", scenario.file.string());
  j.field("seed", static_cast<std::uint64_t>(scenario.seed));
  j.field("replications", report.replications);
  j.field("threads", options.threads);
  j.field("months", report.months);
  j.field("initial_agents", static_cast<std::uint64_t>(report.initial_agents));
  j.field("bytes_per_agent", static_cast<std::uint64_t>(report.bytes_per_agent));
  j.key("files").begin_array().value("timeseries.csv").value("costs.csv").value("summary.json").value("manifest.json").end_array();
  j.field("resolved_scenario", to_yaml(scenario.tree));
  j.end_object();
  return j.str();
}
}  // namespace

RunReport run_scenario(const Scenario& scenario, const std::filesystem::path& out_dir,
                       const RunOptions& options) {
  StagedDirectory::check_target(out_dir, options.force);  // fail before any work
  const auto t0 = Clock::now();
  RunReport report;
  const auto initial = InitialState::prepare(scenario);
  report.initial_agents = initial->population.size();
  report.bytes_per_agent = AgentStore::bytes_per_agent();
  report.replications = scenario.replications;
  report.months = scenario.months();
  report.setup_seconds = seconds_since(t0);

  StagedDirectory out(out_dir, options.force);
  TimeseriesCsv csv(out.file("timeseries.csv"), initial->regions, initial->cells);
  CostsCsv costs(out.file("costs.csv"), *initial);
  std::vector<std::string> policy_names;
  for (const auto& p : initial->policies) policy_names.push_back(p->name());
  auto summary_ptr = std::make_shared<HorizonSummary>(initial->regions, initial->cells, policy_names);
  HorizonSummary& summary = *summary_ptr;

  RunProgress progress;
  progress.replications = scenario.replications;
  progress.steps_total = static_cast<long>(scenario.replications) * scenario.months();
  const auto t1 = Clock::now();
  for (int r = 0; r < scenario.replications; ++r) {
    Simulation sim(initial, static_cast<std::uint32_t>(r));
    if (r == 0)
      for (const auto name : sim.process_order()) report.process_order.emplace_back(name);
    summary.begin_replication(sim.stock_by_cell());
    while (!sim.finished()) {
      if (options.cancel && options.cancel->load()) throw RunCancelled();
      const StepResult& step = sim.step();
      csv.write_step(static_cast<std::uint32_t>(r), step);
      costs.write_step(static_cast<std::uint32_t>(r), step);
      summary.add_step(step);
      ++progress.steps_done;
      if (options.on_progress) {
        progress.elapsed_seconds = seconds_since(t0);
        options.on_progress(progress);
      }
    }
    summary.end_replication();
    progress.replications_done = r + 1;
  }
  csv.close();
  costs.close();
  report.simulate_seconds = seconds_since(t1);

  report.summary_json = summary.to_json(scenario);
  report.summary = summary_ptr;
  write_file_atomically(out.file("summary.json"), report.summary_json);
  write_file_atomically(out.file("manifest.json"), manifest_json(scenario, options, report));
  out.commit();
  report.out_dir = out_dir;
  return report;
}

}  // namespace kunlun
