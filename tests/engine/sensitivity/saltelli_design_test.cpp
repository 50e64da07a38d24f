// The Saltelli design: blocks A, B and AB_i as Saltelli et al. 2010 lay them out, reproducible.
#include "sensitivity/saltelli_design.h"

#include <gtest/gtest.h>

#include "testing/input_error_testing.h"

namespace kunlun::sensitivity {
namespace {

TEST(SaltelliDesign, ABlocksDifferFromAOnlyInTheirOwnColumn) {
  const SaltelliDesign d = make_saltelli_design(64, 5, 9);
  ASSERT_EQ(static_cast<std::size_t>(d.unit.rows()), 64u * 7u);
  EXPECT_GT(d.unit.minCoeff(), 0.0);
  EXPECT_LT(d.unit.maxCoeff(), 1.0);
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 64; ++j)
      for (Eigen::Index c = 0; c < 5; ++c) {
        const double ab = d.unit(static_cast<Eigen::Index>(d.ab_row(i, j)), c);
        const double from = d.unit(static_cast<Eigen::Index>(c == static_cast<Eigen::Index>(i) ? d.b_row(j) : d.a_row(j)), c);
        EXPECT_EQ(ab, from);
      }
  // A and B are different points.
  EXPECT_NE(d.unit.row(0), d.unit.row(64));
}

TEST(SaltelliDesign, TheSameSeedGivesTheSameDesignAndAnotherSeedAnother) {
  const SaltelliDesign a = make_saltelli_design(32, 3, 1), b = make_saltelli_design(32, 3, 1),
                       c = make_saltelli_design(32, 3, 2);
  EXPECT_EQ(a.unit, b.unit);
  EXPECT_NE(a.unit, c.unit);
}

TEST(SaltelliDesign, TheColumnsOfABaseSampleOfTwoToTheKAreBalanced) {
  // A digital shift keeps the net: each half of [0, 1) holds half of the 2^k points.
  const SaltelliDesign d = make_saltelli_design(256, 4, 77);
  for (Eigen::Index c = 0; c < 4; ++c) {
    int below = 0;
    for (Eigen::Index r = 0; r < 256; ++r) below += d.unit(r, c) < 0.5 ? 1 : 0;
    EXPECT_EQ(below, 128) << c;
  }
}

TEST(SaltelliDesign, SizesOutsideTheLimitsAreRefused) {
  EXPECT_EQ(kunlun::testing::error_of([] { make_saltelli_design(1, 3, 0); }).where().argument, "n");
  EXPECT_EQ(kunlun::testing::error_of([] { make_saltelli_design(8, 0, 0); }).where().argument, "bounds");
}

}  // namespace
}  // namespace kunlun::sensitivity
