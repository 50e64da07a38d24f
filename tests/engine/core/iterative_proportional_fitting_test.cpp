// Tests for iterative proportional fitting: small tables with known margins, zeros, inconsistent
// and malformed margins.
#include "core/iterative_proportional_fitting.h"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "core/errors.h"

namespace kunlun {
namespace {

TEST(Ipf, ReproducesOneDimensionalAndJointMarginsOfASmallTable) {
  // 3 x 4 x 2 with the margins of a known table: the fit must reproduce them all.
  const std::vector<int> sizes{3, 4, 2};
  std::vector<double> truth(24);
  for (std::size_t c = 0; c < truth.size(); ++c) truth[c] = 1.0 + static_cast<double>((c * 7) % 5);
  const double sum = std::accumulate(truth.begin(), truth.end(), 0.0);
  for (double& x : truth) x /= sum;
  std::vector<IpfMargin> margins;
  for (const auto& axes : std::vector<std::vector<int>>{{0}, {1}, {2}, {0, 1}, {2, 1}})
    margins.push_back({axes, table_margin(sizes, truth, axes)});
  const IpfResult r = fit_proportional(sizes, margins);
  ASSERT_TRUE(r.converged);
  EXPECT_LT(r.max_error, 1e-10);
  EXPECT_NEAR(std::accumulate(r.table.begin(), r.table.end(), 0.0), 1.0, 1e-14);
  for (const auto& m : margins) {
    const auto fitted = table_margin(sizes, r.table, m.axes);
    for (std::size_t j = 0; j < fitted.size(); ++j) EXPECT_NEAR(fitted[j], m.target[j], 1e-9);
  }
}

TEST(Ipf, OneDimensionalMarginsOnlyGiveTheProductTable) {
  const std::vector<int> sizes{2, 3};
  const IpfResult r = fit_proportional(sizes, {{{0}, {0.25, 0.75}}, {{1}, {0.5, 0.3, 0.2}}});
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(r.table[0], 0.125, 1e-15);
  EXPECT_NEAR(r.table[5], 0.15, 1e-15);
}

TEST(Ipf, ZeroTargetsGiveExactZeros) {
  const std::vector<int> sizes{2, 2};
  const IpfResult r = fit_proportional(sizes, {{{0}, {0.5, 0.5}}, {{0, 1}, {0.5, 0.0, 0.1, 0.4}}});
  ASSERT_TRUE(r.converged);
  EXPECT_EQ(r.table[1], 0.0);
  EXPECT_NEAR(r.table[3], 0.4, 1e-12);
}

TEST(Ipf, InconsistentMarginsDoNotConverge) {
  const std::vector<int> sizes{2, 2};
  const IpfResult r =
      fit_proportional(sizes, {{{0}, {0.5, 0.5}}, {{0, 1}, {0.1, 0.3, 0.3, 0.3}}}, 1e-10, 50);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 50);
  EXPECT_NEAR(r.max_error, 0.1, 1e-9);
}

TEST(Ipf, MalformedInputIsALogicError) {
  EXPECT_THROW(fit_proportional({2, 2}, {{{2}, {0.5, 0.5}}}), std::invalid_argument);
  EXPECT_THROW(fit_proportional({2, 2}, {{{0}, {1.0}}}), std::invalid_argument);
  EXPECT_THROW(fit_proportional({2, 2}, {{{0, 0}, {0.25, 0.25, 0.25, 0.25}}}),
               std::invalid_argument);
}

}  // namespace
}  // namespace kunlun
