#include "core/lever_table.h"

#include <algorithm>

namespace kunlun {

bool lever_takes_max(Lever lever) {
  switch (lever) {
    case Lever::purchase_uptake:
    case Lever::purchase_vesting_months:
    case Lever::purchase_clawback_share:
    case Lever::loan_amount_cny:
    case Lever::loan_term_months:
    case Lever::title_min_years_cut:
    case Lever::title_paper_waived:
    case Lever::title_degree_waived:
    case Lever::title_special_posts:
      return true;
    default:
      return false;
  }
}

LeverTable::LeverTable(ClassLayout layout) : layout_(layout) {
  for (auto& v : values_) v.assign(layout.cells(), 0.0f);
  for (auto& v : county_values_) v.assign(static_cast<std::size_t>(layout.counties), 0.0f);
}

void LeverTable::reset() {
  for (auto& v : values_) std::fill(v.begin(), v.end(), 0.0f);
  for (auto& v : county_values_) std::fill(v.begin(), v.end(), 0.0f);
  placements.clear();
  selections.clear();
}

bool LeverTable::is_neutral(Lever lever) const {
  const auto& v = values_[static_cast<std::size_t>(lever)];
  return std::all_of(v.begin(), v.end(), [](float x) { return x == 0.0f; });
}

}  // namespace kunlun
