// Place valuation: the value of the alternatives is the log-sum over every other place.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "model/place_valuation.h"
#include "model/simulation.h"
#include "scenario/scenario.h"

using namespace kunlun;

namespace {
const std::string kData = KUNLUN_TEST_DATA;
}  // namespace

TEST(PlaceValuation, AlternativesAreTheLogSumOverOtherPlaces) {
  const auto state = InitialState::prepare(load_scenario(kData + "/sim/small.yaml"));
  const RegionTable& regions = state->regions;
  const LeverTable levers(ClassLayout{regions.county_count(), regions.field_count()});
  std::vector<std::int32_t> open(static_cast<std::size_t>(regions.county_count()) * regions.field_count(), 10);
  open[3] = 0;  // county 0, field 3: no open post
  std::vector<std::int32_t> heads(static_cast<std::size_t>(regions.county_count()) * levers.classes(), 1);
  PlaceValues v;
  value_places(state->scenario, regions, levers, open, heads, v);
  const int k = ClassLayout::encode(3, static_cast<int>(Level::mid), static_cast<int>(Title::intermediate), 0);
  EXPECT_TRUE(std::isinf(v.attraction[v.at(0, k)]));  // no post, no destination
  // Direct sum for county 1 over every other county and outside region.
  const int places = v.layout.counties + v.outside;
  double sum = 0;
  for (int d = 0; d < places; ++d) {
    if (d == 1) continue;
    const double friction = v.friction[static_cast<std::size_t>(1) * places + d];
    const double a = d < v.layout.counties ? v.attraction[v.at(d, k)]
                                    : v.outside_value[static_cast<std::size_t>(d - v.layout.counties) * kTitles + 2];
    sum += std::exp(a + friction);
  }
  EXPECT_NEAR(v.alternatives[v.at(1, k)], std::log(sum), 1e-4);
}
