// Targets against replications.
#include "calibration/target_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/text.h"
#include "io/csv_field.h"

namespace kunlun {

namespace {

// Hyndman and Fan type 7, as numpy's default.
double quantile(std::vector<double> x, double p) {
  std::sort(x.begin(), x.end());
  const double h = (static_cast<double>(x.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (h - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

std::string group_text(const Target& t) {
  std::string out;
  const auto add = [&](const char* what, const std::vector<std::string>& names) {
    if (names.empty()) return;
    if (!out.empty()) out += "; ";
    out += std::string(what) + " " + join_names(names);
  };
  add("prefectures", t.prefectures);
  add("county types", t.county_types);
  add("fields", t.fields);
  add("levels", t.levels);
  add("titles", t.titles);
  return out.empty() ? "province" : out;
}

}  // namespace

std::vector<TargetFit> fit_targets(const std::vector<Target>& targets, const std::vector<std::vector<double>>& values) {
  std::vector<TargetFit> out;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t k = 0; k < targets.size(); ++k) {
    TargetFit f;
    f.target = &targets[k];
    std::vector<double> x;
    for (const auto& r : values)
      if (std::isfinite(r[k])) x.push_back(r[k]);
    f.replications = static_cast<int>(x.size());
    if (x.empty()) {
      f.mean = f.p05 = f.p50 = f.p95 = f.sd = f.standardised_error = nan;
      out.push_back(f);
      continue;
    }
    double sum = 0;
    for (const double v : x) sum += v;
    f.mean = sum / static_cast<double>(x.size());
    double ss = 0;
    for (const double v : x) ss += (v - f.mean) * (v - f.mean);
    f.sd = x.size() > 1 ? std::sqrt(ss / static_cast<double>(x.size() - 1)) : 0;
    f.p05 = quantile(x, 0.05);
    f.p50 = quantile(x, 0.5);
    f.p95 = quantile(x, 0.95);
    double gap = f.mean - f.target->value;
    if (f.target->bound == TargetBound::lower) gap = std::min(gap, 0.0);
    if (f.target->bound == TargetBound::upper) gap = std::max(gap, 0.0);
    f.standardised_error = gap / std::sqrt(f.target->sd * f.target->sd + f.sd * f.sd);
    out.push_back(f);
  }
  return out;
}

std::string fit_csv(const std::vector<TargetFit>& fits) {
  std::string out =
      "target,quantity,group,observed,observed_sd,bound,simulated_mean,simulated_p05,simulated_p50,simulated_p95,"
      "replications,standardised_error,reasoning,source\n";
  for (const TargetFit& f : fits) {
    const Target& t = *f.target;
    const char* bound = t.bound == TargetBound::lower ? "lower" : t.bound == TargetBound::upper ? "upper" : "value";
    out += csv_field(t.name);
    for (const std::string& v :
         {csv_field(target_quantity_text(t)), csv_field(group_text(t)), csv_number(t.value), csv_number(t.sd),
          std::string(bound), csv_number(f.mean), csv_number(f.p05), csv_number(f.p50), csv_number(f.p95),
          std::to_string(f.replications), csv_number(f.standardised_error), csv_field(t.reasoning), csv_field(t.source)}) {
      out += ',';
      out += v;
    }
    out += '\n';
  }
  return out;
}

}  // namespace kunlun
