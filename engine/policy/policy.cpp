#include "policy/policy.h"

namespace kunlun {

PolicyTarget PolicyTarget::everyone(const RegionTable& regions) {
  PolicyTarget t;
  t.county.assign(static_cast<std::size_t>(regions.county_count()), true);
  t.field.assign(static_cast<std::size_t>(regions.field_count()), true);
  t.level.fill(true);
  t.title.fill(true);
  t.origin.fill(true);
  return t;
}

bool PolicyTarget::reaches_class(int agent_class) const {
  const int origin_index = agent_class % kOrigins;
  const int title_index = (agent_class / kOrigins) % kTitles;
  const int level_index = (agent_class / (kOrigins * kTitles)) % kLevels;
  const int field_index = agent_class / (kOrigins * kTitles * kLevels);
  return field[static_cast<std::size_t>(field_index)] && level[static_cast<std::size_t>(level_index)] &&
         title[static_cast<std::size_t>(title_index)] && origin[static_cast<std::size_t>(origin_index)];
}

void PolicyTarget::add_to(LeverTable& levers, Lever lever, float amount) const {
  for (int c = 0; c < levers.counties(); ++c) {
    if (!county[static_cast<std::size_t>(c)]) continue;
    for (int k = 0; k < levers.classes(); ++k)
      if (reaches_class(k)) levers.add(lever, c, k, amount);
  }
}

}  // namespace kunlun
