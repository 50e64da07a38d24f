// Intervals against hand-computed values: the mean's Student t interval, paired and unpaired
// (Welch) differences, and Fieller's interval for a ratio.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "experiment/interval.h"

using namespace kunlun;

namespace {
// Student's t 0.975 quantiles for 2 and 4 degrees of freedom, from tables.
constexpr double kT2 = 4.302652729749464, kT4 = 2.7764451051977987;
}  // namespace

TEST(Interval, MatchesHandComputedStudentT) {
  // mean 3, sd sqrt(2.5), t(0.975, 4) = 2.7764451, half width = 2.7764451 * 1.5811388 / sqrt(5).
  const Interval iv = mean_interval({1, 2, 3, 4, 5});
  EXPECT_EQ(iv.n, 5);
  EXPECT_DOUBLE_EQ(iv.mean, 3.0);
  EXPECT_NEAR(iv.sd, 1.5811388, 1e-7);
  EXPECT_NEAR(iv.low, 3.0 - 1.9632432, 1e-6);
  EXPECT_NEAR(iv.high, 3.0 + 1.9632432, 1e-6);
}

TEST(Interval, OneReplicationHasNoInterval) {
  const Interval iv = mean_interval({42});
  EXPECT_EQ(iv.mean, 42);
  EXPECT_TRUE(std::isnan(iv.low));
  EXPECT_TRUE(std::isnan(iv.sd));
}

TEST(Interval, PairedDifferenceMatchesHandComputedValues) {
  // Differences 1, 2, 2: mean 5/3, sd sqrt(1/3), half-width t(2) sd / sqrt(3).
  const Interval d = paired_difference({1, 2, 3}, {2, 4, 5});
  EXPECT_EQ(d.n, 3);
  EXPECT_NEAR(d.mean, 5.0 / 3.0, 1e-12);
  EXPECT_NEAR(d.sd, std::sqrt(1.0 / 3.0), 1e-12);
  EXPECT_NEAR(d.low, 5.0 / 3.0 - kT2 * std::sqrt(1.0 / 3.0) / std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(d.low, 0.23244909008351233, 1e-9);
  EXPECT_NEAR(d.high, 3.100884243249821, 1e-9);
}

TEST(Interval, UnpairedDifferenceUsesWelchDegreesOfFreedom) {
  // Equal variances (1) and sizes (3): Welch's degrees of freedom are 2(n - 1) = 4.
  const Range r = unpaired_difference({1, 2, 3}, {4, 5, 6});
  EXPECT_NEAR(r.low, 3 - kT4 * std::sqrt(2.0 / 3.0), 1e-9);
  EXPECT_NEAR(r.high, 3 + kT4 * std::sqrt(2.0 / 3.0), 1e-9);
  // The same pairs, paired, differ by exactly 3 every time: a zero-width interval.
  const Interval p = paired_difference({1, 2, 3}, {4, 5, 6});
  EXPECT_EQ(p.low, 3.0);
  EXPECT_EQ(p.high, 3.0);
}

TEST(Interval, FiellerRatioMatchesHandComputedBounds) {
  const std::vector<double> cost{100, 120, 110}, years{10, 11, 12};
  const RatioInterval r = fieller_ratio(cost, years);
  ASSERT_TRUE(r.bounded);
  EXPECT_DOUBLE_EQ(r.estimate, 10.0);
  EXPECT_NEAR(r.low, 7.9349866501568735, 1e-9);
  EXPECT_NEAR(r.high, 12.602415657249155, 1e-9);
  // Each bound solves (a - R b)^2 = t^2 (var a - 2 R cov + R^2 var b), the variances of the means.
  for (const double R : {r.low, r.high}) {
    const double lhs = std::pow(110 - R * 11, 2);
    const double rhs = kT2 * kT2 * (100.0 / 3 - 2 * R * 5.0 / 3 + R * R / 3);
    EXPECT_NEAR(lhs, rhs, 1e-6);
  }
}

TEST(Interval, FiellerRatioIsUnboundedWhenTheDenominatorMayBeZero) {
  const RatioInterval r = fieller_ratio({100, 120, 110}, {-1, 2, 0.5});
  EXPECT_FALSE(r.bounded);
  EXPECT_TRUE(std::isnan(r.low));
  EXPECT_NEAR(r.estimate, 110 / (1.5 / 3), 1e-9);
}
