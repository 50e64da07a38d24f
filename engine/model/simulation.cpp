#include "model/simulation.h"

#include <omp.h>

#include <cmath>

#include "core/agent_counts.h"
#include "core/population_synthesis.h"
#include "model/ageing_retirement.h"
#include "model/destination.h"
#include "model/entrepreneurship.h"
#include "model/housing.h"
#include "model/pay.h"
#include "model/personal_traits.h"
#include "model/placement.h"
#include "model/recruitment.h"
#include "model/stay_or_move.h"
#include "model/title_evaluation.h"
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
  assign_initial_circumstances(state->population, scenario, KeyedRng(scenario.seed, 0));
  for (auto& p : build_policies(scenario, regions)) state->policies.push_back(std::move(p));
  state->cells = CellLayout{regions.county_count(), regions.field_count()};
  state->job_capacity.resize(static_cast<std::size_t>(regions.county_count()) * regions.field_count());
  for (int c = 0; c < regions.county_count(); ++c)
    for (int f = 0; f < regions.field_count(); ++f)
      state->job_capacity[static_cast<std::size_t>(c) * regions.field_count() + f] =
          static_cast<std::int32_t>(std::lround(regions.county(c).jobs[static_cast<std::size_t>(f)] *
                                                scenario.population.scale));
  state->initial_ventures.assign(state->job_capacity.size(), 0);
  const AgentStore& a = state->population;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t cf = static_cast<std::size_t>(a.county[i]) * regions.field_count() + a.field[i];
    if (a.employer[i] == static_cast<std::uint8_t>(Employer::venture)) ++state->initial_ventures[cf];
    // Flexible talents were placed by jobs like everyone, but hold no post: the posts they were
    // given are not open posts.
    if (a.origin[i] == static_cast<std::uint8_t>(Origin::flexible)) --state->job_capacity[cf];
  }
  return state;
}

namespace {
// The fixed, documented order of docs/ODD.md ("Process overview and scheduling").
// Policies are not processes: they write the lever tables before the processes run.
std::vector<std::unique_ptr<Process>> scheduled_processes() {
  std::vector<std::unique_ptr<Process>> p;
  p.push_back(std::make_unique<AgeingAndRetirement>());
  p.push_back(std::make_unique<TitleEvaluation>());
  p.push_back(std::make_unique<Housing>());
  p.push_back(std::make_unique<Pay>());
  p.push_back(std::make_unique<PlaceValuation>());
  p.push_back(std::make_unique<StayOrMove>());
  p.push_back(std::make_unique<Destination>());
  p.push_back(std::make_unique<Entrepreneurship>());
  p.push_back(std::make_unique<Placement>());
  p.push_back(std::make_unique<Recruitment>());
  return p;
}
}  // namespace

FlowTally InitialState::empty_tally() const {
  const int counties = regions.county_count();
  return FlowTally(cells.size(), counties, counties + static_cast<int>(regions.outside().size()));
}

Simulation::Simulation(std::shared_ptr<const InitialState> initial, std::uint32_t replication)
    : initial_(std::move(initial)),
      replication_(replication),
      rng_(initial_->scenario.seed, replication),
      agents_(initial_->population),
      fixed_levers_(initial_->regions.county_count(), agent_class_count(initial_->regions.field_count())),
      levers_(fixed_levers_),
      tallies_(omp_get_max_threads(), initial_->empty_tally()),
      basis_(initial_->regions.county_count(), agent_class_count(initial_->regions.field_count()),
             static_cast<int>(initial_->policies.size())),
      departures_(12, std::vector<std::int32_t>(static_cast<std::size_t>(initial_->regions.county_count()), 0)),
      departure_share_(static_cast<std::size_t>(initial_->regions.county_count()), 0.0) {
  processes_ = scheduled_processes();
  result_.flows = initial_->empty_tally();
  result_.costs = CostLedger(static_cast<int>(initial_->policies.size()), initial_->regions.county_count());
}

