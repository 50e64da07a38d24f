// Housing and pay policies: rent subsidy, home-purchase subsidy, talent apartments and hardship
// allowance top-ups. Their effect on retention against the baseline with common random numbers,
// their cost against what was paid, zero-amount identity, and their input errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <tuple>
#include <unordered_map>

#include "input_error_testing.h"
#include "scenario_run_testing.h"
#include "model/ageing_retirement.h"
#include "model/destination.h"
#include "model/pay.h"
#include "model/simulation.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"

using namespace kunlun;
using kunlun::testing::error_of;
using kunlun::testing::run;
namespace fs = std::filesystem;

namespace {

const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";

// The couplings between groups of one county cut: no peer-departure term (a county's departures
// would shift everyone's hazard there) and title quotas of 1 (promotions are rationed per county
// and title across fields, so one field's candidates would crowd out another's).
const std::string kControlled = R"(behaviour:
  mobility:
    peer_departure_share: 0
  titles:
    quota:
      capital_district: {junior: 1, intermediate: 1, associate_senior: 1, senior: 1}
      city_district: {junior: 1, intermediate: 1, associate_senior: 1, senior: 1}
      county_town: {junior: 1, intermediate: 1, associate_senior: 1, senior: 1}
      grassroots: {junior: 1, intermediate: 1, associate_senior: 1, senior: 1}
)";

// The grassroots counties of the six autonomous prefectures.
const std::string kPrefectureGrassroots =
    "{regions: [haibei, huangnan, hainan, golog, yushu, haixi], county_types: [grassroots]";

// A scenario file extending the small test scenario with `extra` top-level text (behaviour
// overrides) and `policies` text.
fs::path variant(const std::string& name, const std::string& policies, const std::string& extra = "") {
  return kunlun::testing::scenario_variant("kunlun-housing-test", name, extra + "policies:\n" + policies);
}

// Voluntary departures (to other counties and out of the province) from the counties for which
// `county` holds, in the fields and levels for which `field` and `level` hold, over the run.
template <class F, class L>
long departures(const std::vector<StepResult>& run, const CellLayout& cells, const std::vector<bool>& county,
                F field, L level) {
  long n = 0;
  for (const StepResult& s : run)
    for (int c = 0; c < cells.counties; ++c) {
      if (!county[static_cast<std::size_t>(c)]) continue;
      for (int f = 0; f < cells.fields; ++f)
        for (int l = 0; l < kLevels; ++l)
          if (field(f) && level(l))
            n += s.flows.get(Flow::outflow_internal, cells.index(c, f, l)) +
                 s.flows.get(Flow::outflow_external, cells.index(c, f, l));
    }
  return n;
}

bool mid_or_junior(int level) { return level != static_cast<int>(Level::high_end); }
bool any(int) { return true; }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Rent subsidy

TEST(HousingRentSubsidy, RaisesRetentionOfMidAndJuniorTalentAtPrefectureGrassroots) {
  const fs::path file = variant("rent", "  rent:\n    type: housing_rent_subsidy\n    target: " + kPrefectureGrassroots +
                                            ", levels: [mid, junior]}\n    monthly_cny: 2000\n");
  const auto state = InitialState::prepare(load_scenario(file));
  const std::vector<bool>& counties = state->policies.at(0)->target().county;
  ASSERT_EQ(std::count(counties.begin(), counties.end(), true), 16);  // the grassroots counties of the six

  const auto base = run(kSmall);
  const auto policy = run(file);
  const long b = departures(base, state->cells, counties, any, mid_or_junior);
  const long p = departures(policy, state->cells, counties, any, mid_or_junior);
  // 2000 CNY on a net income of about 4,700 (no title) to 8,200 (intermediate) at grassroots
  // (rent there is 1,500 x 0.569 = 850) raises ln(income) by 0.22 to 0.36, x log_income 2 = 0.44
  // to 0.71 utility, x utility_gap 1: the odds of a voluntary move fall to 0.49 .. 0.65. Against
  // the policy: the other targeted counties become better alternatives too, the stock at risk
  // grows (more stay, more accept offers), and about 24 of the baseline's departures are flexible
  // talents and paired cadres going home at the end of their term whatever the pay (counted from
  // the agents with a scratch program). Require fewer than 85% of the baseline's departures
  // (observed when written: 114 -> 71, 62%). With common random numbers an agent who stays in the
  // baseline stays under the policy while their histories agree, so noise does not eat the margin.
  ASSERT_GT(b, 50);  // enough departures for a ratio to mean something
  EXPECT_LT(p * 100, b * 85);
}

