// The region table: province > prefectures > counties, plus the outside regions talents come
// from and leave to. Loaded from a CSV so that a researcher can swap in county data of their own.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kunlun {

enum class RegionLevel : std::uint8_t { province, prefecture, county, outside };
// County-level units by the kind of place; outside regions by their relation to the province.
enum class RegionType : std::uint8_t {
  none,  // province and prefecture rows
  capital_district,
  city_district,
  county_town,
  grassroots,  // grassroots township and pastoral areas
  paired_province,
  neighbour_province,
  rest_of_china,
};
inline constexpr int kCountyTypes = 4;  // capital_district .. grassroots

// Position of a county type among the four (0 = capital_district .. 3 = grassroots), the index
// of per-type parameters; -1 for the types of other rows.
inline constexpr int county_type_index(RegionType type) {
  const int i = static_cast<int>(type) - static_cast<int>(RegionType::capital_district);
  return i >= 0 && i < kCountyTypes ? i : -1;
}
std::vector<std::string> county_type_names();  // in county_type_index order

std::string_view region_level_name(RegionLevel level);
std::string_view region_type_name(RegionType type);
std::optional<RegionType> parse_region_type(std::string_view name);

struct Region {
  std::string code;     // short ASCII key used in scenario files and outputs, e.g. "yushu_zadoi"
  std::string name;     // pinyin name, e.g. "Zadoi"
  std::string name_zh;  // Chinese name
  RegionLevel level = RegionLevel::county;
  int parent = -1;  // index of the parent row; -1 for the province and outside regions
  RegionType type = RegionType::none;
  bool autonomous = false;    // in (or itself) an ethnic autonomous prefecture or county
  double altitude_m = 0;      // altitude of the seat, metres
  double remoteness = 0;      // 0 (provincial capital) .. 1 (most remote)
  int hardship_class = 0;     // hardship-allowance class, 0 (none) .. 6 (highest)
  double wage_level = 1;      // wage index, province average = 1
  double housing_cost_level = 1;  // housing-cost index, province average = 1
  double amenity_index = 0;   // 0 .. 1: talent hubs, workstations, schools, hospitals
  double lat = 0, lon = 0;    // seat coordinates, degrees
  int paired_region = -1;     // prefectures: the outside region paired with it (-1 if none)
  double population = 0;      // resident population (2020 census where known)
  std::vector<double> jobs;   // counties: job capacity for talents by field (full scale)
};

class RegionTable {
 public:
  // Reads a region CSV. Any table with the documented columns loads; errors name file, line
  // and column.
  static RegionTable load(const std::filesystem::path& csv);

  const std::vector<Region>& regions() const { return regions_; }
  const Region& region(int index) const { return regions_[static_cast<std::size_t>(index)]; }
  const std::vector<std::string>& fields() const { return fields_; }
  int field_count() const { return static_cast<int>(fields_.size()); }

  // Row indices by level, in table order.
  int province() const { return province_; }
  const std::vector<int>& prefectures() const { return prefectures_; }
  const std::vector<int>& counties() const { return counties_; }
  const std::vector<int>& outside() const { return outside_; }

  // Agents live in counties and refer to them by their position in counties() (the county
  // slot), not by row index: slots are dense and small.
  int county_count() const { return static_cast<int>(counties_.size()); }
  const Region& county(int slot) const { return region(counties_[static_cast<std::size_t>(slot)]); }
  // Position of the county's prefecture in prefectures().
  int prefecture_slot_of_county(int slot) const { return county_prefecture_[static_cast<std::size_t>(slot)]; }

  // Row index by code (exact) or nullopt.
  std::optional<int> find(std::string_view code) const;
  std::optional<int> find_field(std::string_view name) const;
  std::vector<std::string> codes() const;

  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::vector<Region> regions_;
  std::vector<std::string> fields_;
  int province_ = -1;
  std::vector<int> prefectures_, counties_, outside_;
  std::vector<int> county_prefecture_;
};

}  // namespace kunlun
