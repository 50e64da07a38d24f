// Building the initial state: region table, margins, synthesis, initial circumstances, policies,
// job capacities; and handing the population to the simulations that start from it.
#include "model/initial_state.h"

#include <cmath>
#include <stdexcept>

#include "core/categories.h"
#include "core/population_synthesis.h"
#include "model/ageing_retirement.h"
#include "model/initial_state_check.h"
#include "model/personal_traits.h"
#include "policy/policy_registry.h"

namespace kunlun {

namespace {
// The oldest age (exclusive) at which someone of this sex and title is still at work when the run
// starts. Synthesised ages are as of the end of the month before the start (the first step ages
// everyone by a month); retirement age rises with the birth month, so every younger age works.
WorkingAgeLimit working_age_limit(const RetirementParams& retirement, YearMonth start) {
  WorkingAgeLimit limit{};
  for (int s = 0; s < kSexes; ++s)
    for (int t = 0; t < kTitles; ++t) {
      int age = 16 * 12;
      while (age < retirement_age_months(retirement, static_cast<Sex>(s), start.index() - 1 - age,
                                         static_cast<Title>(t)))
        ++age;
      limit[static_cast<std::size_t>(s)][static_cast<std::size_t>(t)] = age;
    }
  return limit;
}
}  // namespace

std::shared_ptr<const InitialState> InitialState::prepare(const Scenario& scenario) {
  auto state = std::make_shared<InitialState>();
  state->scenario = scenario;
  state->regions = RegionTable::load(scenario.regions);
  const RegionTable& regions = state->regions;
  check_region_table_fits_a_run(regions);
  state->margins = load_population_margins(scenario.population.margins, regions);
  const PopulationMargins& margins = state->margins;
  state->population_ =
      synthesise_population(margins, regions, scenario.population.total, scenario.population.scale,
                            scenario.seed, scenario.start,
                            working_age_limit(scenario.behaviour.retirement, scenario.start));
  assign_initial_circumstances(state->population_, scenario, KeyedRng(scenario.seed, 0));
  state->initial_agents = state->population_.size();
  for (auto& p : build_policies(scenario, regions)) state->policies.push_back(std::move(p));
  state->cells = CellLayout{regions.county_count(), regions.field_count()};
  const std::size_t cells = static_cast<std::size_t>(regions.county_count()) * regions.field_count();
  state->initial_ventures.assign(cells, 0);
  state->flexible_posts.assign(cells, 0);
  state->initial_stock.assign(static_cast<std::size_t>(state->cells.size()), 0);
  state->initial_stock_by_title.assign(static_cast<std::size_t>(regions.county_count()) * kTitles, 0);
  const AgentStore& a = state->population_;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ++state->initial_stock[static_cast<std::size_t>(state->cells.index(a.county[i], a.field[i], a.level[i]))];
    ++state->initial_stock_by_title[static_cast<std::size_t>(a.county[i]) * kTitles + a.title[i]];
    const std::size_t cf = static_cast<std::size_t>(a.county[i]) * regions.field_count() + a.field[i];
    if (a.employer[i] == static_cast<std::uint8_t>(Employer::venture)) ++state->initial_ventures[cf];
    // Flexible talents were placed by jobs like everyone, but hold no post: the posts they were
    // given are not open posts.
    if (a.origin[i] == static_cast<std::uint8_t>(Origin::flexible)) ++state->flexible_posts[cf];
  }
  state->job_capacity = state->job_capacity_in(scenario.start.year());
  return state;
}

std::vector<std::int32_t> InitialState::job_capacity_in(int year) const {
  const auto& p = scenario.population;
  const int base_year = p.jobs_year != 0 ? p.jobs_year : scenario.start.year();
  // Exactly the table's capacity when nothing grows, whatever the years.
  const double factor = p.jobs_growth_per_year == 0 ? 1.0 : std::pow(1.0 + p.jobs_growth_per_year, year - base_year);
  std::vector<std::int32_t> out(flexible_posts.size());
  const int fields = regions.field_count();
  for (int c = 0; c < regions.county_count(); ++c)
    for (int f = 0; f < fields; ++f) {
      const std::size_t cf = static_cast<std::size_t>(c) * fields + f;
      out[cf] = static_cast<std::int32_t>(std::lround(regions.county(c).jobs[static_cast<std::size_t>(f)] * p.scale *
                                                      factor)) -
                flexible_posts[cf];
    }
  return out;
}

void InitialState::plan_simulations(int count) const {
  std::lock_guard<std::mutex> lock(hand_out_);
  simulations_left_ = count;
}

AgentStore InitialState::population_for_simulation() const {
  // Room for a quarter more agents than at the start: arrivals wait in the store with the departed
  // until those are an eighth of it, so a steady population never reallocates its columns.
  // Reserved room is address space: memory is only taken as arrivals fill it.
  const std::size_t room = initial_agents + initial_agents / 4;
  std::lock_guard<std::mutex> lock(hand_out_);
  if (handed_over_)
    throw std::logic_error("InitialState: a simulation was asked for after the planned ones took the population");
  if (simulations_left_ == 1) {
    simulations_left_ = 0;
    handed_over_ = true;
    AgentStore own = std::move(population_);
    population_ = AgentStore{};
    if (own.capacity() < room) own.reserve(room);
    return own;
  }
  if (simulations_left_ > 1) --simulations_left_;
  AgentStore copy;
  copy.assign_with_capacity(population_, room);
  return copy;
}

FlowTally InitialState::empty_tally() const {
  const int counties = regions.county_count();
  return FlowTally(cells.size(), counties, counties + static_cast<int>(regions.outside().size()));
}

}  // namespace kunlun
