// Process 5, place valuation: the utility of every county and outside region for every agent
// class this month (pay, housing net of benefits, career prospects, amenities, altitude,
// remoteness), and each county's expected best alternative (the log-sum over destinations with a
// distance friction, one Eigen matrix product). Stay-or-move, destination and recruitment read it.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "model/process.h"

namespace kunlun {

struct PlaceValues {
  ClassLayout layout;  // county x class tables below
  int outside = 0;
  std::vector<float> net_income;     // county x class: reference agent (institution), CNY/month
  std::vector<float> other_terms;    // county x class: everything in the utility but income
  std::vector<float> value;          // county x class: the utility of working there
  std::vector<float> attraction;     // county x class: value + job openings (as a destination);
                                     //   -inf where the field has no open post
  std::vector<float> alternatives;   // county x class: log-sum of every other destination
  std::vector<float> outside_value;  // outside region x title
  std::vector<float> friction;       // county x (counties + outside): distance term
  std::vector<std::int32_t> open_posts;  // county x field, after this month's departures so far
  // The logit weights of destinations, as exponentials, so a mover's choice needs products only:
  std::vector<double> friction_factor;     // county x place: e^friction, 0 for the county itself
  std::vector<double> destination_weight;  // place x class: e^attraction (0 without an open post),
                                           //   e^outside value for the class's title outside
  // Fixed at the first month from lever tables without policies: the reference agent's mean gap
  // (by class) and each county type's mean value (type x class), so that the baseline hazard and
  // acceptance keep their calibrated averages and policies move them.
  std::vector<float> gap_reference;
  std::vector<float> value_reference;
  bool has_reference = false;

  std::size_t at(int county, int agent_class) const { return layout.cell(county, agent_class); }
};

// The utility of ln(net income) and the other terms combined, for one agent.
inline float income_utility(const UtilityParams& u, double net_income) {
  return static_cast<float>(u.log_income * std::log(net_income));
}

// Great-circle distance between two seats, km.
double distance_km(const Region& from, const Region& to);

class PlaceValuation final : public Process {
 public:
  std::string_view name() const override { return "place_valuation"; }
  bool acts_on_population(const StepContext&) const override { return true; }
  void act_on_population(StepContext& ctx) override;
};

// Fills `values` for the given levers and open posts (exposed for tests and for the reference).
void value_places(const Scenario& scenario, const RegionTable& regions, const LeverTable& levers,
                  const std::vector<std::int32_t>& open_posts, const std::vector<std::int32_t>& headcount,
                  PlaceValues& values);

}  // namespace kunlun
