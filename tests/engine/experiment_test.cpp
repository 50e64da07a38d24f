// Experiments a planner can trust: intervals against hand-computed values, paired comparisons
// (zero against itself, narrower than unpaired thanks to common random numbers), cohort retention
// arithmetic, the sweep grid and its error messages, and how replications share the threads.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiment/cohort_retention.h"
#include "experiment/interval.h"
#include "experiment/memory_estimate.h"
#include "experiment/parameter_sweep.h"
#include "experiment/replication_batch.h"
#include "experiment/scenario_comparison.h"
#include "input_error_testing.h"
#include "scenario_run_testing.h"

namespace fs = std::filesystem;
using namespace kunlun;
using kunlun::testing::error_of;
using kunlun::testing::scenario_variant;

namespace {
// Student's t 0.975 quantiles for 2 and 4 degrees of freedom, from tables.
constexpr double kT2 = 4.302652729749464, kT4 = 2.7764451051977987;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("kunlun-experiment-" + name);
  fs::remove_all(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Scenario> load_all(const std::vector<fs::path>& files) {
  std::vector<Scenario> out;
  for (const auto& f : files) out.push_back(load_scenario(f));
  return out;
}
}  // namespace

TEST(Interval, PairedDifferenceMatchesHandComputedValues) {
  // Differences 1, 2, 2: mean 5/3, sd sqrt(1/3), half-width t(2) sd / sqrt(3).
  const Interval d = paired_difference({1, 2, 3}, {2, 4, 5});
  EXPECT_EQ(d.n, 3);
  EXPECT_NEAR(d.mean, 5.0 / 3.0, 1e-12);
  EXPECT_NEAR(d.sd, std::sqrt(1.0 / 3.0), 1e-12);
  EXPECT_NEAR(d.low, 5.0 / 3.0 - kT2 * std::sqrt(1.0 / 3.0) / std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(d.low, 0.23244909008351233, 1e-9);
  EXPECT_NEAR(d.high, 3.100884243249821, 1e-9);
}

TEST(Interval, UnpairedDifferenceUsesWelchDegreesOfFreedom) {
  // Equal variances (1) and sizes (3): Welch's degrees of freedom are 2(n - 1) = 4.
  const Range r = unpaired_difference({1, 2, 3}, {4, 5, 6});
  EXPECT_NEAR(r.low, 3 - kT4 * std::sqrt(2.0 / 3.0), 1e-9);
  EXPECT_NEAR(r.high, 3 + kT4 * std::sqrt(2.0 / 3.0), 1e-9);
  // The same pairs, paired, differ by exactly 3 every time: a zero-width interval.
  const Interval p = paired_difference({1, 2, 3}, {4, 5, 6});
  EXPECT_EQ(p.low, 3.0);
  EXPECT_EQ(p.high, 3.0);
}

TEST(Interval, FiellerRatioMatchesHandComputedBounds) {
  const std::vector<double> cost{100, 120, 110}, years{10, 11, 12};
  const RatioInterval r = fieller_ratio(cost, years);
  ASSERT_TRUE(r.bounded);
  EXPECT_DOUBLE_EQ(r.estimate, 10.0);
  EXPECT_NEAR(r.low, 7.9349866501568735, 1e-9);
  EXPECT_NEAR(r.high, 12.602415657249155, 1e-9);
  // Each bound solves (a - R b)^2 = t^2 (var a - 2 R cov + R^2 var b), the variances of the means.
  for (const double R : {r.low, r.high}) {
    const double lhs = std::pow(110 - R * 11, 2);
    const double rhs = kT2 * kT2 * (100.0 / 3 - 2 * R * 5.0 / 3 + R * R / 3);
    EXPECT_NEAR(lhs, rhs, 1e-6);
  }
}

TEST(Interval, FiellerRatioIsUnboundedWhenTheDenominatorMayBeZero) {
  const RatioInterval r = fieller_ratio({100, 120, 110}, {-1, 2, 0.5});
  EXPECT_FALSE(r.bounded);
  EXPECT_TRUE(std::isnan(r.low));
  EXPECT_NEAR(r.estimate, 110 / (1.5 / 3), 1e-9);
}

TEST(PairedComparison, AScenarioComparedWithItselfDiffersByExactlyZero) {
  const fs::path a = scenario_variant("kunlun-self", "self-a", "replications: 3\n");
  const fs::path b = scenario_variant("kunlun-self", "self-b", "replications: 3\n");
  const fs::path out = fresh_dir("self");
  CompareOptions options;
  options.threads = 2;
  const CompareReport report = run_comparison(load_all({a, b}), out, options);
  ASSERT_GT(report.comparison->differences().size(), 100u);
  for (const auto& d : report.comparison->differences()) {
    if (std::isnan(d.baseline.mean)) continue;  // e.g. retention not yet observable
    EXPECT_EQ(d.difference.mean, 0.0) << d.group << " " << d.indicator;
    EXPECT_EQ(d.difference.low, 0.0) << d.group << " " << d.indicator;
    EXPECT_EQ(d.difference.high, 0.0) << d.group << " " << d.indicator;
  }
  // Both scenario folders hold identical outputs but for their names.
  EXPECT_EQ(slurp(out / "self-a" / "timeseries.csv"), slurp(out / "self-b" / "timeseries.csv"));
  for (const char* f : {"comparison.csv", "cost_effectiveness.csv", "comparison.json", "manifest.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  fs::remove_all(out);
}

TEST(PairedComparison, CommonRandomNumbersMakeThePairedIntervalNarrower) {
  // A policy that changes behaviour in part of the province: the luck every agent meets is the
  // same in both runs, so the per-replication differences vary far less than the runs themselves.
  const fs::path base = scenario_variant("kunlun-crn", "crn-base", "replications: 8\n");
  const fs::path variant = scenario_variant("kunlun-crn", "crn-policy",
                                            "replications: 8\n"
                                            "policies:\n"
                                            "  stay:\n"
                                            "    type: behaviour\n"
                                            "    target: {regions: [yushu, golog]}\n"
                                            "    exit_log_odds: -0.5\n");
  const fs::path out = fresh_dir("crn");
  CompareOptions options;
  options.threads = 2;
  const CompareReport report = run_comparison(load_all({base, variant}), out, options);
  int compared = 0;
  for (const char* indicator : {"stock_end", "outflow_external", "talent_years", "inflow"}) {
    const PairedDifference* d = report.comparison->find("crn-policy", "qinghai", indicator);
    ASSERT_NE(d, nullptr) << indicator;
    const double paired = d->difference.high - d->difference.low, unpaired = d->unpaired.high - d->unpaired.low;
    EXPECT_LT(paired, unpaired) << indicator << ": paired " << paired << ", unpaired " << unpaired;
    ++compared;
  }
  EXPECT_EQ(compared, 4);
  // The policy keeps people: fewer leave the province, with the whole paired interval below zero.
  const PairedDifference* left = report.comparison->find("crn-policy", "qinghai", "outflow_external");
  EXPECT_LT(left->difference.high, 0.0);
  fs::remove_all(out);
}

TEST(PairedComparison, ScenariosThatCannotBePairedAreRefusedWithTheKeyToChange) {
  const fs::path base = scenario_variant("kunlun-unpaired", "base", "");
  const fs::path longer = scenario_variant("kunlun-unpaired", "longer", "horizon: {end: 2028-06}\n");
  const InputError e = error_of([&] { check_comparable(load_all({base, longer})); });
  EXPECT_EQ(e.key(), "horizon.end");
  EXPECT_NE(e.where().file.find("longer.yaml"), std::string::npos);
  EXPECT_NE(std::string(e.what()).find("2028-06"), std::string::npos);
  EXPECT_NE(std::string(e.what()).find("set it to 2027-12"), std::string::npos);

  const InputError same = error_of([&] { check_comparable(load_all({base, base})); });
  EXPECT_EQ(same.key(), "name");
  const InputError alone = error_of([&] { check_comparable(load_all({base})); });
  EXPECT_EQ(alone.where().argument, "scenarios");  // the call's list of scenarios, by key
  EXPECT_EQ(alone.key(), "");
}

TEST(CohortRetention, CountsDeparturesByTheAnniversaryTheyPrecede) {
  const auto initial = InitialState::prepare(load_scenario(kunlun::testing::kSmallScenario));  // 2026-01..2027-12
  const auto groups = reporting_groups(initial->regions);
  CohortRetention retention(*initial, groups);
  StepResult step;
  step.flows = initial->empty_tally();
  // Ten recruits arrive in county 0 in January 2026, and two rotating cadres who are not followed.
  step.date = YearMonth(2026, 1);
  step.flows.add_entry(0, EntrySource::graduate, 10);
  step.flows.add_entry(0, EntrySource::paired_assistance, 2);
  retention.add_step(step);
  // January 2027 (12 months on): one leaves the province, within the first year.
  step.flows.clear();
  step.date = YearMonth(2027, 1);
  step.flows.add_cohort_loss(0, 12, CohortLoss::province);
  step.flows.add_cohort_loss(0, 12, CohortLoss::county);
  retention.add_step(step);
  // February 2027 (13 months on): one moves to another county, after the first anniversary.
  step.flows.clear();
  step.date = YearMonth(2027, 2);
  step.flows.add_cohort_loss(0, 13, CohortLoss::county);
  retention.add_step(step);

  const auto rows = retention.rows();
  // The 2026 cohort is followed for one full year by 2027-12; the 2027 cohort is not.
  const CohortRetention::Row* province = nullptr;
  for (const auto& r : rows) {
    EXPECT_EQ(r.cohort, 2026);
    EXPECT_EQ(r.years, 1);
    if (r.group == 0) province = &r;
  }
  ASSERT_NE(province, nullptr);
  EXPECT_EQ(province->entrants, 10);
  EXPECT_EQ(province->in_province, 9);
  EXPECT_EQ(province->in_county, 9);
  EXPECT_DOUBLE_EQ(CohortRetention::pooled(rows, 0, 1, CohortLoss::province), 0.9);
  EXPECT_TRUE(std::isnan(CohortRetention::pooled(rows, 0, 3, CohortLoss::province)));
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

TEST(ReplicationBatch, PlanSharesThreadsBetweenReplicationsWithinMemory) {
  const std::size_t gib = std::size_t{1} << 30;
  EXPECT_EQ(plan_batch(2, 5, gib, 10 * gib).concurrent, 2);
  EXPECT_EQ(plan_batch(2, 5, gib, 10 * gib).threads_each, 1);
  // One replication: all threads on its agents.
  EXPECT_EQ(plan_batch(2, 1, gib, 10 * gib).concurrent, 1);
  EXPECT_EQ(plan_batch(2, 1, gib, 10 * gib).threads_each, 2);
  // Eight threads, three replications: three at once, two threads each.
  EXPECT_EQ(plan_batch(8, 3, gib, 10 * gib).concurrent, 3);
  EXPECT_EQ(plan_batch(8, 3, gib, 10 * gib).threads_each, 2);
  // Memory for only one national-scale replication at a time.
  EXPECT_EQ(plan_batch(8, 10, 6 * gib, 10 * gib).concurrent, 1);
  EXPECT_EQ(plan_batch(8, 10, 6 * gib, 10 * gib).threads_each, 8);
}

TEST(Sweep, RangeIncludesBothEndsAndGridVariesTheLastAxisFastest) {
  const SweepAxis rent = parse_sweep_axis("policies.rent.monthly_cny=0:3000:500");
  EXPECT_EQ(rent.key, "policies.rent.monthly_cny");
  EXPECT_EQ(rent.values, (std::vector<std::string>{"0", "500", "1000", "1500", "2000", "2500", "3000"}));
  EXPECT_EQ(parse_sweep_axis("seed=0.1:0.3:0.1").values, (std::vector<std::string>{"0.1", "0.2", "0.3"}));
  EXPECT_EQ(parse_sweep_axis("seed=1, 5,9").values, (std::vector<std::string>{"1", "5", "9"}));

  const Scenario base = load_scenario(kunlun::testing::kSmallScenario);
  const auto points = sweep_grid(base, {parse_sweep_axis("seed=1,2"), parse_sweep_axis("replications=1:3:1")});
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[0].values, (std::vector<std::string>{"1", "1"}));
  EXPECT_EQ(points[1].values, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(points[3].values, (std::vector<std::string>{"2", "1"}));
  EXPECT_EQ(points[5].scenario.seed, 2u);
  EXPECT_EQ(points[5].scenario.replications, 3);
}

TEST(Sweep, EverySyntaxErrorSaysWhatToWrite) {
  struct Case {
    const char* argument;
    const char* message;
    const char* hint;
  };
  const Case cases[] = {
      {"policies.rent.monthly_cny", "has no '='", "KEY=VALUES"},
      {"=0:10:1", "has no key before '='", "KEY=VALUES"},
      {"policies..monthly_cny=1", "empty part between dots", "parts joined by dots"},
      {"seed=", "no values after '='", "START:STOP:STEP"},
      {"seed=0:10", "is not a range START:STOP:STEP", "three numbers"},
      {"seed=0:ten:1", "not a number", "three numbers"},
      {"seed=0:10:0", "step 0 is not positive", "step above 0"},
      {"seed=10:0:1", "ends (0) below its start (10)", "0:10:1"},
      {"seed=0:1000000:1", "more than 10000", "larger step"},
      {"seed=1,,2", "empty value", "single commas"},
      {"seed=1,2,1", "listed twice", "once"},
  };
  for (const Case& c : cases) {
    const InputError e = error_of([&] { parse_sweep_axis(c.argument); });
    EXPECT_NE(e.message().find(c.message), std::string::npos) << c.argument << ": " << e.what();
    EXPECT_NE(e.hint().find(c.hint), std::string::npos) << c.argument << ": " << e.what();
    // The error is located at the sweep's argument "axes", this axis as given; no front end's spelling.
    EXPECT_EQ(e.where().argument, "axes") << c.argument;
    EXPECT_EQ(e.where().item, c.argument);
    EXPECT_EQ(std::string(e.what()).find("--"), std::string::npos) << e.what();
  }
}

TEST(Sweep, KeysAreCheckedAgainstTheScenario) {
  const fs::path file = scenario_variant("kunlun-sweep-keys", "rent",
                                         "policies:\n  rent:\n    type: housing_rent_subsidy\n    monthly_cny: 1000\n");
  const Scenario base = load_scenario(file);
  const auto grid = [&](const std::string& a) { sweep_grid(base, {parse_sweep_axis(a)}); };
  const InputError typo = error_of([&] { grid("policies.rnet.monthly_cny=0,500"); });
  EXPECT_NE(typo.message().find("has no policy 'rnet'"), std::string::npos) << typo.what();
  EXPECT_NE(typo.hint().find("did you mean 'rent'?"), std::string::npos) << typo.what();
  const InputError whole = error_of([&] { grid("policies.rent=1"); });
  EXPECT_NE(whole.message().find("whole policy"), std::string::npos) << whole.what();
  const InputError twice = error_of([&] { sweep_grid(base, {parse_sweep_axis("seed=1"), parse_sweep_axis("seed=2")}); });
  EXPECT_NE(twice.message().find("swept twice"), std::string::npos) << twice.what();
  // A parameter the policy type does not know is named, with its axis as its place.
  const InputError unknown = error_of([&] { grid("policies.rent.monthly=0,500"); });
  EXPECT_EQ(unknown.where().argument, "axes") << unknown.what();
  EXPECT_EQ(unknown.where().item, "policies.rent.monthly=0,500") << unknown.what();
  EXPECT_NE(std::string(unknown.what()).find("monthly_cny"), std::string::npos) << unknown.what();
  // A bad value is checked like one in the file.
  const InputError negative = error_of([&] { grid("policies.rent.monthly_cny=-100,500"); });
  EXPECT_NE(std::string(negative.what()).find("monthly_cny"), std::string::npos) << negative.what();
  // No axes: the error concerns the argument as a whole and suggests an example axis.
  const InputError none = error_of([&] { sweep_grid(base, {}); });
  EXPECT_EQ(none.where().argument, "axes");
  EXPECT_EQ(none.key(), "");
  ASSERT_EQ(none.suggestions().size(), 1u);
  EXPECT_EQ(none.suggestions()[0].kind, ArgumentChange::Kind::example);
  EXPECT_EQ(none.suggestions()[0].key, "policies.rent.monthly_cny");
}

TEST(Sweep, WritesOneRowPerPointAndPairsEveryPointWithTheFirst) {
  const fs::path file = scenario_variant("kunlun-sweep-run", "sweep-rent",
                                         "replications: 2\n"
                                         "policies:\n  rent:\n    type: housing_rent_subsidy\n    monthly_cny: 0\n"
                                         "    target: {regions: [yushu, golog]}\n");
  const fs::path out = fresh_dir("sweep");
  SweepOptions options;
  options.threads = 2;
  const SweepReport report =
      run_sweep(load_scenario(file), {parse_sweep_axis("policies.rent.monthly_cny=0:3000:3000")}, out, options);
  ASSERT_EQ(report.points.size(), 2u);
  const std::string wide = slurp(out / "sweep.csv");
  EXPECT_EQ(std::count(wide.begin(), wide.end(), '\n'), 3);
  EXPECT_EQ(wide.rfind("point,policies.rent.monthly_cny,qinghai.stock_end_mean,qinghai.stock_end_ci95_low,", 0), 0u);
  EXPECT_NE(wide.find("\n1,3000,"), std::string::npos);
  // Point 0 against itself is exactly zero; a 3,000 CNY subsidy costs money and keeps people.
  const HorizonSummary& zero = *report.summaries[0];
  const HorizonSummary& paid = *report.summaries[1];
  const std::size_t cost = zero.layout().index("policy_cost"), left = zero.layout().index("outflow_external");
  EXPECT_EQ(zero.interval(0, cost).mean, 0.0);
  EXPECT_GT(paid.interval(0, cost).mean, 0.0);
  EXPECT_LT(paid.interval(0, left).mean, zero.interval(0, left).mean);
  const std::string tall = slurp(out / "sweep_long.csv");
  EXPECT_NE(tall.find("\n0,qinghai,stock_end,"), std::string::npos);
  EXPECT_NE(tall.find(",0,0,0\n"), std::string::npos) << "point 0 differs from itself by zero";
  fs::remove_all(out);
}

// The memory estimate: store with a quarter of room and working lists per running replication,
// the population kept while other replications wait, synthesis's own arrays.
TEST(MemoryEstimate, CountsStoreRoomKeptPopulationAndSynthesis) {
  Scenario one;
  one.population.total = 1'000'000;
  one.population.scale = 2;
  one.replications = 1;
  const std::size_t store = AgentStore::bytes_per_agent();
  MemoryEstimate e = estimate_memory({&one});
  EXPECT_EQ(e.agents, 2'000'000u);
  EXPECT_EQ(e.synthesis_bytes, 2'000'000u * (store + kSynthesisBytesPerAgent));
  EXPECT_EQ(e.simulation_bytes, 2'000'000u * (store + store / 4 + kWorkingBytesPerAgent) + (std::size_t{64} << 20));
  Scenario five = one;
  five.replications = 5;
  EXPECT_EQ(estimate_memory({&five}).simulation_bytes, e.simulation_bytes + 2'000'000u * store);
  // Two scenarios prepared together hold both populations.
  EXPECT_EQ(estimate_memory({&one, &one}).simulation_bytes, e.simulation_bytes + 4'000'000u * store);
  EXPECT_NO_THROW(check_memory({&one}, e.peak()));
  try {
    check_memory({&one}, e.peak() - 1);
    FAIL() << "not refused";
  } catch (const InputError& err) {
    EXPECT_EQ(err.key(), "population.scale");
    ASSERT_EQ(err.suggestions().size(), 1u);  // the limit itself, worded by each front end
    EXPECT_EQ(err.suggestions()[0].argument, "memory_limit");
    EXPECT_EQ(err.suggestions()[0].kind, ArgumentChange::Kind::give);
    EXPECT_NE(err.message().find("2000000 agents"), std::string::npos) << err.message();
    EXPECT_NE(err.message().find("is the limit set"), std::string::npos) << err.message();
  }
}