TEST(HousingRentSubsidy, LeavesAnUntargetedFieldInTheSameCountiesByteIdentical) {
  // Fields do not share posts (open posts are by county x field) and levers are per class, so with
  // common random numbers nothing of the policy reaches another field, but for two couplings cut
  // by the controlled scenario. The peer-departure term: a county's departures shift everyone's
  // hazard there; without it cut, other fields' cells differ from month 2 on. Binding title
  // quotas: promotions are rationed per county and title across fields; without them cut, other
  // fields' titles differ (129 agent-months in this run), though not yet their stocks and flows.
  // Both were checked with a scratch program; ventures need no cut (they open posts in their own
  // field only, and start and fail by each agent's own draws).
  const fs::path base_file = variant("rent_field_base", "  {}\n", kControlled);
  const fs::path file = variant("rent_field",
                                "  rent:\n    type: housing_rent_subsidy\n    target: " + kPrefectureGrassroots +
                                    ", levels: [mid, junior], fields: [health]}\n    monthly_cny: 2000\n",
                                kControlled);
  const auto state = InitialState::prepare(load_scenario(file));
  const std::vector<bool>& counties = state->policies.at(0)->target().county;
  const int health = *state->regions.find_field("health");
  const CellLayout& cells = state->cells;
  Simulation base_sim(InitialState::prepare(load_scenario(base_file)), 0), policy_sim(state, 0);
  std::vector<StepResult> base, policy;
  while (!base_sim.finished()) {
    base.push_back(base_sim.step());
    policy.push_back(policy_sim.step());
    const std::size_t m = base.size() - 1;
    // Every other field, in every county (the targeted ones included), every flow.
    for (int c = 0; c < cells.counties; ++c)
      for (int f = 0; f < cells.fields; ++f) {
        if (f == health) continue;
        for (int l = 0; l < kLevels; ++l) {
          const int cell = cells.index(c, f, l);
          ASSERT_EQ(base[m].stock[static_cast<std::size_t>(cell)], policy[m].stock[static_cast<std::size_t>(cell)])
              << "month " << m << " county " << c << " field " << f << " level " << l;
          for (int k = 0; k < kFlowCount; ++k)
            ASSERT_EQ(base[m].flows.get(static_cast<Flow>(k), cell), policy[m].flows.get(static_cast<Flow>(k), cell))
                << "month " << m << " county " << c << " field " << f << " level " << l << " flow " << k;
        }
      }
    // And agent by agent: the same people, in the same state (titles included, which cells hide).
    const auto other_field = [&](const AgentStore& a) {
      std::vector<std::tuple<std::uint64_t, int, int, int, int, int, float>> out;
      for (std::size_t i = 0; i < a.size(); ++i)
        if (a.field[i] != health)
          out.emplace_back(a.id[i], a.county[i], a.level[i], a.title[i], a.employer[i], a.months_in_county[i],
                           a.net_income[i]);
      std::sort(out.begin(), out.end());
      return out;
    };
    ASSERT_TRUE(other_field(base_sim.agents()) == other_field(policy_sim.agents())) << "month " << m;
  }
  // The targeted group itself does change (the comparison above is not vacuous).
  const auto in_health = [&](int f) { return f == health; };
  const long b = departures(base, cells, counties, in_health, mid_or_junior);
  const long p = departures(policy, cells, counties, in_health, mid_or_junior);
  EXPECT_LT(p, b);
}

