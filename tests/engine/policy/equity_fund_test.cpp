// Equity funds: investments as ordered, each booked, funded ventures failing less, fractions of
// the monthly share carried over; input errors.
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
using kunlun::testing::baseline;
using kunlun::testing::expect_identical;
using kunlun::testing::kVentures;
namespace fs = std::filesystem;

namespace {
fs::path variant(const std::string& name, const std::string& text) {
  return scenario_variant("kunlun-finance-test", name, text);
}
}  // namespace

TEST(EquityFund, InvestsAsOrderedBooksEachInvestmentAndFundedVenturesFailLess) {
  // 6000 investments a year at full scale are 120 a year at 2%: 10 each month, no fractions.
  // The fund runs two years (the horizon), so each investment is 24e9 / (6000 x 2) = 2,000,000.
  const fs::path file = variant("fund", kVentures + R"(policies:
  fund:
    type: equity_fund
    target: {regions: [xining, haidong, hainan, haixi]}
    fund_cny: 24000000000
    investments_per_year: 6000
    failure_log_odds: -2
)");
  const auto state = InitialState::prepare(load_scenario(file));
  const Policy& fund = *state->policies.at(0);
  long funded_months = 0, funded_failures = 0, other_months = 0, other_failures = 0;
  long selected_total = 0, funded_total = 0;
  std::map<std::uint64_t, bool> ventures;  // id -> funded, after the previous month
  run(file, [&](const Simulation& sim, const StepResult& s) {
    const AgentStore& a = sim.agents();
    const CostBasis& basis = sim.cost_basis();
    long selected = 0, newly_funded = 0;
    for (int c = 0; c < basis.layout.counties; ++c) {
      const std::int32_t made = basis.selected[basis.order_index(0, c)];
      selected += made;
      ASSERT_DOUBLE_EQ(s.costs.at(0, c), made * 2e6) << s.date.str();
    }
    std::map<std::uint64_t, bool> now;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const bool venture = a.employer[i] == static_cast<std::uint8_t>(Employer::venture);
      const bool is_funded = a.has(i, agent_flag::funded);
      const auto it = ventures.find(a.id[i]);
      const bool was_funded = it != ventures.end() && it->second;
      if (is_funded && !was_funded) {
        // Funded this month: entrepreneurship runs after every move, so it is still in the target.
        ASSERT_TRUE(venture);
        ASSERT_TRUE(fund.target().county[a.county[i]]) << "funded outside the target";
        ++newly_funded;
      }
      // A venture of the previous month that is still here: did it survive this month?
      if (it != ventures.end()) {
        (it->second ? funded_months : other_months) += 1;
        if (!venture) (it->second ? funded_failures : other_failures) += 1;
      }
      if (venture) now[a.id[i]] = is_funded;
    }
    ventures = std::move(now);
    // Ten orders a month; the target holds hundreds of unfunded ventures, so all are filled.
    EXPECT_EQ(selected, 10) << s.date.str();
    // The fund picks its ventures before the month's failures are drawn, so a venture funded
    // this month may already have failed (and lost its flag) by the end of it.
    EXPECT_LE(newly_funded, selected) << s.date.str();
    selected_total += selected;
    funded_total += newly_funded;
  });
  // Same-month failures of funded ventures: 240 investments x 0.0018 = 0.4 expected; allow 3.
  EXPECT_GE(funded_total, selected_total - 3);
  // Monthly failure probability 1 - 0.85^(1/12) = 0.0135; -2 on the log-odds makes it 0.0018.
  // Over about 2600 funded venture-months that is about 5 failures against about 35 at the
  // unfunded rate (somewhat more: a funded venture that moves out of the target loses the shift).
  // Require a funded failure rate under a third of the unfunded one.
  ASSERT_GT(funded_months, 2000);
  ASSERT_GT(other_months, 2000);
  const double funded_rate = static_cast<double>(funded_failures) / funded_months;
  const double other_rate = static_cast<double>(other_failures) / other_months;
  EXPECT_LT(3 * funded_rate, other_rate) << funded_failures << "/" << funded_months << " vs " << other_failures << "/"
                                         << other_months;
}

TEST(EquityFund, CarriesFractionsOfTheMonthlyShareAndSpendsTheScaledFund) {
  // 40 investments a year at full scale are 0.8 a year at 2%: the fractions carry over, so the
  // fund invests in month m of its run floor((m + 1) x 0.8 / 12) - floor(m x 0.8 / 12): one in
  // the 15th month and none in any other of the two years (hundreds of ventures are eligible).
  // A zero failure shift writes no lever, and the funded flag is read nowhere else: the flows
  // are those of the baseline, and only the costs show the fund.
  const fs::path file = variant("fund_fraction", R"(policies:
  fund:
    type: equity_fund
    fund_cny: 200000000
    investments_per_year: 40
    failure_log_odds: 0
)");
  double spent = 0;
  std::vector<long> made_by_month;
  const auto out = run(file, [&](const Simulation& sim, const StepResult& s) {
    long made = 0;
    for (int c = 0; c < sim.cost_basis().layout.counties; ++c)
      made += sim.cost_basis().selected[sim.cost_basis().order_index(0, c)];
    made_by_month.push_back(made);
    spent += s.costs.policy_total(0);
  });
  std::vector<long> expected(24, 0);
  expected[14] = 1;
  EXPECT_EQ(made_by_month, expected);
  // Each investment is 200e6 / (40 x 2 years) = 2.5e6. At 2% the fund spends 0.02 x 200e6 = 4e6
  // over its run, 1.6 investments; whole ones only, fractions carried: one within the horizon.
  EXPECT_DOUBLE_EQ(spent, 2.5e6);
  expect_identical(out, baseline());
}

namespace {
using FinanceErrorCase = kunlun::testing::ScenarioErrorCase;
class EquityFundErrors : public ::testing::TestWithParam<FinanceErrorCase> {};
}  // namespace

TEST_P(EquityFundErrors, NameTheFileLineAndKey) {
  const auto& c = GetParam();
  const fs::path file = variant("err_" + c.name, "policies:\n" + c.yaml);
  kunlun::testing::expect_prepare_error(file, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Finance, EquityFundErrors,
    ::testing::Values(
        FinanceErrorCase{"fund_zero",
                         "  p:\n    type: equity_fund\n    fund_cny: 0\n    investments_per_year: 10\n"
                         "    failure_log_odds: -0.5\n",
                         "6: policies.p.fund_cny: 0 is out of range: must be greater than 0 and at most 1000000000000 (fund_cny is "
                         "the fund's whole size"},
        FinanceErrorCase{"fund_shift",
                         "  p:\n    type: equity_fund\n    fund_cny: 1e8\n    investments_per_year: 10\n"
                         "    failure_log_odds: 0.5\n",
                         "8: policies.p.failure_log_odds: 0.5 is out of range: must be between -10 and 0"},
        FinanceErrorCase{"fund_missing", "  p:\n    type: equity_fund\n    fund_cny: 1e8\n    failure_log_odds: -0.5\n",
                         "5: policies.p.investments_per_year: missing required key (an equity_fund needs"}),
    kunlun::testing::case_name);
