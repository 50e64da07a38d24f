// What a policy is to the engine: a name, active months, a target, and what it writes into the
// lever tables each month it is active. Processes never see policies, only the levers.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/categories.h"
#include "core/lever_table.h"
#include "core/region_table.h"

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
  // Adds `amount` to `lever` for every targeted county x class.
  void add_to(LeverTable& levers, Lever lever, float amount) const;
};

class Policy {
 public:
  Policy(std::string name, YearMonth start, YearMonth end, PolicyTarget target)
      : name_(std::move(name)), start_(start), end_(end), target_(std::move(target)) {}
  virtual ~Policy() = default;

  const std::string& name() const { return name_; }
  YearMonth start() const { return start_; }
  YearMonth end() const { return end_; }
  const PolicyTarget& target() const { return target_; }
  bool active(YearMonth month) const { return start_ <= month && month <= end_; }

  // Writes this month's lever values; called only in months the policy is active.
  virtual void write_levers(LeverTable& levers, YearMonth month) const = 0;

 private:
  std::string name_;
  YearMonth start_, end_;
  PolicyTarget target_;
};

}  // namespace kunlun
