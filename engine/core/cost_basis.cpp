#include "core/cost_basis.h"

#include <algorithm>

namespace kunlun {

CostBasis::CostBasis(ClassLayout layout_, int policies) : layout(layout_) {
  const std::size_t cells = layout.cells();
  headcount.assign(cells, 0);
  at_risk_headcount.assign(cells, 0);
  apartment_tenants.assign(cells, 0);
  grants_paid_cny.assign(cells, 0);
  clawed_back_cny.assign(cells, 0);
  loan_balance_cny.assign(cells, 0);
  placed.assign(static_cast<std::size_t>(policies) * static_cast<std::size_t>(layout.counties), 0);
  selected.assign(placed.size(), 0);
}

void CostBasis::clear() {
  for (auto* v : {&headcount, &at_risk_headcount, &apartment_tenants, &placed, &selected})
    std::fill(v->begin(), v->end(), 0);
  for (auto* v : {&grants_paid_cny, &clawed_back_cny, &loan_balance_cny}) std::fill(v->begin(), v->end(), 0);
}

}  // namespace kunlun
