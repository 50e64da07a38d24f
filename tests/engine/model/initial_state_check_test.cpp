// model/initial_state_check.h: what a run's start is checked for, without synthesising the
// population: the same agent count and the same errors as preparing the run, for any size.
#include "model/initial_state_check.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/errors.h"
#include "model/simulation.h"
#include "scenario/scenario.h"

namespace fs = std::filesystem;

namespace kunlun {
namespace {

const std::string kData = KUNLUN_TEST_DATA;
const std::string kSmall = kData + "/sim/small.yaml";

class InitialStateCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kunlun-check-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The small test scenario on the population fixture's region table and the given margins.
  Scenario on_fixture(const std::string& margins) {
    const fs::path yaml = dir_ / "fixture.yaml";
    std::ofstream(yaml) << "extends: " << kSmall << "\nregions: " << kData
                        << "/population/regions.csv\npopulation:\n  margins: " << margins << "\n";
    return load_scenario(yaml);
  }
  InputError error_of(const Scenario& sc) {
    try {
      check_initial_state(sc);
    } catch (const InputError& e) {
      return e;
    }
    ADD_FAILURE() << "expected an InputError";
    return InputError({}, "", "");
  }
  fs::path dir_;
};

TEST_F(InitialStateCheckTest, CountsTheAgentsAPreparedRunHas) {
  const Scenario sc = load_scenario(kSmall);
  const InitialStateCheck check = check_initial_state(sc);
  EXPECT_EQ(check.agents, std::llround(sc.population.total * sc.population.scale));
  EXPECT_EQ(static_cast<std::size_t>(check.agents), InitialState::prepare(sc)->initial_agents);
  const RegionTable regions = RegionTable::load(sc.regions);
  EXPECT_EQ(check.counties, regions.county_count());
  EXPECT_EQ(check.fields, regions.field_count());
}

// Synthesising 20 million agents takes tens of seconds and gigabytes; the check fits a table of
// a few thousand cells. The bound is two orders of magnitude above the check's time, so only
// building the population would miss it.
TEST_F(InitialStateCheckTest, AcceptsTheShippedScenarioAtAnySizeWithoutSynthesising) {
  Scenario sc = load_scenario(kSmall);
  sc.population.scale = 40;
  const auto start = std::chrono::steady_clock::now();
  const InitialStateCheck check = check_initial_state(sc);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(check.agents, std::llround(sc.population.total * 40));
  EXPECT_GT(check.agents, 19'000'000);
  EXPECT_LT(seconds, 2.0);
}

TEST_F(InitialStateCheckTest, AcceptsTheFixtureMargins) {
  const Scenario sc = on_fixture(kData + "/population/good.csv");
  EXPECT_EQ(check_initial_state(sc).agents,
            std::llround(sc.population.total * sc.population.scale));
}

TEST_F(InitialStateCheckTest, RejectsAMarginsFileThatDoesNotLoad) {
  const std::string bad = kData + "/population/bad_sum.csv";
  const InputError e = error_of(on_fixture(bad));
  EXPECT_EQ(e.where().file, bad);
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.key(), "level");
  EXPECT_NE(e.message().find("sum to 0.9, not 1"), std::string::npos) << e.message();
}

// Inconsistent margins load, line by line, but no joint table fits them: the fit finds it, before
// any agent, as a run would.
TEST_F(InitialStateCheckTest, RejectsMarginsThatNoJointTableFits) {
  const std::string bad = kData + "/population/bad_impossible.csv";
  const Scenario sc = on_fixture(bad);
  const InputError e = error_of(sc);
  EXPECT_EQ(e.where().file, bad);
  EXPECT_NE(e.message().find("margins are inconsistent"), std::string::npos) << e.message();
  try {
    InitialState::prepare(sc);
    ADD_FAILURE() << "prepare accepted what the check refused";
  } catch (const InputError& run) {
    EXPECT_EQ(format_input_error(run.where(), run.key(), run.message(), run.hint()),
              format_input_error(e.where(), e.key(), e.message(), e.hint()));
  }
}

TEST_F(InitialStateCheckTest, RejectsAPopulationOfNoAgents) {
  Scenario sc = load_scenario(kSmall);
  sc.population.total = 10;
  sc.population.scale = 0.01;
  const InputError e = error_of(sc);
  EXPECT_EQ(e.key(), "population.scale");
  EXPECT_NE(e.message().find("gives 0 agents"), std::string::npos) << e.message();
}

}  // namespace
}  // namespace kunlun
