// Saltelli (S1) and Jansen (ST) estimators with bootstrap intervals.
#include "sensitivity/sobol_indices.h"

#include <cmath>

#include "core/errors.h"
#include "sensitivity/output_checks.h"

namespace kunlun::sensitivity {

namespace {

struct Estimates {
  std::vector<double> s1, st;
};

// The indices from the base points `rows` (indices into 0..n-1, repeats allowed).
Estimates estimate(const SaltelliDesign& d, const Eigen::VectorXd& y, const std::vector<std::size_t>& rows) {
  const std::size_t n = rows.size(), k = d.parameters;
  double mean = 0;
  for (const std::size_t j : rows) mean += y[static_cast<Eigen::Index>(d.a_row(j))] + y[static_cast<Eigen::Index>(d.b_row(j))];
  mean /= static_cast<double>(2 * n);
  double variance = 0;
  for (const std::size_t j : rows) {
    const double a = y[static_cast<Eigen::Index>(d.a_row(j))] - mean, b = y[static_cast<Eigen::Index>(d.b_row(j))] - mean;
    variance += a * a + b * b;
  }
  variance /= static_cast<double>(2 * n - 1);
  Estimates e{std::vector<double>(k, 0.0), std::vector<double>(k, 0.0)};
  if (!(variance > 0)) return e;
  for (std::size_t i = 0; i < k; ++i) {
    double first = 0, total = 0;
    for (const std::size_t j : rows) {
      const double fa = y[static_cast<Eigen::Index>(d.a_row(j))], fb = y[static_cast<Eigen::Index>(d.b_row(j))];
      const double fab = y[static_cast<Eigen::Index>(d.ab_row(i, j))];
      // Centred on the mean, so that a constant added to the output changes nothing (the
      // uncentred product carries the mean times the noise of f_ABi - f_A).
      first += (fb - mean) * (fab - fa);
      total += (fa - fab) * (fa - fab);
    }
    e.s1[i] = first / static_cast<double>(n) / variance;
    e.st[i] = total / (2.0 * static_cast<double>(n)) / variance;
  }
  return e;
}

}  // namespace

std::vector<SobolIndices> sobol_indices(const SaltelliDesign& design, const std::vector<std::string>& names,
                                        const Eigen::VectorXd& outputs, const BootstrapOptions& bootstrap) {
  check_bootstrap(bootstrap);
  check_names(names, design.parameters);
  check_outputs(outputs, design.rows());
  std::vector<std::size_t> all(design.n);
  for (std::size_t j = 0; j < design.n; ++j) all[j] = j;
  const Estimates whole = estimate(design, outputs, all);
  const KeyedStream stream(design.seed, Stream::sobol_bootstrap);
  std::vector<Estimates> replicates(bootstrap.resamples);
  // Each resample is a pure function of (seed, b), so the thread count changes nothing.
#pragma omp parallel for schedule(dynamic, 8)
  for (std::size_t b = 0; b < bootstrap.resamples; ++b)
    replicates[b] = estimate(design, outputs, resample_units(stream, b, design.n));
  std::vector<SobolIndices> out;
  for (std::size_t i = 0; i < design.parameters; ++i) {
    std::vector<double> s1(bootstrap.resamples), st(bootstrap.resamples);
    for (std::size_t b = 0; b < bootstrap.resamples; ++b) {
      s1[b] = replicates[b].s1[i];
      st[b] = replicates[b].st[i];
    }
    out.push_back({names[i], percentile_interval(whole.s1[i], s1, bootstrap.confidence),
                   percentile_interval(whole.st[i], st, bootstrap.confidence)});
  }
  return out;
}

}  // namespace kunlun::sensitivity
