// The rule of stay-or-move (docs/ODD.md 7.6) on hand-made agents: the share who move follows the
// documented hazard term by term, a county with a larger utility gap loses more of the same
// agents, a retention lever fewer, bonded agents stay and paired cadres leave at the end of term.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "model/pay.h"
#include "model/personal_traits.h"
#include "model/place_valuation.h"
#include "model/stay_or_move.h"
#include "process_harness.h"

using namespace kunlun;
using namespace kunlun::testing;

namespace {

// Runs the month's pay (the agents' own net income) and place valuation, then stay-or-move.
void run_stay_or_move(ProcessHarness& h) {
  Pay pay;
  PlaceValuation valuation;
  StayOrMove stay;
  h.run(pay);
  h.run(valuation);
  h.run(stay);
}

// x_i of docs/ODD.md 7.6 for agent i, from this month's place values and its own net income.
double documented_log_odds(const ProcessHarness& h, std::size_t i) {
  const AgentStore& a = h.agents;
  const MobilityParams& m = h.scenario.behaviour.mobility;
  const UtilityParams& u = h.scenario.behaviour.utility;
  const PlaceValues& v = h.places;
  const int c = a.county[i];
  const int k = ClassLayout::encode(a.field[i], a.level[i], a.title[i], a.origin[i]);
  const std::size_t at = v.at(c, k);
  const bool home = a.home_prefecture[i] == h.regions.prefecture_slot_of_county(c);
  const double relief = std::min(1.0f, h.levers.get(Lever::income_risk_relief, c, k));
  const double stay = v.other_terms[at] + u.log_income * std::log(static_cast<double>(a.net_income[i])) +
                      (home ? u.hometown : 0.0) +
                      u.income_risk * (u.income_risk_by_employer[a.employer[i]] - u.income_risk_by_employer[0]) * (1 - relief);
  const double gap = v.alternatives[at] - stay;
  const double monthly = 1 - std::pow(1 - m.annual_move_rate, 1.0 / 12);
  return std::log(monthly / (1 - monthly)) + m.utility_gap * (gap - v.gap_reference[static_cast<std::size_t>(k)]) +
         m.log_odds_per_year_of_age * (a.age_months[i] / 12.0 - m.reference_age_years) +
         m.log_odds_per_year_of_tenure * std::min(a.months_in_county[i] / 12.0, m.tenure_cap_years) +
         (a.has(i, agent_flag::family) ? m.family : 0.0) +
         m.peer_departure_share * (h.departure_share[static_cast<std::size_t>(c)] - m.peer_reference_share) +
         m.log_odds_by_origin[a.origin[i]] + h.levers.get(Lever::exit_log_odds, c, k);
}

// A group of identical agents: where they start in the store and how many.
struct Group {
  const char* what;
  std::size_t first;
  int count;
};

}  // namespace

TEST(StayOrMoveRule, MovesFollowTheDocumentedHazardTermByTerm) {
  ProcessHarness h(kRulesScenario);
  const int town = h.county("town"), capital = h.county("capital");
  // Groups that differ from a reference agent (local, 35, no tenure or family, institution, home
  // elsewhere) in one term each. An exit lever of +3 on every class lifts the monthly hazard to
  // 15-50%, so that each term (0.3 to 0.8 log-odds) moves a group's count by more than six
  // binomial standard deviations (26 to 36 at 5,000 agents): a missing or wrong term fails.
  AgentRecord ref = h.typical(0);
  ref.county = static_cast<std::uint16_t>(town);
  ref.months_in_county = 0;
  constexpr int kN = 5000;
  std::vector<Group> groups;
  const auto group = [&](const char* what, AgentRecord r) { groups.push_back({what, h.add(r, kN), kN}); };
  group("reference", ref);
  AgentRecord r = ref;
  r.age_months = months(55);
  group("aged 55", r);
  r = ref;
  r.months_in_county = months(20);  // tenure counts up to the 10-year cap
  group("20 years in the county", r);
  r = ref;
  r.flags = agent_flag::family;
  group("family", r);
  r = ref;
  r.origin = static_cast<std::uint8_t>(Origin::outsider);
  group("outsider", r);
  r = ref;
  r.home_prefecture = static_cast<std::uint8_t>(h.regions.prefecture_slot_of_county(town));
  group("at home", r);
  r = ref;
  r.employer = static_cast<std::uint8_t>(Employer::venture);  // income risk 1 against 0: +0.5
  group("venture owner", r);
  r = ref;
  r.county = static_cast<std::uint16_t>(capital);
  // In the capital district, whose departures in the last year were a tenth of its stock above
  // the reference share: its own place values and the peer term 3.0 x 0.1.
  group("capital district, restless peers", r);
  h.departure_share[static_cast<std::size_t>(capital)] += 0.1;
  for (int c = 0; c < h.regions.county_count(); ++c)
    for (int k = 0; k < h.levers.classes(); ++k) h.levers.add(Lever::exit_log_odds, c, k, 3.0f);
  // Income-risk relief (talent insurance) removes a venture owner's risk term in one more group.
  r = ref;
  r.employer = static_cast<std::uint8_t>(Employer::venture);
  r.level = static_cast<std::uint8_t>(Level::junior);
  group("venture owner with risk relief", r);
  h.levers.add(Lever::income_risk_relief, town, ClassLayout::encode(r.field, r.level, r.title, r.origin), 1.0f);

  run_stay_or_move(h);
  for (const Group& g : groups) {
    const double p = logistic(documented_log_odds(h, g.first));
    const int moved = h.count_status(g.first, g.count, AgentStatus::moving);
    EXPECT_NEAR(moved, g.count * p, 6 * binomial_sd(g.count, p)) << g.what;
    EXPECT_GT(p, 0.05) << g.what;  // the bound above is tight enough to see each term
  }
  // Movers are counted by county for the peer term of later months.
  int town_movers = 0;
  for (const Group& g : groups)
    if (h.agents.county[g.first] == town) town_movers += h.count_status(g.first, g.count, AgentStatus::moving);
  EXPECT_EQ(h.voluntary_departures[static_cast<std::size_t>(town)], town_movers);
}

