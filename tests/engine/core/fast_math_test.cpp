// The hot loops' exponential and logarithm against the C library, and the batched logistic.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/fast_math.h"

using namespace kunlun;

TEST(FastMath, ExpMatchesTheCLibraryToOnePartIn1e14) {
  double worst = 0;
  for (double x = -700; x <= 700; x += 0.01337) {
    const double want = std::exp(x);
    worst = std::max(worst, std::abs(fast_exp(x) - want) / want);
  }
  EXPECT_LT(worst, 1e-14);
  EXPECT_EQ(fast_exp(0.0), 1.0);
}

TEST(FastMath, LogMatchesTheCLibraryToOnePartIn1e14) {
  double worst = 0;
  for (double x = 1e-300; x < 1e300; x *= 1.0137) {
    const double want = std::log(x);
    worst = std::max(worst, std::abs(fast_log(x) - want) / std::max(1.0, std::abs(want)));
  }
  for (double x = 0.5; x < 2.0; x += 1e-5) worst = std::max(worst, std::abs(fast_log(x) - std::log(x)));
  EXPECT_LT(worst, 1e-14);
  EXPECT_EQ(fast_log(1.0), 0.0);
}

TEST(FastMath, BatchedLogisticIsTheScalarFormula) {
  std::vector<double> a, p;
  std::vector<float> x;
  for (int k = 0; k < 1001; ++k) {
    a.push_back(-8.0 + k * 0.013);
    x.push_back(1000.0f + 37.5f * static_cast<float>(k));
  }
  p.resize(a.size());
  logistic_with_log(a.data(), x.data(), -0.7, p.data(), a.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double z = a[k] - 0.7 * std::log(static_cast<double>(x[k]));
    EXPECT_NEAR(p[k], 1.0 / (1.0 + std::exp(-z)), 1e-14) << k;
    // And exactly the same bits as the scalar inline formula (vector width does not matter).
    EXPECT_EQ(p[k], 1.0 / (1.0 + fast_exp(-(a[k] + -0.7 * fast_log(static_cast<double>(x[k])))))) << k;
  }
}
