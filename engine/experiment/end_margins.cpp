// Counting the stock at the horizon by the scenario's margins, and writing it as a margins file.
#include "experiment/end_margins.h"

#include <algorithm>
#include <array>
#include <limits>
#include <cstdio>
#include <filesystem>

#include "core/categories.h"
#include "core/population_margins.h"
#include "io/csv_field.h"

namespace kunlun {

namespace {

constexpr int kPrefecture = static_cast<int>(MarginDimension::prefecture);
constexpr int kAgeBand = static_cast<int>(MarginDimension::age_band);

// A margin's dimension by name (the loader has checked it is one).
int dimension_of(const std::string& name) { return category_index(kMarginDimensionNames, name).value(); }

int categories_of(int d, const InitialState& initial) {
  switch (static_cast<MarginDimension>(d)) {
    case MarginDimension::prefecture: return static_cast<int>(initial.regions.prefectures().size());
    case MarginDimension::field: return initial.regions.field_count();
    case MarginDimension::level: return kLevels;
    case MarginDimension::title: return kTitles;
    case MarginDimension::education: return kEducations;
    case MarginDimension::age_band: return static_cast<int>(initial.margins.age_bands.size());
    case MarginDimension::origin: return kOrigins;
    case MarginDimension::sex: return kSexes;
  }
  return 0;
}

std::string category_name(int d, int c, const InitialState& initial) {
  const auto k = static_cast<std::size_t>(c);
  switch (static_cast<MarginDimension>(d)) {
    case MarginDimension::prefecture: return initial.regions.region(initial.regions.prefectures()[k]).code;
    case MarginDimension::field: return initial.regions.fields()[k];
    case MarginDimension::level: return std::string(kLevelNames[k]);
    case MarginDimension::title: return std::string(kTitleNames[k]);
    case MarginDimension::education: return std::string(kEducationNames[k]);
    case MarginDimension::age_band: {
      const auto [low, high] = initial.margins.age_bands[k];
      return std::to_string(low) + "-" + std::to_string(high);
    }
    case MarginDimension::origin: return std::string(kOriginNames[k]);
    case MarginDimension::sex: return std::string(kSexNames[k]);
  }
  return {};
}

// The band of an age in whole years: the one holding it, else the nearest.
int age_band_of(int years, const std::vector<std::pair<int, int>>& bands) {
  int best = 0, distance = std::numeric_limits<int>::max();
  for (std::size_t b = 0; b < bands.size(); ++b) {
    const int d = years < bands[b].first ? bands[b].first - years : std::max(0, years - bands[b].second);
    if (d < distance) {
      best = static_cast<int>(b);
      distance = d;
    }
  }
  return best;
}

}  // namespace

MarginCounts count_margins(const InitialState& initial, const AgentStore& a) {
  const PopulationMargins& margins = initial.margins;
  const RegionTable& regions = initial.regions;
  // Each agent's category on every dimension, then each margin's row by a lookup table.
  std::vector<std::array<int, kMarginDimensions>> of(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.status[i] != AgentStatus::active) continue;
    auto& c = of[i];
    c[kPrefecture] = regions.prefecture_slot_of_county(a.county[i]);
    c[static_cast<int>(MarginDimension::field)] = a.field[i];
    c[static_cast<int>(MarginDimension::level)] = a.level[i];
    c[static_cast<int>(MarginDimension::title)] = a.title[i];
    c[static_cast<int>(MarginDimension::education)] = a.education[i];
    c[kAgeBand] = age_band_of(a.age_months[i] / 12, margins.age_bands);
    c[static_cast<int>(MarginDimension::origin)] = a.origin[i];
    c[static_cast<int>(MarginDimension::sex)] = a.sex[i];
  }
  MarginCounts counts;
  for (const Margin& m : margins.margins) {
    std::vector<int> dims, sizes;
    for (const auto& name : m.dimensions) {
      dims.push_back(dimension_of(name));
      sizes.push_back(categories_of(dims.back(), initial));
    }
    const int second = dims.size() > 1 ? sizes[1] : 1;
    std::vector<int> row_of(static_cast<std::size_t>(sizes[0] * second), -1);
    for (std::size_t r = 0; r < m.cells.size(); ++r)
      row_of[static_cast<std::size_t>(m.cells[r][0] * second + (dims.size() > 1 ? m.cells[r][1] : 0))] = static_cast<int>(r);
    std::vector<std::int64_t> n(m.cells.size(), 0);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a.status[i] != AgentStatus::active) continue;
      const int cell = of[i][static_cast<std::size_t>(dims[0])] * second +
                       (dims.size() > 1 ? of[i][static_cast<std::size_t>(dims[1])] : 0);
      const int r = row_of[static_cast<std::size_t>(cell)];
      if (r >= 0) ++n[static_cast<std::size_t>(r)];
    }
    counts.push_back(std::move(n));
  }
  return counts;
}