// The ledger each month is 2000 x the targeted talents paid that month, counted without the pay
// process: everyone active in a targeted cell at the start of the month (from the agent store) is
// paid unless they retire first (the retirement flows, tallied by the ageing process). Ageing and
// retirement are the only process before pay that removes anyone; moves, arrivals and ventures
// come after it. The target is by county and level only, and no process changes a level here (no
// cultivation orders), so title promotions before pay move no one in or out of it. The pay
// process's own headcount (the cost basis) must agree.
TEST(HousingRentSubsidy, BooksTheSubsidyOfEveryTalentPaidAndNothingAfterItsEnd) {
  const fs::path file =
      variant("rent_cost", "  rent:\n    type: housing_rent_subsidy\n    end: 2027-06\n    target: " +
                               kPrefectureGrassroots + ", levels: [mid, junior]}\n    monthly_cny: 2000\n");
  const auto state = InitialState::prepare(load_scenario(file));
  Simulation sim(state, 0);
  const Policy& policy = *state->policies.at(0);
  const PolicyTarget& target = policy.target();
  const CellLayout cells = sim.cells();
  const auto targeted = [&](const AgentStore& a, std::size_t i) {
    return target.county[a.county[i]] && a.level[i] != static_cast<std::uint8_t>(Level::high_end);
  };
  double booked_total = 0;
  while (!sim.finished()) {
    const YearMonth month = sim.date();
    std::vector<long> at_start(static_cast<std::size_t>(cells.counties), 0);
    const AgentStore& a = sim.agents();
    for (std::size_t i = 0; i < a.size(); ++i)
      if (targeted(a, i)) ++at_start[a.county[i]];
    const StepResult& r = sim.step();
    const CostBasis& basis = sim.cost_basis();
    for (int c = 0; c < cells.counties; ++c) {
      long retired = 0, headcount = 0;
      for (int f = 0; f < cells.fields; ++f)
        for (int l = 0; l < kLevels; ++l)
          if (l != static_cast<int>(Level::high_end)) retired += r.flows.get(Flow::retirements, cells.index(c, f, l));
      for (int k = 0; k < basis.layout.classes(); ++k)
        if (target.reaches(c, k)) headcount += basis.headcount[basis.index(c, k)];
      if (!target.county[static_cast<std::size_t>(c)]) {
        EXPECT_EQ(r.costs.at(0, c), 0.0) << month.str() << " county " << c;
        continue;
      }
      const long paid = at_start[static_cast<std::size_t>(c)] - retired;
      ASSERT_EQ(headcount, paid) << month.str() << " county " << c;
      const double expected = policy.active(month) ? 2000.0 * static_cast<double>(paid) : 0.0;
      ASSERT_EQ(r.costs.at(0, c), expected) << month.str() << " county " << c;
      booked_total += r.costs.at(0, c);
    }
  }
  EXPECT_GT(booked_total, 0.0);
}

// ---------------------------------------------------------------------------------------------
// Hardship allowance

TEST(HardshipAllowance, AGrassrootsTopUpByClassRaisesGrassrootsRetentionAndCostsItsAmountPerHead) {
  const fs::path file = variant("hardship", R"(  grassroots_pay:
    type: hardship_allowance
    target: {county_types: [grassroots]}
    monthly_cny_by_class: {class_3: 1500, class_4: 2000, class_5: 2500}
)");
  const auto state = InitialState::prepare(load_scenario(file));
  const Policy& policy = *state->policies.at(0);
  const std::vector<bool>& grassroots = policy.target().county;
  const std::array<double, 7> by_class{0, 0, 0, 1500, 2000, 2500, 0};
  // Class 2 grassroots counties exist: the test of "missing classes get nothing" is not vacuous.
  int class_2 = 0;
  for (int c = 0; c < state->regions.county_count(); ++c)
    class_2 += grassroots[static_cast<std::size_t>(c)] && state->regions.county(c).hardship_class == 2;
  ASSERT_GT(class_2, 0);

  const auto base = run(kSmall);
  Simulation sim(state, 0);
  std::vector<StepResult> topped;
  while (!sim.finished()) {
    const StepResult& r = sim.step();
    topped.push_back(r);
    // Each county's cost is its class's amount times the talents paid there (every class is
    // targeted); nothing outside the grassroots counties or in class 2.
    const CostBasis& basis = sim.cost_basis();
    for (int c = 0; c < state->regions.county_count(); ++c) {
      long heads = 0;
      for (int k = 0; k < basis.layout.classes(); ++k) heads += basis.headcount[basis.index(c, k)];
      const double amount =
          grassroots[static_cast<std::size_t>(c)] ? by_class[static_cast<std::size_t>(state->regions.county(c).hardship_class)] : 0.0;
      ASSERT_EQ(r.costs.at(0, c), amount * static_cast<double>(heads)) << r.date.str() << " county " << c;
    }
  }
  const long b = departures(base, state->cells, grassroots, any, any);
  const long p = departures(topped, state->cells, grassroots, any, any);
  // 1500 .. 2500 on net incomes of about 5,000 .. 10,000 at grassroots raises ln(income) by
  // 0.14 .. 0.4, x log_income 2 = 0.3 .. 0.8 utility: the odds of a voluntary move fall to about
  // 0.45 .. 0.75 where paid (the other grassroots counties, now better alternatives, take a little
  // of it back). Class 2 counties get nothing, and about 26 of the baseline's 120 departures are
  // flexible talents and paired cadres going home at the end of their term whatever the pay
  // (counted from the agents with a scratch program). Require below 90% of the baseline
  // (observed when written: 120 -> 99, 82%); see the rent subsidy test on common random numbers.
  ASSERT_GT(b, 50);  // enough departures for a ratio to mean something
  EXPECT_LT(p * 100, b * 90);
}

