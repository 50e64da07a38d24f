// The listing of parameters: a row for every declaration and the scenario's policies, omitted keys
// shown with their defaults, docs/parameters.md the baseline's listing, and every key the ODD
// names declared.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "experiment/parameter_listing.h"
#include "parameters/behaviour_parameters.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"
#include "testing/file_testing.h"

namespace fs = std::filesystem;
using namespace kunlun;
using kunlun::testing::slurp;

namespace {
const fs::path kSource = KUNLUN_SOURCE_DIR;
const fs::path kHousing = kSource / "scenarios/qinghai/housing.yaml";
}  // namespace

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
