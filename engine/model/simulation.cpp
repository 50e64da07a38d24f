#include "model/simulation.h"

#include <omp.h>

#include <cmath>

#include "core/agent_counts.h"
#include "core/population_synthesis.h"
#include "model/ageing_retirement.h"
#include "model/province_exit.h"
#include "model/recruitment.h"
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
  if (regions.county_count() > Recruitment::kMaxCounties || regions.field_count() > Recruitment::kMaxFields)
    throw InputError({regions.source(), 0}, "regions",
                     "too many counties or fields for one run",
                     "at most 4096 counties and 256 fields are supported");
  const PopulationMargins margins = load_population_margins(scenario.population.margins, regions);
  state->population =
      synthesise_population(margins, regions, scenario.population.total, scenario.population.scale,
                            scenario.seed, scenario.start,
                            working_age_limit(scenario.behaviour.retirement, scenario.start));
  for (auto& p : build_policies(scenario, regions)) state->policies.push_back(std::move(p));
  state->cells = CellLayout{regions.county_count(), regions.field_count()};
  state->job_capacity.resize(static_cast<std::size_t>(regions.county_count()) * regions.field_count());
  for (int c = 0; c < regions.county_count(); ++c)
    for (int f = 0; f < regions.field_count(); ++f)
      state->job_capacity[static_cast<std::size_t>(c) * regions.field_count() + f] =
          static_cast<std::int32_t>(std::lround(regions.county(c).jobs[static_cast<std::size_t>(f)] *
                                                scenario.population.scale));
  return state;
}

Simulation::Simulation(std::shared_ptr<const InitialState> initial, std::uint32_t replication)
    : initial_(std::move(initial)),
      replication_(replication),
      rng_(initial_->scenario.seed, replication),
      agents_(initial_->population),
      fixed_levers_(initial_->regions.county_count(), agent_class_count(initial_->regions.field_count())),
      levers_(fixed_levers_),
      tallies_(omp_get_max_threads(), initial_->cells.size()) {
  // The fixed, documented order of docs/ODD.md ("Process overview and scheduling").
  // Policies are not processes: they write the lever tables before the processes run.
  processes_.push_back(std::make_unique<AgeingAndRetirement>());
  processes_.push_back(std::make_unique<ProvinceExit>(scenario().behaviour.exit, regions()));
  processes_.push_back(std::make_unique<Recruitment>());
  result_.flows = FlowTally(initial_->cells.size());
}

const StepResult& Simulation::step() {
  if (finished()) throw std::logic_error("Simulation::step called after the horizon end");
  if (omp_get_max_threads() > tallies_.threads())
    tallies_ = ThreadTallies(omp_get_max_threads(), initial_->cells.size());
  levers_ = fixed_levers_;
  for (const auto& policy : initial_->policies)
    if (policy->active(date())) policy->write_levers(levers_, date());

  StepContext ctx{scenario(), regions(),     levers_, rng_,   initial_->cells, initial_->job_capacity,
                  agents_,    tallies_,      date(),  steps_done_};
  for (auto& process : processes_) process->run(ctx);

  result_.date = ctx.date;
  result_.flows.clear();
  tallies_.merge_into(result_.flows);
  agents_.remove_inactive();
  result_.stock = stock_by_cell();
  ++steps_done_;
  return result_;
}

std::vector<std::int32_t> Simulation::stock_by_cell() const {
  const CellLayout cells = initial_->cells;
  const AgentStore& a = agents_;
  return count_active_by(a, static_cast<std::size_t>(cells.size()), [&](std::int64_t i) {
    return cells.index(a.county[i], a.field[i], a.level[i]);
  });
}

std::vector<std::string_view> Simulation::process_order() const {
  std::vector<std::string_view> names;
  for (const auto& p : processes_) names.push_back(p->name());
  return names;
}

}  // namespace kunlun
