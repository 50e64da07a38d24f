// How well simulated replications reproduce the targets: per target, the observed value and its
// uncertainty beside the simulated mean and 90% prediction interval over replications, and a
// standardised error (the implausibility of history matching, Vernon, Goldstein and Bower 2010,
// Bayesian Analysis 5:619-669): |simulated mean - observed| / sqrt(observation variance +
// variance over replications). Written as fit.csv.
#pragma once

#include <string>
#include <vector>

#include "calibration/target.h"

namespace kunlun {

struct TargetFit {
  const Target* target = nullptr;
  int replications = 0;               // with a value (the run covered the target)
  double mean = 0, p05 = 0, p50 = 0, p95 = 0, sd = 0;  // over replications
  // Signed: positive when the model is above the observation. A lower bound the model exceeds,
  // or an upper bound it stays under, counts 0.
  double standardised_error = 0;
};

// `values[r][k]`: replication r's value of target k (NaN: not covered).
std::vector<TargetFit> fit_targets(const std::vector<Target>& targets, const std::vector<std::vector<double>>& values);

// fit.csv: target, quantity, group, observed, observed_sd, bound, simulated_mean, simulated_p05,
// simulated_p50, simulated_p95, replications, standardised_error, reasoning, source.
std::string fit_csv(const std::vector<TargetFit>& fits);

}  // namespace kunlun
