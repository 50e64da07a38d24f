// The initial population's margins: shares of the talent stock over one dimension or a pair, read
// from the margins CSV and checked against the region table (docs/data.md describes the file).
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/region_table.h"

namespace kunlun {

// The dimensions a margin may cover, numbered by their place here: the five core dimensions first,
// in the order of the core joint table's axes (core/population_joint.h), then the attributes, each
// given by one margin, 1-D or conditional on one core dimension.
enum class MarginDimension : int {
  prefecture,
  field,
  level,
  title,
  education,
  age_band,
  origin,
  sex
};
inline constexpr std::array<std::string_view, 8> kMarginDimensionNames{
    "prefecture", "field", "level", "title", "education", "age_band", "origin", "sex"};
inline constexpr int kMarginDimensions = static_cast<int>(kMarginDimensionNames.size());
inline constexpr int kCoreDimensions = 5;
inline constexpr bool is_core_dimension(int d) { return d >= 0 && d < kCoreDimensions; }

// One margin: shares over the categories of one dimension, or of a pair of dimensions
// ("title*education" with categories "senior*doctorate"), read from the margins CSV.
struct Margin {
  std::vector<std::string> dimensions;  // one or two of kMarginDimensionNames
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

// Reads and checks the margins CSV against the region table (prefecture codes, field names, jobs
// for every prefecture and field given a positive share). Throws InputError naming the file, line
// and column.
PopulationMargins load_population_margins(const std::filesystem::path& csv,
                                          const RegionTable& regions);

}  // namespace kunlun
