// The rows of the tidy long-format time series: one per month x replication x county x field x
// level, with the stock after the month and the flows during it. Pandas and R read it directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/region_table.h"
#include "model/simulation.h"

namespace kunlun {

class TimeseriesCsv {
 public:
  static constexpr const char* kHeader =
      "date,replication,prefecture,county,field,level,stock,inflow,inflow_internal,outflow_internal,"
      "outflow_external,term_ends,retirements,service_days\n";

  TimeseriesCsv(const RegionTable& regions, const CellLayout& cells);
  // Appends the rows of one month to `out`.
  void append_step(std::string& out, std::uint32_t replication, const StepResult& step) const;

 private:
  std::vector<std::string> cell_labels_;  // "prefecture,county,field,level" per cell
};

}  // namespace kunlun
