// Sobol' indices against functions whose indices are known in closed form (Ishigami and
// Homma 1990; the Sobol' g-function, Saltelli and Sobol' 1995), and the estimator's checks.
#include "sensitivity/sobol_indices.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <numbers>

#include "testing/input_error_testing.h"

namespace kunlun::sensitivity {
namespace {

using kunlun::testing::error_of;

const BootstrapOptions kBootstrap{500, 0.95};

// Evaluates f at every row of the design mapped onto `bounds`.
template <class F>
Eigen::VectorXd evaluate(const SaltelliDesign& d, const std::vector<ParameterBounds>& bounds, F f) {
  const DesignMatrix x = to_physical(d.unit, bounds);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) y[r] = f(x.row(r));
  return y;
}

double ishigami(const Eigen::Ref<const Eigen::RowVectorXd>& x) {
  return std::sin(x[0]) + 7 * std::sin(x[1]) * std::sin(x[1]) + 0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}

std::vector<std::string> names(std::size_t d) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < d; ++i) out.push_back("x" + std::to_string(i + 1));
  return out;
}

void expect_recovers(const IndexEstimate& e, double truth, double tolerance, const std::string& what) {
  EXPECT_NEAR(e.value, truth, tolerance) << what;
  EXPECT_LE(e.low, truth) << what << " interval [" << e.low << ", " << e.high << "]";
  EXPECT_GE(e.high, truth) << what << " interval [" << e.low << ", " << e.high << "]";
}

TEST(SobolIndices, IshigamiIndicesAreRecoveredWithinTheirIntervals) {
  const double pi = std::numbers::pi;
  // A fourth input the function never reads: its indices must be indistinguishable from 0.
  const std::vector<ParameterBounds> bounds = {{"x1", -pi, pi}, {"x2", -pi, pi}, {"x3", -pi, pi}, {"unused", 0, 1}};
  const SaltelliDesign d = make_saltelli_design(8192, 4, 11);
  const auto idx = sobol_indices(d, names(4), evaluate(d, bounds, ishigami), kBootstrap);
  // a = 7, b = 0.1: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
  const double v1 = 0.5 * std::pow(1 + 0.1 * std::pow(pi, 4) / 5, 2), v2 = 49.0 / 8,
               v13 = std::pow(0.1, 2) * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50), v = v1 + v2 + v13;
  const double s1[] = {v1 / v, v2 / v, 0, 0}, st[] = {(v1 + v13) / v, v2 / v, v13 / v, 0};
  EXPECT_NEAR(s1[0], 0.3139, 1e-4);  // the published values
  EXPECT_NEAR(st[2], 0.2437, 1e-4);
  for (std::size_t i = 0; i < 4; ++i) {
    expect_recovers(idx[i].s1, s1[i], 0.03, "S1 of " + idx[i].parameter);
    expect_recovers(idx[i].st, st[i], 0.03, "ST of " + idx[i].parameter);
  }
  // Never read: A and AB_4 give the same output at every row, so ST is exactly 0.
  EXPECT_EQ(idx[3].st.value, 0.0);
  EXPECT_LT(std::fabs(idx[3].s1.value), 0.01);
}

TEST(SobolIndices, GFunctionIndicesAreRecoveredWithinTheirIntervals) {
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99, 99, 99};
  const std::size_t k = a.size();
  std::vector<ParameterBounds> bounds;
  for (std::size_t i = 0; i < k; ++i) bounds.push_back({"x" + std::to_string(i + 1), 0, 1});
  const auto g = [&](const Eigen::Ref<const Eigen::RowVectorXd>& x) {
    double p = 1;
    for (std::size_t i = 0; i < k; ++i) p *= (std::fabs(4 * x[static_cast<Eigen::Index>(i)] - 2) + a[i]) / (1 + a[i]);
    return p;
  };
  const SaltelliDesign d = make_saltelli_design(8192, k, 3);
  const auto idx = sobol_indices(d, names(k), evaluate(d, bounds, g), kBootstrap);
  std::vector<double> vi(k);
  double prod = 1;
  for (std::size_t i = 0; i < k; ++i) {
    vi[i] = 1.0 / (3 * (1 + a[i]) * (1 + a[i]));
    prod *= 1 + vi[i];
  }
  const double v = prod - 1;
  for (std::size_t i = 0; i < k; ++i) {
    expect_recovers(idx[i].s1, vi[i] / v, 0.03, "S1 of " + idx[i].parameter);
    expect_recovers(idx[i].st, vi[i] * prod / (1 + vi[i]) / v, 0.03, "ST of " + idx[i].parameter);
  }
}

