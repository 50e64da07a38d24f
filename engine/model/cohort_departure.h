// Which departures count against an entry cohort's retention: talents who entered the province
// during the run (not rotating cadres or flexible talents, who leave by design), within five years.
#pragma once

#include <cstddef>

#include "core/agent_store.h"
#include "core/categories.h"
#include "model/flow_tally.h"

namespace kunlun {

// Counts agent i leaving its county this month (`leaves_province`: for outside the province, or
// into retirement) against its entry cohort, and marks it as having left its county of entry.
inline void count_cohort_departure(FlowTally& tally, AgentStore& a, std::size_t i, int today, int run_start,
                                   bool leaves_province) {
  const int months = today - a.entry_month[i];
  const auto origin = static_cast<Origin>(a.origin[i]);
  const bool first_move = !a.has(i, agent_flag::moved);
  a.flags[i] = static_cast<std::uint8_t>(a.flags[i] | agent_flag::moved);
  if (a.entry_month[i] < run_start || months < 1 || months > kCohortMonths || origin == Origin::paired_cadre ||
      origin == Origin::flexible)
    return;
  if (leaves_province) tally.add_cohort_loss(a.entry_county[i], months, CohortLoss::province);
  if (first_move) tally.add_cohort_loss(a.entry_county[i], months, CohortLoss::county);
}

}  // namespace kunlun
