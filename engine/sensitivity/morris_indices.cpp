// Elementary effects and their summaries.
#include "sensitivity/morris_indices.h"

#include <cmath>

#include "sensitivity/output_checks.h"

namespace kunlun::sensitivity {

std::vector<MorrisIndices> morris_indices(const MorrisDesign& design, const std::vector<std::string>& names,
                                          const Eigen::VectorXd& outputs, const BootstrapOptions& bootstrap) {
  check_bootstrap(bootstrap);
  check_names(names, design.parameters);
  check_outputs(outputs, design.rows());
  const std::size_t r = design.trajectories, d = design.parameters;
  // effects[t * d + i]: the elementary effect of parameter i in trajectory t.
  std::vector<double> effects(r * d, 0.0);
  for (std::size_t t = 0; t < r; ++t)
    for (std::size_t k = 1; k <= d; ++k) {
      const std::size_t row = t * (d + 1) + k;
      const std::size_t i = design.changed[row];
      effects[t * d + i] = (outputs[static_cast<Eigen::Index>(row)] - outputs[static_cast<Eigen::Index>(row - 1)]) /
                           (design.direction[row] * design.delta);
    }
  const auto mu_star_of = [&](const std::vector<std::size_t>& trajectories, std::size_t i) {
    double sum = 0;
    for (const std::size_t t : trajectories) sum += std::fabs(effects[t * d + i]);
    return sum / static_cast<double>(trajectories.size());
  };
  const KeyedStream stream(design.seed, Stream::morris_bootstrap);
  std::vector<std::vector<std::size_t>> resamples(bootstrap.resamples);
#pragma omp parallel for schedule(static)
  for (std::size_t b = 0; b < bootstrap.resamples; ++b) resamples[b] = resample_units(stream, b, r);
  std::vector<std::size_t> all(r);
  for (std::size_t t = 0; t < r; ++t) all[t] = t;
  std::vector<MorrisIndices> out(d);
#pragma omp parallel for schedule(dynamic)
  for (std::size_t i = 0; i < d; ++i) {
    double mu = 0;
    for (std::size_t t = 0; t < r; ++t) mu += effects[t * d + i];
    mu /= static_cast<double>(r);
    double ss = 0;
    for (std::size_t t = 0; t < r; ++t) ss += (effects[t * d + i] - mu) * (effects[t * d + i] - mu);
    std::vector<double> replicates(bootstrap.resamples);
    for (std::size_t b = 0; b < bootstrap.resamples; ++b) replicates[b] = mu_star_of(resamples[b], i);
    out[i] = {names[i], percentile_interval(mu_star_of(all, i), replicates, bootstrap.confidence), mu,
              std::sqrt(ss / static_cast<double>(r - 1))};
  }
  return out;
}

}  // namespace kunlun::sensitivity
