// core/apportion.h: the largest-remainder split with known answers, ties, zero weights and errors.
#include "core/apportion.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace kunlun {
namespace {

using Parts = std::vector<std::int64_t>;
using Weights = std::vector<double>;

TEST(Apportion, KnownAnswers) {
  // Quotas 4.5, 3.5, 2 with 10 units: the floors give 9; the first of the two halves takes the
  // last.
  EXPECT_EQ(largest_remainder(10, Weights{4.5, 3.5, 2}), (Parts{5, 3, 2}));
  // Hamilton's textbook case: quotas 2.86, 1.43, 5.71 of 10.
  EXPECT_EQ(largest_remainder(10, Weights{2, 1, 4}), (Parts{3, 1, 6}));
  EXPECT_EQ(largest_remainder(7, Weights{1}), (Parts{7}));
  EXPECT_EQ(largest_remainder(100, Weights{0.25, 0.25, 0.5}), (Parts{25, 25, 50}));
}

TEST(Apportion, TiesGoToTheLowerIndex) {
  EXPECT_EQ(largest_remainder(1, Weights{1, 1, 1}), (Parts{1, 0, 0}));
  EXPECT_EQ(largest_remainder(2, Weights{1, 1, 1}), (Parts{1, 1, 0}));
  EXPECT_EQ(largest_remainder(5, Weights{3, 3, 3, 3}), (Parts{2, 1, 1, 1}));
  EXPECT_EQ(largest_remainder(3, Weights{0, 2, 2}), (Parts{0, 2, 1}));
}

TEST(Apportion, ZeroWeightsGetNothing) {
  EXPECT_EQ(largest_remainder(5, Weights{0, 1, 0}), (Parts{0, 5, 0}));
  EXPECT_EQ(largest_remainder(0, Weights{0, 0}), (Parts{0, 0}));
  EXPECT_EQ(largest_remainder(0, Weights{1, 2}), (Parts{0, 0}));
  EXPECT_EQ(largest_remainder(0, Weights{}), Parts{});
}

TEST(Apportion, EveryPartIsTheFloorOrCeilingOfItsQuotaAndTheySumToTheTotal) {
  const Weights w{0.137, 0.2, 0.0, 0.413, 0.05, 0.2};
  const double sum = std::accumulate(w.begin(), w.end(), 0.0);
  for (const std::int64_t n : {1, 2, 3, 17, 1000, 495700, 1000000000}) {
    const Parts p = largest_remainder(n, w);
    EXPECT_EQ(std::accumulate(p.begin(), p.end(), std::int64_t{0}), n);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const double quota = static_cast<double>(n) * (w[i] / sum);
      EXPECT_TRUE(p[i] == static_cast<std::int64_t>(std::floor(quota)) ||
                  p[i] == static_cast<std::int64_t>(std::ceil(quota)))
          << "n " << n << " part " << i;
    }
  }
}

TEST(Apportion, RefusesWhatCannotBeSplit) {
  EXPECT_THROW(largest_remainder(-1, Weights{1}), std::invalid_argument);
  EXPECT_THROW(largest_remainder(3, Weights{0, 0}), std::invalid_argument);
  EXPECT_THROW(largest_remainder(3, Weights{}), std::invalid_argument);
  EXPECT_THROW(largest_remainder(3, Weights{1, -1, 2}), std::invalid_argument);
  EXPECT_THROW(largest_remainder(3, Weights{1, std::numeric_limits<double>::infinity()}),
               std::invalid_argument);
  EXPECT_THROW(largest_remainder(3, Weights{1, std::nan("")}), std::invalid_argument);
}

}  // namespace
}  // namespace kunlun
