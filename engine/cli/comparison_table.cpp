#include "cli/comparison_table.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace kunlun::cli {

namespace {
struct Row {
  const char* indicator;
  const char* label;
  double scale;  // multiplies the value for display
  int decimals;
};
// The headline indicators as a planner reads them.
const Row kRows[] = {
    {"stock_end", "talent stock at the horizon", 1, 0},
    {"grassroots_stock_end", "grassroots stock at the horizon", 1, 0},
    {"grassroots_talent_years", "grassroots talent-years", 1, 0},
    {"outflow_external", "chose to leave the province", 1, 0},
    {"vacancies_end", "open posts at the horizon", 1, 0},
    {"retention_county_3y", "in county of entry after 3 y, pp", 100, 1},
    {"policy_cost", "policy cost, CNY m", 1e-6, 1},
};
constexpr int kLabelWidth = 42, kColumnWidth = 26;

std::string signed_number(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%+.*f", decimals, v);
  return buf;
}

std::string cell(double mean, double low, double high, double scale, int decimals) {
  if (!std::isfinite(mean)) return "n/a";
  std::string s = signed_number(mean * scale, decimals);
  if (std::isfinite(low) && std::isfinite(high))
    s += " [" + signed_number(low * scale, decimals) + ", " + signed_number(high * scale, decimals) + "]";
  return s;
}

void print_line(std::ostream& out, const std::string& label, const std::vector<std::string>& cells) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%-*s", kLabelWidth, label.c_str());
  out << buf;
  for (const auto& c : cells) {
    std::snprintf(buf, sizeof buf, " %*s", kColumnWidth, c.c_str());
    out << buf;
  }
  out << "\n";
}
}  // namespace

void print_comparison(std::ostream& out, const PairedComparison& comparison, const Scenario& baseline) {
  const auto& names = comparison.scenario_names();
  const auto& differences = comparison.differences();
  const int replications = differences.empty() ? 0 : differences.front().difference.n;
  out << "Difference from " << comparison.baseline_name() << " to " << baseline.end.str()
      << ": mean [95% interval of the mean] over " << replications << " paired replication"
      << (replications == 1 ? "" : "s") << ";\nbelow it, where 90% of single replications fall (the 5% to 95% range)\n";
  print_line(out, "", names);
  // The province (the first group) and the grassroots of the autonomous prefectures.
  std::vector<std::string> groups;
  if (!differences.empty()) groups.push_back(differences.front().group);
  groups.push_back("autonomous_grassroots");
  for (const auto& group : groups) {
    out << (group == "autonomous_grassroots" ? "Grassroots counties of the autonomous prefectures"
                                             : "Province (" + group + ")")
        << "\n";
    for (const Row& row : kRows) {
      std::vector<std::string> cells;
      for (const auto& n : names) {
        const PairedDifference* d = comparison.find(n, group, row.indicator);
        cells.push_back(d ? cell(d->difference.mean, d->difference.low, d->difference.high, row.scale, row.decimals)
                          : "n/a");
      }
      print_line(out, std::string("  ") + row.label, cells);
      std::vector<std::string> spread;
      for (const auto& n : names) {
        const PairedDifference* d = comparison.find(n, group, row.indicator);
        spread.push_back(d && std::isfinite(d->difference.p05)
                             ? signed_number(d->difference.p05 * row.scale, row.decimals) + " to " +
                                   signed_number(d->difference.p95 * row.scale, row.decimals)
                             : "");
      }
      print_line(out, "", spread);
    }
    std::vector<std::string> cells;
    for (const auto& n : names) {
      std::string c = "n/a";
      for (const auto& ce : comparison.cost_effectiveness())
        if (ce.scenario == n && ce.group == group && std::isfinite(ce.cny_per_talent_year.estimate)) {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%.1f", ce.cny_per_talent_year.estimate / 1e3);
          c = buf;
          if (ce.cny_per_talent_year.bounded) {
            std::snprintf(buf, sizeof buf, " [%.1f, %.1f]", ce.cny_per_talent_year.low / 1e3,
                          ce.cny_per_talent_year.high / 1e3);
            c += buf;
          } else {
            c += " [unbounded]";
          }
        }
      cells.push_back(c);
    }
    print_line(out, "  CNY k per extra grassroots talent-year", cells);
  }
}

}  // namespace kunlun::cli
