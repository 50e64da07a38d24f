// Loads and validates the region table CSV (see docs/data.md for the columns and rules).
#include "core/region_table.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "core/errors.h"
#include "core/text.h"
#include "io/csv_reader.h"
#include "io/input_limits.h"

namespace kunlun {

namespace {

constexpr std::array<std::string_view, 4> kLevelNames{"province", "prefecture", "county",
                                                      "outside"};
constexpr std::array<std::string_view, 8> kTypeNames{
    "none",       "capital_district", "city_district",      "county_town",
    "grassroots", "paired_province",  "neighbour_province", "rest_of_china"};

// The fixed columns, found by name in any order; jobs_<field> columns come on top of them.
constexpr std::array<std::string_view, 17> kColumns{
    "code",           "name",       "name_zh",
    "level",          "parent",     "type",
    "autonomous",     "altitude_m", "remoteness",
    "hardship_class", "wage_level", "housing_cost_level",
    "amenity_index",  "lat",        "lon",
    "paired_region",  "population"};
constexpr std::string_view kJobsPrefix = "jobs_";

bool is_key(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& names, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += (out.empty() ? "" : ", ") + std::string(names[i]);
  return out;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates,
                         const std::string& otherwise) {
  const std::string best = closest_match(word, candidates);
  return best.empty() ? otherwise : "did you mean '" + best + "'?";
}

// "a county", "an outside": the level with its article, for messages.
std::string a(std::string_view level) {
  return (level == "outside" ? "an " : "a ") + std::string(level);
}

// A numeric column's range. Each range holds any real place (every shipped table and test fixture
// lies well inside it) and keeps the arithmetic of a run sound; `why` is the hint of an error.
struct NumericColumn {
  std::string key;
  double low, high;
  std::string unit, why;
};

const NumericColumn kAltitude{"altitude_m", 0, 9000, "metres",
                              "the altitude of the seat in metres (Everest is 8,849 m)"};
const NumericColumn kRemoteness{"remoteness", 0, 1, "",
                                "0 for the provincial capital, 1 for the most remote place"};
const NumericColumn kHardship{"hardship_class", 0, 6, "",
                              "classes are whole numbers 0 (none) to 6 (highest)"};
// Indices relative to the province average (1). Pay and rent are base amounts times the index:
// no county-level place in China earns or pays ten times (wages) or twenty times (rents) its
// province's average, and a value such as 1e308 turned every move into a departure.
const NumericColumn kWageLevel{"wage_level", 0.1, 10, "",
                               "a wage index relative to the province average (1)"};
const NumericColumn kHousingCostLevel{"housing_cost_level", 0.05, 20, "",
                                      "a housing-cost index relative to the province average (1)"};
const NumericColumn kAmenity{"amenity_index", 0, 1, "", "an index from 0 (none) to 1 (best)"};
const NumericColumn kLat{"lat", -90, 90, "degrees", "the latitude of the seat in degrees"};
const NumericColumn kLon{"lon", -180, 180, "degrees", "the longitude of the seat in degrees"};
// Above the population of China (1.41e9), so that a rest-of-China row fits.
const NumericColumn kPopulation{"population", 0, 2e9, "persons", "the resident population"};
// Jobs at full scale are multiplied by population.scale (at most 1000) into the 32-bit job counts
// of a run (at most 2.1e9): a million posts of one field in one county keeps that product below
// 1e9, and is seventy times Qinghai's largest (14,178). jobs_health: 1e15 at scale 0.02 used to
// wrap to a negative capacity.
const NumericColumn kJobs{"jobs_<field>", 0, 1e6, "posts at full scale",
                          "the job capacity of the county in the field at full scale"};

// One data row being read: the cells with where they came from, for error messages.
struct RowReader {
  const std::string& file;
  const CsvRow& row;
  const std::map<std::string, int>& column;  // column name -> position

