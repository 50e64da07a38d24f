#include "experiment/scenario_files.h"

#include <ctime>

#include "calibration/target_fit.h"
#include "experiment/cohort_retention.h"
#include "experiment/origin_destination.h"
#include "io/json_writer.h"
#include "io/output_directory.h"

namespace kunlun {

namespace {
std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
}  // namespace

ScenarioFiles::ScenarioFiles(const std::filesystem::path& dir, std::shared_ptr<const RecordLayout> layout)
    : dir_((create_output_folder(dir), dir)),
      layout_(std::move(layout)),
      timeseries_(dir_ / "timeseries.csv", TimeseriesCsv::kHeader),
      vacancies_(dir_ / "vacancies.csv", VacanciesCsv::kHeader),
      costs_(dir_ / "costs.csv", CostsCsv::kHeader),
      flows_(dir_ / "od_flows.csv", OriginDestinationFlows::kHeader),
      retention_(dir_ / "retention.csv", CohortRetention::kHeader),
      summary_(std::make_shared<HorizonSummary>(layout_->indicators)) {}

void ScenarioFiles::add(ReplicationRecord&& record) {
  timeseries_.append(record.timeseries_rows);
  vacancies_.append(record.vacancy_rows);
  costs_.append(record.cost_rows);
  flows_.append(record.flow_rows);
  retention_.append(record.retention_rows);
  if (layout_->targets) target_values_.push_back(std::move(record.target_values));
  add_margin_counts(end_margins_, record.end_margins);
  summary_->add_replication(record.indicators);
}

void ScenarioFiles::finish(const RunManifest& manifest) {
  timeseries_.close();
  vacancies_.close();
  costs_.close();
  flows_.close();
  retention_.close();
  const Scenario& scenario = layout_->initial->scenario;
  summary_json_ = summary_->to_json(scenario);
  write_file_atomically(dir_ / "summary.json", summary_json_);
  write_file_atomically(dir_ / "end_margins.csv", end_margins_csv(*layout_->initial, end_margins_, summary_->replications()));
  if (layout_->targets) write_file_atomically(dir_ / "fit.csv", fit_csv(fit_targets(*layout_->targets, target_values_)));

  JsonWriter j;
  j.begin_object();
  j.field("kunlun_version", KUNLUN_VERSION);
  j.field("command", manifest.command);
  j.field("created_utc", utc_now());
  j.field("scenario", scenario.name);
  j.field("scenario_file", scenario.file.string());
  j.field("seed", static_cast<std::uint64_t>(scenario.seed));
  j.field("replications", summary_->replications());
  j.field("threads", manifest.threads);
  j.field("ranks", manifest.ranks);
  j.field("months", scenario.months());
  j.field("initial_agents", static_cast<std::uint64_t>(layout_->initial->initial_agents));
  j.field("bytes_per_agent", static_cast<std::uint64_t>(AgentStore::bytes_per_agent()));
  if (!manifest.posterior_file.empty()) {
    j.field("posterior_file", manifest.posterior_file);
    j.key("posterior_sets").begin_array();  // by replication
    for (const std::size_t set : manifest.posterior_sets) j.value(static_cast<std::uint64_t>(set));
    j.end_array();
  }
  j.key("files").begin_array();
  for (const char* f : kFiles) j.value(f);
  if (layout_->targets) j.value("fit.csv");
  j.end_array();
  j.field("resolved_scenario", to_yaml(scenario.tree));
  j.end_object();
  write_file_atomically(dir_ / "manifest.json", j.str());
}

}  // namespace kunlun
