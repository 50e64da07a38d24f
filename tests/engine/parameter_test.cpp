// Declared parameters: every declaration is complete and its default passes its own checks, the
// baseline writes every behaviour value, setting by key goes through the declaration (and changes
// nothing on a rejected value), and the listing and docs/parameters.md agree.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "experiment/parameter_listing.h"
#include "experiment/parameter_setting.h"
#include "input_error_testing.h"
#include "policy/policy_registry.h"
#include "parameters/behaviour_parameters.h"
#include "scenario/scenario.h"

namespace fs = std::filesystem;
using namespace kunlun;
using kunlun::testing::error_of;

namespace {
const fs::path kSource = KUNLUN_SOURCE_DIR;
const fs::path kBaseline = kSource / "scenarios/qinghai/baseline.yaml";
const fs::path kHousing = kSource / "scenarios/qinghai/housing.yaml";

void expect_complete(const Parameter& p, const std::string& where) {
  EXPECT_FALSE(p.key.empty()) << where;
  EXPECT_FALSE(p.meaning.empty()) << where << " " << p.key;
  EXPECT_FALSE(p.evidence.empty()) << where << " " << p.key;
  if (p.type == ParameterType::choice) {
    EXPECT_FALSE(p.choices.empty()) << p.key;
  }
  // A default must pass the declaration's own checks.
  if (p.default_value) {
    EXPECT_NO_THROW(read_parameter(p, parameter_node(p, *p.default_value, {"<default>", 0, 0}), p.key, {}))
        << where << " " << p.key;
  }
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST(ParameterDeclarations, EveryBehaviourParameterIsCompleteAndDeclaredOnce) {
  std::set<std::string> keys;
  for (const auto& p : behaviour_parameters()) {
    expect_complete(p.declaration, "behaviour");
    EXPECT_EQ(p.declaration.key.rfind("behaviour.", 0), 0u) << p.declaration.key;
    EXPECT_TRUE(p.declaration.default_value.has_value()) << p.declaration.key;
    EXPECT_TRUE(keys.insert(p.declaration.key).second) << "declared twice: " << p.declaration.key;
  }
  EXPECT_EQ(keys.size(), 154u);
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
  set_parameter(s, "behaviour.titles.quota.grassroots.senior", 0.3);
  EXPECT_EQ(s.behaviour.titles.quota[3][3], 0.3);
  set_parameter(s, "behaviour.recruitment.paired_rotation.term_months", 24);
  EXPECT_EQ(s.behaviour.recruitment.paired_rotation.term_months, 24);
  EXPECT_EQ(ConfigReader(s.tree).find("behaviour.recruitment.paired_rotation.term_months")->text(), "24");
}

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

TEST(ParameterListing, RowsCoverEveryDeclarationAndTheScenariosPolicies) {
  std::size_t type_rows = 0;
  for (const auto& t : policy_types()) type_rows += t.parameters.size();
  EXPECT_EQ(list_parameters(nullptr).size(), behaviour_parameters().size() + type_rows);
  const Scenario s = load_scenario(kHousing);
  const auto rows = list_parameters(&s);
  const auto rent = std::find_if(rows.begin(), rows.end(),
                                 [](const ParameterRow& r) { return r.key == "policies.grassroots_rent_subsidy.monthly_cny"; });
  ASSERT_NE(rent, rows.end());
  EXPECT_EQ(rent->value, "1000");
  EXPECT_EQ(rent->section, "policy grassroots_rent_subsidy (housing_rent_subsidy)");
  EXPECT_FALSE(rent->by_default);
}

TEST(ParameterListing, AnOmittedKeyIsShownWithItsDefault) {
  const fs::path dir = fs::temp_directory_path() / "kunlun-parameter-listing";
  fs::create_directories(dir);
  std::ofstream(dir / "short.yaml") << "name: short\nhorizon: {start: 2026-01, end: 2026-12}\nseed: 1\n"
                                       "replications: 1\nregions: "
                                    << (kSource / "scenarios/data/qinghai_regions.csv").string()
                                    << "\npopulation:\n  margins: "
                                    << (kSource / "scenarios/data/qinghai_population_margins.csv").string()
                                    << "\n  total: 1000\n  scale: 1\n";
  const Scenario s = load_scenario(dir / "short.yaml");
  fs::remove_all(dir);
  const auto rows = list_parameters(&s);
  const auto row = std::find_if(rows.begin(), rows.end(),
                                [](const ParameterRow& r) { return r.key == "behaviour.mobility.annual_move_rate"; });
  ASSERT_NE(row, rows.end());
  EXPECT_TRUE(row->by_default);
  EXPECT_EQ(row->value, "0.12");
  const std::string csv = format_parameters(rows, ListingFormat::csv, "");
  EXPECT_NE(csv.find("behaviour,behaviour.mobility.annual_move_rate,number,0.12,0.12,true,false,"), std::string::npos);
}

// docs/parameters.md is the command's Markdown for the baseline; regenerate it when a declaration
// changes: build/kunlun parameters scenarios/qinghai/baseline.yaml --format markdown > docs/parameters.md
TEST(ParameterListing, TheDocsPageIsTheBaselinesListing) {
  const fs::path out = fs::temp_directory_path() / "kunlun-parameters.md";
  const std::string cmd = "cd " + kSource.string() + " && " + std::string(KUNLUN_CLI) +
                          " parameters scenarios/qinghai/baseline.yaml --format markdown > " + out.string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const std::string generated = slurp(out);
  fs::remove(out);
  EXPECT_EQ(generated, slurp(kSource / "docs/parameters.md"))
      << "docs/parameters.md is out of date: regenerate it with "
         "build/kunlun parameters scenarios/qinghai/baseline.yaml --format markdown > docs/parameters.md";
}

// The ODD's parameter tables name keys beside the equations' symbols; each must be a declared
// parameter (or a map of them), so that the model description cannot drift from the code.
TEST(ParameterListing, EveryKeyTheOddNamesIsDeclared) {
  std::istringstream odd(slurp(kSource / "docs/ODD.md"));
  std::vector<std::string> prefixes;
  std::size_t checked = 0;
  for (std::string line; std::getline(odd, line);) {
    if (line.rfind("| key (`behaviour.", 0) == 0) {
      prefixes.clear();
      const std::string header = line.substr(0, line.find(')'));
      for (std::size_t at = header.find('`'); at != std::string::npos; at = header.find('`', header.find('`', at + 1) + 1))
        prefixes.push_back(header.substr(at + 1, header.find('`', at + 1) - at - 1));
      continue;
    }
    if (line.rfind("|---", 0) == 0) continue;
    if (line.rfind("| ", 0) != 0) {
      prefixes.clear();
      continue;
    }
    if (prefixes.empty()) continue;
    const std::string first = line.substr(2, line.find(" |", 2) - 2);
    for (std::size_t at = first.find('`'); at != std::string::npos; at = first.find('`', first.find('`', at + 1) + 1)) {
      const std::string key = first.substr(at + 1, first.find('`', at + 1) - at - 1);
      // "..._female", ".log_odds": the key before with another ending.
      if (key.front() == '.') continue;
      bool declared = false;
      std::vector<std::string> bases = prefixes;
      bases.push_back("behaviour.");  // tables of two groups write "utility.amenity"
      for (const auto& prefix : bases)
        for (const auto& p : behaviour_parameters())
          declared = declared || p.declaration.key == prefix + key || p.declaration.key.rfind(prefix + key + ".", 0) == 0;
      EXPECT_TRUE(declared) << "docs/ODD.md names `" << key << "` under " << prefixes.front();
      ++checked;
    }
  }
  EXPECT_GT(checked, 60u);
}
