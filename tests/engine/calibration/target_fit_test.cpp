// The fit of replications to a target: mean, 90% prediction interval, and the standardised error
// with the observation's and the replications' variances; bounds count only when crossed.
#include "calibration/target_fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace kunlun {
namespace {

Target target(double value, double sd, TargetBound bound = TargetBound::value) {
  Target t;
  t.name = "t";
  t.value = value;
  t.sd = sd;
  t.bound = bound;
  return t;
}

TEST(TargetFit, TheStandardisedErrorAddsTheObservationAndReplicationVariances) {
  const std::vector<Target> targets = {target(10, 3), target(10, 3, TargetBound::lower),
                                       target(20, 3, TargetBound::lower)};
  // Replications 12, 14, 16: mean 14, sd 2; quantiles by linear interpolation.
  const std::vector<std::vector<double>> values = {{12, 12, 12}, {14, 14, 14}, {16, 16, 16}};
  const auto fits = fit_targets(targets, values);
  EXPECT_DOUBLE_EQ(fits[0].mean, 14);
  EXPECT_DOUBLE_EQ(fits[0].sd, 2);
  EXPECT_DOUBLE_EQ(fits[0].p05, 12.2);
  EXPECT_DOUBLE_EQ(fits[0].p50, 14);
  EXPECT_DOUBLE_EQ(fits[0].p95, 15.8);
  EXPECT_DOUBLE_EQ(fits[0].standardised_error, 4 / std::sqrt(13.0));
  EXPECT_EQ(fits[1].standardised_error, 0.0);  // above a lower bound: consistent
  EXPECT_DOUBLE_EQ(fits[2].standardised_error, -6 / std::sqrt(13.0));
}

TEST(TargetFit, ATargetNoReplicationCoversHasNoValue) {
  const std::vector<Target> targets = {target(1, 1)};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto fits = fit_targets(targets, {{nan}, {nan}});
  EXPECT_EQ(fits[0].replications, 0);
  EXPECT_TRUE(std::isnan(fits[0].mean));
  const std::string csv = fit_csv(fits);
  EXPECT_NE(csv.find("\nt,"), std::string::npos);
  EXPECT_NE(csv.find(",,,,,0,,"), std::string::npos) << csv;  // empty numbers, 0 replications
}

}  // namespace
}  // namespace kunlun
