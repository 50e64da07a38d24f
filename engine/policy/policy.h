// What a policy is to the engine: a name, active months, a target, what it writes into the lever
// tables each month it is active, and what it costs. Processes never see policies, only levers.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/categories.h"
#include "core/cost_basis.h"
#include "core/lever_table.h"
#include "core/region_table.h"
#include "policy/cost_ledger.h"

namespace kunlun {

// Who a policy reaches: counties (by region and county type) and agent classes (field, level,
// title, origin). A dimension left out of the scenario reaches everyone.
struct PolicyTarget {
  std::vector<bool> county;  // by county slot
  std::vector<bool> field;   // by field index
  std::array<bool, kLevels> level{};
  std::array<bool, kTitles> title{};
  std::array<bool, kOrigins> origin{};

  // Everyone: every county and every class.
  static PolicyTarget everyone(const RegionTable& regions);

  bool reaches_class(int agent_class) const;
  bool reaches(int county_slot, int agent_class) const {
    return county[static_cast<std::size_t>(county_slot)] && reaches_class(agent_class);
  }
  // Combines `amount` into `lever` for every targeted county x class (see LeverTable::write).
  void add_to(LeverTable& levers, Lever lever, float amount) const;
  // County x class, 1 where the target reaches.
  std::vector<std::uint8_t> mask(const ClassLayout& layout) const;
  // Whether some county x class is reached by both.
  bool overlaps(const PolicyTarget& other) const;
};

// What every policy entry has besides its type's parameters.
struct PolicyCommon {
  std::string name;
  YearMonth start, end;
  PolicyTarget target;
  PayingLevel payer = PayingLevel::province;
  int position = 0;  // in the scenario's policy list: the index of its costs and orders
};

class Policy {
 public:
  explicit Policy(PolicyCommon common) : common_(std::move(common)) {}
  virtual ~Policy() = default;

  const std::string& name() const { return common_.name; }
  YearMonth start() const { return common_.start; }
  YearMonth end() const { return common_.end; }
  const PolicyTarget& target() const { return common_.target; }
  PayingLevel payer() const { return common_.payer; }
  int position() const { return common_.position; }
  bool active(YearMonth month) const { return common_.start <= month && month <= common_.end; }

  // Writes this month's lever values; called in the months writes_in() says: the active months,
  // unless the policy has commitments beyond them (an order class's last cohort still arrives).
  virtual void write_levers(LeverTable& levers, YearMonth month) const = 0;
  virtual bool writes_in(YearMonth month) const { return active(month); }

  // Books this month's cost from what the processes paid, held or placed. Called every month,
  // active or not, because instruments such as loans and vesting grants outlive the policy.
  virtual void book_costs(const CostBasis& basis, CostLedger& ledger, YearMonth month) const;

  // Policies of a type that leaves state on agents (grants, loans, apartments) must not reach the
  // same county x class as another of the type, so that costs are attributed without ambiguity.
  virtual bool holds_agent_state() const { return false; }

 protected:
  // Books `cny_per_unit` times counts[cell] for every targeted cell, by county.
  template <class T>
  void book_per_unit(const std::vector<T>& counts, const CostBasis& basis, double cny_per_unit,
                     CostLedger& ledger) const {
    if (cny_per_unit == 0.0) return;
    for (int c = 0; c < basis.layout.counties; ++c) {
      if (!target().county[static_cast<std::size_t>(c)]) continue;
      double units = 0;
      for (int k = 0; k < basis.layout.classes(); ++k)
        if (target().reaches_class(k)) units += static_cast<double>(counts[basis.index(c, k)]);
      if (units != 0.0) ledger.book(position(), c, units * cny_per_unit);
    }
  }

 private:
  PolicyCommon common_;
};

}  // namespace kunlun
