// Initial population synthesised deterministically from published margins: the province's
// talent stock by prefecture, field, level, title and education, with age, origin and sex.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/agent_store.h"
#include "core/calendar.h"
#include "core/categories.h"
#include "core/region_table.h"

namespace kunlun {

// One margin: shares over the categories of one dimension, or of a pair of dimensions
// ("title*education" with categories "senior*doctorate"), read from the margins CSV.
struct Margin {
  std::vector<std::string> dimensions;  // one or two of: prefecture, field, level, title,
                                        // education, age_band, origin, sex
  std::vector<std::vector<int>> cells;  // category index per dimension, one entry per row
  std::vector<double> shares;           // sums to 1 over the margin (conditional margins:
                                        // to 1 within each value of the conditioning,
                                        // second, dimension)
  bool conditional = false;             // "origin|prefecture": shares of origin given prefecture
};

struct PopulationMargins {
  std::string source;
  std::vector<Margin> margins;
  std::vector<std::pair<int, int>> age_bands;  // inclusive [low, high] years, by band index
};

// Reads and checks the margins CSV against the region table (prefecture codes, field names).
PopulationMargins load_population_margins(const std::filesystem::path& csv,
                                          const RegionTable& regions);

// Exclusive upper bound on age in months at the start, by sex and title. The stock counts people
// at work, so no one starts at or past retirement age: an age band that reaches past the bound is
// moved down, keeping its width, to end just below it. A zero entry means no bound.
using WorkingAgeLimit = std::array<std::array<int, kTitles>, kSexes>;

// Builds `round(total * scale)` agents. Deterministic in (margins, regions, total, scale, seed);
// ids are 0 .. n-1. The start month sets entry months and birth cohorts.
AgentStore synthesise_population(const PopulationMargins& margins, const RegionTable& regions,
                                 double total, double scale, std::uint64_t seed, YearMonth start,
                                 const WorkingAgeLimit& age_limit = {});

}  // namespace kunlun
