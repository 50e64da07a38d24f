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

namespace kunlun {
namespace {

// The quantiles over replications are numpy's default (type 7): numpy.quantile([5, 1, 4, 2, 3],
// [0.05, 0.5, 0.95]) is [1.2, 3.0, 4.8].
TEST(Interval, QuantilesOverReplicationsAreThoseOfNumpy) {
  const Interval iv = mean_interval({5, 1, 4, 2, 3});
  EXPECT_DOUBLE_EQ(iv.p05, 1.2);
  EXPECT_DOUBLE_EQ(iv.p50, 3.0);
  EXPECT_DOUBLE_EQ(iv.p95, 4.8);
  // The prediction interval does not shrink with more replications; the interval of the mean does.
  std::vector<double> many;
  for (int k = 0; k < 20; ++k)
    for (const double v : {5.0, 1.0, 4.0, 2.0, 3.0}) many.push_back(v);
  const Interval more = mean_interval(many);
  EXPECT_NEAR(more.p95 - more.p05, 4.0, 1e-12);
  EXPECT_LT(more.high - more.low, (iv.high - iv.low) / 4);
  EXPECT_TRUE(std::isnan(mean_interval({1.0}).p05));
}

}  // namespace
}  // namespace kunlun
