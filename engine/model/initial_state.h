// What every replication of a scenario starts from: the region table, the synthesised population,
// the policies and the job capacities scaled to the population. Built once, shared read-only.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "core/agent_store.h"
#include "core/population_margins.h"
#include "core/region_table.h"
#include "model/flow_tally.h"
#include "policy/policy.h"
#include "scenario/scenario.h"

namespace kunlun {

struct InitialState {
  Scenario scenario;
  RegionTable regions;
  PopulationMargins margins;  // the population was synthesised from (end_margins.csv counts by them)
  std::size_t initial_agents = 0;  // the population's size (the population may be handed over)
  CellLayout cells;
  std::vector<std::int32_t> job_capacity;  // county x field in the start year (job_capacity_in)
  std::vector<std::shared_ptr<const Policy>> policies;  // in scenario order
  std::vector<std::int32_t> initial_ventures;          // county x field
  std::vector<std::int32_t> flexible_posts;            // county x field: initial flexible talents
  // The stock the run starts from, as a step reports it (the end of the month before the start),
  // counted before the population may be handed over: by cell and by county x title.
  std::vector<std::int32_t> initial_stock, initial_stock_by_title;

  // County x field: round(jobs x population.scale x (1 + growth)^(year - jobs_year)), less the
  // posts the initial flexible talents were given (they hold none).
  std::vector<std::int32_t> job_capacity_in(int year) const;
  bool jobs_grow() const { return scenario.population.jobs_growth_per_year != 0; }

  // An empty per-step tally shaped for this region table.
  FlowTally empty_tally() const;
  static std::shared_ptr<const InitialState> prepare(const Scenario& scenario);

  // The starting population, for a simulation to own: a copy (with room to grow), or, for the
  // last of the simulations announced by plan_simulations, the population itself, so that a
  // large run does not hold it twice. Without a plan, always a copy.
  AgentStore population_for_simulation() const;
  void plan_simulations(int count) const;
  // The starting population, read-only (empty once handed over).
  const AgentStore& population() const { return population_; }

 private:
  // Built by prepare; handed out by population_for_simulation (hence mutable).
  mutable AgentStore population_;
  mutable std::mutex hand_out_;
  mutable int simulations_left_ = 0;  // 0: no plan
  mutable bool handed_over_ = false;
};

}  // namespace kunlun
