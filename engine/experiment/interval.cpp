#include "experiment/interval.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace kunlun {

Interval mean_interval(const std::vector<double>& values) {
  Interval r;
  r.n = static_cast<int>(values.size());
  if (r.n == 0) {
    r.mean = r.sd = r.low = r.high = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  double sum = 0;
  for (const double v : values) sum += v;
  r.mean = sum / r.n;
  if (r.n < 2) {
    r.sd = r.low = r.high = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  double squares = 0;
  for (const double v : values) squares += (v - r.mean) * (v - r.mean);
  r.sd = std::sqrt(squares / (r.n - 1));
  const boost::math::students_t t(r.n - 1);
  const double half = boost::math::quantile(t, 0.975) * r.sd / std::sqrt(static_cast<double>(r.n));
  r.low = r.mean - half;
  r.high = r.mean + half;
  return r;
}

}  // namespace kunlun
