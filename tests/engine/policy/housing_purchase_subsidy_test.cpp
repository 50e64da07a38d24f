// Home-purchase subsidies: grants paid minus the clawbacks of early leavers, booked every month and
// recomputed from the agents, and nothing owed once vested; input errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/ageing_retirement.h"
#include "model/destination.h"

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

namespace {
using HousingErrorCase = kunlun::testing::ScenarioErrorCase;
class HousingPurchaseSubsidyErrors : public ::testing::TestWithParam<HousingErrorCase> {};
}  // namespace

TEST_P(HousingPurchaseSubsidyErrors, NameTheFileLineAndKey) {
  const auto& c = GetParam();
  const fs::path file = variant("err_" + c.name, c.yaml);
  kunlun::testing::expect_prepare_error(file, c.expected);
}

// Lines of the variant file: 1 extends, 2 name, 3 policies, 4 the policy's name, 5 its type, ...
INSTANTIATE_TEST_SUITE_P(
    Housing, HousingPurchaseSubsidyErrors,
    ::testing::Values(
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
                         "5: policies.p.annual_uptake: missing required key (a housing_purchase_subsidy needs"}),
    kunlun::testing::case_name);

INSTANTIATE_TEST_SUITE_P(
    HousingOverlap, HousingPurchaseSubsidyErrors,
    ::testing::Values(
        HousingErrorCase{"purchase_overlap",
                         "  a:\n    type: housing_purchase_subsidy\n    grant_cny: 100000\n    vesting_years: 5\n"
                         "    clawback_share: 0.5\n    annual_uptake: 0.1\n"
                         "  b:\n    type: housing_purchase_subsidy\n    target: {fields: [health]}\n"
                         "    grant_cny: 50000\n    vesting_years: 3\n    clawback_share: 1\n    annual_uptake: 0.2\n",
                         "11: policies.b.target: reaches agents that policy 'a' (also housing_purchase_subsidy) "
                         "reaches"}),
    kunlun::testing::case_name);
