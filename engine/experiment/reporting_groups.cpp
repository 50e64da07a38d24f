#include "experiment/reporting_groups.h"

namespace kunlun {

std::vector<ReportingGroup> reporting_groups(const RegionTable& regions) {
  const auto counties = static_cast<std::size_t>(regions.county_count());
  std::vector<ReportingGroup> groups;
  const Region& province = regions.region(regions.province());
  groups.push_back({province.code, province.name, std::vector<bool>(counties, true)});
  for (std::size_t p = 0; p < regions.prefectures().size(); ++p) {
    const Region& pref = regions.region(regions.prefectures()[p]);
    ReportingGroup g{pref.code, pref.name, std::vector<bool>(counties, false)};
    for (std::size_t c = 0; c < counties; ++c)
      g.has_county[c] = regions.prefecture_slot_of_county(static_cast<int>(c)) == static_cast<int>(p);
    groups.push_back(std::move(g));
  }
  ReportingGroup remote{"autonomous_grassroots", "Grassroots counties of the autonomous prefectures",
                        std::vector<bool>(counties, false)};
  for (std::size_t c = 0; c < counties; ++c) {
    const int slot = regions.prefecture_slot_of_county(static_cast<int>(c));
    const Region& pref = regions.region(regions.prefectures()[static_cast<std::size_t>(slot)]);
    remote.has_county[c] = regions.county(static_cast<int>(c)).type == RegionType::grassroots && pref.autonomous;
  }
  groups.push_back(std::move(remote));
  return groups;
}

}  // namespace kunlun
