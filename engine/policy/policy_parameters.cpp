#include "policy/policy_parameters.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kunlun {

double policy_number(const ConfigReader& entry, const char* name, ParameterRange range, const std::string& hint,
                     const std::string& needs) {
  if (!entry.find(name))
    throw InputError(entry.key_where(name), entry.key(name), "missing required key", needs + "; " + hint);
  const double v = entry.number(name);
  if (v < range.lo || (range.lo_exclusive && v == range.lo) || v > range.hi)
    throw InputError(entry.get(name).where(), entry.key(name),
                     format_number(v) + " is out of range: must be " +
                         (range.lo_exclusive
                              ? "above " + format_number(range.lo) + " and at most " + format_number(range.hi)
                              : "between " + format_number(range.lo) + " and " + format_number(range.hi)),
                     hint);
  return v;
}

std::vector<int> largest_remainder(int total, const std::vector<double>& weights) {
  std::vector<int> out(weights.size(), 0);
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (total <= 0 || sum <= 0) return out;
  std::vector<double> remainder(weights.size());
  int given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double quota = total * weights[i] / sum;
    out[i] = static_cast<int>(std::floor(quota));
    remainder[i] = quota - out[i];
    given += out[i];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t k = 0; given < total && k < order.size(); ++k, ++given) ++out[order[k]];
  return out;
}

std::optional<std::vector<PlacementOrder>> placements_by_capacity(const PolicyEntry& e, int count,
                                                                  const PlacementOrder& prototype) {
  const PolicyTarget& t = e.target();
  const double scale = e.scenario.population.scale;
  const int counties = e.regions.county_count(), fields = e.regions.field_count();
  const auto capacity = [&](bool rounded) {
    std::vector<double> w(static_cast<std::size_t>(counties) * fields, 0.0);
    for (int c = 0; c < counties; ++c)
      for (int f = 0; f < fields; ++f)
        if (t.county[static_cast<std::size_t>(c)] && t.field[static_cast<std::size_t>(f)]) {
          const double jobs = e.regions.county(c).jobs[static_cast<std::size_t>(f)];
          w[static_cast<std::size_t>(c) * fields + f] = rounded ? std::round(jobs * scale) : jobs;
        }
    return w;
  };
  const auto none = [](const std::vector<double>& w) {
    return std::all_of(w.begin(), w.end(), [](double x) { return x == 0; });
  };
  std::vector<double> weights = capacity(true);
  if (none(weights)) weights = capacity(false);
  if (none(weights)) return std::nullopt;
  const std::vector<int> split = largest_remainder(count, weights);
  std::vector<PlacementOrder> orders;
  for (int c = 0; c < counties; ++c)
    for (int f = 0; f < fields; ++f) {
      const int n = split[static_cast<std::size_t>(c) * fields + f];
      if (n == 0) continue;
      PlacementOrder o = prototype;
      o.county = c;
      o.field = f;
      o.count = n;
      orders.push_back(o);
    }
  return orders;
}

}  // namespace kunlun
