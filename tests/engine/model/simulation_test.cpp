// The simulation loop: stock identity (with every process and policy of the shipped scenarios too),
// flows that add up, determinism across thread counts, levers, the population handed over, and
// policies changed between months, on a small variant of the Qinghai baseline.
#include <gtest/gtest.h>
#include <omp.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "model/ageing_retirement.h"
#include "model/simulation.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"
#include "testing/scenario_run_testing.h"

using namespace kunlun;
using kunlun::testing::small_variant;
namespace fs = std::filesystem;

namespace {
const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";
const std::string kScenarios = std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai";

std::shared_ptr<const InitialState> small_state() {
  static const auto state = InitialState::prepare(load_scenario(kSmall));
  return state;
}

std::vector<StepResult> run_all(Simulation& sim) {
  std::vector<StepResult> out;
  while (!sim.finished()) out.push_back(sim.step());
  return out;
}

struct ThreadCount {
  explicit ThreadCount(int n) { omp_set_num_threads(n); }
  ~ThreadCount() { omp_set_num_threads(omp_get_num_procs()); }
};
}  // namespace

TEST(Simulation, StockIdentityHoldsForEveryCellAndMonth) {
  Simulation sim(small_state(), 0);
  std::vector<std::int32_t> before = sim.stock_by_cell();
  long inflow = 0, outflow = 0, retired = 0, moved_in = 0, moved_out = 0;
  while (!sim.finished()) {
    const StepResult& s = sim.step();
    for (std::size_t cell = 0; cell < before.size(); ++cell) {
      const int c = static_cast<int>(cell);
      const std::int32_t expected = before[cell] + s.flows.get(Flow::inflow, c) +
                                    s.flows.get(Flow::inflow_internal, c) - s.flows.get(Flow::outflow_internal, c) -
                                    s.flows.get(Flow::outflow_external, c) - s.flows.get(Flow::term_ends, c) -
                                    s.flows.get(Flow::retirements, c);
      ASSERT_EQ(s.stock[cell], expected) << "cell " << cell << " at " << s.date.str();
      inflow += s.flows.get(Flow::inflow, c);
      moved_in += s.flows.get(Flow::inflow_internal, c);
      moved_out += s.flows.get(Flow::outflow_internal, c);
      outflow += s.flows.get(Flow::outflow_external, c);
      retired += s.flows.get(Flow::retirements, c);
    }
    before = s.stock;
  }
  // The identity is only meaningful if every flow happened.
  EXPECT_GT(inflow, 0);
  EXPECT_GT(outflow, 0);
  EXPECT_GT(retired, 0);
  EXPECT_GT(moved_out, 0);
  EXPECT_EQ(moved_in, moved_out);  // every internal move leaves one county and enters another
}

TEST(ShippedScenarios, StockIdentityAndThreadIndependenceWithEveryProcessAndPolicy) {
  const fs::path file = small_variant("combined-small", kScenarios + "/combined.yaml");
  const auto state = InitialState::prepare(load_scenario(file));
  ASSERT_GE(state->policies.size(), 4u);
  std::vector<std::vector<StepResult>> runs;
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    Simulation sim(state, 0);
    std::vector<std::int32_t> before = sim.stock_by_cell();
    std::vector<StepResult> steps;
    while (!sim.finished()) {
      const StepResult& s = sim.step();
      for (std::size_t cell = 0; cell < before.size(); ++cell) {
        const int c = static_cast<int>(cell);
        ASSERT_EQ(s.stock[cell], before[cell] + s.flows.get(Flow::inflow, c) + s.flows.get(Flow::inflow_internal, c) -
                                     s.flows.get(Flow::outflow_internal, c) - s.flows.get(Flow::outflow_external, c) -
                                     s.flows.get(Flow::term_ends, c) - s.flows.get(Flow::retirements, c));
      }
      before = s.stock;
      steps.push_back(s);
    }
    runs.push_back(std::move(steps));
  }
  omp_set_num_threads(2);
  double cost = 0;
  for (std::size_t m = 0; m < runs[0].size(); ++m) {
    EXPECT_EQ(runs[0][m].stock, runs[1][m].stock) << "month " << m;
    EXPECT_EQ(runs[0][m].flows.counts, runs[1][m].flows.counts) << "month " << m;
    for (int p = 0; p < runs[0][m].costs.policies(); ++p) {
      EXPECT_EQ(runs[0][m].costs.policy_total(p), runs[1][m].costs.policy_total(p)) << "month " << m;
      cost += runs[0][m].costs.policy_total(p);
    }
  }
  EXPECT_GT(cost, 0);  // the packages pay something
}

