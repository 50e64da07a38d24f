// Key indicators per replication, for the province, each prefecture and the grassroots counties
// of the autonomous prefectures: stock at the start, at each year end and at the horizon,
// grassroots stock, flows and service days summed over the run, and policy costs (all policies
// to each year end and to the horizon, and each policy to the horizon). Summarised across
// replications as intervals.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "experiment/interval.h"
#include "model/simulation.h"

namespace kunlun {

class HorizonSummary {
 public:
  // The groups indicators are reported for, in output order.
  struct Group {
    std::string code;  // "qinghai" (the province), a prefecture code, or "autonomous_grassroots"
    std::string label;
    std::vector<bool> has_county;  // by county slot
  };

  // `policies`: the scenario's policy names, in position order.
  HorizonSummary(const RegionTable& regions, const CellLayout& cells, std::vector<std::string> policies = {});

  void begin_replication(const std::vector<std::int32_t>& initial_stock);
  void add_step(const StepResult& step);
  void end_replication();

  const std::vector<Group>& groups() const { return groups_; }
  const std::vector<std::string>& indicator_names() const { return indicator_names_; }
  // Indicator values of every replication: [group][indicator][replication].
  Interval interval(std::size_t group, std::size_t indicator) const;
  int replications() const { return replications_; }

  // Writes the summary JSON (scenario, seed, version, then indicators by group).
  std::string to_json(const Scenario& scenario) const;

 private:
  std::size_t indicator(const std::string& name);
  const CellLayout cells_;
  std::vector<bool> grassroots_;  // by county slot
  std::vector<Group> groups_;
  std::vector<std::string> indicator_names_;
  std::map<std::string, std::size_t> indicator_index_;
  std::vector<std::vector<std::vector<double>>> values_;  // [group][indicator][replication]
  int replications_ = 0;
  // Per replication, by group: running sums.
  std::vector<std::vector<double>> current_;  // [group][indicator]
  std::vector<double> last_stock_;             // [group] stock at the latest step
  std::vector<double> last_grassroots_;        // [group]
  std::vector<std::string> policies_;
};

}  // namespace kunlun
