// Fitting and evaluating a Gaussian-process emulator.
#include "calibration/gaussian_process.h"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <boost/math/tools/minima.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace kunlun::calibration {

namespace {

// Search ranges of the log hyperparameters, on the unit cube and the standardised output: a
// length from a tenth of a range (a wiggly output; the header says why no shorter) to twenty
// ranges (about linear, which the mean already is); a nugget from numerical jitter to twice the output's variance (pure noise).
constexpr double kLogLengthLow = -2.303, kLogLengthHigh = 2.996;  // log 0.1, log 20
constexpr double kLogSignalLow = -9.21, kLogSignalHigh = 2.303;   // log 1e-4, log 10
constexpr double kLogNuggetLow = -18.42, kLogNuggetHigh = 0.693;  // log 1e-8, log 2

struct Likelihood {
  const std::vector<Eigen::MatrixXd>& squared_gaps;  // per input: (x_i - x_j)^2
  const Eigen::VectorXd& residual;

  Eigen::MatrixXd covariance(const Eigen::VectorXd& log_lengths, double signal, double nugget) const {
    const Eigen::Index n = residual.size();
    Eigen::MatrixXd exponent = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index k = 0; k < log_lengths.size(); ++k)
      exponent += squared_gaps[static_cast<std::size_t>(k)] * (0.5 * std::exp(-2 * log_lengths[k]));
    Eigen::MatrixXd c = signal * (-exponent.array()).exp().matrix();
    c.diagonal().array() += nugget;
    return c;
  }

  // The negative log marginal likelihood, constants left out; infinite when K is not positive definite.
  double operator()(const Eigen::VectorXd& log_lengths, double log_signal, double log_nugget) const {
    const Eigen::LLT<Eigen::MatrixXd> llt(covariance(log_lengths, std::exp(log_signal), std::exp(log_nugget)));
    if (llt.info() != Eigen::Success) return std::numeric_limits<double>::infinity();
    const Eigen::VectorXd a = llt.solve(residual);
    const double log_det = 2 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
    const double v = 0.5 * residual.dot(a) + 0.5 * log_det;
    return std::isfinite(v) ? v : std::numeric_limits<double>::infinity();
  }
};

}  // namespace

GaussianProcess GaussianProcess::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const Eigen::Index n = x.rows(), d = x.cols();
  if (y.size() != n) throw std::invalid_argument("GaussianProcess::fit: as many outputs as points");
  if (n < d + 2)
    throw std::invalid_argument("GaussianProcess::fit: " + std::to_string(n) + " points for " + std::to_string(d) +
                                " inputs; at least inputs + 2 are needed");
  if (!x.allFinite() || !y.allFinite()) throw std::invalid_argument("GaussianProcess::fit: a value is not finite");
  GaussianProcess gp;
  gp.x_ = x;
  gp.centre_ = y.mean();
  const double sd = std::sqrt((y.array() - gp.centre_).square().sum() / static_cast<double>(std::max<Eigen::Index>(n - 1, 1)));
  gp.scale_ = sd > 0 ? sd : 1;
  const Eigen::VectorXd ys = (y.array() - gp.centre_) / gp.scale_;

  Eigen::MatrixXd h(n, d + 1);
  h.col(0).setOnes();
  h.rightCols(d) = x;
  gp.beta_ = h.colPivHouseholderQr().solve(ys);
  gp.residual_ = ys - h * gp.beta_;

  std::vector<Eigen::MatrixXd> gaps(static_cast<std::size_t>(d));
  for (Eigen::Index k = 0; k < d; ++k) {
    const Eigen::VectorXd c = x.col(k);
    gaps[static_cast<std::size_t>(k)] = (c.replicate(1, n) - c.transpose().replicate(n, 1)).array().square().matrix();
  }
  const Likelihood nll{gaps, gp.residual_};
  Eigen::VectorXd log_lengths = Eigen::VectorXd::Constant(d, std::log(0.5));
  const double residual_variance = std::max(gp.residual_.squaredNorm() / static_cast<double>(n), 1e-4);
  double log_signal = std::log(residual_variance), log_nugget = std::log(residual_variance * 0.01);
  // Coordinate-wise: each hyperparameter by Brent's method with the others held (Boost.Math).
  const int bits = 20;
  boost::uintmax_t iterations = 0;
  for (int sweep = 0; sweep < 3; ++sweep) {
    for (Eigen::Index k = 0; k < d; ++k) {
      iterations = 60;
      const auto r = boost::math::tools::brent_find_minima(
          [&](double v) {
            Eigen::VectorXd l = log_lengths;
            l[k] = v;
            return nll(l, log_signal, log_nugget);
          },
          kLogLengthLow, kLogLengthHigh, bits, iterations);
      if (r.second < nll(log_lengths, log_signal, log_nugget)) log_lengths[k] = r.first;
    }
    iterations = 60;
    const auto s = boost::math::tools::brent_find_minima([&](double v) { return nll(log_lengths, v, log_nugget); },
                                                         kLogSignalLow, kLogSignalHigh, bits, iterations);
    if (s.second < nll(log_lengths, log_signal, log_nugget)) log_signal = s.first;
    iterations = 60;
    const auto g = boost::math::tools::brent_find_minima([&](double v) { return nll(log_lengths, log_signal, v); },
                                                         kLogNuggetLow, kLogNuggetHigh, bits, iterations);
    if (g.second < nll(log_lengths, log_signal, log_nugget)) log_nugget = g.first;
  }
  gp.lengths_ = log_lengths.array().exp();
  gp.signal_ = std::exp(log_signal);
  gp.nugget_ = std::exp(log_nugget);
  const Eigen::LLT<Eigen::MatrixXd> llt(nll.covariance(log_lengths, gp.signal_, gp.nugget_));
  if (llt.info() != Eigen::Success)
    throw std::runtime_error("GaussianProcess::fit: the fitted covariance is not positive definite");
  gp.chol_ = llt.matrixL();
  gp.alpha_ = llt.solve(gp.residual_);
  gp.k_inverse_ = llt.solve(Eigen::MatrixXd::Identity(n, n));
  return gp;
}

double GaussianProcess::kernel(const Eigen::Ref<const Eigen::RowVectorXd>& a,
                               const Eigen::Ref<const Eigen::RowVectorXd>& b) const {
  return signal_ * std::exp(-0.5 * ((a - b).array() / lengths_.transpose().array()).square().sum());
}

GaussianProcess::Prediction GaussianProcess::predict(const Eigen::Ref<const Eigen::RowVectorXd>& point) const {
  const Eigen::Index n = x_.rows();
  Eigen::VectorXd k(n);
  for (Eigen::Index i = 0; i < n; ++i) k[i] = kernel(point, x_.row(i));
  const double mean = beta_[0] + point.dot(beta_.tail(beta_.size() - 1)) + k.dot(alpha_);
  const Eigen::VectorXd v = chol_.triangularView<Eigen::Lower>().solve(k);
  const double variance = std::max(signal_ - v.squaredNorm(), 0.0);
  return {mean * scale_ + centre_, variance * scale_ * scale_};
}

Eigen::VectorXd GaussianProcess::leave_one_out_errors() const {
  // Rasmussen and Williams 2006, eq. 5.12: the left-out residual is alpha_i / [K^-1]_ii, its
  // variance 1 / [K^-1]_ii.
  return alpha_.array() / k_inverse_.diagonal().array().sqrt();
}

}  // namespace kunlun::calibration
