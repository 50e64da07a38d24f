// The command dispatch: help, version, and an unknown command with the closest one suggested.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "testing/cli_testing.h"
#include "testing/file_testing.h"

namespace fs = std::filesystem;
using kunlun::testing::Cli;
using kunlun::testing::slurp;
using Result = kunlun::testing::CliResult;

namespace {
const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";
}  // namespace

TEST_F(Cli, HelpVersionAndUnknownCommand) {
  EXPECT_EQ(run("--help").code, 0);
  EXPECT_EQ(run("run --help").code, 0);
  EXPECT_NE(run("run --help").out.find("--threads"), std::string::npos);
  const Result v = run("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("kunlun ", 0), 0u);
  const Result u = run("rnu x.yaml");
  EXPECT_EQ(u.code, 2);
  EXPECT_NE(u.err.find("did you mean 'run'?"), std::string::npos);
}