TEST(Simulation, ArrivalsMovesAndTitlesAddUpToTheFlows) {
  kunlun::testing::run(kunlun::testing::kSmallScenario, [](const Simulation& sim, const StepResult& step) {
    const CellLayout cells = sim.cells();
    const int counties = cells.counties;
    std::int64_t inflow = 0, internal = 0, external = 0, entries = 0, moves_in = 0, moves_out = 0, stock = 0, titled = 0;
    for (int cell = 0; cell < cells.size(); ++cell) {
      inflow += step.flows.get(Flow::inflow, cell);
      internal += step.flows.get(Flow::outflow_internal, cell);
      external += step.flows.get(Flow::outflow_external, cell);
      stock += step.stock[static_cast<std::size_t>(cell)];
    }
    for (const auto n : step.flows.entries) entries += n;
    for (int from = 0; from < counties; ++from)
      for (int to = 0; to < step.flows.places; ++to)
        (to < counties ? moves_in : moves_out) += step.flows.move(from, to);
    for (const auto n : step.stock_by_title) titled += n;
    EXPECT_EQ(entries, inflow) << step.date.str();
    EXPECT_EQ(moves_in, internal) << step.date.str();
    // Rotating cadres and flexible talents leave at the end of their term without choosing a place.
    EXPECT_LE(moves_out, external) << step.date.str();
    EXPECT_EQ(titled, stock) << step.date.str();
  });
}

TEST(Simulation, ResultsAreIdenticalForOneTwoAndFourThreads) {
  std::vector<std::vector<StepResult>> runs;
  std::vector<std::vector<std::uint64_t>> final_ids;
  for (const int threads : {1, 2, 4}) {
    ThreadCount tc(threads);
    Simulation sim(small_state(), 1);
    runs.push_back(run_all(sim));
    final_ids.push_back(sim.agents().id);
  }
  for (std::size_t r = 1; r < runs.size(); ++r) {
    ASSERT_EQ(runs[r].size(), runs[0].size());
    for (std::size_t t = 0; t < runs[0].size(); ++t) {
      EXPECT_EQ(runs[r][t].stock, runs[0][t].stock) << "month " << t;
      EXPECT_EQ(runs[r][t].flows.counts, runs[0][t].flows.counts) << "month " << t;
    }
    EXPECT_EQ(final_ids[r], final_ids[0]);
  }
}

TEST(Simulation, ReplicationsDifferAndEachIsReproducible) {
  Simulation a(small_state(), 0), b(small_state(), 1), a2(small_state(), 0);
  const auto ra = run_all(a), rb = run_all(b), ra2 = run_all(a2);
  EXPECT_NE(ra.back().stock, rb.back().stock);
  EXPECT_EQ(ra.back().stock, ra2.back().stock);
}

TEST(Simulation, NoActiveAgentIsPastRetirementAge) {
  Simulation sim(small_state(), 0);
  const RetirementParams& p = sim.scenario().behaviour.retirement;
  while (!sim.finished()) {
    sim.step();
    const AgentStore& a = sim.agents();
    const int today = sim.date().index() - 1;  // the month just simulated
    for (std::size_t i = 0; i < a.size(); ++i)
      ASSERT_LT(a.age_months[i], retirement_age_months(p, static_cast<Sex>(a.sex[i]), today - a.age_months[i],
                                                       static_cast<Title>(a.title[i])));
  }
}

TEST(Simulation, ExitLeverRaisesDeparturesOnlyWhereItIsSet) {
  const auto state = small_state();
  Simulation base(state, 0), pushed(state, 0);
  const int target = 0;  // first county
  for (int cls = 0; cls < pushed.fixed_levers().classes(); ++cls)
    pushed.fixed_levers().add(Lever::exit_log_odds, target, cls, 1.5f);
  const StepResult b = base.step();
  const StepResult p = pushed.step();
  const CellLayout& cells = state->cells;
  long target_base = 0, target_pushed = 0;
  for (int c = 0; c < cells.counties; ++c)
    for (int f = 0; f < cells.fields; ++f)
      for (int l = 0; l < kLevels; ++l) {
        const int cell = cells.index(c, f, l);
        if (c == target) {
          target_base += b.flows.get(Flow::outflow_external, cell);
          target_pushed += p.flows.get(Flow::outflow_external, cell);
        } else {
          // Common random numbers: every agent elsewhere meets the same luck in both runs.
          ASSERT_EQ(b.flows.get(Flow::outflow_external, cell), p.flows.get(Flow::outflow_external, cell));
        }
      }
  // A log-odds shift of 1.5 multiplies small hazards by about e^1.5 = 4.5; the same uniforms
  // are used, so every departure of the base run also happens in the pushed run.
  EXPECT_GT(target_pushed, 2 * target_base);
  EXPECT_GT(target_base, 0);
}

