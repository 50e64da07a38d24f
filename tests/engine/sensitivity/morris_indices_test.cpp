// Morris measures: exact on a linear function, ranking the g-function's inputs by importance,
// and exactly 0 for an input the function never reads.
#include "sensitivity/morris_indices.h"

#include <gtest/gtest.h>

#include <cmath>

#include "testing/input_error_testing.h"

namespace kunlun::sensitivity {
namespace {

const BootstrapOptions kBootstrap{500, 0.95};

template <class F>
Eigen::VectorXd evaluate(const MorrisDesign& d, F f) {
  Eigen::VectorXd y(d.unit.rows());
  for (Eigen::Index r = 0; r < d.unit.rows(); ++r) y[r] = f(d.unit.row(r));
  return y;
}

std::vector<std::string> names(std::size_t d) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < d; ++i) out.push_back("x" + std::to_string(i + 1));
  return out;
}

TEST(MorrisIndices, ALinearFunctionHasItsCoefficientsAsEffects) {
  const std::vector<double> c = {3.0, -2.0, 0.5, 0.0};
  const MorrisDesign d = make_morris_design(12, 4, 5);
  const auto idx = morris_indices(d, names(4), evaluate(d, [&](const auto& x) {
                                    double y = 0;
                                    for (Eigen::Index i = 0; i < 4; ++i) y += c[static_cast<std::size_t>(i)] * x[i];
                                    return y;
                                  }),
                                  kBootstrap);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(idx[i].mu_star.value, std::fabs(c[i]), 1e-12) << i;
    EXPECT_NEAR(idx[i].mu, c[i], 1e-12) << i;
    EXPECT_NEAR(idx[i].sigma, 0.0, 1e-12) << i;
  }
  // Never read: every effect is exactly 0.
  EXPECT_EQ(idx[3].mu_star.value, 0.0);
  EXPECT_EQ(idx[3].mu_star.high, 0.0);
  EXPECT_EQ(idx[3].sigma, 0.0);
}

TEST(MorrisIndices, TheGFunctionsInputsRankByTheirImportance) {
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99, 99, 99};
  const MorrisDesign d = make_morris_design(40, 8, 21);
  const auto idx = morris_indices(d, names(8), evaluate(d, [&](const auto& x) {
                                    double p = 1;
                                    for (std::size_t i = 0; i < 8; ++i)
                                      p *= (std::fabs(4 * x[static_cast<Eigen::Index>(i)] - 2) + a[i]) / (1 + a[i]);
                                    return p;
                                  }),
                                  kBootstrap);
  for (std::size_t i = 0; i + 1 < 4; ++i) EXPECT_GT(idx[i].mu_star.value, idx[i + 1].mu_star.value) << i;
  for (std::size_t i = 4; i < 8; ++i) EXPECT_GT(idx[3].mu_star.value, idx[i].mu_star.value) << i;
  for (const auto& m : idx) {
    EXPECT_LE(m.mu_star.low, m.mu_star.value);
    EXPECT_GE(m.mu_star.high, m.mu_star.value);
  }
}

TEST(MorrisIndices, BadOutputsAreNamed) {
  const MorrisDesign d = make_morris_design(4, 2, 1);
  EXPECT_EQ(kunlun::testing::error_of([&] { morris_indices(d, names(2), Eigen::VectorXd::Ones(3), kBootstrap); })
                .where()
                .argument,
            "outputs");
}

}  // namespace
}  // namespace kunlun::sensitivity
