// Scenarios compared with a baseline run on the same seed and replications. Every replication of
// every scenario meets the same luck (common random numbers), so differences are taken replication
// by replication and then summarised: mean difference with its 95% interval, per group and
// indicator, and the cost of each extra talent-year at the grassroots.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "experiment/horizon_summary.h"
#include "experiment/interval.h"

namespace kunlun {

struct PairedDifference {
  std::string scenario, group, indicator;
  Interval baseline, variant;
  Interval difference;    // paired: of variant - baseline per replication
  Range unpaired;         // the interval had the runs not shared their randomness
};

// Extra policy cost over extra grassroots talent-years, both against the baseline, in one group.
struct CostEffectiveness {
  std::string scenario, group;
  Interval extra_cost, extra_years;
  RatioInterval cny_per_talent_year;  // estimate NaN unless extra talent-years are positive
};

class PairedComparison {
 public:
  // Indicators shown first in tables and charts.
  static const std::vector<std::string>& headline();

  PairedComparison(std::string baseline_name, std::shared_ptr<const HorizonSummary> baseline);
  // Compares one more scenario; indicators and groups missing from either side are left out.
  void add(const std::string& name, std::shared_ptr<const HorizonSummary> variant);

  const std::string& baseline_name() const { return baseline_name_; }
  const std::vector<std::string>& scenario_names() const { return names_; }  // variants, in order
  const std::vector<PairedDifference>& differences() const { return differences_; }
  const std::vector<CostEffectiveness>& cost_effectiveness() const { return cost_effectiveness_; }
  // The difference for one variant, group and indicator; nullptr when not compared.
  const PairedDifference* find(const std::string& scenario, const std::string& group,
                               const std::string& indicator) const;

  std::string differences_csv() const;
  std::string cost_effectiveness_csv() const;
  // `scenario`: the baseline scenario, for seed, horizon and scale.
  std::string to_json(const Scenario& baseline) const;

 private:
  std::string baseline_name_;
  std::shared_ptr<const HorizonSummary> baseline_;
  std::vector<std::string> names_;
  std::vector<PairedDifference> differences_;
  std::vector<CostEffectiveness> cost_effectiveness_;
};

}  // namespace kunlun
