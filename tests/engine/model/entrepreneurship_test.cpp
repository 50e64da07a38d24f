// The rules of entrepreneurship (docs/ODD.md 7.8) on hand-made agents: employees start ventures
// at the monthly rate of the yearly one, a talent loan raises it, only eligible employees start;
// ventures fail at their rate, equity investment's lever lowers it, and a failed owner returns to
// employment with the loan written off; equity funds pick the ventures of their order.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "model/entrepreneurship.h"
#include "model/personal_traits.h"
#include "process_harness.h"

using namespace kunlun;
using namespace kunlun::testing;

namespace {

// A start rate that gives counts worth testing in 20,000 agents: m(0.6) = 0.0735 a month, about
// 1,470 starts (binomial standard deviation 37), which tells m(s) = 1 - (1 - s)^(1/12) from s / 12
// (1,000). The declared default (0.004) would give 7.
constexpr double kStartRate = 0.6;
// Likewise for failures (the declared 0.15 gives m = 0.0134, too close to 0.15 / 12 to tell apart).
constexpr double kFailureRate = 0.6;
constexpr int kN = 20000;

struct VentureBench {
  ProcessHarness h{kRulesScenario};
  int capital = h.county("capital");
  AgentRecord employee = h.typical(0);
  int cls = ClassLayout::encode(employee.field, employee.level, employee.title, employee.origin);

  VentureBench() {
    h.scenario.behaviour.entrepreneurship.annual_start_rate = kStartRate;
    h.scenario.behaviour.entrepreneurship.annual_failure_rate = kFailureRate;
  }
  AgentRecord owner() const {
    AgentRecord r = employee;
    r.employer = static_cast<std::uint8_t>(Employer::venture);
    r.venture_month = h.date.index() - 12;
    return r;
  }
  void run() {
    Entrepreneurship process;
    h.run(process);
  }
  bool runs_venture(std::size_t i) const { return h.agents.employer[i] == static_cast<std::uint8_t>(Employer::venture); }
  int ventures(std::size_t first, int n) const {
    int count = 0;
    for (std::size_t i = first; i < first + static_cast<std::size_t>(n); ++i) count += runs_venture(i);
    return count;
  }
};

}  // namespace

TEST(EntrepreneurshipRule, EmployeesStartVenturesAtTheMonthlyRate) {
  VentureBench b;
  const std::size_t first = b.h.add(b.employee, kN);
  b.run();
  const double m = monthly_probability(kStartRate);
  const int started = b.ventures(first, kN);
  EXPECT_NEAR(started, kN * m, 6 * binomial_sd(kN, m));
  for (std::size_t i = first; i < first + kN; ++i)
    if (b.runs_venture(i)) {
      EXPECT_EQ(b.h.agents.venture_month[i], b.h.date.index());
      EXPECT_FALSE(b.h.agents.has(i, agent_flag::loan));  // no loan on offer
    }
}

TEST(EntrepreneurshipRule, ATalentLoanRaisesStartsAndIsBookedAsABalance) {
  // The same employees with and without a 300,000 CNY loan on offer: the log-odds rise by
  // 0.5 x ln(1 + 3) = 0.69, so everyone who started without a loan starts with one too.
  const auto starts = [](float loan) {
    VentureBench b;
    b.h.levers.add(Lever::loan_amount_cny, b.capital, b.cls, loan);
    b.h.levers.add(Lever::loan_term_months, b.capital, b.cls, 36.0f);
    b.h.add(b.employee, kN);
    b.run();
    std::vector<bool> started(kN);
    for (std::size_t i = 0; i < started.size(); ++i) started[i] = b.runs_venture(i);
    int with_loan = 0;
    for (std::size_t i = 0; i < started.size(); ++i) {
      if (!started[i] || loan == 0) continue;
      ++with_loan;
      EXPECT_TRUE(b.h.agents.has(i, agent_flag::loan));
      EXPECT_EQ(b.h.agents.loan_cny[i], 300000);
      EXPECT_EQ(b.h.agents.loan_until[i], b.h.date.index() + 36);
    }
    EXPECT_EQ(b.h.basis.loan_balance_cny[b.h.basis.index(b.capital, b.cls)], 300000LL * with_loan);
    return started;
  };
  const std::vector<bool> without = starts(0.0f), with = starts(300000.0f);
  int before = 0, after = 0;
  for (std::size_t i = 0; i < without.size(); ++i) {
    before += without[i];
    after += with[i];
    if (without[i]) { EXPECT_TRUE(with[i]) << "agent " << i; }
  }
  const double p = logistic(log_odds(monthly_probability(kStartRate)) + 0.5 * std::log(4.0));
  EXPECT_NEAR(after, kN * p, 6 * binomial_sd(kN, p));
  EXPECT_GT(after, before);
}

TEST(EntrepreneurshipRule, OnlyEmployeesOfStartingAgeWithoutBondOrTermStart) {
  VentureBench b;
  b.h.scenario.behaviour.entrepreneurship.annual_start_rate = 0.9;  // m = 0.175: 350 of 2,000 if eligible
  constexpr int kGroup = 2000;
  AgentRecord r = b.employee;
  r.age_months = months(25) - 1;  // a month short of min_age_years
  const std::size_t young = b.h.add(r, kGroup);
  r.age_months = months(55);  // max_age_years is excluded
  const std::size_t old = b.h.add(r, kGroup);
  r = b.employee;
  r.bond_until = b.h.date.index() + 1;
  const std::size_t bonded = b.h.add(r, kGroup);
  r = b.employee;
  r.origin = static_cast<std::uint8_t>(Origin::paired_cadre);
  const std::size_t cadres = b.h.add(r, kGroup);
  r.origin = static_cast<std::uint8_t>(Origin::flexible);
  const std::size_t flexible = b.h.add(r, kGroup);
  r = b.employee;
  r.age_months = months(25);  // just old enough
  const std::size_t eligible = b.h.add(r, kGroup);
  b.run();
  EXPECT_EQ(b.ventures(young, kGroup), 0);
  EXPECT_EQ(b.ventures(old, kGroup), 0);
  EXPECT_EQ(b.ventures(bonded, kGroup), 0);
  EXPECT_EQ(b.ventures(cadres, kGroup), 0);
  EXPECT_EQ(b.ventures(flexible, kGroup), 0);
  const double m = monthly_probability(0.9);
  EXPECT_NEAR(b.ventures(eligible, kGroup), kGroup * m, 6 * binomial_sd(kGroup, m));
}

