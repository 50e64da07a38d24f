// Finance policies: talent loans (venture starts, costs on the balance), talent insurance (premium
// costs, fewer departures), equity funds (investments, costs, failures), zero amounts, errors.
#include <gtest/gtest.h>
#include <omp.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "input_error_testing.h"
#include "scenario_run_testing.h"
#include "model/simulation.h"
#include "policy/policy_registry.h"
#include "scenario/scenario.h"

using namespace kunlun;
using kunlun::testing::error_of;
using kunlun::testing::run;
using kunlun::testing::scenario_variant;
namespace fs = std::filesystem;

namespace {
const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";

fs::path variant(const std::string& name, const std::string& text) {
  return scenario_variant("kunlun-finance-test", name, text);
}

// Venture starts are too rare at the baseline rate (0.004 a year: about 30 a year in the whole
// 2% population) to tell a loan's factor from noise in part of the province. A start rate of 0.05
// keeps the monthly probability small, so the loan's log-odds shift still acts as a factor on it.
const std::string kVentures = "behaviour:\n  entrepreneurship:\n    annual_start_rate: 0.05\n";

const std::vector<StepResult>& baseline() {
  static const std::vector<StepResult> base = run(kSmall);
  return base;
}

void expect_identical(const std::vector<StepResult>& a, const std::vector<StepResult>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t m = 0; m < a.size(); ++m) {
    EXPECT_EQ(a[m].stock, b[m].stock) << "month " << m;
    EXPECT_EQ(a[m].flows.counts, b[m].flows.counts) << "month " << m;
    EXPECT_EQ(a[m].service_days, b[m].service_days) << "month " << m;
  }
}

int class_of(const AgentStore& a, std::size_t i) {
  return ClassLayout::encode(a.field[i], a.level[i], a.title[i], a.origin[i]);
}

// Ventures started this month (they start in the month their venture_month records), by whether
// their county is in `counties`.
struct Starts {
  long in = 0, out = 0;
};
Starts starts_this_month(const Simulation& sim, const std::vector<bool>& counties) {
  const AgentStore& a = sim.agents();
  const int today = sim.date().plus_months(-1).index();  // date() is already the next month
  Starts s;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a.employer[i] == static_cast<std::uint8_t>(Employer::venture) && a.venture_month[i] == today)
      (counties[a.county[i]] ? s.in : s.out) += 1;
  return s;
}
}  // namespace

TEST(TalentLoan, RaisesVentureStartsInItsTarget) {
  const fs::path base_file = variant("loan_base", kVentures);
  const fs::path file = variant("loan_starts", kVentures + R"(policies:
  loan:
    type: talent_loan
    target: {regions: [xining, haidong]}
    amount_cny: 1000000
    interest_discount: 0.5
    default_rate: 0.05
    government_loss_share: 0.8
    term_years: 3
)");
  const auto state = InitialState::prepare(load_scenario(file));
  const std::vector<bool> targeted = state->policies.at(0)->target().county;
  Starts base, policy;
  long loans_of_other_size = 0, loans_outside = 0;
  run(base_file, [&](const Simulation& sim, const StepResult&) {
    const Starts s = starts_this_month(sim, targeted);
    base.in += s.in;
    base.out += s.out;
  });
  run(file, [&](const Simulation& sim, const StepResult&) {
    const Starts s = starts_this_month(sim, targeted);
    policy.in += s.in;
    policy.out += s.out;
    const AgentStore& a = sim.agents();
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a.has(i, agent_flag::loan)) continue;
      loans_of_other_size += a.loan_cny[i] != 1000000;
      // Loans are granted only in the target; a borrower may move out afterwards, but only
      // those who started this month are sure to be where they borrowed.
      loans_outside += !targeted[a.county[i]] && a.venture_month[i] == sim.date().plus_months(-1).index();
    }
  });
  // Enough starts for the comparison to mean something: 0.05 a year x 2 years x about 6000
  // eligible talents in Xining and Haidong is about 600.
  ASSERT_GT(base.in, 100);
  // A loan of 1,000,000 adds 0.5 x ln(1 + 10) = 1.2 to the log-odds of a start: about 3.3 times
  // the (small) monthly probability. Fewer stay eligible as more start, so require twice.
  EXPECT_GT(policy.in, 2 * base.in);
  EXPECT_EQ(loans_of_other_size, 0);
  EXPECT_EQ(loans_outside, 0);
}

