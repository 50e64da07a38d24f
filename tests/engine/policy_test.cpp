// Policies: targets, dates and lever effects of the `behaviour` policy, zero-policy identity,
// and every error a policy entry can give.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "input_error_testing.h"
#include "scenario_run_testing.h"
#include "model/simulation.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"

using namespace kunlun;
using kunlun::testing::error_of;
using kunlun::testing::run;
namespace fs = std::filesystem;

namespace {
const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";

// A scenario file extending the small test scenario with `policies` text.
const std::string kControlled = std::string(KUNLUN_TEST_DATA) + "/sim/controlled.yaml";

// A scenario file extending `base` (the small test scenario by default) with `policies` text.
fs::path variant(const std::string& name, const std::string& policies, const std::string& base = kSmall) {
  return kunlun::testing::scenario_variant("kunlun-policy-test", name, "policies:\n" + policies, base);
}

// Voluntary departures (internal and external) in one field from the counties for which `in` holds.
long departures(const StepResult& s, const CellLayout& cells, const std::vector<bool>& in, int field) {
  long n = 0;
  for (int c = 0; c < cells.counties; ++c) {
    if (!in[static_cast<std::size_t>(c)]) continue;
    for (int l = 0; l < kLevels; ++l)
      n += s.flows.get(Flow::outflow_internal, cells.index(c, field, l)) +
           s.flows.get(Flow::outflow_external, cells.index(c, field, l));
  }
  return n;
}

std::vector<StepResult> run_baseline() { return run(kSmall); }

}  // namespace

TEST(BehaviourPolicy, RaisesRetentionOfItsTargetAndLeavesAnUntargetedFieldUntouched) {
  // The controlled scenario cuts the couplings between fields in one county (peer departures,
  // title quotas, ventures): levers are per class and posts per field, so with common random
  // numbers an untargeted field meets exactly the same history.
  const fs::path file = variant("retain", R"(  remote:
    type: behaviour
    target: {regions: [yushu, golog], county_types: [grassroots], fields: [health]}
    exit_log_odds: -1.0
)", kControlled);
  const auto state = InitialState::prepare(load_scenario(file));
  const int health = *state->regions.find_field("health"), education = *state->regions.find_field("education");
  const std::vector<bool> targeted = state->policies.at(0)->target().county;
  ASSERT_GT(std::count(targeted.begin(), targeted.end(), true), 3);

  const auto base = run(kControlled);
  const auto policy = run(file);
  long base_left = 0, policy_left = 0;
  for (std::size_t m = 0; m < base.size(); ++m) {
    base_left += departures(base[m], state->cells, targeted, health);
    policy_left += departures(policy[m], state->cells, targeted, health);
    for (int c = 0; c < state->cells.counties; ++c)
      for (int l = 0; l < kLevels; ++l) {
        const int cell = state->cells.index(c, education, l);
        ASSERT_EQ(base[m].stock[static_cast<std::size_t>(cell)], policy[m].stock[static_cast<std::size_t>(cell)])
            << "month " << m;
      }
  }
  // exp(-1) = 0.37: the odds of leaving fall to about a third; require departures under a half.
  EXPECT_GT(base_left, 0);
  EXPECT_LT(policy_left * 2, base_left);
}

TEST(BehaviourPolicy, ActsOnlyBetweenItsStartAndEndMonths) {
  const fs::path file = variant("dated", R"(  later:
    type: behaviour
    start: 2026-06
    end: 2026-08
    exit_log_odds: 2.0
)");
  const auto base = run_baseline();
  const auto policy = run(file);
  for (std::size_t m = 0; m < 5; ++m) EXPECT_EQ(base[m].flows.counts, policy[m].flows.counts) << "month " << m;
  long base_left = 0, policy_left = 0;
  for (std::size_t m = 5; m < 8; ++m)
    for (int cell = 0; cell < static_cast<int>(base[m].stock.size()); ++cell) {
      base_left += base[m].flows.get(Flow::outflow_external, cell);
      policy_left += policy[m].flows.get(Flow::outflow_external, cell);
    }
  EXPECT_GT(policy_left, 3 * base_left);  // exp(2) = 7.4 times the odds while active
}

TEST(BehaviourPolicy, ZeroShiftIsByteIdenticalToTheBaseline) {
  const fs::path file = variant("zero", R"(  nothing:
    type: behaviour
    target: {levels: [junior]}
    exit_log_odds: 0
    acceptance_log_odds: 0
)");
  const auto base = run_baseline();
  const auto policy = run(file);
  ASSERT_EQ(base.size(), policy.size());
  for (std::size_t m = 0; m < base.size(); ++m) {
    EXPECT_EQ(base[m].stock, policy[m].stock);
    EXPECT_EQ(base[m].flows.counts, policy[m].flows.counts);
  }
}

