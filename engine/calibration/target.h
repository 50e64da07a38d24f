// An observation the model should reproduce: a quantity kunlun computes (a stock at a month, a
// flow or entry a year over a period, a turnover rate), for a part of the province, with the
// observed value, its uncertainty and the reasoning behind it, and its source. Read from a
// targets file (docs/calibration.md); calibration fits the uncertain parameters to a set of them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/errors.h"
#include "core/region_table.h"

namespace kunlun {

enum class TargetQuantity {
  stock,     // talents at the end of the month `at`
  flow,      // a flow of timeseries.csv (inflow, outflow_external, ...), a year on average over the period
  entrants,  // entrants from one source (graduate, returnee, ...), a year on average over the period
  turnover,  // voluntary moves (to other counties and out of the province) a year over the mean stock
};

enum class TargetBound { value, lower, upper };  // an exact figure, or a "more than" / "less than"

struct Target {
  std::string name;
  SourceLocation where;  // the target's entry in the file
  TargetQuantity quantity = TargetQuantity::stock;  // a stock at the month before the run's start is its initial stock
  std::string flow;      // quantity flow: the flow's name; entrants: the source's name
  YearMonth at;          // stock
  YearMonth from, to;    // flow, entrants, turnover: the months included
  // The months of the run set against it: from and to, unless the file says `simulated_over` (a
  // rate observed before the run starts, read as holding in the run's first years).
  YearMonth simulated_from, simulated_to;
  // The part of the province counted; empty: all. Codes of the region table; names of the
  // county types, fields and levels.
  std::vector<std::string> prefectures, county_types, fields, levels;
  std::vector<std::string> titles;  // stock only: those holding these titles (by county, not by field)
  double value = 0;
  double sd = 0;         // the observation's uncertainty, as one standard deviation
  TargetBound bound = TargetBound::value;
  std::string reasoning;  // why this uncertainty: definitions, coverage, survey error
  std::string source;     // where the figure comes from
};

// Reads a targets file (YAML): a map `targets:` from names to entries; checks every key, date,
// region, field and level against `regions` (the scenario's region table). Every error names the
// file, the line and the key, and says what to write.
std::vector<Target> read_targets(const std::filesystem::path& file, const RegionTable& regions);

// "stock at 2008-12", "outflow_external a year, 1998-01 to 2002-12": how reports name a quantity.
// With simulated_over, the months simulated follow: "... 2005-01 to 2005-12 (simulated 2009-01 to 2011-12)".
std::string target_quantity_text(const Target& t);
std::string target_period_text(const Target& t);  // without them

}  // namespace kunlun