  SourceLocation at(const std::string& key) const { return {file, row.line, column.at(key) + 1}; }
  const std::string& cell(const std::string& key) const {
    return row.cells[static_cast<std::size_t>(column.at(key))];
  }
  [[noreturn]] void fail(const std::string& key, const std::string& message,
                         const std::string& hint) const {
    throw InputError(at(key), key, message, hint);
  }
  // A required number within its column's range; never clamped.
  double number(const NumericColumn& c) const { return number(c.key, c); }
  // The same for a column of that range under another name (the jobs_<field> columns).
  double number(const std::string& key, const NumericColumn& c) const {
    const std::string range = "must be between " + format_shortest(c.low) + " and " +
                              format_shortest(c.high) + (c.unit.empty() ? "" : " (" + c.unit + ")");
    const double x = parse_csv_number(cell(key), at(key), key, range);
    if (x < c.low || x > c.high)
      fail(key, key + " " + format_shortest(x) + " is out of range: " + range, c.why);
    return x;
  }
};

}  // namespace

std::string_view region_level_name(RegionLevel level) {
  return kLevelNames[static_cast<std::size_t>(level)];
}

std::string_view region_type_name(RegionType type) {
  return kTypeNames[static_cast<std::size_t>(type)];
}

std::vector<std::string> county_type_names() {
  std::vector<std::string> out;
  for (int t = 0; t < kCountyTypes; ++t)
    out.emplace_back(region_type_name(static_cast<RegionType>(static_cast<int>(RegionType::capital_district) + t)));
  return out;
}

std::optional<RegionType> parse_region_type(std::string_view name) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i)
    if (kTypeNames[i] == name) return static_cast<RegionType>(i);
  return std::nullopt;
}