TEST(BehaviourPolicy, AcceptanceShiftRaisesHiringInItsTarget) {
  const fs::path file = variant("hire", R"(  hire:
    type: behaviour
    target: {county_types: [grassroots]}
    acceptance_log_odds: 1.5
)");
  const auto state = InitialState::prepare(load_scenario(file));
  const std::vector<bool>& targeted = state->policies.at(0)->target().county;
  const auto base = run_baseline();
  const auto policy = run(file);
  long base_in = 0, policy_in = 0;
  for (std::size_t m = 0; m < 6; ++m)
    for (int c = 0; c < state->cells.counties; ++c)
      for (int f = 0; f < state->cells.fields; ++f)
        for (int l = 0; l < kLevels; ++l)
          if (targeted[static_cast<std::size_t>(c)]) {
            base_in += base[m].flows.get(Flow::inflow, state->cells.index(c, f, l));
            policy_in += policy[m].flows.get(Flow::inflow, state->cells.index(c, f, l));
          }
  // Fill probability 0.08 becomes 1/(1+exp(-(logit(0.08)+1.5))) = 0.28 a month.
  EXPECT_GT(policy_in, base_in + base_in / 2);
}

namespace {
using PolicyErrorCase = kunlun::testing::ScenarioErrorCase;
class PolicyErrors : public ::testing::TestWithParam<PolicyErrorCase> {};
}  // namespace

TEST_P(PolicyErrors, NameTheFileLineAndKey) {
  const auto& c = GetParam();
  const fs::path file = variant("err_" + c.name, c.yaml);
  kunlun::testing::expect_prepare_error(file, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Policies, PolicyErrors,
    ::testing::Values(
        PolicyErrorCase{"type", "  p:\n    type: behavour\n    exit_log_odds: 1\n",
                        "5: policies.p.type: unknown policy type 'behavour' (did you mean 'behaviour'?)"},
        PolicyErrorCase{"key", "  p:\n    type: behaviour\n    exit_log_odd: 1\n",
                        "6: policies.p.exit_log_odd: unknown key 'exit_log_odd' for a behaviour policy (did you "
                        "mean 'exit_log_odds'?)"},
        PolicyErrorCase{"region", "  p:\n    type: behaviour\n    exit_log_odds: 1\n    target: {regions: [yushuu]}\n",
                        "7: policies.p.target.regions: unknown region 'yushuu' (did you mean 'yushu'?)"},
        PolicyErrorCase{"outside", "  p:\n    type: behaviour\n    exit_log_odds: 1\n    target: {regions: [beijing]}\n",
                        "7: policies.p.target.regions: 'beijing' is outside the province"},
        PolicyErrorCase{"county_type",
                        "  p:\n    type: behaviour\n    exit_log_odds: 1\n    target: {county_types: [grasroots]}\n",
                        "7: policies.p.target.county_types: unknown county type 'grasroots' (did you mean "
                        "'grassroots'?)"},
        PolicyErrorCase{"field", "  p:\n    type: behaviour\n    exit_log_odds: 1\n    target: {fields: [helth]}\n",
                        "7: policies.p.target.fields: unknown field 'helth' (did you mean 'health'?)"},
        PolicyErrorCase{"level", "  p:\n    type: behaviour\n    exit_log_odds: 1\n    target: {levels: [senior]}\n",
                        "7: policies.p.target.levels: unknown level 'senior'"},
        PolicyErrorCase{"target_key", "  p:\n    type: behaviour\n    exit_log_odds: 1\n    target: {region: [yushu]}\n",
                        "7: policies.p.target.region: unknown key 'region' (did you mean 'regions'?)"},
        PolicyErrorCase{"empty", "  p:\n    type: behaviour\n    exit_log_odds: 1\n    target: {titles: []}\n",
                        "7: policies.p.target.titles: the list is empty"},
        PolicyErrorCase{"dates", "  p:\n    type: behaviour\n    exit_log_odds: 1\n    start: 2027-01\n    end: 2026-01\n",
                        "8: policies.p.end: end 2026-01 is before start 2027-01"},
        PolicyErrorCase{"range", "  p:\n    type: behaviour\n    exit_log_odds: 12\n",
                        "6: policies.p.exit_log_odds: 12 is out of range: must be between -10 and 10"},
        PolicyErrorCase{"nothing", "  p:\n    type: behaviour\n", "5: policies.p: a behaviour policy changes nothing"}),
    kunlun::testing::case_name);

TEST(PolicyRegistry, NamesThatSummariesUseForOtherTotalsAreRefused) {
  for (const std::string name : {"province", "county", "to_2030"}) {
    const auto file = kunlun::testing::scenario_variant("kunlun-reserved", "reserved-" + name,
                                                        "policies:\n  " + name + ":\n    type: behaviour\n");
    const InputError e = kunlun::testing::error_of([&] { InitialState::prepare(load_scenario(file)); });
    EXPECT_EQ(e.key(), "policies." + name);
    EXPECT_NE(e.message().find("reserved"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find(name + "_subsidy"), std::string::npos) << e.what();
  }
}
