// The behaviour parameters' declarations: each complete and declared once, every one written in
// the baseline with its source, and the binding reading and writing the fields the processes read.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <variant>

#include "experiment/parameter_setting.h"
#include "parameters/behaviour_parameters.h"
#include "parameters/config_tree.h"
#include "scenario/scenario.h"
#include "testing/parameter_declaration_testing.h"

namespace fs = std::filesystem;
using namespace kunlun;
using kunlun::testing::expect_complete;

namespace {
const fs::path kSource = KUNLUN_SOURCE_DIR;
const fs::path kBaseline = kSource / "scenarios/qinghai/baseline.yaml";
}  // namespace

TEST(ParameterDeclarations, EveryBehaviourParameterIsCompleteAndDeclaredOnce) {
  std::set<std::string> keys;
  for (const auto& p : behaviour_parameters()) {
    expect_complete(p.declaration, "behaviour");
    EXPECT_EQ(p.declaration.key.rfind("behaviour.", 0), 0u) << p.declaration.key;
    EXPECT_TRUE(p.declaration.default_value.has_value()) << p.declaration.key;
    EXPECT_TRUE(keys.insert(p.declaration.key).second) << "declared twice: " << p.declaration.key;
  }
  EXPECT_EQ(keys.size(), 160u);
}

TEST(ParameterDeclarations, TheBaselineWritesEveryBehaviourValueWithItsSource) {
  const Scenario s = load_scenario(kBaseline);
  const ConfigReader r(s.tree);
  for (const auto& p : behaviour_parameters()) {
    const ConfigNode* node = r.find(p.declaration.key);
    ASSERT_NE(node, nullptr) << p.declaration.key;
    EXPECT_EQ(node->where().file, kBaseline.lexically_normal().string()) << p.declaration.key << " is not written";
  }
}

TEST(ParameterDeclarations, TheBindingReadsAndWritesTheFieldTheProcessesRead) {
  Scenario s = load_scenario(kBaseline);
  EXPECT_EQ(std::get<double>(get_parameter(s, "behaviour.mobility.annual_move_rate")), 0.12);
  EXPECT_EQ(std::get<std::string>(get_parameter(s, "behaviour.titles.degree_required_from")), "senior");
  EXPECT_EQ(std::get<std::string>(get_parameter(s, "behaviour.retirement.reform_first_cohort_female")), "1970-01");
  set_parameter(s, "behaviour.titles.post_structure.grassroots.senior", 0.05);
  EXPECT_EQ(s.behaviour.titles.post_share[3][3], 0.05);
  set_parameter(s, "behaviour.recruitment.paired_rotation.term_months", 24);
  EXPECT_EQ(s.behaviour.recruitment.paired_rotation.term_months, 24);
  EXPECT_EQ(ConfigReader(s.tree).find("behaviour.recruitment.paired_rotation.term_months")->text(), "24");
}
