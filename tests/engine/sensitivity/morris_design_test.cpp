// Morris trajectories: one parameter per step by +-delta on the grid, reproducible, and more
// spread than trajectories taken as they come.
#include "sensitivity/morris_design.h"

#include <gtest/gtest.h>

#include <cmath>

#include "testing/input_error_testing.h"

namespace kunlun::sensitivity {
namespace {

TEST(MorrisDesign, EachStepMovesOneParameterByDeltaOnTheGrid) {
  const MorrisDesign d = make_morris_design(10, 6, 3);
  EXPECT_DOUBLE_EQ(d.delta, 2.0 / 3.0);
  for (std::size_t t = 0; t < 10; ++t) {
    std::vector<int> moved(6, 0);
    for (std::size_t k = 1; k <= 6; ++k) {
      const auto row = static_cast<Eigen::Index>(t * 7 + k);
      int differing = 0;
      for (Eigen::Index c = 0; c < 6; ++c) {
        const double step = d.unit(row, c) - d.unit(row - 1, c);
        if (step != 0) {
          ++differing;
          EXPECT_EQ(static_cast<std::size_t>(c), d.changed[static_cast<std::size_t>(row)]);
          EXPECT_NEAR(step, d.direction[static_cast<std::size_t>(row)] * d.delta, 1e-15);
          ++moved[static_cast<std::size_t>(c)];
        }
        EXPECT_GE(d.unit(row, c), 0.0);
        EXPECT_LE(d.unit(row, c), 1.0);
        const double level = d.unit(row, c) * 3;  // on the grid {0, 1/3, 2/3, 1}
        EXPECT_NEAR(level, std::round(level), 1e-12);
      }
      EXPECT_EQ(differing, 1);
    }
    for (const int m : moved) EXPECT_EQ(m, 1);  // every parameter moves once
  }
}

TEST(MorrisDesign, TheSameSeedGivesTheSameDesignAndAnotherSeedAnother) {
  EXPECT_EQ(make_morris_design(5, 4, 1).unit, make_morris_design(5, 4, 1).unit);
  EXPECT_NE(make_morris_design(5, 4, 1).unit, make_morris_design(5, 4, 2).unit);
}

TEST(MorrisDesign, ChoosingAmongCandidatesSpreadsTheTrajectories) {
  // With as many candidates as trajectories nothing is chosen: the first ones drawn.
  const MorrisDesign as_drawn = make_morris_design(6, 5, 8, 4, 6);
  const MorrisDesign chosen = make_morris_design(6, 5, 8, 4, 60);
  EXPECT_GT(morris_spread(chosen), morris_spread(as_drawn));
}

TEST(MorrisDesign, BadSizesAreRefusedByName) {
  using kunlun::testing::error_of;
  EXPECT_EQ(error_of([] { make_morris_design(1, 3, 0); }).where().argument, "trajectories");
  EXPECT_EQ(error_of([] { make_morris_design(4, 3, 0, 3); }).where().argument, "levels");
  EXPECT_EQ(error_of([] { make_morris_design(4, 3, 0, 4, 2); }).where().argument, "candidates");
  EXPECT_EQ(error_of([] { make_morris_design(4, 0, 0); }).where().argument, "bounds");
}

}  // namespace
}  // namespace kunlun::sensitivity
