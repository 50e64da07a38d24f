// The interface of a behaviour process and the context one simulated month hands it. Processes
// run in a fixed, documented order (docs/ODD.md); they read lever tables, never policies.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/agent_store.h"
#include "core/calendar.h"
#include "core/lever_table.h"
#include "core/region_table.h"
#include "core/rng.h"
#include "model/cost_basis.h"
#include "model/flow_tally.h"
#include "scenario/scenario.h"

namespace kunlun {

struct PlaceValues;

struct StepContext {
  const Scenario& scenario;
  const RegionTable& regions;
  const LeverTable& levers;
  const KeyedRng& rng;
  const CellLayout& cells;
  const std::vector<std::int32_t>& job_capacity;  // county x field, scaled to the population
  AgentStore& agents;
  ThreadTallies& tallies;  // flows counted by the process, per thread
  YearMonth date;          // the month being simulated
  std::uint32_t step;      // 0 for the first month
  CostBasis& basis;        // what the month paid, held and placed, for policy costs
  PlaceValues& places;     // this month's utilities (place valuation writes, later processes read)
  const std::vector<double>& departure_share;       // by county: share of stock that left in 12 months
  std::vector<std::int32_t>& voluntary_departures;  // by county, this month (stay-or-move counts)
  const std::vector<std::int32_t>& initial_ventures;  // county x field, at the start of the run
};

class Process {
 public:
  virtual ~Process() = default;
  virtual std::string_view name() const = 0;
  // Advances every active agent through this process for one month. Agents that leave are
  // marked (status), not removed: removal happens once, after every process has run.
  virtual void run(StepContext& ctx) = 0;
};

}  // namespace kunlun
