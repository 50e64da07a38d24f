// The groups of counties every summary reports: the province, each prefecture, and the grassroots
// counties of the autonomous prefectures (the remote places policies aim at).
#pragma once

#include <string>
#include <vector>

#include "core/region_table.h"

namespace kunlun {

struct ReportingGroup {
  std::string code;  // "qinghai" (the province), a prefecture code, or "autonomous_grassroots"
  std::string label;
  std::vector<bool> has_county;  // by county slot
};

// In output order: province, prefectures in table order, autonomous grassroots.
std::vector<ReportingGroup> reporting_groups(const RegionTable& regions);

}  // namespace kunlun
