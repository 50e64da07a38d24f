#include "experiment/timeseries_csv.h"

#include <charconv>
#include <cstdio>

namespace kunlun {

TimeseriesCsv::TimeseriesCsv(const RegionTable& regions, const CellLayout& cells) {
  cell_labels_.resize(static_cast<std::size_t>(cells.size()));
  for (int c = 0; c < cells.counties; ++c) {
    const std::string& pref = regions.region(regions.prefectures()[static_cast<std::size_t>(
                                                 regions.prefecture_slot_of_county(c))]).code;
    for (int f = 0; f < cells.fields; ++f)
      for (int l = 0; l < kLevels; ++l)
        cell_labels_[static_cast<std::size_t>(cells.index(c, f, l))] =
            pref + "," + regions.county(c).code + "," + regions.fields()[static_cast<std::size_t>(f)] + "," +
            std::string(kLevelNames[static_cast<std::size_t>(l)]);
  }
}

namespace {
void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
}  // namespace

void TimeseriesCsv::append_step(std::string& out, std::uint32_t replication, const StepResult& step) const {
  const std::string prefix = step.date.str() + "," + std::to_string(replication) + ",";
  for (std::size_t cell = 0; cell < cell_labels_.size(); ++cell) {
    out += prefix;
    out += cell_labels_[cell];
    out += ',';
    append_int(out, step.stock[cell]);
    for (int f = 0; f < kFlowCount; ++f) {
      out += ',';
      append_int(out, step.flows.get(static_cast<Flow>(f), static_cast<int>(cell)));
    }
    // Whole days when the days per month are whole (the default); otherwise up to 10 digits.
    char days[32];
    std::snprintf(days, sizeof days, ",%.10g", step.service_days[cell]);
    out += days;
    out += '\n';
  }
}

}  // namespace kunlun
