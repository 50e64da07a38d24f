// What the month's processes paid out, held or placed, by county x agent class: the quantities
// policies price into their costs. Integer sums, so they do not depend on the thread count.
#pragma once

#include <cstdint>
#include <vector>

#include "core/class_layout.h"

namespace kunlun {

struct CostBasis {
  CostBasis() = default;
  CostBasis(ClassLayout layout, int policies);
  void clear();

  std::size_t index(int county, int agent_class) const { return layout.cell(county, agent_class); }

  ClassLayout layout;
  std::vector<std::int32_t> headcount;          // active agents paid this month
  std::vector<std::int32_t> at_risk_headcount;  // of them, with an income risk (enterprise, venture)
  std::vector<std::int32_t> apartment_tenants;  // in a talent apartment this month
  std::vector<std::int64_t> grants_paid_cny;    // home-purchase grants paid this month
  std::vector<std::int64_t> clawed_back_cny;    // unvested grants recovered from leavers
  std::vector<std::int64_t> loan_balance_cny;   // talent loans outstanding at the end of the month
  // By policy position x county: talents a policy's orders placed here (programme talents,
  // order-class graduates) and existing talents or ventures its selection orders raised.
  std::vector<std::int32_t> placed, selected;
  std::size_t order_index(int policy, int county) const {
    return static_cast<std::size_t>(policy) * static_cast<std::size_t>(layout.counties) + static_cast<std::size_t>(county);
  }
};

}  // namespace kunlun