TEST(StayOrMoveRule, ALargerUtilityGapMakesTheSameAgentsLeaveMore) {
  // The same agents (same ids, same draws) in the capital district or in the remote grassroots
  // county: the remote county's gap between its best alternative and staying is larger, so
  // everyone who leaves the capital would leave the remote county too, and more leave it.
  const auto movers = [](const std::string& county) {
    ProcessHarness h(kRulesScenario);
    AgentRecord r = h.typical(0);
    r.county = static_cast<std::uint16_t>(h.county(county));
    h.add(r, 20000);
    run_stay_or_move(h);
    const int k = ClassLayout::encode(r.field, r.level, r.title, r.origin);
    const std::size_t at = h.places.at(r.county, k);
    const double stay = h.places.other_terms[at] + h.scenario.behaviour.utility.log_income * std::log(h.agents.net_income[0]);
    std::vector<bool> moved(h.agents.size());
    for (std::size_t i = 0; i < moved.size(); ++i) moved[i] = h.agents.status[i] == AgentStatus::moving;
    return std::make_pair(h.places.alternatives[at] - stay, moved);
  };
  const auto [capital_gap, from_capital] = movers("capital");
  const auto [remote_gap, from_remote] = movers("remote");
  ASSERT_GT(remote_gap, capital_gap + 0.5);
  int capital_count = 0, remote_count = 0;
  for (std::size_t i = 0; i < from_capital.size(); ++i) {
    capital_count += from_capital[i];
    remote_count += from_remote[i];
    if (from_capital[i]) { EXPECT_TRUE(from_remote[i]) << "agent " << i; }
  }
  // At least e^0.5 = 1.6 times the odds: far more than the few hundred movers' noise.
  EXPECT_GT(remote_count, capital_count * 3 / 2);
}

TEST(StayOrMoveRule, RetentionLeverLowersDepartures) {
  const auto movers = [](float exit_shift) {
    ProcessHarness h(kRulesScenario);
    AgentRecord r = h.typical(0);
    r.county = static_cast<std::uint16_t>(h.county("remote"));
    h.add(r, 20000);
    h.levers.add(Lever::exit_log_odds, r.county, ClassLayout::encode(r.field, r.level, r.title, r.origin), exit_shift);
    run_stay_or_move(h);
    std::vector<bool> moved(h.agents.size());
    for (std::size_t i = 0; i < moved.size(); ++i) moved[i] = h.agents.status[i] == AgentStatus::moving;
    return moved;
  };
  const std::vector<bool> without = movers(0.0f), retained = movers(-1.0f);
  int before = 0, after = 0;
  for (std::size_t i = 0; i < without.size(); ++i) {
    before += without[i];
    after += retained[i];
    if (retained[i]) { EXPECT_TRUE(without[i]) << "agent " << i; }  // the lever never makes anyone leave
  }
  ASSERT_GT(before, 200);
  // Odds divided by e: well under three quarters of the movers remain.
  EXPECT_LT(after, before * 3 / 4);
}

TEST(StayOrMoveRule, BondedAgentsStayAndPairedCadresLeaveAtTheEndOfTheirTerm) {
  ProcessHarness h(kRulesScenario);
  const int today = h.date.index();
  AgentRecord r = h.typical(0);
  r.county = static_cast<std::uint16_t>(h.county("remote"));
  for (int c = 0; c < h.regions.county_count(); ++c)
    for (int k = 0; k < h.levers.classes(); ++k) h.levers.add(Lever::exit_log_odds, c, k, 8.0f);  // almost all would go
  AgentRecord bonded = r;
  bonded.bond_until = today + 1;
  const std::size_t bonds = h.add(bonded, 1000);
  AgentRecord cadre = r;
  cadre.origin = static_cast<std::uint8_t>(Origin::paired_cadre);
  cadre.bond_until = today;  // the term ends this month
  const std::size_t ending = h.add(cadre, 30);
  cadre.bond_until = today + 1;
  const std::size_t serving = h.add(cadre, 40);
  AgentRecord flexible = cadre;
  flexible.origin = static_cast<std::uint8_t>(Origin::flexible);
  flexible.bond_until = today - 1;
  const std::size_t flex_ending = h.add(flexible, 20);
  const std::size_t free_agents = h.add(r, 1000);
  run_stay_or_move(h);
  EXPECT_EQ(h.count_status(bonds, 1000, AgentStatus::active), 1000);
  EXPECT_EQ(h.count_status(ending, 30, AgentStatus::left_province), 30);
  EXPECT_EQ(h.count_status(serving, 40, AgentStatus::active), 40);
  EXPECT_EQ(h.count_status(flex_ending, 20, AgentStatus::left_province), 20);
  EXPECT_GT(h.count_status(free_agents, 1000, AgentStatus::moving), 900);
  // Term ends leave the province directly: not voluntary, not through destination choice, and
  // counted apart from those who chose to leave.
  EXPECT_EQ(h.flows.get(Flow::term_ends, h.cells.index(r.county, 0, r.level)), 50);
  EXPECT_EQ(h.flows.get(Flow::outflow_external, h.cells.index(r.county, 0, r.level)), 0);
  EXPECT_EQ(h.voluntary_departures[r.county], h.count_status(free_agents, 1000, AgentStatus::moving));
}
