#include "model/stay_or_move.h"

#include <algorithm>
#include <cmath>

#include "model/destination.h"
#include "model/personal_traits.h"
#include "model/place_valuation.h"

namespace kunlun {

void StayOrMove::visit(StepContext& ctx, AgentBlock block) {
  AgentStore& a = ctx.agents;
  const BehaviourParams& b = ctx.scenario.behaviour;
  const MobilityParams& m = b.mobility;
  const UtilityParams& u = b.utility;
  const PlaceValues& v = ctx.places;
  const RegionTable& regions = ctx.regions;
  const CellLayout cells = ctx.cells;
  const float* exit_lever = ctx.levers.data(Lever::exit_log_odds);
  const float* relief = ctx.levers.data(Lever::income_risk_relief);
  const int today = ctx.date.index();
  const double base = log_odds(monthly_probability(m.annual_move_rate));
  std::int32_t* departures = ctx.voluntary_departures.data();
  std::int64_t* clawed = ctx.basis.clawed_back_cny.data();

  {
    FlowTally& tally = ctx.tallies.local(block.thread);
    for (std::int64_t i = block.begin; i < block.end; ++i) {
      if (a.status[i] != AgentStatus::active) continue;
      const int county = a.county[i];
      const auto origin = static_cast<Origin>(a.origin[i]);
      if (origin == Origin::paired_cadre || origin == Origin::flexible) {
        // A fixed term: they go home when it ends and do not move before.
        if (today >= a.bond_until[i]) {
          a.status[i] = AgentStatus::left_province;
          tally.add(Flow::outflow_external, cells.index(county, a.field[i], a.level[i]));
          // Leaving before a home-purchase grant has vested costs them its unvested part too.
          const std::int64_t recovered = grant_clawback_cny(a.grant_cny[i], today - a.grant_month[i],
                                                            a.grant_vesting_months[i], a.grant_clawback_share[i]);
          if (recovered > 0) {
#pragma omp atomic
            clawed[v.at(county, agent_class(a.field[i], a.level[i], a.title[i], a.origin[i]))] += recovered;
          }
        }
        continue;
      }
      if (today < a.bond_until[i]) continue;  // bonded: no voluntary move while the bond lasts
      const int cls = agent_class(a.field[i], a.level[i], a.title[i], a.origin[i]);
      const std::size_t at = v.at(county, cls);
      const auto employer = static_cast<std::size_t>(a.employer[i]);
      const bool home = a.home_prefecture[i] == regions.prefecture_slot_of_county(county);
      // Relief is a share: two insurances reaching one cell cannot remove more than the whole risk.
      const double kept = 1.0 - std::min(1.0f, relief[at]);
      const double stay = v.other_terms[at] + income_utility(u, a.net_income[i]) + (home ? u.hometown : 0.0) +
                          u.income_risk * (u.income_risk_by_employer[employer] - u.income_risk_by_employer[0]) * kept;
      const double gap = v.alternatives[at] - stay;
      const double age = a.age_months[i] / 12.0;
      const double tenure = std::min(a.months_in_county[i] / 12.0, m.tenure_cap_years);
      const double x = base + m.utility_gap * (gap - v.gap_reference[static_cast<std::size_t>(cls)]) +
                       m.log_odds_per_year_of_age * (age - m.reference_age_years) +
                       m.log_odds_per_year_of_tenure * tenure + (a.has(i, agent_flag::family) ? m.family : 0.0) +
                       m.peer_departure_share * (ctx.departure_share[static_cast<std::size_t>(county)] - m.peer_reference_share) +
                       m.log_odds_by_origin[static_cast<std::size_t>(origin)] + exit_lever[at];
      if (ctx.rng.uniform(a.id[i], ctx.step, Purpose::move) < logistic(x)) {
        a.status[i] = AgentStatus::moving;
#pragma omp atomic
        ++departures[county];
      }
    }
  }
}

}  // namespace kunlun
