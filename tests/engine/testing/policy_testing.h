// Shared by the policy tests: runs compared with the small scenario's baseline, voluntary
// departures of a targeted group, and the talents a policy places (ids, where they went).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/placement.h"
#include "model/simulation.h"
#include "testing/scenario_run_testing.h"

namespace kunlun::testing {

// Venture starts are too rare at the baseline rate (0.004 a year: about 30 a year in the whole
// 2% population) to tell a loan's factor from noise in part of the province. A start rate of 0.05
// keeps the monthly probability small, so the loan's log-odds shift still acts as a factor on it.
inline const std::string kVentures = "behaviour:\n  entrepreneurship:\n    annual_start_rate: 0.05\n";

// The small scenario's first replication, run once per test program.
inline const std::vector<StepResult>& baseline() {
  static const std::vector<StepResult> base = run(kSmallScenario);
  return base;
}

inline void expect_identical(const std::vector<StepResult>& a, const std::vector<StepResult>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t m = 0; m < a.size(); ++m) {
    EXPECT_EQ(a[m].stock, b[m].stock) << "month " << m;
    EXPECT_EQ(a[m].flows.counts, b[m].flows.counts) << "month " << m;
    EXPECT_EQ(a[m].service_days, b[m].service_days) << "month " << m;
  }
}

// Voluntary departures (to other counties and out of the province) from the counties for which
// `county` holds, in the fields and levels for which `field` and `level` hold, over the run.
template <class F, class L>
long departures(const std::vector<StepResult>& run, const CellLayout& cells, const std::vector<bool>& county,
                F field, L level) {
  long n = 0;
  for (const StepResult& s : run)
    for (int c = 0; c < cells.counties; ++c) {
      if (!county[static_cast<std::size_t>(c)]) continue;
      for (int f = 0; f < cells.fields; ++f)
        for (int l = 0; l < kLevels; ++l)
          if (field(f) && level(l))
            n += s.flows.get(Flow::outflow_internal, cells.index(c, f, l)) +
                 s.flows.get(Flow::outflow_external, cells.index(c, f, l));
    }
  return n;
}

inline bool mid_or_junior(int level) { return level != static_cast<int>(Level::high_end); }
inline bool any(int) { return true; }

// Index of each agent by id, after a step.
inline std::map<std::uint64_t, std::size_t> by_id(const AgentStore& a) {
  std::map<std::uint64_t, std::size_t> out;
  for (std::size_t i = 0; i < a.size(); ++i) out[a.id[i]] = i;
  return out;
}

// The ids the placement process gives the talents a policy orders in one step.
inline std::vector<std::uint64_t> placed_ids(int policy, std::uint32_t step, int count) {
  std::vector<std::uint64_t> out;
  for (int s = 0; s < count; ++s)
    out.push_back(placement_id(PlacementKind::policy_order, policy, step, static_cast<std::uint32_t>(s)));
  return out;
}

// Placed talents by county x field must follow the target's job capacity at the run's scale:
// largest remainder leaves each cell within one of its exact quota.
inline void expect_split_by_capacity(const InitialState& state, const Policy& p, const std::map<int, int>& placed,
                                     int total) {
  const RegionTable& regions = state.regions;
  const int fields = regions.field_count();
  double capacity = 0;
  for (int c = 0; c < regions.county_count(); ++c)
    for (int f = 0; f < fields; ++f)
      if (p.target().county[static_cast<std::size_t>(c)] && p.target().field[static_cast<std::size_t>(f)])
        capacity += std::round(regions.county(c).jobs[static_cast<std::size_t>(f)] * state.scenario.population.scale);
  int sum = 0;
  for (int c = 0; c < regions.county_count(); ++c)
    for (int f = 0; f < fields; ++f) {
      const auto it = placed.find(c * fields + f);
      const int n = it == placed.end() ? 0 : it->second;
      sum += n;
      const bool targeted =
          p.target().county[static_cast<std::size_t>(c)] && p.target().field[static_cast<std::size_t>(f)];
      const double quota =
          targeted
              ? total *
                    std::round(regions.county(c).jobs[static_cast<std::size_t>(f)] * state.scenario.population.scale) /
                    capacity
              : 0.0;
      EXPECT_LT(std::fabs(n - quota), 1.0) << "county " << c << " field " << f;
    }
  EXPECT_EQ(sum, total);
}

}  // namespace kunlun::testing
