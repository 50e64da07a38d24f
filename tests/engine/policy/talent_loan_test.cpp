// Talent loans: more venture starts in the target, and the interest discount and expected losses
// booked on the outstanding balance every month, after the policy's end too; input errors.
#include <gtest/gtest.h>

#include <filesystem>
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
using kunlun::testing::kVentures;
namespace fs = std::filesystem;

namespace {
fs::path variant(const std::string& name, const std::string& text) {
  return scenario_variant("kunlun-finance-test", name, text);
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

namespace {
using FinanceErrorCase = kunlun::testing::ScenarioErrorCase;
class TalentLoanErrors : public ::testing::TestWithParam<FinanceErrorCase> {};

const std::string kLoan = "  p:\n    type: talent_loan\n";  // lines 4 and 5 of the variant
}  // namespace

TEST_P(TalentLoanErrors, NameTheFileLineAndKey) {
  const auto& c = GetParam();
  const fs::path file = variant("err_" + c.name, "policies:\n" + c.yaml);
  kunlun::testing::expect_prepare_error(file, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Finance, TalentLoanErrors,
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
                         "12: policies.q.target: reaches agents that policy 'p' (also talent_loan) reaches"}),
    kunlun::testing::case_name);
