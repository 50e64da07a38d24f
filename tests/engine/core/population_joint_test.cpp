// Tests for the fitted core table of the population fixture (tests/data/population/): it
// reproduces every core margin, and impossible margins are an input error naming the file.
#include "core/population_joint.h"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/iterative_proportional_fitting.h"
#include "core/population_margins.h"
#include "core/population_synthesis.h"

namespace kunlun {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(KUNLUN_TEST_DATA) / "population";
const YearMonth kStart(2026, 1);

const RegionTable& fixture_regions() {
  static const RegionTable table = RegionTable::load(kFixtures / "regions.csv");
  return table;
}

TEST(PopulationJoint, CoreTableReproducesEveryCoreMarginOfTheFixture) {
  const auto m = load_population_margins(kFixtures / "good.csv", fixture_regions());
  const CoreTable core = fit_core_table(m, fixture_regions());
  EXPECT_EQ(core.sizes, (std::array<int, 5>{3, 3, 3, 5, 4}));
  EXPECT_LT(core.max_error, 1e-10);
  const std::map<std::string, int> axis{
      {"prefecture", 0}, {"field", 1}, {"level", 2}, {"title", 3}, {"education", 4}};
  int checked = 0;
  for (const Margin& g : m.margins) {
    if (g.conditional || !axis.count(g.dimensions[0])) continue;
    std::vector<int> axes;
    for (const auto& d : g.dimensions) axes.push_back(axis.at(d));
    const auto fitted = table_margin(core.size_vector(), core.shares, axes);
    for (std::size_t r = 0; r < g.cells.size(); ++r) {
      std::size_t j = 0;
      for (std::size_t d = 0; d < axes.size(); ++d)
        j = j * static_cast<std::size_t>(core.sizes[static_cast<std::size_t>(axes[d])]) +
            static_cast<std::size_t>(g.cells[r][d]);
      EXPECT_NEAR(fitted[j], g.shares[r], 1e-9) << g.dimensions[0] << " row " << r;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 7);  // 5 one-dimensional, prefecture*field, title*education
  // Structural zeros are exact: Yushu has no agriculture, senior titles have no college degree.
  for (int l = 0; l < 3; ++l)
    for (int t = 0; t < 5; ++t)
      for (int e = 0; e < 4; ++e) EXPECT_EQ(core.shares[core.index(2, 2, l, t, e)], 0.0);
  EXPECT_EQ(core.shares[core.index(0, 0, 1, 4, 0)], 0.0);
}

TEST(PopulationJoint, ImpossibleMarginsAreAnInputErrorNamingTheFile) {
  // Every pair of margins agrees, but level = title = education = level + 1 has no solution.
  const auto m = load_population_margins(kFixtures / "bad_impossible.csv", fixture_regions());
  try {
    fit_core_table(m, fixture_regions());
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("bad_impossible.csv: "), std::string::npos) << what;
    EXPECT_NE(what.find("margins are inconsistent: after 1000 iterations"), std::string::npos)
        << what;
    EXPECT_NE(what.find("differ by"), std::string::npos) << what;
  }
  EXPECT_THROW(synthesise_population(m, fixture_regions(), 1000, 1, 1, kStart), InputError);
}

}  // namespace
}  // namespace kunlun