TEST(EntrepreneurshipRule, VenturesFailAtTheirRateAndTheOwnerReturnsToEmploymentWithoutTheLoan) {
  VentureBench b;
  AgentRecord r = b.owner();
  r.flags = agent_flag::loan;
  r.loan_cny = 100000;
  r.loan_until = b.h.date.index() + 24;
  const std::size_t owners = b.h.add(r, kN);
  b.run();
  const double m = monthly_probability(kFailureRate);  // 0.0735: about 1,470 failures, sd 37
  int failed = 0;
  for (std::size_t i = owners; i < owners + kN; ++i) {
    if (b.runs_venture(i)) {
      EXPECT_EQ(b.h.agents.loan_cny[i], 100000);
      continue;
    }
    ++failed;
    EXPECT_EQ(b.h.agents.employer[i], static_cast<std::uint8_t>(Employer::enterprise));
    EXPECT_FALSE(b.h.agents.has(i, agent_flag::loan));
    EXPECT_EQ(b.h.agents.loan_cny[i], 0);
    EXPECT_EQ(b.h.agents.status[i], AgentStatus::active);  // back to employment, not out
  }
  EXPECT_NEAR(failed, kN * m, 6 * binomial_sd(kN, m));
  // The surviving ventures' loans are the month's balance.
  EXPECT_EQ(b.h.basis.loan_balance_cny[b.h.basis.index(b.capital, b.cls)], 100000LL * (kN - failed));
}

TEST(EntrepreneurshipRule, FundedVenturesFailLessUnderTheFailureLeverAndLoansEndAtTheirTerm) {
  VentureBench b;
  b.h.levers.add(Lever::venture_failure_log_odds, b.capital, b.cls, -1.5f);
  AgentRecord funded = b.owner();
  funded.flags = agent_flag::funded;
  // 50,000 funded ventures: a failure chance of 0.0174, 870 (6 sd = 175), tells the lever's -1.5
  // from -1.2 (1,170).
  constexpr int kFunded = 50000;
  const std::size_t first_funded = b.h.add(funded, kFunded);
  AgentRecord repaid = b.owner();  // unfunded: the lever does not reach it
  repaid.flags = agent_flag::loan;
  repaid.loan_cny = 50000;
  repaid.loan_until = b.h.date.index();  // the term ends this month
  const std::size_t first_repaid = b.h.add(repaid, kN);
  b.run();
  const double m = monthly_probability(kFailureRate);
  const double p_funded = logistic(log_odds(m) - 1.5);
  EXPECT_NEAR(kFunded - b.ventures(first_funded, kFunded), kFunded * p_funded, 6 * binomial_sd(kFunded, p_funded));
  EXPECT_NEAR(kN - b.ventures(first_repaid, kN), kN * m, 6 * binomial_sd(kN, m));
  for (std::size_t i = first_repaid; i < first_repaid + kN; ++i) {
    EXPECT_FALSE(b.h.agents.has(i, agent_flag::loan));
    EXPECT_EQ(b.h.agents.loan_cny[i], 0);
  }
  EXPECT_EQ(b.h.basis.loan_balance_cny[b.h.basis.index(b.capital, b.cls)], 0);
}

TEST(EntrepreneurshipRule, EquityFundsInvestInTheOrderedNumberOfUnfundedVenturesInTheirTarget) {
  VentureBench b;
  b.h.scenario.behaviour.entrepreneurship.annual_failure_rate = 0;  // no failure clears a fund's pick
  AgentRecord r = b.owner();
  const std::size_t targeted = b.h.add(r, 100);
  AgentRecord already = r;
  already.flags = agent_flag::funded;
  const std::size_t funded_before = b.h.add(already, 100);
  AgentRecord elsewhere = r;
  elsewhere.county = static_cast<std::uint16_t>(b.h.county("town"));
  const std::size_t outside_target = b.h.add(elsewhere, 100);
  const std::size_t employees = b.h.add(b.employee, 100);  // in the target but no venture

  std::vector<std::uint8_t> target(static_cast<std::size_t>(b.h.regions.county_count()) * b.h.levers.classes(), 0);
  target[b.h.basis.index(b.capital, b.cls)] = 1;
  SelectionOrder order;
  order.kind = SelectionOrder::Kind::invest;
  order.payer = 2;
  order.count = 7;
  order.eligible = &target;
  b.h.levers.selections.push_back(order);
  b.run();
  const auto funded = [&](std::size_t first) {
    int n = 0;
    for (std::size_t i = first; i < first + 100; ++i) n += b.h.agents.has(i, agent_flag::funded);
    return n;
  };
  EXPECT_EQ(funded(targeted), 7);
  EXPECT_EQ(funded(funded_before), 100);
  EXPECT_EQ(funded(outside_target), 0);
  EXPECT_EQ(funded(employees), 0);
  EXPECT_EQ(b.h.basis.selected[b.h.basis.order_index(2, b.capital)], 7);
}