// ---------------------------------------------------------------------------------------------
// Home-purchase subsidy

TEST(HousingPurchaseSubsidy, ClawbackIsTheSharedUnvestedPartAndNothingOnceVested) {
  // 60 months' vesting, 12 held: 48/60 unvested, half of it recovered = 0.5 x 100000 x 0.8.
  EXPECT_EQ(grant_clawback_cny(100000, 12, 60, 0.5f), 40000);
  EXPECT_EQ(grant_clawback_cny(100000, 0, 60, 0.5f), 50000);
  EXPECT_EQ(grant_clawback_cny(100000, 59, 60, 0.5f), 833);  // 0.5 x 100000 / 60 = 833.3
  EXPECT_EQ(grant_clawback_cny(100000, 60, 60, 0.5f), 0);
  EXPECT_EQ(grant_clawback_cny(100000, 200, 60, 0.5f), 0);
  EXPECT_EQ(grant_clawback_cny(100000, 12, 60, 0.0f), 0);
  EXPECT_EQ(grant_clawback_cny(100000, 12, 60, 1.0f), 80000);
  EXPECT_EQ(grant_clawback_cny(100000, 0, 0, 1.0f), 0);  // no vesting: earned at once
  EXPECT_EQ(grant_clawback_cny(0, 0, 60, 1.0f), 0);
}

// Grants for the grassroots counties, claimed in the first half of 2026 only, vesting over a
// year: leavers in the second half of 2026 owe part of theirs, leavers from 2027-07 owe nothing.
// Every month the recovered sum is recomputed from the agents themselves (who held a grant at
// the start of the month and then moved to another county or left the province without
// retiring) and the ledger must be the grants paid minus that. Paired cadres and flexible talents
// are left out of the target: they go home at the end of their term, which the model does not
// count as leaving early (see the report).
TEST(HousingPurchaseSubsidy, BooksGrantsMinusClawbacksAndVestedLeaversOweNothing) {
  const fs::path file = variant("purchase", R"(  buy:
    type: housing_purchase_subsidy
    end: 2026-06
    target: {county_types: [grassroots], origins: [local, returnee, outsider]}
    grant_cny: 100000
    vesting_years: 1
    clawback_share: 0.5
    annual_uptake: 0.6
)");
  const auto state = InitialState::prepare(load_scenario(file));
  const Policy& policy = *state->policies.at(0);
  const std::vector<bool>& county_in = policy.target().county;
  const RetirementParams& retirement = state->scenario.behaviour.retirement;
  Simulation sim(state, 0);
  const auto in_target = [&](const AgentStore& a, std::size_t i) {
    return county_in[a.county[i]] && a.origin[i] <= static_cast<std::uint8_t>(Origin::outsider);
  };
  std::int64_t total_paid = 0, total_clawed = 0, vested_leavers = 0, early_leavers = 0;
  std::int64_t vested_before = 0, vested_gone = 0;  // leavers after every grant had vested
  double total_booked = 0;
  while (!sim.finished()) {
    const int today = sim.date().index();
    // The targeted agents at the start of the month, by id.
    std::unordered_map<std::uint64_t, AgentRecord> before;
    for (std::size_t i = 0; i < sim.agents().size(); ++i)
      if (in_target(sim.agents(), i)) before.emplace(sim.agents().id[i], sim.agents().record(i));
    const StepResult& r = sim.step();
    const AgentStore& a = sim.agents();
    std::unordered_map<std::uint64_t, std::size_t> after;
    for (std::size_t i = 0; i < a.size(); ++i) after.emplace(a.id[i], i);

    // Recovered sums by county, and new claims still in the province.
    std::vector<std::int64_t> clawed(static_cast<std::size_t>(sim.regions().county_count()), 0);
    std::int64_t new_claims = 0;
    for (const auto& [id, b] : before) {
      const auto found = after.find(id);
      bool left = false;
      std::int32_t grant = b.grant_cny, month = b.grant_month;
      if (found != after.end()) {
        const std::size_t i = found->second;
        if (b.grant_cny == 0 && a.grant_cny[i] > 0) {
          ++new_claims;
          grant = a.grant_cny[i];
          month = a.grant_month[i];
          EXPECT_EQ(month, today);
          EXPECT_EQ(grant, 100000);
        }
        left = a.county[i] != b.county;
      } else {
        // Gone: retired (by age: ageing runs first, with the title held then) or left the province.
        const int age = b.age_months + 1;
        left = age < retirement_age_months(retirement, static_cast<Sex>(b.sex), today - age, static_cast<Title>(b.title));
      }
      if (!left || grant == 0) continue;
      const int vesting = b.grant_cny > 0 ? b.grant_vesting_months : 12;
      if (b.grant_cny > 0 && b.grant_vesting_months == 0) continue;  // settled at an earlier move
      const std::int64_t owed = grant_clawback_cny(grant, today - month, vesting, 0.5f);
      clawed[b.county] += owed;
      if (owed > 0) ++early_leavers;
      if (today - month >= vesting) ++vested_leavers;
    }
    // A talent who claims and leaves the province in the same month is gone before we see the
    // claim: each such claim adds 100000 paid and 50000 recovered (nothing vested yet).
    const CostBasis& basis = sim.cost_basis();
    std::int64_t paid = 0, recovered = 0, expected_recovered = 0;
    for (int c = 0; c < basis.layout.counties; ++c)
      for (int k = 0; k < basis.layout.classes(); ++k)
        if (policy.target().reaches(c, k)) {
          paid += basis.grants_paid_cny[basis.index(c, k)];
          recovered += basis.clawed_back_cny[basis.index(c, k)];
        }
    for (std::int64_t x : clawed) expected_recovered += x;
    ASSERT_EQ(paid % 100000, 0);
    const std::int64_t unseen = paid / 100000 - new_claims;
    ASSERT_GE(unseen, 0) << r.date.str();
    ASSERT_EQ(recovered, expected_recovered + 50000 * unseen) << r.date.str();
    if (!policy.active(r.date)) {
      ASSERT_EQ(paid, 0) << r.date.str();
    }
    // Every grant was claimed by 2026-06 and vested by 2027-06: nothing is owed after that.
    if (YearMonth(2027, 7) <= r.date) {
      ASSERT_EQ(recovered, 0) << r.date.str();
      vested_gone += vested_leavers - vested_before;
    }
    vested_before = vested_leavers;
    // The ledger, county by county: grants paid minus recovered, in the months after the policy
    // ended too; nothing outside the target.
    for (int c = 0; c < basis.layout.counties; ++c) {
      if (!county_in[static_cast<std::size_t>(c)]) {
        ASSERT_EQ(r.costs.at(0, c), 0.0) << r.date.str() << " county " << c;
        continue;
      }
      std::int64_t net = 0;
      for (int k = 0; k < basis.layout.classes(); ++k)
        if (policy.target().reaches(c, k))
          net += basis.grants_paid_cny[basis.index(c, k)] - basis.clawed_back_cny[basis.index(c, k)];
      ASSERT_EQ(r.costs.at(0, c), static_cast<double>(net)) << r.date.str() << " county " << c;
      total_booked += r.costs.at(0, c);
    }
    total_paid += paid;
    total_clawed += recovered;
  }
  EXPECT_GT(total_paid, 0);
  EXPECT_GT(total_clawed, 0);
  EXPECT_GT(vested_gone, 0);  // grant holders did leave after 2027-06, and owed nothing
  EXPECT_EQ(total_booked, static_cast<double>(total_paid - total_clawed));
}

