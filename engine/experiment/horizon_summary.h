// Key indicators per replication for the reporting groups (province, prefectures, autonomous
// grassroots), summarised across replications as mean and 95% interval: stocks at the start, each
// December and the horizon, by field, level and title; the grassroots stock, share and talent-years;
// flows and arrivals by source; cohort retention; policy costs by payer and by policy.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "experiment/cohort_retention.h"
#include "experiment/interval.h"
#include "experiment/reporting_groups.h"
#include "model/simulation.h"

namespace kunlun {

// The names and groups of a scenario's indicators, fixed before the run.
class IndicatorLayout {
 public:
  explicit IndicatorLayout(const InitialState& initial);

  const std::vector<ReportingGroup>& groups() const { return groups_; }
  const std::vector<std::string>& names() const { return names_; }
  // Position of an indicator; throws std::logic_error for an unknown name.
  std::size_t index(const std::string& name) const;
  bool has(const std::string& name) const { return index_.count(name) > 0; }

 private:
  friend class ReplicationIndicators;
  std::size_t add(const std::string& name);
  std::vector<ReportingGroup> groups_;
  std::vector<std::string> names_;
  std::map<std::string, std::size_t> index_;
};

// One replication's indicators, accumulated month by month.
class ReplicationIndicators {
 public:
  ReplicationIndicators(const IndicatorLayout& layout, const InitialState& initial,
                        const std::vector<std::int32_t>& initial_stock);
  void add_step(const StepResult& step);
  // [group][indicator], with the retention indicators taken from the replication's cohorts.
  std::vector<std::vector<double>> finish(const CohortRetention& retention) const;

 private:
  const IndicatorLayout& layout_;
  CellLayout cells_;
  std::vector<bool> grassroots_;  // by county slot
  std::vector<int> payer_;        // by policy: PayingLevel
  int start_year_;
  // Positions of the indicators that come in runs: first of each, and per policy and year.
  std::size_t first_source_, first_field_, first_level_, first_title_, first_retention_;
  std::vector<std::size_t> policy_cost_of_;            // by policy
  std::vector<std::size_t> stock_end_of_, cost_to_of_;  // by year since the start year
  std::vector<std::vector<double>> values_;            // [group][indicator]
  std::vector<std::int32_t> last_stock_, last_by_title_, last_posts_, last_vacancies_;
};

class HorizonSummary {
 public:
  explicit HorizonSummary(std::shared_ptr<const IndicatorLayout> layout);

  void add_replication(const std::vector<std::vector<double>>& values);  // [group][indicator]

  const IndicatorLayout& layout() const { return *layout_; }
  const std::vector<ReportingGroup>& groups() const { return layout_->groups(); }
  const std::vector<std::string>& indicator_names() const { return layout_->names(); }
  int replications() const { return replications_; }
  // One value per replication, in replication order.
  const std::vector<double>& values(std::size_t group, std::size_t indicator) const {
    return values_[group][indicator];
  }
  Interval interval(std::size_t group, std::size_t indicator) const;

  // The summary JSON (scenario, seed, version, then indicators by group).
  std::string to_json(const Scenario& scenario) const;

 private:
  std::shared_ptr<const IndicatorLayout> layout_;
  std::vector<std::vector<std::vector<double>>> values_;  // [group][indicator][replication]
  int replications_ = 0;
};

}  // namespace kunlun
