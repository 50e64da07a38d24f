// The simulated value of each target in one replication, accumulated month by month from the
// steps, with the same definitions as the targets file states (docs/calibration.md).
#pragma once

#include <cstdint>
#include <vector>

#include "calibration/target.h"
#include "model/simulation.h"

namespace kunlun {

class TargetTally {
 public:
  TargetTally(const std::vector<Target>& targets, const InitialState& initial);
  void add_step(const StepResult& step);
  // One value per target, in its unit at full scale (counts divided by population.scale); NaN
  // for a target whose month or period the run does not cover entirely.
  std::vector<double> finish() const;

 private:
  struct Counter {
    const Target* target = nullptr;
    std::vector<int> cells;     // county x field x level cells counted
    std::vector<int> counties;  // entrants and titles: counties counted
    std::vector<int> titles;    // a stock by title: the titles counted
    double sum = 0, stock_sum = 0;
    int months = 0;
  };
  static void add_stock(Counter& c, const std::vector<std::int32_t>& by_cell,
                        const std::vector<std::int32_t>& by_county_title);
  std::vector<Counter> counters_;
  double scale_ = 1;
};

}  // namespace kunlun
