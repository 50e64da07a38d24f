// Reading calibration design files: every key, and mistakes named at their line.
#include "experiment/calibration_design.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing/scenario_run_testing.h"

namespace kunlun {
namespace {

using testing::error_of;

std::filesystem::path write(const std::string& name, const std::string& text) {
  const auto dir = testing::process_temp_dir("kunlun-calibration-design-test");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

TEST(CalibrationDesign, EveryKeyIsRead) {
  const CalibrationDesign d = read_calibration_design(write("all.yaml", R"(parameters: [behaviour.mobility.utility_gap, behaviour.utility]
uncertainty: {behaviour.mobility.utility_gap: {low: 0.5, high: 2}}
targets: [health_technical_2013]
until: 2012-12
waves: 3
points_per_wave: 40
repeats_per_wave: 8
candidates: 5000
cutoff: 3.5
posterior: {size: 300, chains: 4, steps: 2000}
seed: 9
)"));
  EXPECT_EQ(d.parameters, (std::vector<std::string>{"behaviour.mobility.utility_gap", "behaviour.utility"}));
  ASSERT_EQ(d.uncertainty.size(), 1u);
  EXPECT_EQ(d.targets, std::vector<std::string>{"health_technical_2013"});
  ASSERT_TRUE(d.until.has_value());
  EXPECT_EQ(d.until->str(), "2012-12");
  EXPECT_EQ(d.waves, 3u);
  EXPECT_EQ(d.points_per_wave, 40u);
  EXPECT_EQ(d.repeats_per_wave, 8u);
  EXPECT_EQ(d.candidates, 5000u);
  EXPECT_EQ(d.cutoff, 3.5);
  EXPECT_EQ(d.posterior_size, 300u);
  EXPECT_EQ(d.chains, 4u);
  EXPECT_EQ(d.chain_steps, 2000u);
  EXPECT_EQ(d.seed, 9u);
  EXPECT_NO_THROW(check_calibration_design(d));
}

TEST(CalibrationDesign, TheShippedQinghaiDesignLoads) {
  const CalibrationDesign d =
      read_calibration_design(std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/calibration.yaml");
  EXPECT_EQ(d.parameters.size(), 6u);
  EXPECT_NO_THROW(check_calibration_design(d));
}

TEST(CalibrationDesign, MistakesAreNamedAtTheirLine) {
  const InputError waves = error_of([] { read_calibration_design(write("w.yaml", "parameters: [a]\nwaves: 40\n")); });
  EXPECT_EQ(waves.key(), "waves");
  EXPECT_EQ(waves.where().line, 2);
  const InputError typo = error_of([] { read_calibration_design(write("t.yaml", "parameters: [a]\ncutof: 3\n")); });
  EXPECT_EQ(typo.key(), "cutof");
  EXPECT_NE(typo.hint().find("cutoff"), std::string::npos) << typo.hint();
  const InputError missing = error_of([] { read_calibration_design(write("m.yaml", "waves: 3\n")); });
  EXPECT_EQ(missing.key(), "parameters");
}

}  // namespace
}  // namespace kunlun
