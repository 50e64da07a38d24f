// Posterior samples: sets drawn at their weights, reproducibly; a run with a posterior whose only
// weighted set holds a value gives the same outputs as the scenario with that value written, for
// any thread count; and a posterior that does not belong to the scenario is named at its cell.
#include "calibration/posterior_sample.h"

#include <gtest/gtest.h>

#include <fstream>

#include "experiment/scenario_run.h"
#include "testing/file_testing.h"
#include "testing/scenario_run_testing.h"

namespace kunlun {
namespace {

namespace fs = std::filesystem;
using testing::error_of;
using testing::slurp;

fs::path write(const std::string& name, const std::string& text) {
  const auto dir = testing::process_temp_dir("kunlun-posterior-test");
  fs::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

const char* kHeader = "set,weight,replication,behaviour.mobility.annual_move_rate,behaviour.titles.performance_weight,implausibility,t\n";

TEST(PosteriorSample, SetsAreDrawnAtTheirWeightsReproducibly) {
  const Scenario s = load_scenario(testing::kSmallScenario);
  const PosteriorSample p = read_posterior(
      write("weights.csv", std::string(kHeader) + "0,1,5,0.1,0.3,1,2\n1,3,6,0.15,0.4,1,2\n2,0,7,0.2,0.5,1,2\n"), s);
  ASSERT_EQ(p.sets.size(), 3u);
  EXPECT_EQ(p.keys[0], "behaviour.mobility.annual_move_rate");
  std::vector<int> count(3, 0);
  for (std::uint32_t r = 0; r < 8000; ++r) ++count[p.draw(42, r)];
  EXPECT_NEAR(count[0] / 8000.0, 0.25, 0.02);
  EXPECT_NEAR(count[1] / 8000.0, 0.75, 0.02);
  EXPECT_EQ(count[2], 0);  // weight 0: never drawn
  EXPECT_EQ(p.draw(42, 17), p.draw(42, 17));
  const Scenario with = scenario_with_posterior_set(s, p, 1);
  EXPECT_DOUBLE_EQ(with.behaviour.mobility.annual_move_rate, 0.15);
  EXPECT_DOUBLE_EQ(with.behaviour.titles.performance_weight, 0.4);
}

TEST(PosteriorSample, ARunWithAPosteriorIsTheRunWithItsValuesForAnyThreadCount) {
  const Scenario s = load_scenario(testing::small_variant("posterior-base", testing::kSmallScenario));
  auto p = std::make_shared<const PosteriorSample>(
      read_posterior(write("one.csv", std::string(kHeader) + "0,0,1,0.06,0.3,1,2\n1,1,2,0.18,0.35,1,2\n"), s));
  const fs::path dir = testing::process_temp_dir("kunlun-posterior-test");
  const auto run = [&](const Scenario& sc, const std::string& name, int threads, bool with_posterior) {
    RunOptions o;
    o.force = true;
    o.threads = threads;
    if (with_posterior) o.posterior = p;
    run_scenario(sc, dir / name, o);
    return slurp(dir / name / "timeseries.csv");
  };
  const Scenario written = load_scenario(testing::small_variant(
      "posterior-values", testing::kSmallScenario,
      "behaviour:\n  mobility: {annual_move_rate: 0.18}\n  titles: {performance_weight: 0.35}\n"));
  const std::string expected = run(written, "written", 2, false);
  // (EXPECT_TRUE, not EXPECT_EQ: a failing EXPECT_EQ would diff 30,000 lines.)
  EXPECT_TRUE(run(s, "posterior-1", 1, true) == expected);
  EXPECT_TRUE(run(s, "posterior-2", 2, true) == expected);
  EXPECT_FALSE(run(s, "none", 2, false) == expected);
  EXPECT_NE(slurp(dir / "posterior-2" / "manifest.json").find("\"posterior_sets\": [\n    1\n  ]"),
            std::string::npos);
}

// The shipped hindcast runs with the shipped posterior unless told otherwise.
TEST(PosteriorSample, TheHindcastUsesTheShippedPosteriorByDefault) {
  const Scenario s = load_scenario(std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/hindcast.yaml");
  EXPECT_EQ(s.posterior.filename(), "posterior.csv");
  const auto p = resolve_posterior(s, "");
  ASSERT_NE(p, nullptr);
  EXPECT_GE(p->sets.size(), 200u);
  EXPECT_EQ(p->keys.size(), 6u);
  EXPECT_EQ(resolve_posterior(s, "none"), nullptr);
  // The engine tests' scenario turns the inherited posterior off (posterior: none).
  EXPECT_EQ(resolve_posterior(load_scenario(testing::kSmallScenario), ""), nullptr);
}

// The 2026-2035 scenarios start where the hindcast ends: the month after its horizon, from the
// make-up its end_margins.csv gave and the mean stock written there, with the same posterior.
TEST(PosteriorSample, TheShipped2026ScenariosStartWhereTheHindcastEnds) {
  const std::string dir = std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/";
  const Scenario hindcast = load_scenario(dir + "hindcast.yaml");
  const std::string margins = slurp(std::string(KUNLUN_SOURCE_DIR) + "/scenarios/data/qinghai_margins_2026.csv");
  const std::size_t stock_at = margins.find("# Mean stock at the horizon (full population): ");
  ASSERT_NE(stock_at, std::string::npos);
  const double stock = std::stod(margins.substr(margins.find(": ", stock_at) + 2));
  EXPECT_NE(margins.find("at the end of " + hindcast.name + " (" + hindcast.end.str() + ")"), std::string::npos);
  EXPECT_NE(hindcast.population.margins.filename(), "qinghai_margins_2026.csv");
  for (const char* file : {"baseline.yaml", "housing.yaml", "finance.yaml", "title-reform.yaml", "combined.yaml"}) {
    const Scenario s = load_scenario(dir + file);
    EXPECT_EQ(s.start, hindcast.end.plus_months(1)) << file;
    EXPECT_EQ(s.population.margins.filename(), "qinghai_margins_2026.csv") << file;
    EXPECT_EQ(s.population.total, stock) << file;
    EXPECT_EQ(s.posterior, hindcast.posterior) << file;
  }
}

TEST(PosteriorSample, APosteriorForAnotherScenarioIsNamedAtItsCell) {
  const Scenario s = load_scenario(testing::kSmallScenario);
  const InputError unknown = error_of([&] {
    read_posterior(write("unknown.csv", "set,weight,replication,behaviour.mobility.no_such,implausibility\n0,1,0,1,0\n"), s);
  });
  EXPECT_EQ(unknown.where().line, 1);
  EXPECT_EQ(unknown.where().column, 4);
  EXPECT_EQ(unknown.key(), "behaviour.mobility.no_such");
  const InputError range = error_of([&] {
    read_posterior(write("range.csv", std::string(kHeader) + "0,1,5,1.5,0.3,1,2\n"), s);
  });
  EXPECT_EQ(range.where().line, 2);
  EXPECT_EQ(range.where().column, 4);
  EXPECT_NE(range.message().find("outside the parameter's range"), std::string::npos);
  const InputError shape = error_of([&] { read_posterior(write("shape.csv", "a,b\n1,2\n"), s); });
  EXPECT_NE(shape.message().find("not a posterior sample"), std::string::npos);
}

}  // namespace
}  // namespace kunlun
