// One month of a replication: policies write the levers, the scheduled processes run in passes
// over the agents (model/schedule.h), and the month's stock, flows and costs are tallied.
#include "model/simulation.h"

#include <omp.h>

#include <typeinfo>

#include "core/agent_counts.h"
#include "model/open_posts.h"
#include "model/schedule.h"

namespace kunlun {

namespace {
using Clock = ProfileClock;
}  // namespace

void StepContext::add_agent(const AgentRecord& r) {
  agents.add(r);
  census.count(r.county, r.field, r.level, r.title, r.origin, r.employer);
}

Simulation::Simulation(std::shared_ptr<const InitialState> initial, std::uint32_t replication)
    : initial_(std::move(initial)),
      replication_(replication),
      rng_(initial_->scenario.seed, replication),
      fixed_levers_(ClassLayout{initial_->regions.county_count(), initial_->regions.field_count()}),
      levers_(fixed_levers_),
      tallies_(omp_get_max_threads(), initial_->empty_tally()),
      basis_(ClassLayout{initial_->regions.county_count(), initial_->regions.field_count()},
             static_cast<int>(initial_->policies.size())),
      departures_(12, std::vector<std::int32_t>(static_cast<std::size_t>(initial_->regions.county_count()), 0)),
      departure_share_(static_cast<std::size_t>(initial_->regions.county_count()), 0.0) {
  policies_ = initial_->policies;
  agents_ = initial_->population_for_simulation();
  processes_ = scheduled_processes();
  census_ = Census(initial_->cells);
  job_capacity_ = initial_->job_capacity;
  result_.flows = initial_->empty_tally();
  result_.costs = CostLedger(static_cast<int>(initial_->policies.size()), initial_->regions.county_count());
}

void Simulation::set_policies(std::vector<std::shared_ptr<const Policy>> policies) {
  const auto where = [](const std::shared_ptr<const Policy>& p) { return "policies." + p->name(); };
  if (policies.size() != policies_.size())
    throw InputError({}, "policies", "a run cannot gain or lose policies once it has started",
                     "declare every policy in the scenario from the start (with a later start to begin "
                     "it later) and set its end to stop it");
  for (std::size_t i = 0; i < policies.size(); ++i) {
    if (policies[i]->name() != policies_[i]->name())
      throw InputError({}, where(policies_[i]), "a run cannot rename or reorder its policies",
                       "change a policy's parameters under its own name");
    if (typeid(*policies[i]) != typeid(*policies_[i]))
      throw InputError({}, where(policies_[i]) + ".type", "the type of a policy cannot change during a run",
                       "end this policy and declare the other type in the scenario with a later start");
    if (policies[i]->payer() != policies_[i]->payer())
      throw InputError({}, where(policies_[i]) + ".payer", "the paying level cannot change during a run",
                       "costs already booked name the payer; compare a scenario with the other payer instead");
    // Months already simulated stay as they were: dates may only move within the months ahead.
    const YearMonth next = date(), last = next.plus_months(-1);
    const Policy &was = *policies_[i], &now = *policies[i];
    if (now.start() != was.start() && (was.start() < next || now.start() < next))
      throw InputError({}, where(policies_[i]) + ".start",
                       "the start cannot move from " + was.start().str() + " to " + now.start().str() +
                           ": months before " + next.str() + " are already simulated",
                       was.start() < next ? "a policy that has started keeps its start; set its end to stop it"
                                          : "start it at " + next.str() + " or later");
    if (now.end() != was.end() && now.end() < last)
      throw InputError({}, where(policies_[i]) + ".end",
                       "the end " + now.end().str() + " is before " + last.str() + ", the last month simulated",
                       "end it at " + last.str() + " (it then stops from " + next.str() + ") or later");
  }
  policies_ = std::move(policies);
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
  const auto step_start = Clock::now();
  if (omp_get_max_threads() > tallies_.threads()) {
    tallies_ = ThreadTallies(omp_get_max_threads(), initial_->empty_tally());
    profiler_.grow_threads(tallies_.threads());
  }
  levers_ = fixed_levers_;
  for (const auto& policy : policies_)
    if (policy->writes_in(date())) policy->write_levers(levers_, date());
  update_departure_share();
  basis_.clear();
  // Growing capacity changes each January; the start year's is the initial state's.
  if (initial_->jobs_grow() && date().month() == 1 && steps_done_ > 0)
    job_capacity_ = initial_->job_capacity_in(date().year());
  auto& departures = departures_[steps_done_ % 12];  // this month's slot in the ring of twelve
  std::fill(departures.begin(), departures.end(), 0);
  const auto month_start = Clock::now();

  StepContext ctx{scenario(), regions(), levers_,  rng_,    initial_->cells, job_capacity_,
                  agents_,    tallies_,  date(),   steps_done_, basis_,     places_,
                  departure_share_,      departures,  initial_->initial_ventures, census_};
  run_processes(ctx);

  const auto bookkeeping_start = Clock::now();
  result_.date = ctx.date;
  result_.flows.clear();
  tallies_.merge_into(result_.flows);
  // Stock by cell and title from the census (the last pass and the arrivals after it), flexible
  // talents apart for their service days.
  const CellLayout cells = initial_->cells;
  const auto n = static_cast<std::size_t>(cells.size());
  const double days = scenario().behaviour.recruitment.flexible.service_days_per_month;
  result_.stock.assign(n, 0);
  result_.service_days.assign(n, 0.0);
  result_.stock_by_title.assign(static_cast<std::size_t>(cells.counties) * kTitles, 0);
  const auto per_county = static_cast<std::size_t>(cells.fields * kLevels);
  std::int64_t active = 0;
  for (std::size_t k = 0; k < n; ++k) {
    std::int32_t flexible = 0;
    for (int t = 0; t < kTitles; ++t) {
      const std::int32_t holders = census_.stock[Census::stock_bin(static_cast<int>(k), t, false)];
      const std::int32_t flex = census_.stock[Census::stock_bin(static_cast<int>(k), t, true)];
      flexible += flex;
      result_.stock[k] += holders + flex;
      result_.stock_by_title[k / per_county * kTitles + static_cast<std::size_t>(t)] += holders + flex;
    }
    active += result_.stock[k];
    result_.service_days[k] = days * flexible;
  }
  // Departed agents stay in the store (skipped by every process) until they are an eighth of it:
  // dropping them rewrites every column, and order is kept either way, so results do not change.
  departed_in_store_ = static_cast<std::int64_t>(agents_.size()) - active;
  if (departed_in_store_ > static_cast<std::int64_t>(agents_.size() / 8)) {
    agents_.remove_inactive();
    departed_in_store_ = 0;
  }
  result_.posts = posts(ctx);
  result_.vacancies = open_posts(ctx);
  for (std::int32_t& v : result_.vacancies) v = std::max(v, 0);
  result_.costs.clear();
  for (const auto& policy : policies_) policy->book_costs(basis_, result_.costs, ctx.date);
  ++steps_done_;
  if (profiler_.on()) {
    const auto end = Clock::now();
    profiler_.add_step(seconds_between(bookkeeping_start, end) + seconds_between(step_start, month_start),
                       seconds_between(step_start, end));
  }
  return result_;
}

void Simulation::run_processes(StepContext& ctx) {
  // The month's plan is made first, so that only its last pass counts the stock (the earlier ones
  // count posts only).
  const std::vector<MonthSegment> plan = plan_month(processes_, ctx);
  std::size_t last_pass = 0;
  for (std::size_t s = 0; s < plan.size(); ++s)
    if (!plan[s].pass.empty()) last_pass = s;
  for (std::size_t s = 0; s < plan.size(); ++s) {
    pass_over_agents(ctx, plan[s].pass, s == last_pass);
    const std::size_t p = plan[s].population;
    if (p == processes_.size()) break;
    const auto start = Clock::now();
    processes_[p]->act_on_population(ctx);
    if (profiler_.on()) profiler_.add_population(p, seconds_between(start, Clock::now()));
  }
}

void Simulation::pass_over_agents(StepContext& ctx, const std::vector<std::size_t>& stages, bool count_stock) {
  if (stages.empty()) return;
  const auto start = Clock::now();
  for (std::size_t p : stages) processes_[p]->prepare(ctx);
  const int threads = tallies_.threads();
  if (static_cast<int>(census_parts_.size()) != threads) census_parts_.assign(static_cast<std::size_t>(threads), census_);
  for (Census& part : census_parts_) part.clear();
  const std::int64_t n = static_cast<std::int64_t>(agents_.size());
  const std::int64_t blocks = (n + kBlockAgents - 1) / kBlockAgents;
  const bool profiling = profiler_.on();
#pragma omp parallel num_threads(threads)
  {
    const int thread = omp_get_thread_num();
    Census& census = census_parts_[static_cast<std::size_t>(thread)];
    std::vector<double>* timing = profiling ? &profiler_.thread_slots(thread) : nullptr;
#pragma omp for schedule(static)
    for (std::int64_t b = 0; b < blocks; ++b) {
      const AgentBlock block{b * kBlockAgents, std::min(n, (b + 1) * kBlockAgents), thread};
      // Clock reads only when profiling: a block's stages take microseconds, a read ~20 ns.
      auto t0 = timing ? Clock::now() : Clock::time_point{};
      const auto lap = [&](std::size_t slot) {
        if (!timing) return;
        const auto t1 = Clock::now();
        (*timing)[slot] += seconds_between(t0, t1);
        t0 = t1;
      };
      for (std::size_t p : stages) {
        processes_[p]->visit(ctx, block);
        lap(p);
      }
      census.count(agents_, block.begin, block.end, count_stock);
      lap(processes_.size());
    }
  }
  census_.clear();
  for (const Census& part : census_parts_) census_.add(part);
  for (std::size_t p : stages) processes_[p]->finish(ctx);
  if (profiler_.on()) profiler_.add_pass(seconds_between(start, Clock::now()));
}

void Simulation::set_profiling(bool on) {
  if (!on) {
    profiler_.stop();
    return;
  }
  std::vector<std::string> names;
  for (const auto& p : processes_) names.emplace_back(p->name());
  profiler_.start(names, tallies_.threads());
}

const AgentStore& Simulation::agents() const {
  if (departed_in_store_ > 0) agents_.remove_inactive();
  departed_in_store_ = 0;
  return agents_;
}

std::vector<std::int32_t> Simulation::stock_by_cell() const {
  const CellLayout cells = initial_->cells;
  const AgentStore& a = agents_;
  return count_active_by(a, static_cast<std::size_t>(cells.size()), [&](std::int64_t i) {
    return cells.index(a.county[i], a.field[i], a.level[i]);
  });
}

std::vector<std::string> Simulation::process_order() { return scheduled_process_names(); }

}  // namespace kunlun
