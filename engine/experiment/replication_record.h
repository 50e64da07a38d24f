// One replication simulated to the horizon and recorded: its indicators for the summary and, when
// asked for, its rows of every output file. Replications are independent, so several can be
// recorded at once and written afterwards in replication order.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "calibration/target.h"
#include "experiment/costs_csv.h"
#include "experiment/end_margins.h"
#include "experiment/horizon_summary.h"
#include "experiment/run_profile.h"
#include "experiment/timeseries_csv.h"
#include "experiment/vacancies_csv.h"
#include "model/simulation.h"

namespace kunlun {

// Thrown when a run was asked to stop; nothing is left in the output folder.
struct RunCancelled : std::runtime_error {
  RunCancelled() : std::runtime_error("run cancelled") {}
};

// What every replication of one scenario is recorded against, built once and shared read-only.
struct RecordLayout {
  explicit RecordLayout(std::shared_ptr<const InitialState> initial);
  std::shared_ptr<const InitialState> initial;
  std::shared_ptr<const IndicatorLayout> indicators;
  TimeseriesCsv timeseries;
  VacanciesCsv vacancies;
  // Observations to set the run against (kunlun run --targets); empty: none.
  std::shared_ptr<const std::vector<Target>> targets;
  CostsCsv costs;
};

struct ReplicationRecord {
  std::uint32_t replication = 0;
  std::vector<std::vector<double>> indicators;  // [group][indicator]
  // Rows of timeseries.csv, vacancies.csv, costs.csv, od_flows.csv and retention.csv; empty
  // unless asked for.
  std::string timeseries_rows, vacancy_rows, cost_rows, flow_rows, retention_rows;
  std::vector<double> target_values;  // by target, when the layout has targets
  MarginCounts end_margins;           // the stock at the horizon by the margins; with the rows
  RunProfile profile;  // filled when asked for
};

// Simulates `replication` to the horizon. `after_step` runs after every month; when `stop()`
// turns true the run throws RunCancelled before the next month. `profile`: time every process
// and output stage into record.profile.
ReplicationRecord record_replication(const RecordLayout& layout, std::uint32_t replication, bool with_rows,
                                     const std::function<void()>& after_step, const std::function<bool()>& stop,
                                     bool profile = false);

}  // namespace kunlun
