// The rows of the vacancy time series: one per month x replication x county x field, with the
// posts there (capacity and the posts ventures opened) and those no talent holds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/region_table.h"
#include "model/simulation.h"

namespace kunlun {

class VacanciesCsv {
 public:
  static constexpr const char* kHeader = "date,replication,prefecture,county,field,posts,open_posts\n";

  VacanciesCsv(const RegionTable& regions, const CellLayout& cells);
  // Appends the rows of one month to `out`.
  void append_step(std::string& out, std::uint32_t replication, const StepResult& step) const;

 private:
  std::vector<std::string> labels_;  // "prefecture,county,field" per county x field
};

}  // namespace kunlun
