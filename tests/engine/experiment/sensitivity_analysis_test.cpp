// Sensitivity analysis of the model: a parameter the model never reads has no effect at all
// (common random numbers make its points identical), the paired effect of a scenario against
// itself is exactly 0, the outputs do not depend on the thread count, shares are renormalised,
// and bad parameters and indicators are named.
#include "experiment/sensitivity_analysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "parameters/behaviour_parameters.h"
#include "testing/file_testing.h"
#include "testing/scenario_run_testing.h"

namespace kunlun {
namespace {

namespace fs = std::filesystem;
using testing::error_of;
using testing::slurp;

// No talent-loan policy in the small scenario: the loan's start effect is never read.
const std::string kUnread = "behaviour.entrepreneurship.loan_log_odds_per_ln_100k";
const std::string kRead = "behaviour.mobility.annual_move_rate";

SensitivityDesign screening() {
  SensitivityDesign d;
  d.method = SensitivityMethod::morris;
  d.parameters = {kRead, kUnread};
  d.trajectories = 3;
  d.resamples = 200;
  d.indicators = {"stock_end", "outflow_external", "autonomous_grassroots:grassroots_talent_years"};
  return d;
}

SensitivityOptions options(int threads) {
  SensitivityOptions o;
  o.force = true;
  o.threads = threads;
  return o;
}

const SensitivityRow& row_of(const SensitivityReport& r, const std::string& indicator, const std::string& parameter) {
  for (const auto& row : r.rows)
    if (row.indicator == indicator && row.parameter == parameter) return row;
  throw std::logic_error("no row " + indicator + " " + parameter);
}

TEST(SensitivityAnalysis, AParameterTheModelNeverReadsHasNoEffectAndOneItReadsHas) {
  const Scenario s = load_scenario(testing::kSmallScenario);
  const fs::path out = testing::process_temp_dir("kunlun-sensitivity-test") / "unread";
  const SensitivityReport r = run_sensitivity(s, nullptr, screening(), out, options(2));
  for (const auto& ind : r.indicators) {
    const auto& unread = row_of(r, ind.spec, kUnread).morris;
    EXPECT_EQ(unread.mu_star.value, 0.0) << ind.spec;
    EXPECT_EQ(unread.sigma, 0.0) << ind.spec;
    EXPECT_EQ(unread.mu_star.high, 0.0) << ind.spec;
  }
  // A higher move rate means more departures: every elementary effect on them is positive.
  const auto& read = row_of(r, "outflow_external", kRead).morris;
  EXPECT_GT(read.mu_star.value, 0.0);
  EXPECT_EQ(read.mu, read.mu_star.value);
  EXPECT_EQ(row_of(r, "outflow_external", kRead).rank, 1);
  for (const char* f : {"sensitivity.csv", "design.csv", "parameters.csv", "report.html", "manifest.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  EXPECT_EQ(r.simulations, 3u * 3u);
}

TEST(SensitivityAnalysis, OutputsAreTheSameBytesForOneAndTwoThreads) {
  const Scenario s = load_scenario(testing::kSmallScenario);
  const fs::path dir = testing::process_temp_dir("kunlun-sensitivity-test");
  SensitivityDesign d = screening();
  d.method = SensitivityMethod::sobol;
  d.base_samples = 4;
  run_sensitivity(s, nullptr, d, dir / "one", options(1));
  run_sensitivity(s, nullptr, d, dir / "two", options(2));
  for (const char* f : {"sensitivity.csv", "design.csv", "parameters.csv"})
    EXPECT_EQ(slurp(dir / "one" / f), slurp(dir / "two" / f)) << f;
}

TEST(SensitivityAnalysis, ThePairedEffectOfAScenarioAgainstItselfIsZeroAtEveryPoint) {
  const Scenario s = load_scenario(testing::kSmallScenario);
  const fs::path out = testing::process_temp_dir("kunlun-sensitivity-test") / "self";
  const SensitivityReport r = run_sensitivity(s, &s, screening(), out, options(2));
  EXPECT_TRUE(r.paired);
  EXPECT_EQ(r.outputs.cwiseAbs().maxCoeff(), 0.0);
  EXPECT_EQ(r.simulations, 2u * 3u * 3u);
}

TEST(SensitivityAnalysis, APairedPolicyEffectVariesWithThePolicysOwnUncertainParameter) {
  const Scenario base = load_scenario(testing::kSmallScenario);
  const Scenario variant = load_scenario(testing::scenario_variant(
      "kunlun-sensitivity-test", "stay",
      "policies:\n  stay:\n    type: behaviour\n    target: {}\n    exit_log_odds: -1\n"));
  SensitivityDesign d = screening();
  d.parameters = {"policies.stay.exit_log_odds", kUnread};
  const fs::path out = testing::process_temp_dir("kunlun-sensitivity-test") / "paired";
  const SensitivityReport r = run_sensitivity(base, &variant, d, out, options(2));
  // The shift lowers departures; a larger shift (less negative) lowers them less.
  const auto& shift = row_of(r, "outflow_external", "policies.stay.exit_log_odds").morris;
  EXPECT_GT(shift.mu, 0.0);
  EXPECT_LT(r.outputs.col(1).maxCoeff(), 0.0);  // fewer departures than the baseline at every point
  EXPECT_EQ(row_of(r, "outflow_external", kUnread).morris.mu_star.value, 0.0);
}

TEST(SensitivityAnalysis, AVariedShareRenormalisesItsMap) {
  const Scenario s = load_scenario(testing::kSmallScenario);
  const std::string key = "behaviour.pay.employer_shares.institution";
  auto params = uncertain_parameters(s);
  std::erase_if(params, [&](const auto& p) { return p.key != key; });
  ASSERT_EQ(params.size(), 1u);
  const Scenario at_top = scenario_at(s, params, Eigen::VectorXd::Ones(1));
  double sum = 0;
  for (const char* e : {"institution", "enterprise", "venture"})
    sum += std::get<double>(find_behaviour_parameter("behaviour.pay.employer_shares." + std::string(e))->get(at_top.behaviour));
  EXPECT_NEAR(sum, 1.0, 1e-12);
  const double institution = std::get<double>(find_behaviour_parameter(key)->get(at_top.behaviour));
  // The weight 0.75 against the others' 0.38 and 0.
  EXPECT_NEAR(institution, 0.75 / (0.75 + 0.38), 1e-12);
}

TEST(SensitivityAnalysis, UnknownParametersAndIndicatorsAreNamed) {
  const Scenario s = load_scenario(testing::kSmallScenario);
  SensitivityDesign d = screening();
  d.parameters = {"behaviour.mobility.nothing"};
  const InputError p = error_of([&] { sensitivity_parameters(s, nullptr, d); });
  EXPECT_EQ(p.where().argument, "parameters");
  EXPECT_EQ(p.where().item, "behaviour.mobility.nothing");
  d = screening();
  d.indicators = {"nowhere:stock_end"};
  const InputError g = error_of([&] { sensitivity_indicators(s, d.indicators); });
  EXPECT_EQ(g.where().item, "nowhere:stock_end");
  EXPECT_NE(g.hint().find("autonomous_grassroots"), std::string::npos);
  d = screening();
  d.indicators = {"stock_nowhere"};
  const fs::path out = testing::process_temp_dir("kunlun-sensitivity-test") / "bad";
  EXPECT_NE(error_of([&] { run_sensitivity(s, nullptr, d, out, options(1)); }).message().find("stock_nowhere"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(out));
}

// With a posterior, replication k of every point runs with the set a run's replication k draws,
// so a point's output is the run of its scenario with that posterior; the parameters the
// posterior sets are left out of the design, and naming one is refused with the way out.
TEST(SensitivityAnalysis, WithAPosteriorAPointIsItsRunWithThatPosteriorAndItsParametersAreNotVaried) {
  const Scenario s = load_scenario(testing::kSmallScenario);
  const fs::path dir = testing::process_temp_dir("kunlun-sensitivity-test") / "posterior";
  fs::create_directories(dir);
  const fs::path csv = dir / "posterior.csv";
  std::ofstream(csv) << "set,weight,replication," << kRead << ",implausibility\n"
                        "0,1,0,0.05,0\n1,1,1,0.22,0\n";
  SensitivityOptions o = options(2);
  o.posterior = std::make_shared<const PosteriorSample>(read_posterior(csv, s));
  SensitivityDesign d = screening();
  d.parameters = {"behaviour.titles.performance_weight", kUnread};
  d.replications = 3;
  const SensitivityReport r = run_sensitivity(s, nullptr, d, dir / "analysis", o);
  ASSERT_EQ(r.posterior_sets.size(), 3u);
  EXPECT_EQ(r.fixed_by_posterior, std::vector<std::string>{kRead});
  for (const auto& ind : r.indicators) EXPECT_EQ(row_of(r, ind.spec, kUnread).morris.mu_star.value, 0.0) << ind.spec;

  // Point 0 against the run of its scenario with the same posterior.
  RunOptions run;
  run.threads = 2;
  run.force = true;
  run.posterior = o.posterior;
  Scenario point = scenario_at(s, r.parameters, r.unit.row(0).transpose());
  point.replications = 3;
  const RunReport single = run_scenario(point, dir / "run", run);
  for (std::uint32_t k = 0; k < 3; ++k) EXPECT_EQ(r.posterior_sets[k], o.posterior->draw(s.seed, k));
  const std::size_t outflow = single.summary->layout().index("outflow_external");
  double mean = 0;
  for (const double v : single.summary->values(0, outflow)) mean += v / 3;
  EXPECT_NEAR(r.outputs(0, 1), mean, 1e-9 * std::abs(mean));
  const std::string manifest = slurp(dir / "analysis" / "manifest.json");
  const std::size_t listed = manifest.find("\"set_by_posterior\": [");
  ASSERT_NE(listed, std::string::npos);
  EXPECT_EQ(manifest.find("\"" + kRead + "\"", listed), manifest.find('"', manifest.find('[', listed)));

  // Without design.parameters the posterior's parameter is not among those varied.
  d.parameters.clear();
  const auto varied = sensitivity_parameters(s, nullptr, d, o.posterior.get());
  EXPECT_TRUE(std::none_of(varied.begin(), varied.end(), [](const auto& u) { return u.key == kRead; }));
  EXPECT_EQ(varied.size() + 1, sensitivity_parameters(s, nullptr, d).size());
  d.parameters = {kRead};
  const InputError e = error_of([&] { sensitivity_parameters(s, nullptr, d, o.posterior.get()); });
  EXPECT_EQ(e.key(), kRead);
  ASSERT_EQ(e.suggestions().size(), 1u);
  EXPECT_EQ(e.suggestions()[0].argument, "posterior");
  EXPECT_EQ(e.suggestions()[0].value, "none");
}

}  // namespace
}  // namespace kunlun
