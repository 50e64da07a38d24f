// Tests for the margins loader's number checks (engine/core/population_margins.h): shares that are
// NaN, infinite or outside [0, 1] are refused with the file, line, column and the allowed range.
// The loader's other errors are tested with the synthesis (population_synthesis_test.cpp).
#include "core/population_margins.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "testing/input_error_testing.h"

namespace kunlun {
namespace {

namespace fs = std::filesystem;
using kunlun::testing::error_of;

const fs::path kFixtures = fs::path(KUNLUN_TEST_DATA) / "population";

// The good fixture with its line "field,health,0.44,test" (line 6) given `share` instead.
fs::path with_health_share(const std::string& share) {
  std::ifstream in(kFixtures / "good.csv", std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  std::string text = all.str();
  const std::string line = "field,health,0.44,test";
  const std::size_t at = text.find(line);
  EXPECT_NE(at, std::string::npos);
  text.replace(at, line.size(), "field,health," + share + ",test");
  const fs::path path = fs::temp_directory_path() / ("kunlun_margins_share_" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(PopulationMargins, NonFiniteSharesAreRefusedWithTheAllowedRange) {
  const RegionTable regions = RegionTable::load(kFixtures / "regions.csv");
  for (const std::string share : {"nan", "inf", "-inf"}) {
    const fs::path path = with_health_share(share);
    const InputError e = error_of([&] { load_population_margins(path, regions); });
    EXPECT_EQ(e.where().file, path.string());
    EXPECT_EQ(e.where().line, 6);
    EXPECT_EQ(e.where().column, 3);
    EXPECT_EQ(e.key(), "share");
    EXPECT_EQ(e.message(), "value '" + share + "' is not a finite number");
    EXPECT_EQ(e.hint(), "infinity and NaN are not allowed; share must be between 0 and 1");
    fs::remove(path);
  }
}

TEST(PopulationMargins, SharesOutsideZeroToOneAreRefused) {
  const RegionTable regions = RegionTable::load(kFixtures / "regions.csv");
  for (const std::string share : {"1e308", "-0.1", "1.5"}) {
    const fs::path path = with_health_share(share);
    const InputError e = error_of([&] { load_population_margins(path, regions); });
    EXPECT_EQ(e.where().line, 6);
    EXPECT_EQ(e.key(), "share");
    EXPECT_EQ(e.message(), "share " + share + " is outside [0, 1]");
    EXPECT_EQ(e.hint(), "write a share between 0 and 1");
    fs::remove(path);
  }
}

TEST(PopulationMargins, ShippedMarginsLoad) {
  const fs::path data = fs::path(KUNLUN_SOURCE_DIR) / "scenarios" / "data";
  const RegionTable regions = RegionTable::load(data / "qinghai_regions.csv");
  EXPECT_NO_THROW(load_population_margins(data / "qinghai_population_margins.csv", regions));
}

}  // namespace
}  // namespace kunlun
