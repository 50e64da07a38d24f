// Building a scenario's policies from their entries: every error an entry's common keys and target
// can give, names the summaries reserve, and every policy type's parameters declared completely.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "policy/policy_registry.h"
#include "scenario/scenario.h"
#include "testing/input_error_testing.h"
#include "testing/parameter_declaration_testing.h"
#include "testing/scenario_run_testing.h"

using namespace kunlun;
using kunlun::testing::expect_complete;
namespace fs = std::filesystem;

namespace {
// A scenario file extending the small test scenario with `policies` text.
fs::path variant(const std::string& name, const std::string& policies) {
  return kunlun::testing::scenario_variant("kunlun-policy-test", name, "policies:\n" + policies);
}

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

TEST(ParameterDeclarations, EveryPolicyParameterIsComplete) {
  for (const auto& type : policy_types()) {
    std::set<std::string> keys;
    for (const auto& p : type.parameters) {
      expect_complete(p, type.name);
      EXPECT_TRUE(keys.insert(p.key).second) << type.name << " declares " << p.key << " twice";
    }
  }
}
