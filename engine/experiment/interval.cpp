#include "experiment/interval.h"

#include <boost/math/distributions/students_t.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace kunlun {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double t975(double degrees_of_freedom) {
  return boost::math::quantile(boost::math::students_t(degrees_of_freedom), 0.975);
}

double mean_of(const std::vector<double>& v) {
  double sum = 0;
  for (const double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

// Hyndman and Fan's type 7 quantile of sorted values.
double quantile_of_sorted(const std::vector<double>& sorted, double q) {
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Sample covariance (n - 1).
double covariance(const std::vector<double>& a, const std::vector<double>& b) {
  const double ma = mean_of(a), mb = mean_of(b);
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - ma) * (b[i] - mb);
  return s / static_cast<double>(a.size() - 1);
}
}  // namespace

Interval mean_interval(const std::vector<double>& values) {
  Interval r;
  r.n = static_cast<int>(values.size());
  if (r.n == 0) {
    r.mean = r.sd = r.low = r.high = r.p05 = r.p50 = r.p95 = kNaN;
    return r;
  }
  r.mean = mean_of(values);
  if (r.n < 2) {
    r.sd = r.low = r.high = r.p05 = r.p50 = r.p95 = kNaN;
    return r;
  }
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  r.p05 = quantile_of_sorted(sorted, 0.05);
  r.p50 = quantile_of_sorted(sorted, 0.5);
  r.p95 = quantile_of_sorted(sorted, 0.95);
  double squares = 0;
  for (const double v : values) squares += (v - r.mean) * (v - r.mean);
  r.sd = std::sqrt(squares / (r.n - 1));
  const double half = t975(r.n - 1) * r.sd / std::sqrt(static_cast<double>(r.n));
  r.low = r.mean - half;
  r.high = r.mean + half;
  return r;
}

Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw std::invalid_argument("paired samples differ in size");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  return mean_interval(d);
}

Range unpaired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2 || b.size() < 2) return {kNaN, kNaN};
  const Interval ia = mean_interval(a), ib = mean_interval(b);
  const double va = ia.sd * ia.sd / ia.n, vb = ib.sd * ib.sd / ib.n;
  const double diff = ib.mean - ia.mean, se = std::sqrt(va + vb);
  if (!std::isfinite(se)) return {kNaN, kNaN};
  if (se == 0) return {diff, diff};
  const double df = (va + vb) * (va + vb) / (va * va / (ia.n - 1) + vb * vb / (ib.n - 1));
  const double half = t975(df) * se;
  return {diff - half, diff + half};
}

RatioInterval fieller_ratio(const std::vector<double>& numerator, const std::vector<double>& denominator) {
  if (numerator.size() != denominator.size()) throw std::invalid_argument("paired samples differ in size");
  RatioInterval r{kNaN, kNaN, kNaN, false};
  const std::size_t n = numerator.size();
  if (n == 0) return r;
  const double a = mean_of(numerator), b = mean_of(denominator);
  if (b != 0) r.estimate = a / b;
  if (n < 2) return r;
  // Solve (a - R b)^2 = t^2 var(a - R b) for R, with the variances of the means.
  const double t2 = std::pow(t975(static_cast<double>(n - 1)), 2);
  const double m = static_cast<double>(n);
  const double vaa = covariance(numerator, numerator) / m, vbb = covariance(denominator, denominator) / m,
               vab = covariance(numerator, denominator) / m;
  const double qa = b * b - t2 * vbb, qb = a * b - t2 * vab, qc = a * a - t2 * vaa;
  const double disc = qb * qb - qa * qc;
  if (qa <= 0 || disc < 0) return r;  // the denominator may be zero: no finite interval
  const double root = std::sqrt(disc);
  r.low = (qb - root) / qa;
  r.high = (qb + root) / qa;
  r.bounded = true;
  return r;
}

}  // namespace kunlun
