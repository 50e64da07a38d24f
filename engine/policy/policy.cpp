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
  const AgentClassParts k = ClassLayout::decode(agent_class);
  return field[static_cast<std::size_t>(k.field)] && level[static_cast<std::size_t>(k.level)] &&
         title[static_cast<std::size_t>(k.title)] && origin[static_cast<std::size_t>(k.origin)];
}

void PolicyTarget::add_to(LeverTable& levers, Lever lever, float amount) const {
  for (int c = 0; c < levers.counties(); ++c) {
    if (!county[static_cast<std::size_t>(c)]) continue;
    for (int k = 0; k < levers.classes(); ++k)
      if (reaches_class(k)) levers.write(lever, c, k, amount);
  }
}

std::vector<std::uint8_t> PolicyTarget::mask(const ClassLayout& layout) const {
  std::vector<std::uint8_t> m(layout.cells(), 0);
  for (int c = 0; c < layout.counties; ++c)
    for (int k = 0; k < layout.classes(); ++k) m[layout.cell(c, k)] = reaches(c, k) ? 1 : 0;
  return m;
}

bool PolicyTarget::overlaps(const PolicyTarget& other) const {
  bool any_county = false, any_field = false, any_level = false, any_title = false, any_origin = false;
  for (std::size_t c = 0; c < county.size(); ++c) any_county = any_county || (county[c] && other.county[c]);
  for (std::size_t f = 0; f < field.size(); ++f) any_field = any_field || (field[f] && other.field[f]);
  for (std::size_t l = 0; l < level.size(); ++l) any_level = any_level || (level[l] && other.level[l]);
  for (std::size_t t = 0; t < title.size(); ++t) any_title = any_title || (title[t] && other.title[t]);
  for (std::size_t o = 0; o < origin.size(); ++o) any_origin = any_origin || (origin[o] && other.origin[o]);
  return any_county && any_field && any_level && any_title && any_origin;
}

void Policy::book_costs(const CostBasis&, CostLedger&, YearMonth) const {}

}  // namespace kunlun
