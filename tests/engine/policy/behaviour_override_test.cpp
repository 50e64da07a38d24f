// The `behaviour` policy: it shifts the levers of its target only, between its start and end
// months; a zero shift changes nothing; an acceptance shift raises hiring.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "model/simulation.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"
#include "testing/scenario_run_testing.h"

using namespace kunlun;
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
  // title posts, ventures): levers are per class and posts per field, so with common random
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
