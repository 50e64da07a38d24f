// Shared by the command-line tests: the built `kunlun` run in a fresh folder per test, with its
// exit code, standard output and standard error.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "testing/file_testing.h"

namespace kunlun::testing {

inline const std::string kCli = KUNLUN_CLI;

struct CliResult {
  int code;
  std::string out, err;
};

// In a named namespace (not an anonymous one) so that every test file's TEST_F(Cli, ...) shares
// one fixture class, as GoogleTest requires of one suite.
class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kunlun-cli-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CliResult run(const std::string& args) { return run_with("", args); }
  // With `environment` ("NAME=value ...") set for the command only.
  CliResult run_with(const std::string& environment, const std::string& args) {
    const std::string cmd = (environment.empty() ? "" : "env " + environment + " ") + kCli + " " + args + " >" +
                            (dir_ / "stdout").string() + " 2>" + (dir_ / "stderr").string();
    const int status = std::system(cmd.c_str());
    return {WEXITSTATUS(status), slurp(dir_ / "stdout"), slurp(dir_ / "stderr")};
  }
  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  // A one-target file and a two-wave design for a quick calibration of the small scenario.
  std::pair<std::filesystem::path, std::filesystem::path> write_small_calibration() {
    return {write("targets.yaml",
                  "targets:\n  turnover_2026:\n    quantity: turnover\n    from: 2026-01\n    to: 2026-12\n"
                  "    value: 0.08\n    sd: 0.01\n    reasoning: a test figure\n    source: the test\n"),
            write("design.yaml",
                  "parameters: [behaviour.mobility.annual_move_rate]\nwaves: 2\npoints_per_wave: 6\n"
                  "repeats_per_wave: 2\nposterior: {size: 10, chains: 2, steps: 300}\n")};
  }
  std::filesystem::path dir_;
};

}  // namespace kunlun::testing
