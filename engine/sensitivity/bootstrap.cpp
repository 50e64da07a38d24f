// Bootstrap resamples and percentile intervals of sensitivity indices.
#include "sensitivity/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.h"
#include "core/text.h"

namespace kunlun::sensitivity {

void check_bootstrap(const BootstrapOptions& options) {
  if (options.resamples < 1 || options.resamples > kMaxResamples)
    throw InputError({.argument = "resamples"}, "",
                     std::to_string(options.resamples) + " bootstrap resamples: give 1 to " + std::to_string(kMaxResamples),
                     "1000 is usual; 10000 for steadier interval ends");
  if (!(options.confidence > 0 && options.confidence < 1))
    throw InputError({.argument = "confidence"}, "",
                     "a confidence level of " + format_shortest(options.confidence) + " is not between 0 and 1",
                     "give e.g. 0.95 for a 95% interval");
}

std::vector<std::size_t> resample_units(const KeyedStream& stream, std::size_t b, std::size_t units) {
  std::vector<std::size_t> drawn(units);
  for (std::size_t k = 0; k < units; ++k) drawn[k] = stream.below(units, b, static_cast<std::uint32_t>(k));
  return drawn;
}

namespace {
double quantile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}
}  // namespace

IndexEstimate percentile_interval(double value, std::vector<double> replicates, double confidence) {
  std::erase_if(replicates, [](double x) { return !std::isfinite(x); });
  if (replicates.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {value, nan, nan};
  }
  std::sort(replicates.begin(), replicates.end());
  return {value, quantile(replicates, (1 - confidence) / 2), quantile(replicates, (1 + confidence) / 2)};
}

}  // namespace kunlun::sensitivity
