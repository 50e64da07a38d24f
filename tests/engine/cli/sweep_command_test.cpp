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
            "kunlun: --set seed=10:1:1: seed: the range ends (1) below its start (10) (write the smaller value "
            "first, e.g. 1:10:1)\n");
  EXPECT_FALSE(fs::exists(out));
  const Result ok = run("sweep " + kSmall + " --set seed=1,2 -r 1 --out " + out.string());
  ASSERT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("point 1: seed=2"), std::string::npos) << ok.out;
  const std::string csv = slurp(out / "sweep.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
}

// A sweep's axes are its --set options: a bad one is placed at the option as typed.
TEST_F(Cli, BadSweepAxisIsNamedByItsOption) {
  const fs::path out = dir_ / "sw";
  const Result none = run("sweep " + kSmall + " --out " + out.string());
  EXPECT_EQ(none.code, 2);
  EXPECT_EQ(none.err,
            "kunlun: <command line>: --set: a sweep needs at least one key to vary (e.g. --set "
            "policies.rent.monthly_cny=0:3000:500)\n");
  const Result twice = run("sweep " + kSmall + " --set seed=1 --set seed=2 --out " + out.string());
  EXPECT_EQ(twice.code, 2);
  EXPECT_EQ(twice.err, "kunlun: --set seed=2: seed: the key is swept twice (give each key once)\n");
  const Result unknown = run("sweep " + kSmall + " --set behaviour.mobility.annual_mov_rate=0.1 --out " + out.string());
  EXPECT_EQ(unknown.code, 2);
  EXPECT_EQ(unknown.err.rfind("kunlun: --set behaviour.mobility.annual_mov_rate=0.1: behaviour.mobility.annual_mov_rate: ", 0), 0u)
      << unknown.err;
  EXPECT_FALSE(fs::exists(out));
}
