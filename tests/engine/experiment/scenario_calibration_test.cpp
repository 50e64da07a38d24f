// Calibrating the model itself against a synthetic truth: targets simulated at known parameter
// values are fitted, and the posterior holds the truth and excludes what is far from it; the
// files do not depend on the thread count; targets outside the run or after the cut-off are
// left out with their reason; bad designs are named.
#include "experiment/scenario_calibration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "experiment/replication_record.h"
#include "testing/file_testing.h"
#include "testing/scenario_run_testing.h"

namespace kunlun {
namespace {

namespace fs = std::filesystem;
using testing::error_of;
using testing::slurp;

const std::string kMoveRate = "behaviour.mobility.annual_move_rate";

Target turnover_target(const Scenario& s, double value, double sd) {
  Target t;
  t.name = "turnover_first_year";
  t.quantity = TargetQuantity::turnover;
  t.from = t.simulated_from = s.start;
  t.to = t.simulated_to = s.start.plus_months(11);
  t.value = value;
  t.sd = sd;
  t.reasoning = "simulated at the truth";
  t.source = "the test";
  return t;
}

// The turnover of the small scenario at the move rate in force (0.12), averaged over replications.
double turnover_at_truth(const Scenario& s, const Target& shape, int replications) {
  auto layout = std::make_shared<RecordLayout>(InitialState::prepare(s));
  layout->targets = std::make_shared<const std::vector<Target>>(std::vector<Target>{shape});
  layout->initial->plan_simulations(replications);
  double sum = 0;
  for (int r = 0; r < replications; ++r)
    sum += record_replication(*layout, 1000 + static_cast<std::uint32_t>(r), false, nullptr, nullptr).target_values[0];
  return sum / replications;
}

CalibrationDesign small_design() {
  CalibrationDesign d;
  d.parameters = {kMoveRate};
  d.waves = 2;
  d.points_per_wave = 8;
  d.repeats_per_wave = 4;
  d.candidates = 2000;
  d.posterior_size = 20;
  d.chains = 2;
  d.chain_steps = 500;
  return d;
}

ExperimentOptions options(int threads) {
  ExperimentOptions o;
  o.force = true;
  o.threads = threads;
  return o;
}

TEST(ScenarioCalibration, RecoversTheMoveRateOfASyntheticTruth) {
  testing::OneThread one;
  const Scenario s = load_scenario(testing::kSmallScenario);
  Target t = turnover_target(s, 0, 1);
  t.value = turnover_at_truth(s, t, 4);
  t.sd = 0.1 * t.value;  // a 10% observation error
  const fs::path out = testing::process_temp_dir("kunlun-calibration-test") / "truth";
  const CalibrationReport r = run_calibration(s, {t}, small_design(), out, options(2));
  ASSERT_EQ(r.posterior_values.rows(), 20);
  std::vector<double> v(r.posterior_values.data(), r.posterior_values.data() + r.posterior_values.size());
  std::sort(v.begin(), v.end());
  // The truth, 0.12, inside the posterior's range; the prior's ends (0.06 and 0.2) ruled out.
  EXPECT_LT(v.front(), 0.12);
  EXPECT_GT(v.back(), 0.12);
  EXPECT_GT(v.front(), 0.07);
  EXPECT_LT(v.back(), 0.185);
  EXPECT_LT(r.match.waves.back().space_left, 0.7);
  // The posterior's re-simulations reproduce the target.
  EXPECT_LT(std::abs(r.posterior_fit[0].standardised_error), 2);
  EXPECT_EQ(r.match.simulations, 2u * (8u + 4u) + 20u);
  for (const char* f : {"posterior.csv", "fit.csv", "prior_fit.csv", "waves.csv", "runs.csv", "parameters.csv",
                        "report.html", "manifest.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const std::string posterior = slurp(out / "posterior.csv");
  EXPECT_EQ(posterior.substr(0, posterior.find('\n')),
            "set,weight,replication," + kMoveRate + ",implausibility,turnover_first_year");
  EXPECT_EQ(std::count(posterior.begin(), posterior.end(), '\n'), 21);
}

// Runs stop at the last month a target is read in (here the first year), so a longer horizon
// changes nothing either.
TEST(ScenarioCalibration, FilesAreTheSameBytesForOneAndTwoThreadsAndForALongerHorizon) {
  const Scenario s = load_scenario(testing::kSmallScenario);
  Target t = turnover_target(s, 0.08, 0.01);
  CalibrationDesign d = small_design();
  d.waves = 1;
  d.points_per_wave = 6;
  d.repeats_per_wave = 2;
  d.posterior_size = 10;
  const fs::path dir = testing::process_temp_dir("kunlun-calibration-test");
  const CalibrationReport one = run_calibration(s, {t}, d, dir / "one", options(1));
  EXPECT_EQ(one.simulated_to, YearMonth(2026, 12));
  run_calibration(s, {t}, d, dir / "two", options(2));
  Scenario longer = s;
  longer.end = YearMonth(2029, 12);
  run_calibration(longer, {t}, d, dir / "longer", options(2));
  // report.html and manifest.json carry the run time; every number is in the CSVs.
  for (const char* f : {"posterior.csv", "fit.csv", "prior_fit.csv", "waves.csv", "runs.csv"}) {
    EXPECT_EQ(slurp(dir / "one" / f), slurp(dir / "two" / f)) << f;
    EXPECT_EQ(slurp(dir / "one" / f), slurp(dir / "longer" / f)) << f;
  }
}

TEST(ScenarioCalibration, TargetsOutsideTheRunOrAfterTheCutOffAreLeftOutWithTheirReason) {
  const Scenario s = load_scenario(testing::kSmallScenario);  // 2026-01 to 2027-12
  std::vector<Target> targets = {turnover_target(s, 0.08, 0.01), turnover_target(s, 0.08, 0.01),
                                 turnover_target(s, 0.08, 0.01)};
  targets[1].name = "later";
  targets[1].from = targets[1].simulated_from = YearMonth(2027, 1);
  targets[1].to = targets[1].simulated_to = YearMonth(2027, 12);
  targets[2].name = "before";
  targets[2].from = targets[2].simulated_from = YearMonth(2005, 1);
  targets[2].to = targets[2].simulated_to = YearMonth(2005, 12);
  CalibrationDesign d = small_design();
  d.until = YearMonth(2026, 12);
  std::vector<std::string> left_out;
  EXPECT_EQ(targets_to_fit(s, targets, d, &left_out), std::vector<std::size_t>{0});
  ASSERT_EQ(left_out.size(), 2u);
  EXPECT_EQ(left_out[0], "later: observed after 2026-12 (held out)");
  EXPECT_EQ(left_out[1], "before: outside the run (2026-01 to 2027-12)");
  d.targets = {"latr"};
  const InputError unknown = error_of([&] { targets_to_fit(s, targets, d, nullptr); });
  EXPECT_EQ(unknown.where().item, "latr");
  EXPECT_NE(unknown.hint().find("did you mean 'later'"), std::string::npos);
  d.targets = {"before"};
  EXPECT_NE(error_of([&] { targets_to_fit(s, targets, d, nullptr); }).message().find("no target to fit"),
            std::string::npos);
  CalibrationDesign none = small_design();
  none.parameters.clear();
  EXPECT_EQ(error_of([&] { check_calibration_design(none); }).where().argument, "parameters");
}

}  // namespace
}  // namespace kunlun
