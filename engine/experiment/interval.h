// Mean and 95% confidence interval of the mean over replications (Student's t), and the 5%, 50%
// and 95% quantiles over replications (a 90% prediction interval: where a single replication
// falls), the form every kunlun summary reports an indicator in; and the intervals a comparison of two scenarios needs:
// the unpaired (Welch) interval of a difference, and Fieller's interval of a ratio of paired means.
#pragma once

#include <vector>

namespace kunlun {

struct Interval {
  int n = 0;
  double mean = 0;
  double sd = 0;    // sample standard deviation (n - 1); NaN when n < 2
  double low = 0;   // 95% interval of the mean; NaN when n < 2
  double high = 0;
  // Quantiles over the replications (linear interpolation between order statistics, Hyndman and
  // Fan 1996 type 7, numpy's default); with a posterior they carry parameter uncertainty. NaN
  // when n < 2.
  double p05 = 0, p50 = 0, p95 = 0;
};

Interval mean_interval(const std::vector<double>& values);

// Mean of b - a over paired replications (element by element), with its interval.
Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b);

// The 95% interval of mean(b) - mean(a) treating the samples as independent (Welch-Satterthwaite
// degrees of freedom): what the difference would cost without common random numbers.
struct Range {
  double low = 0, high = 0;
};
Range unpaired_difference(const std::vector<double>& a, const std::vector<double>& b);

// The ratio mean(numerator) / mean(denominator) of paired per-replication values, with Fieller's
// 95% interval. `bounded` is false when the denominator's mean is not clearly away from zero (the
// interval is then unbounded) or with fewer than two replications; low and high are NaN then.
struct RatioInterval {
  double estimate = 0, low = 0, high = 0;
  bool bounded = false;
};
RatioInterval fieller_ratio(const std::vector<double>& numerator, const std::vector<double>& denominator);

}  // namespace kunlun
