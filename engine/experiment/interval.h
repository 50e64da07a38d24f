// Mean and 95% confidence interval of the mean over replications (Student's t), the form every
// kunlun summary reports an indicator in.
#pragma once

#include <vector>

namespace kunlun {

struct Interval {
  int n = 0;
  double mean = 0;
  double sd = 0;    // sample standard deviation (n - 1); NaN when n < 2
  double low = 0;   // 95% interval of the mean; NaN when n < 2
  double high = 0;
};

Interval mean_interval(const std::vector<double>& values);

}  // namespace kunlun
