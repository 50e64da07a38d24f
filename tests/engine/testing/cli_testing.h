// Shared by the command-line tests: the built `kunlun` run in a fresh folder per test, with its
// exit code, standard output and standard error.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

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
  std::filesystem::path dir_;
};

}  // namespace kunlun::testing
