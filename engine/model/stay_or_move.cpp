#include "model/stay_or_move.h"

#include <algorithm>
#include <cmath>

#include "core/fast_math.h"
#include "model/destination.h"
#include "model/personal_traits.h"
#include "model/place_valuation.h"

namespace kunlun {

namespace {
// The log-odds terms of age and of tenure in the county, from months.
double age_term(const MobilityParams& m, std::size_t months) {
  return m.log_odds_per_year_of_age * (static_cast<double>(months) / 12.0 - m.reference_age_years);
}
double tenure_term(const MobilityParams& m, std::size_t months) {
  return m.log_odds_per_year_of_tenure * std::min(static_cast<double>(months) / 12.0, m.tenure_cap_years);
}
}  // namespace

void StayOrMove::prepare(StepContext& ctx) {
  // The log-odds of a move, x = base + gap weight x (alternatives - stay - reference gap) + the
  // terms of age, tenure, family, peers, origin and the exit lever, split into what every agent of
  // a county x class shares (this table) and what is the agent's own (in visit).
  const BehaviourParams& b = ctx.scenario.behaviour;
  const MobilityParams& m = b.mobility;
  const UtilityParams& u = b.utility;
  const PlaceValues& v = ctx.places;
  const float* exit_lever = ctx.levers.data(Lever::exit_log_odds);
  const float* relief = ctx.levers.data(Lever::income_risk_relief);
  const double base = log_odds(monthly_probability(m.annual_move_rate));
  // The age and tenure terms by month of age and of tenure: a lookup instead of two divisions.
  for (std::size_t month = 0; month < kTermMonths; ++month) {
    age_term_[month] = age_term(m, month);
    tenure_term_[month] = tenure_term(m, month);
  }
  const std::size_t cells = v.layout.cells();
  shared_.resize(cells);
  risk_weight_.resize(cells);
  for (int c = 0; c < v.layout.counties; ++c) {
    const double peers = m.peer_departure_share * (ctx.departure_share[static_cast<std::size_t>(c)] - m.peer_reference_share);
    for (int k = 0; k < v.layout.classes(); ++k) {
      const std::size_t at = v.at(c, k);
      shared_[at] = base + m.utility_gap * (v.alternatives[at] - v.other_terms[at] - v.gap_reference[static_cast<std::size_t>(k)]) +
                    peers + m.log_odds_by_origin[static_cast<std::size_t>(ClassLayout::origin_of(k))] + exit_lever[at];
      // Relief is a share: two insurances reaching one cell cannot remove more than the whole risk.
      risk_weight_[at] = m.utility_gap * u.income_risk * (1.0 - std::min(1.0f, relief[at]));
    }
  }
}

void StayOrMove::visit(StepContext& ctx, AgentBlock block) {
  AgentStore& a = ctx.agents;
  const BehaviourParams& b = ctx.scenario.behaviour;
  const MobilityParams& m = b.mobility;
  const UtilityParams& u = b.utility;
  const PlaceValues& v = ctx.places;
  const RegionTable& regions = ctx.regions;
  const CellLayout cells = ctx.cells;
  const int today = ctx.date.index();
  std::int32_t* departures = ctx.voluntary_departures.data();
  std::int64_t* clawed = ctx.basis.clawed_back_cny.data();
  FlowTally& tally = ctx.tallies.local(block.thread);
  const auto n = static_cast<std::size_t>(block.end - block.begin);

  // The agent's own terms of the log-odds, for every agent of the block (branch-free), then the
  // income term and the logistic in one vectorised loop, and the draws in one batch: cheaper than
  // computing them only for the agents that need them.
  double own[kBlockAgents], chance[kBlockAgents];
  const double home_term = m.utility_gap * u.hometown, family_term = m.family;
  const double risk_floor = u.income_risk_by_employer[0];
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = static_cast<std::size_t>(block.begin) + k;
    const int county = a.county[i];
    const std::size_t at = v.at(county, ClassLayout::encode(a.field[i], a.level[i], a.title[i], a.origin[i]));
    const bool home = a.home_prefecture[i] == regions.prefecture_slot_of_county(county);
    const std::size_t age = a.age_months[i], tenure = a.months_in_county[i];
    own[k] = shared_[at] - (home ? home_term : 0.0) -
             risk_weight_[at] * (u.income_risk_by_employer[a.employer[i]] - risk_floor) +
             (age < kTermMonths ? age_term_[age] : age_term(m, age)) +
             (tenure < kTermMonths ? tenure_term_[tenure] : tenure_term(m, tenure)) +
             ((a.flags[i] & agent_flag::family) ? family_term : 0.0);
  }
  logistic_with_log(own, a.net_income.data() + block.begin, -m.utility_gap * u.log_income, chance, n);
  std::uint32_t draw[kBlockAgents];
  ctx.rng.first_words(a.id.data() + block.begin, ctx.step, nullptr, KeyedRng::tag(Purpose::move), draw, n);

  for (std::int64_t i = block.begin; i < block.end; ++i) {
    if (a.status[i] != AgentStatus::active) continue;
    const int county = a.county[i];
    const auto origin = static_cast<Origin>(a.origin[i]);
    if (origin == Origin::paired_cadre || origin == Origin::flexible) {
      // A fixed term: they go home when it ends and do not move before.
      if (today >= a.bond_until[i]) {
        a.status[i] = AgentStatus::left_province;
        tally.add(Flow::term_ends, cells.index(county, a.field[i], a.level[i]));
        // Leaving before a home-purchase grant has vested costs them its unvested part too.
        const std::int64_t recovered = grant_clawback_cny(a.grant_cny[i], today - a.grant_month[i],
                                                          a.grant_vesting_months[i], a.grant_clawback_share[i]);
        if (recovered > 0) {
#pragma omp atomic
          clawed[v.at(county, ClassLayout::encode(a.field[i], a.level[i], a.title[i], a.origin[i]))] += recovered;
        }
      }
      continue;
    }
    if (today < a.bond_until[i]) continue;  // bonded: no voluntary move while the bond lasts
    if (KeyedRng::to_unit(draw[i - block.begin]) < chance[i - block.begin]) {
      a.status[i] = AgentStatus::moving;
#pragma omp atomic
      ++departures[county];
    }
  }
}

// The factory its line in the schedule names (model/schedule.cpp).
std::unique_ptr<Process> make_stay_or_move() { return std::make_unique<StayOrMove>(); }

}  // namespace kunlun