// ---------------------------------------------------------------------------------------------
// Talent apartments

namespace {

// Runs an apartment policy for Xining's counties with scarce units (510 at full scale: 10.2 at 2%,
// so 10 whole units a county) and checks every month: occupancy within the floored units, tenants
// (and only tenants) get the discount, costs are the discount per tenant. Returns, for the first
// month, the tenants by level; with `by_level`, checks that the first month's units (no sitting
// tenants yet) went by level: no one housed ranks below anyone left waiting in the same county.
void run_apartments(const std::string& name, bool by_level, std::array<long, kLevels>& first_month) {
  const std::string priority = by_level ? "    priority: level\n" : "";
  const fs::path file = variant(name, "  flats:\n    type: talent_apartments\n    target: {regions: [xining]}\n"
                                      "    units: 510\n    rent_discount_cny: 800\n" + priority);
  const auto state = InitialState::prepare(load_scenario(file));
  const Policy& policy = *state->policies.at(0);
  const PayParams& pay = state->scenario.behaviour.pay;
  const std::int64_t units = static_cast<std::int64_t>(std::floor(510 * state->scenario.population.scale));
  EXPECT_EQ(units, 10);
  Simulation sim(state, 0);
  first_month = {};
  const int counties = sim.regions().county_count();
  while (!sim.finished()) {
    // Employers at the start of the month: pay reads them before ventures start or fail.
    std::unordered_map<std::uint64_t, std::uint8_t> employer;
    for (std::size_t i = 0; i < sim.agents().size(); ++i) employer.emplace(sim.agents().id[i], sim.agents().employer[i]);
    const bool first = sim.steps_done() == 0;
    const StepResult& r = sim.step();
    const CostBasis& basis = sim.cost_basis();
    const AgentStore& a = sim.agents();
    std::vector<std::int64_t> tenants(static_cast<std::size_t>(counties), 0), flagged(tenants.size(), 0),
        eligible(tenants.size(), 0);
    // Level priority (high_end 2, mid 1, junior 0) of the lowest tenant and the highest waiting.
    std::vector<int> lowest_housed(tenants.size(), kLevels), highest_waiting(tenants.size(), -1);
    for (int c = 0; c < counties; ++c)
      for (int k = 0; k < basis.layout.classes(); ++k) tenants[static_cast<std::size_t>(c)] += basis.apartment_tenants[basis.index(c, k)];
    for (std::size_t i = 0; i < a.size(); ++i) {
      const int c = a.county[i];
      const bool housed = a.has(i, agent_flag::apartment);
      flagged[static_cast<std::size_t>(c)] += housed;
      if (a.months_in_county[i] == 0) continue;  // arrived after housing ran: neither paid a discount nor queued
      eligible[static_cast<std::size_t>(c)] += policy.target().county[static_cast<std::size_t>(c)];
      // Pay: what the agent was charged, recomputed from its circumstances, with the discount only
      // if housed. Titles change before pay, counties only by moves (which end a tenancy).
      const auto found = employer.find(a.id[i]);
      if (found == employer.end()) continue;  // recruited this month (months_in_county is 0 anyway)
      const Region& region = sim.regions().county(c);
      const double gross = gross_pay(pay, region, static_cast<Title>(a.title[i]), static_cast<Employer>(found->second), 0.0f);
      const double net = net_income(gross, housing_cost(pay, region, 0.0f, housed ? 800.0f : 0.0f), 0.0);
      ASSERT_EQ(a.net_income[i], static_cast<float>(net)) << r.date.str() << " agent " << a.id[i];
      if (first && housed) ++first_month[a.level[i]];
      if (policy.target().county[static_cast<std::size_t>(c)]) {
        const int rank = kLevels - 1 - a.level[i];
        int& slot = housed ? lowest_housed[static_cast<std::size_t>(c)] : highest_waiting[static_cast<std::size_t>(c)];
        slot = housed ? std::min(slot, rank) : std::max(slot, rank);
      }
    }
    for (int c = 0; c < counties; ++c) {
      const auto k = static_cast<std::size_t>(c);
      ASSERT_LE(tenants[k], units) << r.date.str() << " county " << c;
      ASSERT_LE(flagged[k], tenants[k]) << r.date.str() << " county " << c;  // some tenants moved after housing
      if (!policy.target().county[k]) {
        ASSERT_EQ(tenants[k], 0);
        ASSERT_EQ(r.costs.at(0, c), 0.0);
        continue;
      }
      // Scarce: many more eligible than units, so every unit is let.
      ASSERT_GT(eligible[k], 10 * units);
      ASSERT_EQ(tenants[k], units) << r.date.str() << " county " << c;
      ASSERT_EQ(r.costs.at(0, c), 800.0 * static_cast<double>(tenants[k])) << r.date.str() << " county " << c;
      if (first && by_level) {
        ASSERT_GE(lowest_housed[k], highest_waiting[k]) << "county " << c;
      }
    }
  }
}

}  // namespace