RegionTable RegionTable::load(const std::filesystem::path& csv) {
  RegionTable table;
  table.source_ = csv.string();
  const std::string& file = table.source_;
  const std::vector<CsvRow> rows = read_csv(csv, input_limits::kRegionTableRows);
  const CsvRow& header = rows.front();

  // Header: every fixed column once, then any number of jobs_<field> columns.
  std::map<std::string, int> column;
  std::vector<int> job_columns;
  std::vector<std::string> known(kColumns.begin(), kColumns.end());
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    const std::string& name = header.cells[i];
    const SourceLocation where{file, header.line, static_cast<int>(i) + 1};
    if (column.contains(name))
      throw InputError(where, name, "duplicate column '" + name + "'", "keep one of them");
    if (name.starts_with(kJobsPrefix)) {
      const std::string field = name.substr(kJobsPrefix.size());
      if (!is_key(field))
        throw InputError(where, name, "bad field name '" + field + "' in column '" + name + "'",
                         "field names use lowercase letters, digits and '_', e.g. jobs_health");
      table.fields_.push_back(field);
      job_columns.push_back(static_cast<int>(i));
    } else if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw InputError(
          where, name, "unknown column '" + name + "'",
          did_you_mean(name, known,
                       "columns are " + join(kColumns, 0, kColumns.size()) + " and jobs_<field>"));
    }
    column[name] = static_cast<int>(i);
  }
  for (const std::string& name : known)
    if (!column.contains(name))
      throw InputError({file, header.line, 0}, name, "missing column '" + name + "'",
                       "the header needs " + join(kColumns, 0, kColumns.size()) +
                           " and at least one jobs_<field> column");
  if (table.fields_.empty())
    throw InputError({file, header.line, 0}, "jobs_", "no jobs_<field> column",
                     "add one job-capacity column per field, e.g. jobs_health");

  // First pass: each row on its own. Parent and paired codes are resolved afterwards, since a
  // row may name one defined further down.
  std::map<std::string, int> index;
  std::vector<const CsvRow*> source_row;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const RowReader in{file, rows[r], column};
    Region g;
    g.code = in.cell("code");
    if (!is_key(g.code))
      in.fail("code", "code '" + g.code + "' is not a valid key",
              "use lowercase ASCII letters, digits and '_', e.g. yushu_zadoi");
    if (const auto it = index.find(g.code); it != index.end())
      in.fail("code", "duplicate code '" + g.code + "'",
              "it is already used on line " +
                  std::to_string(source_row[static_cast<std::size_t>(it->second)]->line));
    g.name = in.cell("name");
    if (g.name.empty()) in.fail("name", "name is empty", "write the region's name in pinyin");
    g.name_zh = in.cell("name_zh");

    const std::string& level = in.cell("level");
    const auto level_it = std::find(kLevelNames.begin(), kLevelNames.end(), level);
    if (level_it == kLevelNames.end())
      in.fail("level", "unknown level '" + level + "'",
              did_you_mean(level, {kLevelNames.begin(), kLevelNames.end()},
                           "must be one of " + join(kLevelNames, 0, kLevelNames.size())));
    g.level = static_cast<RegionLevel>(level_it - kLevelNames.begin());

    // The type must fit the level: county kinds for counties, relations for outside regions.
    const std::string& type = in.cell("type");
    const auto parsed = type.empty() ? RegionType::none : parse_region_type(type);
    std::size_t first = 0, last = 1;  // allowed range in kTypeNames
    if (g.level == RegionLevel::county) first = 1, last = 5;
    if (g.level == RegionLevel::outside) first = 5, last = 8;
    const std::vector<std::string> allowed(kTypeNames.begin() + first, kTypeNames.begin() + last);
    if (!parsed || static_cast<std::size_t>(*parsed) < first ||
        static_cast<std::size_t>(*parsed) >= last) {
      if (first == 0)
        in.fail("type", "a " + level + " row has type '" + type + "'",
                "leave type empty for " + level + " rows");
      in.fail("type", (parsed ? "type '" : "unknown type '") + type + "' for " + a(level) + " row",
              did_you_mean(type, allowed, "must be one of " + join(kTypeNames, first, last)));
    }
    g.type = *parsed;

    const std::string& autonomous = in.cell("autonomous");
    if (autonomous != "0" && autonomous != "1")
      in.fail("autonomous", "autonomous must be 0 or 1, not '" + autonomous + "'",
              "1 for an ethnic autonomous prefecture or county, else 0");
    g.autonomous = autonomous == "1";

    g.altitude_m = in.number(kAltitude);
    g.remoteness = in.number(kRemoteness);
    const double hardship = in.number(kHardship);
    if (hardship != std::floor(hardship))
      in.fail("hardship_class", "hardship_class " + format_shortest(hardship) + " is not an integer",
              kHardship.why);
    g.hardship_class = static_cast<int>(hardship);
    g.wage_level = in.number(kWageLevel);
    g.housing_cost_level = in.number(kHousingCostLevel);
    g.amenity_index = in.number(kAmenity);
    g.lat = in.number(kLat);
    g.lon = in.number(kLon);
    g.population = in.number(kPopulation);

    g.jobs.assign(table.fields_.size(), 0.0);
    for (std::size_t f = 0; f < job_columns.size(); ++f) {
      const std::string key = header.cells[static_cast<std::size_t>(job_columns[f])];
      const std::string& cell = in.cell(key);
      if (g.level == RegionLevel::county) {
        if (cell.empty())
          in.fail(key, "job capacity is empty for a county", "write the number of jobs, 0 if none");
        g.jobs[f] = in.number(key, kJobs);
      } else if (!cell.empty() && parse_csv_number(cell, in.at(key), key) != 0) {
        in.fail(key, "job capacity " + cell + " on " + a(level) + " row",
                "only county rows hold jobs; leave it empty");
      }
    }

    const int row = static_cast<int>(table.regions_.size());
    switch (g.level) {
      case RegionLevel::province:
        if (table.province_ >= 0)
          in.fail("level", "a second province row '" + g.code + "'",
                  "the table has exactly one province; the first is '" +
                      table.regions_[static_cast<std::size_t>(table.province_)].code + "'");
        table.province_ = row;
        break;
      case RegionLevel::prefecture:
        table.prefectures_.push_back(row);
        break;
      case RegionLevel::county:
        table.counties_.push_back(row);
        break;
      case RegionLevel::outside:
        table.outside_.push_back(row);
        break;
    }
    index[g.code] = row;
    source_row.push_back(&rows[r]);
    table.regions_.push_back(std::move(g));
  }

  const SourceLocation whole_file{file, 0, 0};
  if (table.province_ < 0)
    throw InputError(whole_file, "level", "no province row", "add one row with level 'province'");
  if (table.counties_.empty())
    throw InputError(whole_file, "level", "no county rows",
                     "agents live in counties: add rows with level 'county'");

  // Second pass: links between rows.
  const std::vector<std::string> codes = table.codes();
  auto resolve = [&](const RowReader& in, const std::string& key) {
    const std::string& code = in.cell(key);
    const auto it = index.find(code);
    if (it == index.end())
      in.fail(key,
              "unknown " + std::string(key == "parent" ? "parent" : "paired region") + " '" + code +
                  "'",
              did_you_mean(code, codes, "use the code of a row in this table"));
    return it->second;
  };
  for (std::size_t i = 0; i < table.regions_.size(); ++i) {
    Region& g = table.regions_[i];
    const RowReader in{file, *source_row[i], column};
    const std::string level(region_level_name(g.level));
    // Which level the parent must be at; none for the province and outside regions.
    const std::optional<RegionLevel> parent_level =
        g.level == RegionLevel::prefecture ? std::optional(RegionLevel::province)
        : g.level == RegionLevel::county   ? std::optional(RegionLevel::prefecture)
                                           : std::nullopt;
    if (!parent_level) {
      if (!in.cell("parent").empty())
        in.fail("parent", a(level) + " row has parent '" + in.cell("parent") + "'",
                "leave parent empty for " + level + " rows");
    } else {
      if (in.cell("parent").empty())
        in.fail("parent", "parent is empty for a " + level + " row",
                "write the code of its " + std::string(region_level_name(*parent_level)));
      g.parent = resolve(in, "parent");
      const Region& p = table.regions_[static_cast<std::size_t>(g.parent)];
      if (p.level != *parent_level)
        in.fail("parent",
                "parent '" + p.code + "' of a " + level + " row is a " +
                    std::string(region_level_name(p.level)) + ", not a " +
                    std::string(region_level_name(*parent_level)),
                "a county's parent is a prefecture; a prefecture's parent is the province");
    }
    if (!in.cell("paired_region").empty()) {
      if (g.level != RegionLevel::prefecture)
        in.fail("paired_region",
                a(level) + " row has paired region '" + in.cell("paired_region") + "'",
                "only prefecture rows name a paired region; leave it empty");
      g.paired_region = resolve(in, "paired_region");
      const Region& p = table.regions_[static_cast<std::size_t>(g.paired_region)];
      if (p.level != RegionLevel::outside)
        in.fail("paired_region",
                "paired region '" + p.code + "' is " + a(region_level_name(p.level)) +
                    ", not an outside region",
                "name an outside row, e.g. the paired eastern province");
    }
  }
  // Counties refer to their prefecture by its position in prefectures(); every prefecture needs
  // a county, since its people must live somewhere.
  std::vector<int> slot_of_row(table.regions_.size(), -1);
  for (std::size_t s = 0; s < table.prefectures_.size(); ++s)
    slot_of_row[static_cast<std::size_t>(table.prefectures_[s])] = static_cast<int>(s);
  std::vector<int> counties_in(table.prefectures_.size(), 0);
  for (const int c : table.counties_) {
    const int slot = slot_of_row[static_cast<std::size_t>(table.region(c).parent)];
    table.county_prefecture_.push_back(slot);
    ++counties_in[static_cast<std::size_t>(slot)];
  }
  for (std::size_t s = 0; s < table.prefectures_.size(); ++s)
    if (counties_in[s] == 0) {
      const int row = table.prefectures_[s];
      throw InputError(
          {file, source_row[static_cast<std::size_t>(row)]->line, column.at("code") + 1}, "code",
          "prefecture '" + table.region(row).code + "' has no counties",
          "add its county rows (parent = '" + table.region(row).code + "') or remove it");
    }
  return table;
}

std::optional<int> RegionTable::find(std::string_view code) const {
  for (std::size_t i = 0; i < regions_.size(); ++i)
    if (regions_[i].code == code) return static_cast<int>(i);
  return std::nullopt;
}

std::optional<int> RegionTable::find_field(std::string_view name) const {
  for (std::size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i] == name) return static_cast<int>(i);
  return std::nullopt;
}

std::vector<std::string> RegionTable::codes() const {
  std::vector<std::string> out;
  out.reserve(regions_.size());
  for (const Region& g : regions_) out.push_back(g.code);
  return out;
}

}  // namespace kunlun
