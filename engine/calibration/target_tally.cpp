// Accumulating target values from the steps of a replication.
#include "calibration/target_tally.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/categories.h"
#include "model/initial_state.h"

namespace kunlun {

namespace {

bool listed(const std::vector<std::string>& list, const std::string& name) {
  return list.empty() || std::find(list.begin(), list.end(), name) != list.end();
}

int flow_index(const std::string& name) {
  for (int f = 0; f < kFlowCount; ++f)
    if (name == kFlowNames[static_cast<std::size_t>(f)]) return f;
  return -1;
}

int source_index(const std::string& name) {
  for (std::size_t s = 0; s < kEntrySourceNames.size(); ++s)
    if (name == kEntrySourceNames[s]) return static_cast<int>(s);
  return -1;
}

bool in_period(const Target& t, const YearMonth& d) { return !(d < t.simulated_from) && !(t.simulated_to < d); }

}  // namespace

TargetTally::TargetTally(const std::vector<Target>& targets, const InitialState& initial)
    : scale_(initial.scenario.population.scale) {
  const RegionTable& regions = initial.regions;
  const CellLayout& cells = initial.cells;
  const auto types = county_type_names();
  for (const Target& t : targets) {
    Counter c;
    c.target = &t;
    for (int county = 0; county < cells.counties; ++county) {
      const Region& r = regions.county(county);
      const int prefecture = regions.prefectures()[static_cast<std::size_t>(regions.prefecture_slot_of_county(county))];
      const int type = county_type_index(r.type);
      if (!listed(t.prefectures, regions.regions()[static_cast<std::size_t>(prefecture)].code)) continue;
      if (!t.county_types.empty() && (type < 0 || !listed(t.county_types, types[static_cast<std::size_t>(type)])))
        continue;
      c.counties.push_back(county);
      for (int f = 0; f < cells.fields; ++f) {
        if (!listed(t.fields, regions.fields()[static_cast<std::size_t>(f)])) continue;
        for (int l = 0; l < kLevels; ++l)
          if (listed(t.levels, std::string(kLevelNames[static_cast<std::size_t>(l)])))
            c.cells.push_back(cells.index(county, f, l));
      }
    }
    for (std::size_t k = 0; k < kTitleNames.size(); ++k)
      if (!t.titles.empty() && listed(t.titles, std::string(kTitleNames[k]))) c.titles.push_back(static_cast<int>(k));
    // The month before the start is the initial stock's.
    if (t.quantity == TargetQuantity::stock && t.at == initial.scenario.start.plus_months(-1)) {
      add_stock(c, initial.initial_stock, initial.initial_stock_by_title);
      ++c.months;
    }
    counters_.push_back(std::move(c));
  }
}

void TargetTally::add_stock(Counter& c, const std::vector<std::int32_t>& by_cell,
                            const std::vector<std::int32_t>& by_county_title) {
  if (c.titles.empty()) {
    for (const int cell : c.cells) c.sum += by_cell[static_cast<std::size_t>(cell)];
  } else {
    for (const int county : c.counties)
      for (const int title : c.titles) c.sum += by_county_title[static_cast<std::size_t>(county * kTitles + title)];
  }
}

void TargetTally::add_step(const StepResult& step) {
  for (Counter& c : counters_) {
    const Target& t = *c.target;
    switch (t.quantity) {
      case TargetQuantity::stock:
        if (step.date == t.at) {
          add_stock(c, step.stock, step.stock_by_title);
          ++c.months;
        }
        break;
      case TargetQuantity::flow:
        if (in_period(t, step.date)) {
          const auto flow = static_cast<Flow>(flow_index(t.flow));
          for (const int cell : c.cells) c.sum += step.flows.get(flow, cell);
          ++c.months;
        }
        break;
      case TargetQuantity::entrants:
        if (in_period(t, step.date)) {
          const auto source = static_cast<EntrySource>(source_index(t.flow));
          for (const int county : c.counties) c.sum += step.flows.entry(county, source);
          ++c.months;
        }
        break;
      case TargetQuantity::turnover:
        if (in_period(t, step.date)) {
          for (const int cell : c.cells) {
            c.sum += step.flows.get(Flow::outflow_internal, cell) + step.flows.get(Flow::outflow_external, cell);
            c.stock_sum += step.stock[static_cast<std::size_t>(cell)];
          }
          ++c.months;
        }
        break;
    }
  }
}

std::vector<double> TargetTally::finish() const {
  std::vector<double> out;
  for (const Counter& c : counters_) {
    const Target& t = *c.target;
    const int wanted = t.quantity == TargetQuantity::stock ? 1 : t.simulated_to.months_since(t.simulated_from) + 1;
    if (c.months != wanted) {
      out.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    switch (t.quantity) {
      case TargetQuantity::stock:
        out.push_back(c.sum / scale_);
        break;
      case TargetQuantity::flow:
      case TargetQuantity::entrants:
        out.push_back(c.sum / scale_ * 12.0 / c.months);
        break;
      case TargetQuantity::turnover:
        // Moves a year over the mean stock of the months: a share, the same at any scale.
        out.push_back(c.stock_sum > 0 ? c.sum * 12.0 / c.stock_sum : std::numeric_limits<double>::quiet_NaN());
        break;
    }
  }
  return out;
}

}  // namespace kunlun