TEST(TalentApartments, OccupancyStaysWithinUnitsTenantsGetTheDiscountAndHighEndGoFirst) {
  std::array<long, kLevels> by_level{}, by_queue{};
  run_apartments("flats_level", true, by_level);
  run_apartments("flats_queue", false, by_queue);
  // The queue without priority houses the longest in the county, whatever the level: high-end
  // talents are a small share there. By level, they take nearly every unit (Xining's capital
  // districts have more eligible high-end talents than units).
  EXPECT_GT(by_level[static_cast<int>(Level::high_end)], 2 * by_queue[static_cast<int>(Level::high_end)]);
  EXPECT_EQ(by_level[static_cast<int>(Level::junior)], 0);
}

// ---------------------------------------------------------------------------------------------
// Zero amounts and errors

TEST(HousingPolicies, EveryAmountZeroIsByteIdenticalToTheBaselineAndCostsNothing) {
  // Each type with its amount at 0 and every other key at a working value, so that only the zero
  // amount keeps it from acting; plus a grant nobody takes up and apartments without a discount.
  const fs::path file = variant("zero", R"(  rent:
    type: housing_rent_subsidy
    monthly_cny: 0
  buy:
    type: housing_purchase_subsidy
    target: {regions: [xining]}
    grant_cny: 0
    vesting_years: 5
    clawback_share: 0.5
    annual_uptake: 0.3
  buy_unclaimed:
    type: housing_purchase_subsidy
    target: {regions: [haidong]}
    grant_cny: 100000
    vesting_years: 5
    clawback_share: 0.5
    annual_uptake: 0
  flats:
    type: talent_apartments
    target: {regions: [xining]}
    units: 0
    rent_discount_cny: 800
    priority: level
  flats_full_rent:
    type: talent_apartments
    target: {regions: [haidong]}
    units: 500
    rent_discount_cny: 0
  top:
    type: hardship_allowance
    monthly_cny: 0
  top_by_class:
    type: hardship_allowance
    monthly_cny_by_class: {class_1: 0, class_6: 0}
)");
  const auto base = run(kSmall);
  const auto policy = run(file);
  ASSERT_EQ(base.size(), policy.size());
  for (std::size_t m = 0; m < base.size(); ++m) {
    ASSERT_EQ(base[m].stock, policy[m].stock) << "month " << m;
    ASSERT_EQ(base[m].flows.counts, policy[m].flows.counts) << "month " << m;
    ASSERT_EQ(policy[m].costs.policies(), 7);
    for (int p = 0; p < policy[m].costs.policies(); ++p) ASSERT_EQ(policy[m].costs.policy_total(p), 0.0) << "month " << m;
  }
}

