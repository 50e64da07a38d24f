// Sweeps: the grid (both ends of a range, the last axis fastest), every syntax error of an axis
// with what to write, keys checked against the scenario, and a run's rows and pairing.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "experiment/parameter_setting.h"
#include "experiment/parameter_sweep.h"
#include "experiment/scenario_run.h"
#include "testing/file_testing.h"
#include "testing/input_error_testing.h"
#include "testing/scenario_run_testing.h"

namespace fs = std::filesystem;
using namespace kunlun;
using kunlun::testing::error_of;
using kunlun::testing::scenario_variant;
using kunlun::testing::slurp;

namespace {
fs::path fresh_dir(const std::string& name) {
  const fs::path dir = kunlun::testing::process_temp_dir("kunlun-experiment-" + name);
  fs::remove_all(dir);
  return dir;
}
}  // namespace

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

// With a posterior, a sweep point is the run of its scenario with the same posterior: replication
// r of both draws the same set. Sweeping a parameter the posterior sets is refused.
TEST(Sweep, WithAPosteriorEachPointIsItsRunWithThatPosterior) {
  const fs::path file = scenario_variant("kunlun-sweep-posterior", "sweep-posterior", "replications: 3\n");
  const fs::path dir = fresh_dir("sweep-posterior");
  fs::create_directories(dir);
  const fs::path csv = dir / "posterior.csv";
  std::ofstream(csv) << "set,weight,replication,behaviour.mobility.annual_move_rate,implausibility\n"
                        "0,1,0,0.07,0\n1,1,1,0.19,0\n";
  const Scenario base = load_scenario(file);
  SweepOptions options;
  options.threads = 2;
  options.posterior = std::make_shared<const PosteriorSample>(read_posterior(csv, base));
  const SweepReport report =
      run_sweep(base, {parse_sweep_axis("behaviour.titles.performance_weight=0.2,0.4")}, dir / "sweep", options);
  Scenario second = base;
  set_parameter(second, "behaviour.titles.performance_weight", 0.4);
  RunOptions run;
  run.threads = 2;
  run.posterior = options.posterior;
  const RunReport single = run_scenario(second, dir / "run", run);
  const std::size_t stock = single.summary->layout().index("stock_end");
  EXPECT_EQ(report.summaries[1]->values(0, stock), single.summary->values(0, stock));
  EXPECT_NE(report.summaries[0]->values(0, stock), single.summary->values(0, stock));
  const InputError e = error_of([&] {
    run_sweep(base, {parse_sweep_axis("behaviour.mobility.annual_move_rate=0.1,0.2")}, dir / "refused", options);
  });
  EXPECT_EQ(e.key(), "behaviour.mobility.annual_move_rate");
  ASSERT_EQ(e.suggestions().size(), 1u);
  EXPECT_EQ(e.suggestions()[0].argument, "posterior");
  EXPECT_EQ(e.suggestions()[0].value, "none");
}