void Simulation::update_departure_share() {
  // Share of each county's stock that left voluntarily in the last twelve months. Months before
  // the start count at the reference rate, so the first year is not read as a calm one.
  const int counties = initial_->regions.county_count();
  const CellLayout cells = initial_->cells;
  std::vector<std::int32_t> stock(static_cast<std::size_t>(counties), 0);
  const std::vector<std::int32_t> by_cell = steps_done_ == 0 ? stock_by_cell() : result_.stock;
  for (int c = 0; c < counties; ++c)
    for (int f = 0; f < cells.fields; ++f)
      for (int l = 0; l < kLevels; ++l) stock[static_cast<std::size_t>(c)] += by_cell[static_cast<std::size_t>(cells.index(c, f, l))];
  const double reference = scenario().behaviour.mobility.peer_reference_share;
  const auto missing = static_cast<int>(12 - std::min<std::uint32_t>(steps_done_, 12));
  for (int c = 0; c < counties; ++c) {
    double left = 0;
    for (const auto& month : departures_) left += month[static_cast<std::size_t>(c)];
    const double s = stock[static_cast<std::size_t>(c)];
    departure_share_[static_cast<std::size_t>(c)] = s > 0 ? left / s + reference * missing / 12.0 : reference;
  }
}

const StepResult& Simulation::step() {
  if (finished()) throw std::logic_error("Simulation::step called after the horizon end");
  if (omp_get_max_threads() > tallies_.threads())
    tallies_ = ThreadTallies(omp_get_max_threads(), initial_->empty_tally());
  levers_ = fixed_levers_;
  for (const auto& policy : initial_->policies)
    if (policy->writes_in(date())) policy->write_levers(levers_, date());
  update_departure_share();
  basis_.clear();
  auto& departures = departures_[steps_done_ % 12];  // this month's slot in the ring of twelve
  std::fill(departures.begin(), departures.end(), 0);

  StepContext ctx{scenario(), regions(), levers_,  rng_,    initial_->cells, initial_->job_capacity,
                  agents_,    tallies_,  date(),   steps_done_, basis_,     places_,
                  departure_share_,      departures,  initial_->initial_ventures};
  for (auto& process : processes_) process->run(ctx);

  result_.date = ctx.date;
  result_.flows.clear();
  tallies_.merge_into(result_.flows);
  agents_.remove_inactive();
  // Stock by cell and title, flexible talents (for their service days) apart, in one pass: bin
  // (cell x title) x 2 + flexible.
  const CellLayout cells = initial_->cells;
  const auto n = static_cast<std::size_t>(cells.size());
  const AgentStore& a = agents_;
  const std::vector<std::int32_t> counts = count_active_by(a, 2 * kTitles * n, [&](std::int64_t i) {
    const auto cell = static_cast<std::size_t>(cells.index(a.county[i], a.field[i], a.level[i]));
    return (cell * kTitles + a.title[i]) * 2 + (a.origin[i] == static_cast<std::uint8_t>(Origin::flexible) ? 1 : 0);
  });
  const double days = scenario().behaviour.recruitment.flexible.service_days_per_month;
  result_.stock.assign(n, 0);
  result_.service_days.assign(n, 0.0);
  result_.stock_by_title.assign(static_cast<std::size_t>(cells.counties) * kTitles, 0);
  const auto per_county = static_cast<std::size_t>(cells.fields * kLevels);
  for (std::size_t k = 0; k < n; ++k) {
    std::int32_t flexible = 0;
    for (std::size_t t = 0; t < kTitles; ++t) {
      const std::int32_t in_title = counts[(k * kTitles + t) * 2] + counts[(k * kTitles + t) * 2 + 1];
      flexible += counts[(k * kTitles + t) * 2 + 1];
      result_.stock[k] += in_title;
      result_.stock_by_title[k / per_county * kTitles + t] += in_title;
    }
    result_.service_days[k] = days * flexible;
  }
  result_.costs.clear();
  for (const auto& policy : initial_->policies) policy->book_costs(basis_, result_.costs, ctx.date);
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

std::vector<std::string> Simulation::process_order() {
  std::vector<std::string> names;
  for (const auto& p : scheduled_processes()) names.emplace_back(p->name());
  return names;
}

}  // namespace kunlun