TEST(TalentLoan, BooksInterestDiscountAndExpectedLossesOnTheBalanceEveryMonth) {
  // The loan runs for 2026 only, with a 1-year term: loans made in 2026 are repaid by 2027-12,
  // and the policy must keep booking their costs after its end.
  const fs::path file = variant("loan_cost", kVentures + R"(policies:
  loan:
    type: talent_loan
    end: 2026-12
    target: {regions: [xining, haidong], fields: [health, education, new_energy]}
    amount_cny: 500000
    interest_discount: 0.5
    default_rate: 0.05
    government_loss_share: 0.8
    term_years: 1
)");
  const auto state = InitialState::prepare(load_scenario(file));
  const Policy& loan = *state->policies.at(0);
  const double base_rate = state->scenario.behaviour.entrepreneurship.base_interest_rate;
  const double monthly = (base_rate * 0.5 + 0.05 * 0.8) / 12.0;
  const YearMonth end(2026, 12);
  double booked_after_end = 0, booked_total = 0;
  long new_loans_after_end = 0;
  run(file, [&](const Simulation& sim, const StepResult& s) {
    // The balance from the agents themselves: every active borrower in a targeted cell.
    const AgentStore& a = sim.agents();
    std::vector<double> balance(static_cast<std::size_t>(state->regions.county_count()), 0.0);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a.has(i, agent_flag::loan)) continue;
      if (loan.target().reaches(a.county[i], class_of(a, i))) balance[a.county[i]] += a.loan_cny[i];
      new_loans_after_end += s.date > end && a.venture_month[i] == s.date.index();
    }
    const CostBasis& basis = sim.cost_basis();
    for (int c = 0; c < basis.layout.counties; ++c) {
      double from_basis = 0;
      for (int k = 0; k < basis.layout.classes(); ++k)
        if (loan.target().reaches(c, k)) from_basis += static_cast<double>(basis.loan_balance_cny[basis.index(c, k)]);
      EXPECT_EQ(from_basis, balance[static_cast<std::size_t>(c)]) << s.date.str() << " county " << c;
      // Sums of whole CNY times one rate: equal to rounding.
      ASSERT_NEAR(s.costs.at(0, c), from_basis * monthly, 1e-6 * (1 + from_basis * monthly))
          << s.date.str() << " county " << c;
      booked_total += s.costs.at(0, c);
      if (s.date > end) booked_after_end += s.costs.at(0, c);
    }
    if (s.date >= YearMonth(2027, 12)) {
      EXPECT_EQ(s.costs.policy_total(0), 0.0) << "every loan is repaid";
    }
  });
  EXPECT_GT(booked_total, 0);
  EXPECT_GT(booked_after_end, 0);  // loans outlive the policy, so do their costs
  EXPECT_EQ(new_loans_after_end, 0);
}

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

TEST(FinancePolicies, ZeroAmountsAreByteIdenticalToTheBaseline) {
  const fs::path file = variant("finance_zero", R"(policies:
  loan:
    type: talent_loan
    target: {regions: [yushu]}
    amount_cny: 0
    interest_discount: 0.5
    default_rate: 0.05
    government_loss_share: 0.8
    term_years: 3
  insure:
    type: talent_insurance
    premium_subsidy_cny: 0
    risk_relief: 0
)");
  const auto out = run(file);
  expect_identical(out, baseline());
  for (const StepResult& s : out) EXPECT_EQ(s.costs.policy_total(0) + s.costs.policy_total(1), 0.0);
}

namespace {
using FinanceErrorCase = kunlun::testing::ScenarioErrorCase;
class FinancePolicyErrors : public ::testing::TestWithParam<FinanceErrorCase> {};

const std::string kLoan = "  p:\n    type: talent_loan\n";  // lines 4 and 5 of the variant
}  // namespace

TEST_P(FinancePolicyErrors, NameTheFileLineAndKey) {
  const auto& c = GetParam();
  const fs::path file = variant("err_" + c.name, "policies:\n" + c.yaml);
  kunlun::testing::expect_prepare_error(file, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Finance, FinancePolicyErrors,
    ::testing::Values(
        FinanceErrorCase{"loan_negative",
                         kLoan + "    amount_cny: -5000\n    interest_discount: 0.5\n    default_rate: 0.05\n"
                                 "    government_loss_share: 0.8\n    term_years: 3\n",
                         "6: policies.p.amount_cny: -5000 is out of range: must be between 0 and 100000000 "
                         "(amount_cny is the loan"},
        FinanceErrorCase{"loan_missing",
                         kLoan + "    amount_cny: 5000\n    interest_discount: 0.5\n    default_rate: 0.05\n"
                                 "    government_loss_share: 0.8\n",
                         "5: policies.p.term_years: missing required key (a talent_loan needs"},
        FinanceErrorCase{"loan_share",
                         kLoan + "    amount_cny: 5000\n    interest_discount: 0.5\n    default_rate: 0.05\n"
                                 "    government_loss_share: 80\n    term_years: 3\n",
                         "9: policies.p.government_loss_share: 80 is out of range: must be between 0 and 1"},
        FinanceErrorCase{"loan_term",
                         kLoan + "    amount_cny: 5000\n    interest_discount: 0.5\n    default_rate: 0.05\n"
                                 "    government_loss_share: 0.8\n    term_years: 0\n",
                         "10: policies.p.term_years: 0 is out of range: must be between 0.5 and 30"},
        FinanceErrorCase{"loan_overlap",
                         kLoan + "    amount_cny: 5000\n    interest_discount: 0.5\n    default_rate: 0.05\n"
                                 "    government_loss_share: 0.8\n    term_years: 3\n"
                                 "  q:\n    type: talent_loan\n    target: {regions: [yushu]}\n    amount_cny: 1\n"
                                 "    interest_discount: 0\n    default_rate: 0\n    government_loss_share: 0\n"
                                 "    term_years: 1\n",
                         "12: policies.q.target: reaches agents that policy 'p' (also talent_loan) reaches"},
        FinanceErrorCase{"insurance_relief",
                         "  p:\n    type: talent_insurance\n    premium_subsidy_cny: 100\n    risk_relief: 1.5\n",
                         "7: policies.p.risk_relief: 1.5 is out of range: must be between 0 and 1"},
        FinanceErrorCase{"insurance_negative",
                         "  p:\n    type: talent_insurance\n    premium_subsidy_cny: -100\n    risk_relief: 0.5\n",
                         "6: policies.p.premium_subsidy_cny: -100 is out of range: must be between 0 and 100000"},
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