namespace {
using HousingErrorCase = kunlun::testing::ScenarioErrorCase;
class HousingPolicyErrors : public ::testing::TestWithParam<HousingErrorCase> {};
}  // namespace

TEST_P(HousingPolicyErrors, NameTheFileLineAndKey) {
  const auto& c = GetParam();
  const fs::path file = variant("err_" + c.name, c.yaml);
  kunlun::testing::expect_prepare_error(file, c.expected);
}

// Lines of the variant file: 1 extends, 2 name, 3 policies, 4 the policy's name, 5 its type, ...
INSTANTIATE_TEST_SUITE_P(
    Housing, HousingPolicyErrors,
    ::testing::Values(
        HousingErrorCase{"rent_negative", "  p:\n    type: housing_rent_subsidy\n    monthly_cny: -500\n",
                         "6: policies.p.monthly_cny: -500 is out of range: must be between 0 and 100000 "
                         "(monthly_cny is the subsidy per targeted talent and month"},
        HousingErrorCase{"rent_missing", "  p:\n    type: housing_rent_subsidy\n    target: {levels: [junior]}\n",
                         "5: policies.p.monthly_cny: missing required key"},
        HousingErrorCase{"rent_too_high", "  p:\n    type: housing_rent_subsidy\n    monthly_cny: 200000\n",
                         "6: policies.p.monthly_cny: 200000 is out of range: must be between 0 and 100000"},
        HousingErrorCase{"purchase_vesting", "  p:\n    type: housing_purchase_subsidy\n    grant_cny: 100000\n"
                                             "    vesting_years: 31\n    clawback_share: 0.5\n    annual_uptake: 0.1\n",
                         "7: policies.p.vesting_years: 31 is out of range: must be between 0.1 and 30"},
        HousingErrorCase{"purchase_share", "  p:\n    type: housing_purchase_subsidy\n    grant_cny: 100000\n"
                                           "    vesting_years: 5\n    clawback_share: 1.5\n    annual_uptake: 0.1\n",
                         "8: policies.p.clawback_share: 1.5 is out of range: must be between 0 and 1"},
        HousingErrorCase{"purchase_negative", "  p:\n    type: housing_purchase_subsidy\n    grant_cny: -1\n"
                                              "    vesting_years: 5\n    clawback_share: 0.5\n    annual_uptake: 0.1\n",
                         "6: policies.p.grant_cny: -1 is out of range: must be between 0 and 10000000"},
        HousingErrorCase{"purchase_missing", "  p:\n    type: housing_purchase_subsidy\n    grant_cny: 100000\n"
                                             "    vesting_years: 5\n    clawback_share: 0.5\n",
                         "5: policies.p.annual_uptake: missing required key (a housing_purchase_subsidy needs"},
        HousingErrorCase{"apartments_priority", "  p:\n    type: talent_apartments\n    units: 100\n"
                                                "    rent_discount_cny: 500\n    priority: seniority\n",
                         "8: policies.p.priority: unknown value 'seniority' (one of: level, title, queue; priority is "
                         "who is housed first when units are scarce: level (high-end first, then mid, then junior)"},
        HousingErrorCase{"apartments_priority_typo", "  p:\n    type: talent_apartments\n    units: 100\n"
                                                     "    rent_discount_cny: 500\n    priority: levle\n",
                         "8: policies.p.priority: unknown value 'levle' (did you mean 'level'? priority is who"},
        HousingErrorCase{"apartments_units", "  p:\n    type: talent_apartments\n    units: -10\n"
                                             "    rent_discount_cny: 500\n",
                         "6: policies.p.units: -10 is out of range: must be between 0 and 1000000"},
        HousingErrorCase{"hardship_both", "  p:\n    type: hardship_allowance\n    monthly_cny: 500\n"
                                          "    monthly_cny_by_class: {class_4: 800}\n",
                         "7: policies.p: both monthly_cny and monthly_cny_by_class are given (give either"},
        HousingErrorCase{"hardship_neither", "  p:\n    type: hardship_allowance\n    target: {county_types: [grassroots]}\n",
                         "5: policies.p: the top-up is missing (give either monthly_cny"},
        HousingErrorCase{"hardship_negative", "  p:\n    type: hardship_allowance\n    monthly_cny: -100\n",
                         "6: policies.p.monthly_cny: -100 is out of range: must be between 0 and 100000"},
        HousingErrorCase{"hardship_class_negative", "  p:\n    type: hardship_allowance\n"
                                                    "    monthly_cny_by_class: {class_4: 800, class_5: -1}\n",
                         "6: policies.p.monthly_cny_by_class.class_5: -1 is out of range"},
        HousingErrorCase{"hardship_class_unknown", "  p:\n    type: hardship_allowance\n"
                                                   "    monthly_cny_by_class: {class_4: 800, klass_5: 900}\n",
                         "6: policies.p.monthly_cny_by_class.klass_5: unknown key 'klass_5' (did you mean 'class_5'?)"},
        HousingErrorCase{"hardship_class_7", "  p:\n    type: hardship_allowance\n    monthly_cny_by_class: {class_7: 800}\n",
                         "6: policies.p.monthly_cny_by_class.class_7: unknown key 'class_7' (allowed keys: class_1, "
                         "class_2, class_3, class_4, class_5, class_6)"},
        HousingErrorCase{"hardship_class_0", "  p:\n    type: hardship_allowance\n    monthly_cny_by_class: {class_0: 800}\n",
                         "6: policies.p.monthly_cny_by_class.class_0: unknown key 'class_0' (allowed keys: class_1, "
                         "class_2, class_3, class_4, class_5, class_6)"},
        HousingErrorCase{"hardship_not_a_map", "  p:\n    type: hardship_allowance\n    monthly_cny_by_class: 800\n",
                         "6: policies.p.monthly_cny_by_class: expected a map, got '800'"},
        HousingErrorCase{"apartments_overlap",
                         "  a:\n    type: talent_apartments\n    target: {regions: [yushu]}\n    units: 100\n"
                         "    rent_discount_cny: 500\n"
                         "  b:\n    type: talent_apartments\n    target: {county_types: [grassroots], levels: [junior]}\n"
                         "    units: 50\n    rent_discount_cny: 300\n",
                         "10: policies.b.target: reaches agents that policy 'a' (also talent_apartments) reaches"}),
    kunlun::testing::case_name);

