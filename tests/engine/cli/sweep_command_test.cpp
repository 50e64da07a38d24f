// `kunlun sweep`: a row per point, and a bad range refused before any work.
#include <gtest/gtest.h>

#include <algorithm>
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

TEST_F(Cli, SweepWritesARowPerPointAndRejectsABadRange) {
  const fs::path out = dir_ / "sw";
  const Result bad = run("sweep " + kSmall + " --set seed=10:1:1 --out " + out.string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err,
            "kunlun: <command line>: --set seed: the range ends (1) below its start (10) (write the smaller value "
            "first, e.g. 1:10:1)\n");
  EXPECT_FALSE(fs::exists(out));
  const Result ok = run("sweep " + kSmall + " --set seed=1,2 -r 1 --out " + out.string());
  ASSERT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("point 1: seed=2"), std::string::npos) << ok.out;
  const std::string csv = slurp(out / "sweep.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
}
