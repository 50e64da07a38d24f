// Shared by the tests that run scenarios: variants over the small test scenario, a run to the
// horizon on one thread with a hook after every month, and the checks of a bad variant's error.
#pragma once

#include <gtest/gtest.h>
#include <omp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "testing/input_error_testing.h"
#include "model/simulation.h"
#include "scenario/scenario.h"

namespace kunlun::testing {

inline const std::string kSmallScenario = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";

// The small population is simulated fastest on one thread (OpenMP start-up dominates steps of
// ten thousand agents); results do not depend on the thread count (Simulation.
// ResultsAreIdenticalForOneTwoAndFourThreads), so this only keeps each test well under 2 s.
struct OneThread {
  OneThread() { omp_set_num_threads(1); }
  ~OneThread() { omp_set_num_threads(omp_get_num_procs()); }
};

// A temporary folder of this test process: two suites running at once (a sanitizer build's and
// the default one) must not write each other's scenario files.
inline std::filesystem::path process_temp_dir(const std::string& folder) {
  return std::filesystem::temp_directory_path() / (folder + "-" + std::to_string(::getpid()));
}

// A scenario file in the temporary folder `folder` (of this process) extending `base` with `text`
// (behaviour overrides, policies).
inline std::filesystem::path scenario_variant(const std::string& folder, const std::string& name,
                                              const std::string& text, const std::string& base = kSmallScenario) {
  const std::filesystem::path dir = process_temp_dir(folder);
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / (name + ".yaml");
  std::ofstream(file) << "extends: " << base << "\nname: " << name << "\n" << text;
  return file;
}

// A small (2%, two-year, one-replication) variant of the scenario file `base`, with extra YAML text.
inline std::filesystem::path small_variant(const std::string& name, const std::string& base, const std::string& text = "") {
  const std::filesystem::path dir = process_temp_dir("kunlun-behaviour-test");
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / (name + ".yaml");
  std::ofstream(file) << "extends: " << base << "\nname: " << name
                      << "\nhorizon: {start: 2026-01, end: 2027-12}\nreplications: 1\npopulation: {scale: 0.02}\n"
                      << text;
  return file;
}

using AfterStep = std::function<void(const Simulation&, const StepResult&)>;

// Runs the scenario's first replication to its end on one thread, calling `after` after every month.
inline std::vector<StepResult> run(const std::filesystem::path& file, const AfterStep& after = nullptr) {
  OneThread one;
  Simulation sim(InitialState::prepare(load_scenario(file)), 0);
  std::vector<StepResult> out;
  while (!sim.finished()) {
    out.push_back(sim.step());
    if (after) after(sim, out.back());
  }
  return out;
}

// One bad scenario variant of a parameterised error test: its YAML, and what the message says after
// "file:" (the line, the key, the message and the hint).
struct ScenarioErrorCase {
  std::string name, yaml, expected;
};
inline void PrintTo(const ScenarioErrorCase& c, std::ostream* os) { *os << c.name; }
inline std::string case_name(const ::testing::TestParamInfo<ScenarioErrorCase>& info) { return info.param.name; }

// Prepares the scenario in `file`, which must fail with an InputError naming the file, then `expected`.
inline void expect_prepare_error(const std::filesystem::path& file, const std::string& expected) {
  const InputError e = error_of([&] { InitialState::prepare(load_scenario(file)); });
  EXPECT_NE(std::string(e.what()).find(file.string() + ":" + expected), std::string::npos) << e.what();
}

}  // namespace kunlun::testing
