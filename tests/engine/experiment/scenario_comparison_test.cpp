// Paired comparisons of scenarios: zero against itself, narrower than unpaired thanks to common
// random numbers, and scenarios that cannot be paired refused with the key to change.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "experiment/scenario_comparison.h"
#include "testing/file_testing.h"
#include "testing/input_error_testing.h"
#include "testing/scenario_run_testing.h"

namespace fs = std::filesystem;
using namespace kunlun;
using kunlun::testing::error_of;
using kunlun::testing::scenario_variant;
using kunlun::testing::slurp;

namespace {
fs::path fresh_dir(const std::string& name) {
  const fs::path dir = kunlun::testing::process_temp_dir("kunlun-experiment-" + name);
  fs::remove_all(dir);
  return dir;
}

std::vector<Scenario> load_all(const std::vector<fs::path>& files) {
  std::vector<Scenario> out;
  for (const auto& f : files) out.push_back(load_scenario(f));
  return out;
}
}  // namespace

TEST(PairedComparison, AScenarioComparedWithItselfDiffersByExactlyZero) {
  const fs::path a = scenario_variant("kunlun-self", "self-a", "replications: 3\n");
  const fs::path b = scenario_variant("kunlun-self", "self-b", "replications: 3\n");
  const fs::path out = fresh_dir("self");
  CompareOptions options;
  options.threads = 2;
  const CompareReport report = run_comparison(load_all({a, b}), out, options);
  ASSERT_GT(report.comparison->differences().size(), 100u);
  for (const auto& d : report.comparison->differences()) {
    if (std::isnan(d.baseline.mean)) continue;  // e.g. retention not yet observable
    EXPECT_EQ(d.difference.mean, 0.0) << d.group << " " << d.indicator;
    EXPECT_EQ(d.difference.low, 0.0) << d.group << " " << d.indicator;
    EXPECT_EQ(d.difference.high, 0.0) << d.group << " " << d.indicator;
  }
  // Both scenario folders hold identical outputs but for their names.
  EXPECT_EQ(slurp(out / "self-a" / "timeseries.csv"), slurp(out / "self-b" / "timeseries.csv"));
  for (const char* f : {"comparison.csv", "cost_effectiveness.csv", "comparison.json", "manifest.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  fs::remove_all(out);
}

// With a posterior, the baseline and the variant of each replication share its parameter set:
// a scenario against itself still differs by exactly zero, and both scenarios drew the same sets.
TEST(PairedComparison, WithAPosteriorEachReplicationsScenariosShareItsParameterSet) {
  const fs::path a = scenario_variant("kunlun-self-posterior", "post-a", "replications: 4\n");
  const fs::path b = scenario_variant("kunlun-self-posterior", "post-b", "replications: 4\n");
  const fs::path csv = fresh_dir("posterior-file") / "posterior.csv";
  fs::create_directories(csv.parent_path());
  std::ofstream(csv) << "set,weight,replication,behaviour.mobility.annual_move_rate,implausibility\n"
                        "0,1,0,0.06,0\n1,1,1,0.2,0\n";
  const std::vector<Scenario> scenarios = load_all({a, b});
  const fs::path out = fresh_dir("self-posterior");
  CompareOptions options;
  options.threads = 2;
  options.posterior = std::make_shared<const PosteriorSample>(read_posterior(csv, scenarios.front()));
  const CompareReport report = run_comparison(scenarios, out, options);
  for (const auto& d : report.comparison->differences()) {
    if (std::isnan(d.baseline.mean)) continue;
    EXPECT_EQ(d.difference.mean, 0.0) << d.group << " " << d.indicator;
    EXPECT_EQ(d.difference.high, 0.0) << d.group << " " << d.indicator;
  }
  const std::string sets_a = slurp(out / "post-a" / "manifest.json"), sets_b = slurp(out / "post-b" / "manifest.json");
  const auto sets = [](const std::string& m) { return m.substr(m.find("\"posterior_sets\""), 60); };
  EXPECT_EQ(sets(sets_a), sets(sets_b));
  EXPECT_NE(sets(sets_a).find('0'), std::string::npos);  // both sets drawn among 4 replications
  EXPECT_NE(sets(sets_a).find('1'), std::string::npos);
  fs::remove_all(out);
}

TEST(PairedComparison, CommonRandomNumbersMakeThePairedIntervalNarrower) {
  // A policy that changes behaviour in part of the province: the luck every agent meets is the
  // same in both runs, so the per-replication differences vary far less than the runs themselves.
  const fs::path base = scenario_variant("kunlun-crn", "crn-base", "replications: 8\n");
  const fs::path variant = scenario_variant("kunlun-crn", "crn-policy",
                                            "replications: 8\n"
                                            "policies:\n"
                                            "  stay:\n"
                                            "    type: behaviour\n"
                                            "    target: {regions: [yushu, golog]}\n"
                                            "    exit_log_odds: -0.5\n");
  const fs::path out = fresh_dir("crn");
  CompareOptions options;
  options.threads = 2;
  const CompareReport report = run_comparison(load_all({base, variant}), out, options);
  int compared = 0;
  // Not inflow: where the candidate pools run short it is their supply, the same in every run.
  for (const char* indicator : {"stock_end", "outflow_external", "talent_years", "grassroots_talent_years"}) {
    const PairedDifference* d = report.comparison->find("crn-policy", "qinghai", indicator);
    ASSERT_NE(d, nullptr) << indicator;
    const double paired = d->difference.high - d->difference.low, unpaired = d->unpaired.high - d->unpaired.low;
    EXPECT_LT(paired, unpaired) << indicator << ": paired " << paired << ", unpaired " << unpaired;
    ++compared;
  }
  EXPECT_EQ(compared, 4);
  // The policy keeps people: fewer leave the province, with the whole paired interval below zero.
  const PairedDifference* left = report.comparison->find("crn-policy", "qinghai", "outflow_external");
  EXPECT_LT(left->difference.high, 0.0);
  fs::remove_all(out);
}

TEST(PairedComparison, ScenariosThatCannotBePairedAreRefusedWithTheKeyToChange) {
  const fs::path base = scenario_variant("kunlun-unpaired", "base", "");
  const fs::path longer = scenario_variant("kunlun-unpaired", "longer", "horizon: {end: 2028-06}\n");
  const InputError e = error_of([&] { check_comparable(load_all({base, longer})); });
  EXPECT_EQ(e.key(), "horizon.end");
  EXPECT_NE(e.where().file.find("longer.yaml"), std::string::npos);
  EXPECT_NE(std::string(e.what()).find("2028-06"), std::string::npos);
  EXPECT_NE(std::string(e.what()).find("set it to 2027-12"), std::string::npos);

  const InputError same = error_of([&] { check_comparable(load_all({base, base})); });
  EXPECT_EQ(same.key(), "name");
  const InputError alone = error_of([&] { check_comparable(load_all({base})); });
  EXPECT_EQ(alone.where().argument, "scenarios");  // the call's list of scenarios, by key
  EXPECT_EQ(alone.key(), "");
}

// A scenario named like a file the comparison writes is refused before any work, not after it.
TEST(PairedComparison, AScenarioNamedLikeAComparisonFileIsRefusedBeforeAnyWork) {
  const fs::path base = scenario_variant("kunlun-file-names", "base", "");
  for (const char* name : {"comparison.csv", "report.html", "Manifest.json"}) {
    const fs::path variant = scenario_variant("kunlun-file-names", name, "");
    const InputError e = error_of([&] { check_comparable(load_all({base, variant})); });
    EXPECT_EQ(e.key(), "name");
    EXPECT_NE(e.where().file.find(name), std::string::npos);
    EXPECT_EQ(e.message(), "the scenario name '" + std::string(name) + "' is the name of a file the comparison writes");
  }
}