TEST(Simulation, NobodyStartsAtOrPastRetirementAgeSoTheFirstMonthHasNoRetirementWave) {
  const auto state = small_state();
  const RetirementParams& p = state->scenario.behaviour.retirement;
  const AgentStore& a = state->population();
  const int before_start = state->scenario.start.index() - 1;  // ages are as of this month's end
  for (std::size_t i = 0; i < a.size(); ++i)
    ASSERT_LT(a.age_months[i], retirement_age_months(p, static_cast<Sex>(a.sex[i]), before_start - a.age_months[i],
                                                     static_cast<Title>(a.title[i])))
        << "agent " << a.id[i];
  // Month 1 retires about as many as a typical month (the 2025 reform makes some months empty),
  // not the backlog of everyone the margins place past retirement age.
  Simulation sim(state, 0);
  std::vector<long> retired;
  while (!sim.finished()) {
    const StepResult& s = sim.step();
    long r = 0;
    for (int cell = 0; cell < state->cells.size(); ++cell) r += s.flows.get(Flow::retirements, cell);
    retired.push_back(r);
  }
  long later_max = 0;
  for (std::size_t m = 1; m < retired.size(); ++m) later_max = std::max(later_max, retired[m]);
  EXPECT_LE(retired[0], later_max);
}

// The last of the planned simulations takes the population over instead of copying it, and
// simulates exactly what a copy would.
TEST(Simulation, LastPlannedSimulationTakesThePopulationOver) {
  const auto reference = small_state();
  Simulation copied(reference, 0);
  const auto results = run_all(copied);

  const auto planned = InitialState::prepare(reference->scenario);
  planned->plan_simulations(2);
  const std::size_t n = planned->initial_agents;
  Simulation first(planned, 0);
  EXPECT_EQ(planned->population().size(), n) << "the first of two gets a copy";
  Simulation last(planned, 0);
  EXPECT_EQ(planned->population().size(), 0u) << "the last takes it over";
  EXPECT_GE(last.agents().capacity(), n + n / 4) << "with room to grow";
  const auto a = run_all(first), b = run_all(last);
  ASSERT_EQ(a.size(), results.size());
  for (std::size_t t = 0; t < results.size(); ++t) {
    EXPECT_EQ(a[t].stock, results[t].stock) << t;
    EXPECT_EQ(b[t].stock, results[t].stock) << t;
    EXPECT_EQ(b[t].flows.counts, results[t].flows.counts) << t;
  }
}

// Profiling times every process that ran, and the parts add up to no more than the months.
// Times are wall-clock and vary with the machine's load, so only what is exact is checked:
// every process is named, in schedule order, and every month was counted.
TEST(Simulation, ProfileTimesEveryProcess) {
  Simulation sim(small_state(), 0);
  sim.set_profiling(true);
  run_all(sim);
  const StepProfile p = sim.profile();
  ASSERT_EQ(p.processes, Simulation::process_order());
  EXPECT_EQ(p.steps, static_cast<std::uint32_t>(sim.scenario().months()));
  EXPECT_EQ(p.population_seconds.size(), p.processes.size());
  EXPECT_EQ(p.agent_thread_seconds.size(), p.processes.size());
}

// Once the planned simulations took the population, another one is a programming error, not an
// empty run.
TEST(Simulation, NoSimulationAfterThePopulationWasHandedOver) {
  const auto planned = InitialState::prepare(small_state()->scenario);
  planned->plan_simulations(1);
  Simulation only(planned, 0);
  EXPECT_THROW(Simulation(planned, 1), std::logic_error);
}

namespace {
// The small scenario with a rent subsidy for everyone in Yushu, at `monthly_cny` (and `payer`).
Scenario with_rent(const std::string& monthly_cny, const std::string& payer = "province") {
  ConfigNode tree = small_state()->scenario.tree;
  set_path(tree, "policies.rent.type", ConfigNode::scalar("housing_rent_subsidy"));
  set_path(tree, "policies.rent.monthly_cny", ConfigNode::scalar(monthly_cny));
  set_path(tree, "policies.rent.payer", ConfigNode::scalar(payer));
  ConfigNode regions = ConfigNode::list();
  regions.items().push_back(ConfigNode::scalar("yushu"));
  set_path(tree, "policies.rent.target.regions", regions);
  Scenario s = scenario_from_tree(tree, fs::path(kSmall).parent_path());
  s.file = kSmall;
  return s;
}

std::vector<std::shared_ptr<const Policy>> policies_of(const Scenario& s, const RegionTable& regions) {
  std::vector<std::shared_ptr<const Policy>> out;
  for (auto& p : build_policies(s, regions)) out.push_back(std::move(p));
  return out;
}

double total_cost(const StepResult& r) { return r.costs.policy_total(0); }
}  // namespace

