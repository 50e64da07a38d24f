// The emulator against functions it should reproduce: a smooth deterministic one to interpolate,
// a noisy line whose noise variance the nugget must recover, and the leave-one-out check.
#include "calibration/gaussian_process.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "sensitivity/quasi_random.h"

namespace kunlun::calibration {
namespace {

double smooth(const Eigen::RowVectorXd& x) { return std::sin(6 * x[0]) + x[1] * x[1]; }

TEST(GaussianProcess, InterpolatesASmoothFunctionWithHonestUncertainty) {
  const auto train = sensitivity::shifted_sobol_points(40, 2, 3);
  Eigen::VectorXd y(train.rows());
  for (Eigen::Index i = 0; i < train.rows(); ++i) y[i] = smooth(train.row(i));
  const GaussianProcess gp = GaussianProcess::fit(train, y);
  const auto test = sensitivity::shifted_sobol_points(200, 2, 99);
  double worst = 0;
  int within_3sd = 0;
  for (Eigen::Index i = 0; i < test.rows(); ++i) {
    const auto p = gp.predict(test.row(i));
    const double err = std::abs(p.mean - smooth(test.row(i)));
    worst = std::max(worst, err);
    within_3sd += err <= 3 * std::sqrt(p.variance + gp.nugget()) + 1e-9;
  }
  EXPECT_LT(worst, 0.1);  // sin(6x) swings over 2: a linear fit alone misses by about 1
  EXPECT_GE(within_3sd, 190);
  // At a training point the prediction is the run (no noise to average away).
  EXPECT_NEAR(gp.predict(train.row(5)).mean, y[5], 1e-3);
}

TEST(GaussianProcess, NuggetRecoversTheRunToRunVariance) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0, 0.1);
  const auto x = sensitivity::shifted_sobol_points(80, 1, 1);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) y[i] = 2 * x(i, 0) + noise(rng);
  const GaussianProcess gp = GaussianProcess::fit(x, y);
  EXPECT_GT(gp.nugget(), 0.01 * 0.6);
  EXPECT_LT(gp.nugget(), 0.01 * 1.5);
  // The mean is the line, known far better than one run.
  const auto p = gp.predict(Eigen::RowVectorXd::Constant(1, 0.5));
  EXPECT_NEAR(p.mean, 1.0, 0.05);
  EXPECT_LT(p.variance, 0.01 * 0.25);
  // Leave-one-out errors are standardised: about 95% within 2.
  const Eigen::VectorXd e = gp.leave_one_out_errors();
  EXPECT_GE((e.array().abs() <= 2).count(), 70);
  EXPECT_LE((e.array().abs() > 3).count(), 2);
}

TEST(GaussianProcess, RefusesTooFewPointsAndNonFiniteValues) {
  const Eigen::MatrixXd x = Eigen::MatrixXd::Random(3, 2);
  EXPECT_THROW(GaussianProcess::fit(x, Eigen::VectorXd::Ones(3)), std::invalid_argument);
  Eigen::MatrixXd x2 = Eigen::MatrixXd::Random(10, 2);
  Eigen::VectorXd y2 = Eigen::VectorXd::Ones(10);
  y2[3] = std::nan("");
  EXPECT_THROW(GaussianProcess::fit(x2, y2), std::invalid_argument);
}

}  // namespace
}  // namespace kunlun::calibration
