#include "experiment/costs_csv.h"

#include <cstdio>

namespace kunlun {

CostsCsv::CostsCsv(const InitialState& initial) {
  const RegionTable& regions = initial.regions;
  for (const auto& p : initial.policies)
    policy_labels_.push_back(p->name() + "," + initial.scenario.policies[static_cast<std::size_t>(p->position())].type +
                             "," + std::string(kPayingLevelNames[static_cast<std::size_t>(p->payer())]));
  for (int c = 0; c < regions.county_count(); ++c)
    county_labels_.push_back(
        regions.region(regions.prefectures()[static_cast<std::size_t>(regions.prefecture_slot_of_county(c))]).code +
        "," + regions.county(c).code);
}

void CostsCsv::append_step(std::string& out, std::uint32_t replication, const StepResult& step) const {
  const std::string prefix = step.date.str() + "," + std::to_string(replication) + ",";
  for (int p = 0; p < step.costs.policies(); ++p)
    for (int c = 0; c < step.costs.counties(); ++c) {
      const double cny = step.costs.at(p, c);
      if (cny == 0.0) continue;
      char amount[40];
      std::snprintf(amount, sizeof amount, "%.2f", cny);
      out += prefix;
      out += policy_labels_[static_cast<std::size_t>(p)];
      out += ',';
      out += county_labels_[static_cast<std::size_t>(c)];
      out += ',';
      out += amount;
      out += '\n';
    }
}

}  // namespace kunlun
