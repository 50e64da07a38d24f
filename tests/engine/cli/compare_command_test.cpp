// `kunlun compare`: paired runs and the table of differences, and scenarios that cannot be paired
// refused before any work.
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

TEST_F(Cli, CompareRunsPairedAndPrintsTheDifferenceTable) {
  const fs::path variant = write("stay.yaml", "extends: " + kSmall +
                                                  "\nname: test-stay\npolicies:\n  stay:\n    type: behaviour\n"
                                                  "    target: {regions: [yushu]}\n    exit_log_odds: -1\n");
  const fs::path out = dir_ / "cmp";
  const Result r = run("compare " + kSmall + " " + variant.string() + " -r 2 --out " + out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Difference from test-small to 2027-12: mean [95% interval of the mean] over 2 paired replications;\n", 0), 0u)
      << r.out;
  EXPECT_NE(r.out.find("test-stay"), std::string::npos);
  EXPECT_NE(r.out.find("  chose to leave the province"), std::string::npos);
  EXPECT_NE(r.out.find("Grassroots counties of the autonomous prefectures"), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "test-small" / "timeseries.csv"));
  EXPECT_TRUE(fs::exists(out / "test-stay" / "retention.csv"));
  // The variant ran on the baseline's seed and replications.
  EXPECT_NE(slurp(out / "test-stay" / "manifest.json").find("\"replications\": 2"), std::string::npos);
}

TEST_F(Cli, CompareRefusesUnpairableScenariosBeforeAnyWork) {
  const fs::path longer = write("longer.yaml", "extends: " + kSmall + "\nname: longer\nhorizon: {end: 2028-12}\n");
  const fs::path out = dir_ / "cmp";
  const Result r = run("compare " + kSmall + " " + longer.string() + " --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "kunlun: " + longer.string() +
                ":3: horizon.end: longer has horizon.end 2028-12 but the baseline test-small has 2027-12 (a paired "
                "comparison needs the same horizon.end in every scenario; set it to 2027-12)\n");
  EXPECT_FALSE(fs::exists(out));
}
