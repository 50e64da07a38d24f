// Talent insurance: the premium booked for the at-risk talents of its target while active, fewer
// departures of those talents; input errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "model/simulation.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"
#include "testing/policy_testing.h"
#include "testing/scenario_run_testing.h"

using namespace kunlun;
using kunlun::testing::run;
using kunlun::testing::scenario_variant;
namespace fs = std::filesystem;

namespace {
fs::path variant(const std::string& name, const std::string& text) {
  return scenario_variant("kunlun-finance-test", name, text);
}
}  // namespace

TEST(TalentInsurance, BooksThePremiumForAtRiskTalentsInItsTargetWhileActive) {
  const fs::path file = variant("insurance_cost", R"(policies:
  insure:
    type: talent_insurance
    start: 2026-04
    end: 2027-03
    target: {regions: [haixi], levels: [mid, junior]}
    premium_subsidy_cny: 200
    risk_relief: 0.5
)");
  const auto state = InitialState::prepare(load_scenario(file));
  const Policy& insurance = *state->policies.at(0);
  run(file, [&](const Simulation& sim, const StepResult& s) {
    // The premium is priced on the at-risk talents (enterprise and venture employees) the pay
    // process paid this month in the targeted cells, and only while the policy is active.
    const CostBasis& basis = sim.cost_basis();
    for (int c = 0; c < basis.layout.counties; ++c) {
      long insured = 0;
      for (int k = 0; k < basis.layout.classes(); ++k)
        if (insurance.target().reaches(c, k)) insured += basis.at_risk_headcount[basis.index(c, k)];
      const double expected = insurance.active(s.date) ? 200.0 * insured : 0.0;
      ASSERT_DOUBLE_EQ(s.costs.at(0, c), expected) << s.date.str() << " county " << c;
    }
    if (insurance.active(s.date)) {
      EXPECT_GT(s.costs.policy_total(0), 0) << s.date.str();
    }
  });
}

TEST(TalentInsurance, LowersDeparturesOfAtRiskTalentsInItsTarget) {
  // A controlled variant: the income-risk weight is raised tenfold (to -5) in both runs, so that
  // removing it is a large shift of an enterprise employee's stay utility (5 x 0.3 = 1.5) and the
  // effect is clear in the small population; the peer term is cut, so that the comparison is of
  // the insurance alone, not of departures feeding back on the rate of everyone in a county.
  const std::string controlled =
      "behaviour:\n  utility:\n    income_risk: -5\n  mobility:\n    peer_departure_share: 0\n";
  const fs::path base_file = variant("insure_base", controlled);
  const fs::path file = variant("insure_effect", controlled + R"(policies:
  insure:
    type: talent_insurance
    premium_subsidy_cny: 100
    risk_relief: 1
)");
  // Voluntary departures of enterprise and venture employees: who was there after one month and
  // is gone, or elsewhere, after the next (retirements are few and the same in both runs).
  const auto count_moves = [](const fs::path& f) {
    std::map<std::uint64_t, std::uint16_t> at_risk;  // id -> county, after the previous month
    long moved = 0;
    run(f, [&](const Simulation& sim, const StepResult&) {
      const AgentStore& a = sim.agents();
      std::map<std::uint64_t, std::uint16_t> now;
      for (std::size_t i = 0; i < a.size(); ++i) {
        const auto it = at_risk.find(a.id[i]);
        if (it != at_risk.end() && it->second != a.county[i]) ++moved;
        if (it != at_risk.end()) at_risk.erase(it);
        if (a.employer[i] != static_cast<std::uint8_t>(Employer::institution)) now[a.id[i]] = a.county[i];
      }
      moved += static_cast<long>(at_risk.size());  // gone: left the province or retired
      at_risk = std::move(now);
    });
    return moved;
  };
  const long base = count_moves(base_file), insured = count_moves(file);
  ASSERT_GT(base, 100);
  // Removing a utility of 1.5 (enterprise) or 5 (venture) from the stay side lowers the log-odds
  // of a move by at least 1.5, a factor of 0.22 on the odds; retirements do not fall. Require
  // fewer than two thirds.
  EXPECT_LT(3 * insured, 2 * base) << base << " " << insured;
}

namespace {
using FinanceErrorCase = kunlun::testing::ScenarioErrorCase;
class TalentInsuranceErrors : public ::testing::TestWithParam<FinanceErrorCase> {};
}  // namespace

TEST_P(TalentInsuranceErrors, NameTheFileLineAndKey) {
  const auto& c = GetParam();
  const fs::path file = variant("err_" + c.name, "policies:\n" + c.yaml);
  kunlun::testing::expect_prepare_error(file, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Finance, TalentInsuranceErrors,
    ::testing::Values(
        FinanceErrorCase{"insurance_relief",
                         "  p:\n    type: talent_insurance\n    premium_subsidy_cny: 100\n    risk_relief: 1.5\n",
                         "7: policies.p.risk_relief: 1.5 is out of range: must be between 0 and 1"},
        FinanceErrorCase{"insurance_negative",
                         "  p:\n    type: talent_insurance\n    premium_subsidy_cny: -100\n    risk_relief: 0.5\n",
                         "6: policies.p.premium_subsidy_cny: -100 is out of range: must be between 0 and 100000"}),
    kunlun::testing::case_name);