INSTANTIATE_TEST_SUITE_P(
    HousingOverlap, HousingPolicyErrors,
    ::testing::Values(
        HousingErrorCase{"purchase_overlap",
                         "  a:\n    type: housing_purchase_subsidy\n    grant_cny: 100000\n    vesting_years: 5\n"
                         "    clawback_share: 0.5\n    annual_uptake: 0.1\n"
                         "  b:\n    type: housing_purchase_subsidy\n    target: {fields: [health]}\n"
                         "    grant_cny: 50000\n    vesting_years: 3\n    clawback_share: 1\n    annual_uptake: 0.2\n",
                         "11: policies.b.target: reaches agents that policy 'a' (also housing_purchase_subsidy) "
                         "reaches"}),
    kunlun::testing::case_name);

TEST(HousingPolicies, TalentApartmentsWithDisjointTargetsAreAccepted) {
  // The same counties, different levels: no county x class is reached twice.
  const fs::path file = variant("flats_disjoint", R"(  senior_flats:
    type: talent_apartments
    target: {regions: [yushu], levels: [high_end]}
    units: 100
    rent_discount_cny: 1000
  junior_flats:
    type: talent_apartments
    target: {regions: [yushu], levels: [mid, junior]}
    units: 200
    rent_discount_cny: 500
    priority: title
)");
  EXPECT_EQ(InitialState::prepare(load_scenario(file))->policies.size(), 2u);
}
