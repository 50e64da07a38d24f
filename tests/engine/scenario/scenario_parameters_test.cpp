// The uncertainty in force of a scenario's parameters: declarations anchored at the scenario's
// values, its `uncertainty:` overrides applied, and bad overrides named at their line.
#include "scenario/scenario_parameters.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "parameters/behaviour_parameters.h"
#include "testing/scenario_run_testing.h"

namespace kunlun {
namespace {

using testing::error_of;
using testing::scenario_variant;

const UncertainParameter* find(const std::vector<UncertainParameter>& all, const std::string& key) {
  const auto it = std::find_if(all.begin(), all.end(), [&](const auto& u) { return u.key == key; });
  return it == all.end() ? nullptr : &*it;
}

TEST(ScenarioUncertainty, EveryDeclaredBehaviourUncertaintyIsInForceInTheBaseline) {
  const Scenario s = load_scenario(std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/baseline.yaml");
  const auto all = uncertain_parameters(s);
  std::size_t declared = 0;
  for (const auto& p : behaviour_parameters()) declared += p.declaration.uncertainty ? 1 : 0;
  EXPECT_EQ(all.size(), declared);
  EXPECT_GT(declared, 130u);
  for (const auto& u : all) {
    EXPECT_EQ(u.uncertainty.anchor, Anchor::value) << u.key;
    if (u.uncertainty.distribution != Distribution::choice) {
      EXPECT_GE(u.uncertainty.low, u.declaration->min) << u.key;
      EXPECT_LE(u.uncertainty.high, u.declaration->max) << u.key;
    }
  }
}

TEST(ScenarioUncertainty, APolicyParameterVariesAboutTheValueTheScenarioWrites) {
  const Scenario s = load_scenario(std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/finance.yaml");
  const auto all = uncertain_parameters(s);
  const UncertainParameter* rate = find(all, "policies.talent_loan.default_rate");
  ASSERT_NE(rate, nullptr);
  EXPECT_DOUBLE_EQ(rate->uncertainty.low, 0.025);  // half and twice the written 0.05
  EXPECT_DOUBLE_EQ(rate->uncertainty.high, 0.1);
}

TEST(ScenarioUncertainty, OverridesFixNarrowAndAddParameters) {
  const auto file = scenario_variant("kunlun-uncertainty-test", "overrides",
                                     "uncertainty:\n"
                                     "  behaviour.mobility.utility_gap: fixed\n"
                                     "  behaviour.mobility.family: {scale: 0.5}\n"
                                     "  behaviour.retirement.male_age_years: {distribution: uniform, low: 58, high: 62, "
                                     "reasoning: the reform phases in}\n");
  const Scenario s = load_scenario(file);
  const auto all = uncertain_parameters(s);
  EXPECT_EQ(find(all, "behaviour.mobility.utility_gap"), nullptr);
  const UncertainParameter* family = find(all, "behaviour.mobility.family");
  ASSERT_NE(family, nullptr);
  const double value = std::get<double>(get_parameter(s, "behaviour.mobility.family"));
  const Uncertainty declared = *find_behaviour_parameter("behaviour.mobility.family")->declaration.uncertainty;
  EXPECT_NEAR(family->uncertainty.high - family->uncertainty.low, 0.5 * (declared.high - declared.low), 1e-12);
  EXPECT_GE(value, family->uncertainty.low);
  EXPECT_LE(value, family->uncertainty.high);
  const UncertainParameter* age = find(all, "behaviour.retirement.male_age_years");
  ASSERT_NE(age, nullptr);
  EXPECT_EQ(age->uncertainty.reasoning, "the reform phases in");
  // One fixed, one added: as many as the scenario it extends.
  EXPECT_EQ(all.size(), uncertain_parameters(load_scenario(testing::kSmallScenario)).size());
}

TEST(ScenarioUncertainty, ABadOverrideIsRefusedWhenTheScenarioLoads) {
  const auto load_error = [](const std::string& name, const std::string& text) {
    const auto file = scenario_variant("kunlun-uncertainty-test", name, "uncertainty:\n" + text);
    return error_of([&] { load_scenario(file); });
  };
  const InputError unknown = load_error("unknown", "  behaviour.mobility.famly: fixed\n");
  EXPECT_EQ(unknown.key(), "behaviour.mobility.famly");
  EXPECT_EQ(unknown.where().line, 4);  // extends, name, uncertainty:, then the entry
  EXPECT_NE(unknown.message().find("not a declared parameter"), std::string::npos);
  const InputError sourced = load_error("sourced", "  behaviour.retirement.male_age_years: {scale: 2}\n");
  EXPECT_NE(sourced.message().find("no declared distribution"), std::string::npos);
  const InputError wide = load_error("wide", "  behaviour.mobility.annual_move_rate: {low: 0.1, high: 1.5}\n");
  EXPECT_EQ(wide.key(), "behaviour.mobility.annual_move_rate");
  EXPECT_NE(wide.message().find("leaves the parameter's valid range (0 to 0.99)"), std::string::npos);
}

}  // namespace
}  // namespace kunlun