TEST(SobolIndices, ResultsDoNotDependOnTheThreadCount) {
  const double pi = std::numbers::pi;
  const std::vector<ParameterBounds> bounds = {{"x1", -pi, pi}, {"x2", -pi, pi}, {"x3", -pi, pi}};
  const SaltelliDesign d = make_saltelli_design(512, 3, 5);
  const Eigen::VectorXd y = evaluate(d, bounds, ishigami);
  omp_set_num_threads(1);
  const auto one = sobol_indices(d, names(3), y, kBootstrap);
  omp_set_num_threads(2);
  const auto two = sobol_indices(d, names(3), y, kBootstrap);
  omp_set_num_threads(omp_get_num_procs());
  for (std::size_t i = 0; i < 3; ++i)
    for (const auto& [x, z] : {std::pair{one[i].s1, two[i].s1}, std::pair{one[i].st, two[i].st}}) {
      EXPECT_EQ(x.value, z.value);
      EXPECT_EQ(x.low, z.low);
      EXPECT_EQ(x.high, z.high);
    }
}

TEST(SobolIndices, AConstantAddedToTheOutputChangesNoIndex) {
  // An indicator such as the stock is large against its spread: the estimators must not carry
  // its mean.
  const double pi = std::numbers::pi;
  const std::vector<ParameterBounds> bounds = {{"x1", -pi, pi}, {"x2", -pi, pi}, {"x3", -pi, pi}};
  const SaltelliDesign d = make_saltelli_design(256, 3, 2);
  const Eigen::VectorXd y = evaluate(d, bounds, ishigami);
  const Eigen::VectorXd shifted = (y.array() + 50000.0).matrix();
  const auto a = sobol_indices(d, names(3), y, kBootstrap), b = sobol_indices(d, names(3), shifted, kBootstrap);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(a[i].s1.value, b[i].s1.value, 1e-9) << i;
    EXPECT_NEAR(a[i].s1.high, b[i].s1.high, 1e-9) << i;
    EXPECT_NEAR(a[i].st.value, b[i].st.value, 1e-9) << i;
  }
}

TEST(SobolIndices, AConstantOutputHasZeroIndices) {
  const SaltelliDesign d = make_saltelli_design(16, 2, 1);
  const auto idx = sobol_indices(d, names(2), Eigen::VectorXd::Constant(static_cast<Eigen::Index>(d.rows()), 3.0), kBootstrap);
  for (const auto& i : idx) {
    EXPECT_EQ(i.s1.value, 0.0);
    EXPECT_EQ(i.st.high, 0.0);
  }
}

TEST(SobolIndices, BadOutputsAreNamed) {
  const SaltelliDesign d = make_saltelli_design(8, 2, 1);
  Eigen::VectorXd y = Eigen::VectorXd::Ones(static_cast<Eigen::Index>(d.rows()));
  EXPECT_EQ(error_of([&] { sobol_indices(d, names(2), Eigen::VectorXd::Ones(5), kBootstrap); }).where().argument, "outputs");
  y[7] = std::nan("");
  const InputError nan = error_of([&] { sobol_indices(d, names(2), y, kBootstrap); });
  EXPECT_EQ(nan.where().argument, "outputs");
  EXPECT_NE(nan.message().find("row 7"), std::string::npos);
  EXPECT_EQ(error_of([&] { sobol_indices(d, names(3), y, kBootstrap); }).where().argument, "names");
  EXPECT_EQ(error_of([&] { sobol_indices(d, {"a", "a"}, y, kBootstrap); }).where().argument, "names");
}

}  // namespace
}  // namespace kunlun::sensitivity
