// Setting parameters by key: through the declaration, like the same value in a file, nothing
// changed on a rejected value, policy parameters through their type's declaration, and other
// keys validated in one go.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <variant>

#include "core/region_table.h"
#include "experiment/parameter_listing.h"
#include "experiment/parameter_setting.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"
#include "testing/input_error_testing.h"

namespace fs = std::filesystem;
using namespace kunlun;
using kunlun::testing::error_of;

namespace {
const fs::path kSource = KUNLUN_SOURCE_DIR;
const fs::path kBaseline = kSource / "scenarios/qinghai/baseline.yaml";
const fs::path kHousing = kSource / "scenarios/qinghai/housing.yaml";
}  // namespace

TEST(ParameterSetting, ASetBehaviourValueEqualsTheSameValueInAFile) {
  Scenario by_key = load_scenario(kBaseline);
  set_parameter(by_key, "behaviour.mobility.family", -0.55);
  const fs::path dir = fs::temp_directory_path() / "kunlun-parameter-test";
  fs::create_directories(dir);
  std::ofstream(dir / "variant.yaml") << "extends: " << kBaseline.string()
                                      << "\nbehaviour:\n  mobility:\n    family: -0.55\n";
  const Scenario from_file = load_scenario(dir / "variant.yaml");
  fs::remove_all(dir);
  const auto a = list_parameters(&by_key), b = list_parameters(&from_file);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].value, b[i].value) << a[i].key;
  EXPECT_EQ(by_key.behaviour.mobility.family, -0.55);
}

TEST(ParameterSetting, ARejectedValueLeavesTheScenarioAsItWas) {
  Scenario s = load_scenario(kBaseline);
  const InputError e = error_of([&] { set_parameter(s, "behaviour.mobility.annual_move_rate", 1.5); });
  EXPECT_EQ(e.key(), "behaviour.mobility.annual_move_rate");
  EXPECT_EQ(e.message(), "1.5 is out of range: must be between 0 and 0.99");
  EXPECT_EQ(s.behaviour.mobility.annual_move_rate, 0.12);
  EXPECT_EQ(ConfigReader(s.tree).find("behaviour.mobility.annual_move_rate")->text(), "0.12");
  // A rule between parameters is checked too: shares must still sum to 1.
  const InputError shares = error_of([&] { set_parameter(s, "behaviour.recruitment.source_shares.graduate", 0.9); });
  EXPECT_EQ(shares.key(), "behaviour.recruitment.source_shares");
  EXPECT_EQ(s.behaviour.recruitment.source_shares[0], 0.70);
  // Not a parameter at all.
  EXPECT_EQ(error_of([&] { set_parameter(s, "behaviour.mobility.speed", 1.0); }).key(), "behaviour.mobility.speed");
}

TEST(ParameterSetting, APolicyParameterGoesThroughItsTypesDeclaration) {
  Scenario s = load_scenario(kHousing);
  const std::string key = "policies.grassroots_rent_subsidy.monthly_cny";
  EXPECT_EQ(std::get<double>(get_parameter(s, key)), 1000);
  set_parameter(s, key, 1500);
  EXPECT_EQ(std::get<double>(get_parameter(s, key)), 1500);
  EXPECT_EQ(ConfigReader(s.tree).find(key)->text(), "1500");
  EXPECT_NO_THROW(build_policies(s, RegionTable::load(s.regions)));
  const InputError e = error_of([&] { set_parameter(s, key, -5); });
  EXPECT_EQ(e.key(), key);
  EXPECT_EQ(e.message(), "-5 is out of range: must be between 0 and 100000");
  EXPECT_EQ(std::get<double>(get_parameter(s, key)), 1500);
  // A default applies where the entry leaves an optional key out.
  EXPECT_EQ(std::get<std::string>(get_parameter(s, "policies.grassroots_talent_apartments.priority")), "level");
}

TEST(ParameterSetting, OtherKeysValidateTheScenarioAgainInOneGo) {
  Scenario s = load_scenario(kBaseline);
  // The end before the old start would fail alone; with the start set in the same batch it is valid.
  set_parameters(s,
                 {{"horizon.end", ConfigNode::scalar("2025-06", {"test", 0, 0})},
                  {"horizon.start", ConfigNode::scalar("2025-01", {"test", 0, 0})},
                  {"behaviour.utility.hometown", ConfigNode::scalar("0.9", {"test", 0, 0})}},
                 kBaseline.parent_path());
  EXPECT_EQ(s.end.str(), "2025-06");
  EXPECT_EQ(s.behaviour.utility.hometown, 0.9);
  EXPECT_EQ(s.file, kBaseline.lexically_normal());
}