// Policies changed between months act from the next month on; the months before are untouched.
TEST(Simulation, PoliciesChangedBetweenMonthsActFromTheNextMonth) {
  const auto initial = InitialState::prepare(with_rent("1000"));
  Simulation changed(initial, 0), kept(initial, 0);
  for (int m = 0; m < 3; ++m) {
    const double a = total_cost(changed.step()), b = total_cost(kept.step());
    EXPECT_GT(a, 0.0);
    EXPECT_EQ(a, b) << m;
  }
  changed.set_policies(policies_of(with_rent("3000"), initial->regions));
  const double raised = total_cost(changed.step()), same = total_cost(kept.step());
  EXPECT_GT(raised, 2.5 * same) << "three times the amount for about the same tenants";
  changed.set_policies(policies_of(with_rent("0"), initial->regions));
  EXPECT_EQ(total_cost(changed.step()), 0.0);
}

TEST(Simulation, PoliciesMayChangeParametersButNotWhoPays) {
  const auto initial = InitialState::prepare(with_rent("1000"));
  Simulation sim(initial, 0);
  EXPECT_THROW(sim.set_policies({}), InputError) << "a policy cannot disappear";
  try {
    sim.set_policies(policies_of(with_rent("1000", "county"), initial->regions));
    FAIL() << "a new payer was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "policies.rent.payer");
  }
  EXPECT_NO_THROW(sim.set_policies(policies_of(with_rent("2000"), initial->regions)));
}

// Months already simulated cannot be rewritten: a started policy keeps its start, and an end moves
// no earlier than the last month simulated (which stops the policy from the next one).
TEST(Simulation, PolicyDatesMoveOnlyWithinTheMonthsAhead) {
  const auto dated = [](const std::string& start, const std::string& end) {
    Scenario s = with_rent("1000");
    set_path(s.tree, "policies.rent.start", ConfigNode::scalar(start));
    set_path(s.tree, "policies.rent.end", ConfigNode::scalar(end));
    Scenario out = scenario_from_tree(s.tree, fs::path(kSmall).parent_path());
    out.file = kSmall;
    return out;
  };
  const auto initial = InitialState::prepare(dated("2026-01", "2027-12"));
  Simulation sim(initial, 0);
  for (int m = 0; m < 6; ++m) sim.step();  // next month 2026-07
  const auto refused_key = [&](const Scenario& s) {
    try {
      sim.set_policies(policies_of(s, initial->regions));
    } catch (const InputError& e) {
      return e.key();
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused_key(dated("2026-03", "2027-12")), "policies.rent.start");
  EXPECT_EQ(refused_key(dated("2026-01", "2026-04")), "policies.rent.end");
  EXPECT_EQ(refused_key(dated("2026-01", "2026-06")), "accepted") << "ends with the last simulated month";
  EXPECT_EQ(total_cost(sim.step()), 0.0);
  EXPECT_EQ(refused_key(dated("2026-01", "2027-06")), "accepted") << "a stopped policy may resume";
  EXPECT_GT(total_cost(sim.step()), 0.0);
}

// Vacancies: posts no talent holds at the end of a month, never more than the posts. With the
// candidate pools dry from the start nobody is recruited, so the posts left by departures and
// retirements stay open: after a year there are more of them than with the baseline's pools.
TEST(Simulation, PostsStayOpenWhenTheCandidatePoolsRunDry) {
  Scenario dry = load_scenario(kSmall);
  dry.behaviour.recruitment.supply_per_year = {0, 0, 0};
  Simulation with_pools(small_state(), 0), without(InitialState::prepare(dry), 0);
  long open_with = 0, open_without = 0;
  for (int month = 0; month < 12; ++month) {
    const StepResult& a = with_pools.step();
    open_with = 0;
    for (std::size_t cf = 0; cf < a.vacancies.size(); ++cf) {
      ASSERT_GE(a.vacancies[cf], 0);
      ASSERT_LE(a.vacancies[cf], a.posts[cf]);
      open_with += a.vacancies[cf];
    }
    const StepResult& b = without.step();
    open_without = 0;
    long recruited = 0;
    for (int c = 0; c < b.flows.places - static_cast<int>(small_state()->regions.outside().size()); ++c)
      for (int s = 0; s < 3; ++s) recruited += b.flows.entry(c, static_cast<EntrySource>(s));
    ASSERT_EQ(recruited, 0) << b.date.str();
    for (std::int32_t v : b.vacancies) open_without += v;
  }
  EXPECT_GT(open_without, open_with + 100);
}
