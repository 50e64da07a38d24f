// Lever tables: the effective values of policy levers per county x agent class, per county, and the
// month's placement and investment orders. Policies write them each step; behaviour processes read
// only them, so no process knows any policy by name.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/categories.h"
#include "core/class_layout.h"

namespace kunlun {

// Every county x class lever a process reads; 0 means "no policy effect". Amounts combine by
// adding; the levers marked "max" combine by taking the largest value written (a duration or a
// share that two policies cannot sensibly add).
enum class Lever : int {
  exit_log_odds,           // shift of the monthly log-odds of a voluntary move
  acceptance_log_odds,     // shift of the log-odds that a candidate accepts an offer
  pay_top_up_cny,          // monthly pay top-up (hardship allowance top-ups and the like)
  housing_benefit_cny,     // monthly rent subsidy
  apartment_discount_cny,  // monthly rent discount of a talent apartment; > 0 makes the class eligible
  apartment_priority,      // queue priority for talent apartments (higher first)
  purchase_grant_cny,      // lump sum towards buying a home
  purchase_uptake,         // max: yearly share of eligible agents who buy and claim the grant
  purchase_vesting_months, // max: months until the grant is fully earned
  purchase_clawback_share, // max: share of the unvested grant recovered from an early leaver
  loan_amount_cny,         // max: talent loan available to an agent starting a venture
  loan_term_months,        // max
  income_risk_relief,      // share of the income-risk weight removed (talent insurance)
  venture_failure_log_odds,// shift of the monthly log-odds that a funded venture fails
  title_log_odds,          // shift of the log-odds of promotion (preferential evaluation)
  title_min_years_cut,     // max: years off the minimum years in title
  title_performance_weight,// shift of the weight of performance against seniority
  title_paper_waived,      // max: 1 waives the paper requirement
  title_degree_waived,     // max: 1 waives the degree requirement (practical, entrepreneurial talent)
  title_special_posts,     // max: 1 lets the class be promoted beyond the post structure (special posts)
  count
};
inline constexpr std::size_t kLeverCount = static_cast<std::size_t>(Lever::count);
bool lever_takes_max(Lever lever);

// Levers with one value per county.
enum class CountyLever : int {
  apartment_units,  // talent apartments available in the county (scaled like the population)
  count
};
inline constexpr std::size_t kCountyLeverCount = static_cast<std::size_t>(CountyLever::count);

// Talents a policy places this month beyond the open vacancies: introduced programme talents and
// order-class graduates. `payer` is the policy's position in the scenario, for its cost tally.
struct PlacementOrder {
  int payer = -1;
  int county = 0, field = 0, level = 0, title = 0, education = 0, origin = 0;
  int count = 0;
  int bond_months = 0;  // service obligation from arrival; 0 for none
  EntrySource source = EntrySource::programme;
  double min_age_years = 22, max_age_years = 30;
};

// Existing talents a policy raises this month: cultivated programme talents (mid -> high-end), or
// ventures an equity fund invests in. Eligibility is the policy's target (county x class).
struct SelectionOrder {
  enum class Kind : std::uint8_t { cultivate, invest };
  Kind kind = Kind::cultivate;
  int payer = -1;
  int count = 0;
  const std::vector<std::uint8_t>* eligible = nullptr;  // county x class, 1 = in target
};

class LeverTable {
 public:
  LeverTable() = default;
  explicit LeverTable(ClassLayout layout);

  const ClassLayout& layout() const { return layout_; }
  int counties() const { return layout_.counties; }
  int classes() const { return layout_.classes(); }

  // Back to "no policy": called at the start of every step before active policies write.
  void reset();

  float get(Lever lever, int county, int agent_class) const {
    return values_[static_cast<std::size_t>(lever)][layout_.cell(county, agent_class)];
  }
  // Combines `amount` into the cell: adds it, or keeps the larger for max levers.
  void write(Lever lever, int county, int agent_class, float amount) {
    float& v = values_[static_cast<std::size_t>(lever)][layout_.cell(county, agent_class)];
    v = lever_takes_max(lever) ? (amount > v ? amount : v) : v + amount;
  }
  void add(Lever lever, int county, int agent_class, float amount) { write(lever, county, agent_class, amount); }
  // The whole county x class block of one lever, row-major by county, for hot loops.
  const float* data(Lever lever) const { return values_[static_cast<std::size_t>(lever)].data(); }
  bool is_neutral(Lever lever) const;

  float county_value(CountyLever lever, int county) const {
    return county_values_[static_cast<std::size_t>(lever)][static_cast<std::size_t>(county)];
  }
  void add_county(CountyLever lever, int county, float amount) {
    county_values_[static_cast<std::size_t>(lever)][static_cast<std::size_t>(county)] += amount;
  }

  std::vector<PlacementOrder> placements;
  std::vector<SelectionOrder> selections;

 private:
  ClassLayout layout_;
  std::array<std::vector<float>, kLeverCount> values_;
  std::array<std::vector<float>, kCountyLeverCount> county_values_;
};

}  // namespace kunlun