void add_margin_counts(MarginCounts& into, const MarginCounts& more) {
  if (into.empty()) {
    into = more;
    return;
  }
  for (std::size_t m = 0; m < into.size(); ++m)
    for (std::size_t r = 0; r < into[m].size(); ++r) into[m][r] += more[m][r];
}

std::string end_margins_csv(const InitialState& initial, const MarginCounts& pooled, int replications) {
  const Scenario& s = initial.scenario;
  const PopulationMargins& margins = initial.margins;
  // The first margin covers every agent once: its total is the pooled stock.
  std::int64_t agents = 0;
  for (const std::int64_t n : pooled.front()) agents += n;
  const double stock = static_cast<double>(agents) / replications / s.population.scale;
  const YearMonth last = s.start.plus_months(s.months() - 1);
  const std::string source = "end of " + s.name + " " + last.str() + ", " + std::to_string(replications) +
                             " replication(s) pooled";
  std::string out;
  out += "# The talent stock at the end of " + s.name + " (" + last.str() + "), by the margins of " +
         std::filesystem::path(margins.source).filename().string() + ",\n";
  out += "# counted over " + std::to_string(replications) + " replication(s) pooled; written by kunlun run as " +
         "end_margins.csv.\n";
  char line[160];
  std::snprintf(line, sizeof line, "# Mean stock at the horizon (full population): %.0f; population.total of a scenario starting here.\n",
                stock);
  out += line;
  out += "# Ages outside every band count in the nearest band. A condition nobody holds keeps the scenario's shares.\n";
  out += "margin,category,share,source\n";
  for (std::size_t k = 0; k < margins.margins.size(); ++k) {
    const Margin& m = margins.margins[k];
    std::vector<int> dims;
    for (const auto& name : m.dimensions) dims.push_back(dimension_of(name));
    const std::string label = m.dimensions[0] + (m.dimensions.size() > 1 ? (m.conditional ? "|" : "*") + m.dimensions[1] : "");
    // Denominators: the whole margin, or each value of the condition (the second dimension).
    std::vector<std::int64_t> within(m.cells.size(), 0);
    for (std::size_t r = 0; r < m.cells.size(); ++r)
      for (std::size_t q = 0; q < m.cells.size(); ++q)
        if (!m.conditional || m.cells[q][1] == m.cells[r][1]) within[r] += pooled[k][q];
    for (std::size_t r = 0; r < m.cells.size(); ++r) {
      std::string category = category_name(dims[0], m.cells[r][0], initial);
      if (dims.size() > 1) category += (m.conditional ? "|" : "*") + category_name(dims[1], m.cells[r][1], initial);
      const bool kept = within[r] == 0;
      const double share = kept ? m.shares[r] : static_cast<double>(pooled[k][r]) / static_cast<double>(within[r]);
      std::snprintf(line, sizeof line, "%.15f", share);  // joint and 1-D margins must agree to 1e-10
      out += label + "," + csv_field(category) + "," + line + "," +
             csv_field(kept ? "the scenario's own share (nobody held the condition at the end)" : source) + "\n";
    }
  }
  return out;
}

}  // namespace kunlun
