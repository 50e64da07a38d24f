#include "model/cost_basis.h"

#include <algorithm>

namespace kunlun {

CostBasis::CostBasis(int counties_, int classes_, int policies)
    : counties(counties_), classes(classes_) {
  const auto cells = static_cast<std::size_t>(counties_) * static_cast<std::size_t>(classes_);
  headcount.assign(cells, 0);
  at_risk_headcount.assign(cells, 0);
  apartment_tenants.assign(cells, 0);
  grants_paid_cny.assign(cells, 0);
  clawed_back_cny.assign(cells, 0);
  loan_balance_cny.assign(cells, 0);
  placed.assign(static_cast<std::size_t>(policies) * static_cast<std::size_t>(counties_), 0);
  selected.assign(placed.size(), 0);
}

void CostBasis::clear() {
  for (auto* v : {&headcount, &at_risk_headcount, &apartment_tenants, &placed, &selected})
    std::fill(v->begin(), v->end(), 0);
  for (auto* v : {&grants_paid_cny, &clawed_back_cny, &loan_balance_cny}) std::fill(v->begin(), v->end(), 0);
}

}  // namespace kunlun
