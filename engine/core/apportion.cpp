// The largest-remainder split (see apportion.h).
#include "core/apportion.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace kunlun {

std::vector<std::int64_t> largest_remainder(std::int64_t total, std::span<const double> weights) {
  if (total < 0) throw std::invalid_argument("largest_remainder: the total is negative");
  for (const double w : weights)
    if (!(w >= 0) || !std::isfinite(w))
      throw std::invalid_argument("largest_remainder: a weight is negative or not finite");
  std::vector<std::int64_t> part(weights.size(), 0);
  if (total == 0) return part;
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (!(sum > 0)) throw std::invalid_argument("largest_remainder: the weights sum to zero");
  // The quota is total times the weight's share (not total * weight / sum): the two round
  // differently in the last bit, and this order is the one the initial population was built with.
  std::vector<double> fraction(weights.size());
  std::int64_t left = total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double quota = static_cast<double>(total) * (weights[i] / sum);
    part[i] = static_cast<std::int64_t>(std::floor(quota));
    fraction[i] = quota - std::floor(quota);
    left -= part[i];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return fraction[a] > fraction[b]; });
  // The floors sum to within the number of parts below the total; anything else is a bug.
  if (left < 0 || left > static_cast<std::int64_t>(order.size()))
    throw std::logic_error("largest_remainder: rounding drift");
  for (std::int64_t k = 0; k < left; ++k) ++part[order[static_cast<std::size_t>(k)]];
  return part;
}

}  // namespace kunlun
