// Talent apartments: occupancy within the units, the discount for tenants only, high-end talents
// housed first by level; targets that do not overlap are accepted; input errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/pay.h"

#include "model/simulation.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"
#include "testing/policy_testing.h"
#include "testing/scenario_run_testing.h"

using namespace kunlun;
using kunlun::testing::run;
namespace fs = std::filesystem;

namespace {

const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";

// A scenario file extending the small test scenario with `extra` top-level text (behaviour
// overrides) and `policies` text.
fs::path variant(const std::string& name, const std::string& policies, const std::string& extra = "") {
  return kunlun::testing::scenario_variant("kunlun-housing-test", name, extra + "policies:\n" + policies);
}

}  // namespace

namespace {

// Runs an apartment policy for Xining's counties with scarce units (510 at full scale: 10.2 at 2%,
// so 10 whole units a county) and checks every month: occupancy within the floored units, tenants
// (and only tenants) get the discount, costs are the discount per tenant. Returns, for the first
// month, the tenants by level; with `by_level`, checks that the first month's units (no sitting
// tenants yet) went by level: no one housed ranks below anyone left waiting in the same county.
void run_apartments(const std::string& name, bool by_level, std::array<long, kLevels>& first_month) {
  const std::string priority = by_level ? "    priority: level\n" : "";
  const fs::path file = variant(name, "  flats:\n    type: talent_apartments\n    target: {regions: [xining]}\n"
                                      "    units: 510\n    rent_discount_cny: 800\n" + priority,
                                // Every yuan of the discount felt: this test checks it exactly.
                                "behaviour:\n  utility:\n    support_threshold_share: 0\n");
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

namespace {
using HousingErrorCase = kunlun::testing::ScenarioErrorCase;
class TalentApartmentsErrors : public ::testing::TestWithParam<HousingErrorCase> {};
}  // namespace

TEST_P(TalentApartmentsErrors, NameTheFileLineAndKey) {
  const auto& c = GetParam();
  const fs::path file = variant("err_" + c.name, c.yaml);
  kunlun::testing::expect_prepare_error(file, c.expected);
}

// Lines of the variant file: 1 extends, 2 name, 3 policies, 4 the policy's name, 5 its type, ...
INSTANTIATE_TEST_SUITE_P(
    Housing, TalentApartmentsErrors,
    ::testing::Values(
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
        HousingErrorCase{"apartments_overlap",
                         "  a:\n    type: talent_apartments\n    target: {regions: [yushu]}\n    units: 100\n"
                         "    rent_discount_cny: 500\n"
                         "  b:\n    type: talent_apartments\n    target: {county_types: [grassroots], levels: [junior]}\n"
                         "    units: 50\n    rent_discount_cny: 300\n",
                         "10: policies.b.target: reaches agents that policy 'a' (also talent_apartments) reaches"}),
    kunlun::testing::case_name);
