// The tidy long-format time series: one row per month x replication x county x field x level,
// with the stock after the month and the flows during it. Pandas and R read it directly.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/region_table.h"
#include "model/simulation.h"

namespace kunlun {

class TimeseriesCsv {
 public:
  static constexpr const char* kHeader =
      "date,replication,prefecture,county,field,level,stock,inflow,inflow_internal,outflow_internal,"
      "outflow_external,retirements,service_days\n";

  TimeseriesCsv(const std::filesystem::path& path, const RegionTable& regions, const CellLayout& cells);
  void write_step(std::uint32_t replication, const StepResult& step);
  void close();  // flushes; throws when the disk refused a write

 private:
  void flush();
  std::filesystem::path path_;
  std::ofstream out_;
  std::vector<std::string> cell_labels_;  // "prefecture,county,field,level" per cell
  std::string buffer_;
};

}  // namespace kunlun
