// The interface of a behaviour process and the context one simulated month hands it. Processes
// run in a fixed, documented order (docs/ODD.md); they read lever tables, never policies. The
// agent-by-agent work of neighbouring processes is fused into one pass over the store, block by
// block, so that a month reads each agent's columns a few times rather than once per process.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/agent_store.h"
#include "core/calendar.h"
#include "core/lever_table.h"
#include "core/region_table.h"
#include "core/rng.h"
#include "core/cost_basis.h"
#include "model/flow_tally.h"
#include "scenario/scenario.h"

namespace kunlun {

struct PlaceValues;
struct Census;

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
  Census& census;  // the active population, as of the last pass over the agents and arrivals since

  // Adds an arrival to the store and to the census.
  void add_agent(const AgentRecord& r);
};

// A contiguous block of agents that one thread takes through the fused processes of a pass: small
// enough that its columns stay in cache from one process to the next, and that a process can keep
// per-agent scratch (batched draws) on the stack.
inline constexpr std::int64_t kBlockAgents = 2048;
struct AgentBlock {
  std::int64_t begin = 0, end = 0;
  int thread = 0;
};

// A process has up to two parts each month, run in this order:
// - a population part, for what needs every agent's state at once (quotas, queues, selections,
//   the utilities of places, arrivals): it runs alone, between passes over the agents;
// - an agent part, for what each agent does on its own: `visit` takes one block of agents on one
//   thread, and runs in the same pass as the agent parts of the processes next to it (no
//   population part in between). `prepare` and `finish` run once, before and after that pass.
// Agents that leave are marked (status), not removed: the store drops them between months.
// An agent part must not depend on other agents' state in this pass, and must write shared
// totals only as integers (per thread, or atomically), so results do not depend on the threads.
class Process {
 public:
  virtual ~Process() = default;
  virtual std::string_view name() const = 0;

  virtual bool acts_on_population(const StepContext&) const { return false; }
  virtual void act_on_population(StepContext&) {}

  virtual bool visits_agents(const StepContext&) const { return false; }
  virtual void prepare(StepContext&) {}
  virtual void visit(StepContext&, AgentBlock) {}
  virtual void finish(StepContext&) {}
};

}  // namespace kunlun
