// One replication of a scenario, stepped month by month: the engine's public API, used by the
// CLI, the experiments and the Python package alike.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/agent_store.h"
#include "core/cost_basis.h"
#include "core/lever_table.h"
#include "core/region_table.h"
#include "core/rng.h"
#include "model/census.h"
#include "model/flow_tally.h"
#include "model/initial_state.h"
#include "model/place_valuation.h"
#include "model/process.h"
#include "model/step_profile.h"
#include "policy/cost_ledger.h"
#include "policy/policy.h"
#include "scenario/scenario.h"

namespace kunlun {

// The outcome of one month: stock by cell and by county x title after the month, the flows during
// it, the service days of flexible talents by cell, and each policy's cost by county.
struct StepResult {
  YearMonth date;
  std::vector<std::int32_t> stock;
  std::vector<std::int32_t> stock_by_title;  // county x title
  FlowTally flows;
  std::vector<double> service_days;
  // County x field at the end of the month: the posts (capacity and those ventures opened) and
  // those no talent holds (vacancies; 0 where there are more holders than posts).
  std::vector<std::int32_t> posts, vacancies;
  CostLedger costs;
};

class Simulation {
 public:
  Simulation(std::shared_ptr<const InitialState> initial, std::uint32_t replication);

  const Scenario& scenario() const { return initial_->scenario; }
  const RegionTable& regions() const { return initial_->regions; }
  const CellLayout& cells() const { return initial_->cells; }
  // The active agents. Between months the store may still hold agents who left (it drops them
  // only when they are many, to save a rewrite of every column each month); this drops them, so
  // it must not be called while another thread steps or reads this simulation.
  const AgentStore& agents() const;
  // How many agents are active, without dropping departed ones from the store.
  std::int64_t active_agents() const { return static_cast<std::int64_t>(agents_.size()) - departed_in_store_; }
  std::uint32_t replication() const { return replication_; }

  // The next month to simulate, and how many are done.
  YearMonth date() const { return scenario().start.plus_months(static_cast<int>(steps_done_)); }
  std::uint32_t steps_done() const { return steps_done_; }
  bool finished() const { return static_cast<int>(steps_done_) >= scenario().months(); }

  // Levers held for the whole run, on top of which active policies write each month.
  LeverTable& fixed_levers() { return fixed_levers_; }

  // The policies in force: the scenario's, until replaced.
  const std::vector<std::shared_ptr<const Policy>>& policies() const { return policies_; }
  // Replaces the policies from the next month on (the Python package changes a policy's
  // parameters between steps). The list must name the same policies in the same order with the
  // same payers, so that costs stay attributed to the policy that incurred them; throws
  // InputError otherwise.
  void set_policies(std::vector<std::shared_ptr<const Policy>> policies);
  // Keeps the agent columns alive when the store grows (see AgentStore::replaced_columns).
  void keep_replaced_columns(std::shared_ptr<std::vector<AgentStore>> sink) { agents_.replaced_columns = std::move(sink); }

  // Simulates one month and returns its result (valid until the next call).
  const StepResult& step();

  // Stock by cell now (before any step: the initial population).
  std::vector<std::int32_t> stock_by_cell() const;
  // The processes every month runs, in order.
  static std::vector<std::string> process_order();
  // What the processes of the last month paid, held and placed (the basis of its policy costs).
  const CostBasis& cost_basis() const { return basis_; }
  // This month's place utilities (after a step: those of the month just simulated).
  const PlaceValues& place_values() const { return places_; }

  // Times every process from now on (a little overhead per block of agents).
  void set_profiling(bool on);
  StepProfile profile() const { return profiler_.profile(); }

 private:
  void update_departure_share();
  void run_processes(StepContext& ctx);
  // `count_stock`: the census counts the stock too (the month's last pass), not only posts.
  void pass_over_agents(StepContext& ctx, const std::vector<std::size_t>& stages, bool count_stock);

  std::shared_ptr<const InitialState> initial_;
  std::uint32_t replication_;
  KeyedRng rng_;
  mutable AgentStore agents_;
  mutable std::int64_t departed_in_store_ = 0;  // agents who left but are still in the store
  std::vector<std::shared_ptr<const Policy>> policies_;
  LeverTable fixed_levers_, levers_;
  std::vector<std::unique_ptr<Process>> processes_;
  ThreadTallies tallies_;
  CostBasis basis_;
  PlaceValues places_;
  // Voluntary departures by county in each of the last 12 months (ring), for the peer term.
  std::vector<std::vector<std::int32_t>> departures_;
  std::vector<double> departure_share_;
  Census census_;
  std::vector<std::int32_t> job_capacity_;  // this year's (population.jobs_growth_per_year)
  std::vector<Census> census_parts_;  // per thread, during a pass
  StepResult result_;
  std::uint32_t steps_done_ = 0;
  StepProfiler profiler_;
};

}  // namespace kunlun
