// The rule of pay (docs/ODD.md 7.4) on hand-made agents: net income worked out by hand from the
// scenario's numbers and the region table, and each lever moving it by exactly its amount.
#include <gtest/gtest.h>

#include "model/pay.h"
#include "process_harness.h"

using namespace kunlun;
using namespace kunlun::testing;

namespace {

// An intermediate-title enterprise employee in the grassroots county "remote" (wage level 1.1,
// housing-cost level 0.6, hardship class 5 in tests/data/rules/regions.csv), with the declared
// defaults: gross = 7000 x 1.1 (enterprise) x 1.1 (wage level) + 1600 (class 5) = 10070, housing =
// 1500 x 0.6 = 900, net = 10070 - 900 = 9170 CNY a month.
constexpr double kGross = 7000 * 1.1 * 1.1 + 1600;
constexpr double kNet = kGross - 1500 * 0.6;

struct PayBench {
  ProcessHarness h{kRulesScenario};
  int remote = h.county("remote");
  int cls = ClassLayout::encode(0, static_cast<int>(Level::mid), static_cast<int>(Title::intermediate), static_cast<int>(Origin::local));

  PayBench() {
    // The hand computation above rests on these inputs.
    const PayParams& p = h.scenario.behaviour.pay;
    EXPECT_EQ(p.base_monthly_cny[static_cast<std::size_t>(Title::intermediate)], 7000);
    EXPECT_EQ(p.employer_factor[static_cast<std::size_t>(Employer::enterprise)], 1.1);
    EXPECT_EQ(p.hardship_allowance_cny[5], 1600);
    EXPECT_EQ(p.market_rent_cny, 1500);
    const Region& r = h.regions.county(remote);
    EXPECT_EQ(r.wage_level, 1.1);
    EXPECT_EQ(r.housing_cost_level, 0.6);
    EXPECT_EQ(r.hardship_class, 5);
  }
  AgentRecord agent() const {
    AgentRecord r = h.typical(0);
    r.county = static_cast<std::uint16_t>(remote);
    r.employer = static_cast<std::uint8_t>(Employer::enterprise);
    return r;
  }
  // Net income of one agent like `r` after a month of pay.
  float pay(const AgentRecord& r) {
    const std::size_t i = h.add(r);
    Pay process;
    h.run(process);
    return h.agents.net_income[i];
  }
};

}  // namespace

TEST(PayRule, NetIncomeIsGrossPayLessHousingByTheScenariosNumbers) {
  PayBench b;
  EXPECT_NEAR(b.pay(b.agent()), kNet, 1e-3);
  EXPECT_NEAR(kNet, 9170, 1e-9);
}

TEST(PayRule, PayTopUpRaisesNetIncomeByExactlyItsAmount) {
  PayBench b;
  b.h.levers.add(Lever::pay_top_up_cny, b.remote, b.cls, 500.0f);
  EXPECT_NEAR(b.pay(b.agent()), kNet + 500, 1e-3);
}

// Support below support_threshold_share of base pay is not felt (FACTS: a living subsidy works
// only from about 15% of salary). Base pay here is the gross before top-ups, 10,070, so a share of
// 0.15 leaves the first 1,510.5 CNY of support unfelt: a 1,000 top-up counts for nothing, a 2,000
// rent subsidy for 489.5 of it, and support of several kinds counts together.
TEST(PayRule, SupportBelowTheThresholdShareOfBasePayIsNotFelt) {
  constexpr double kUnfelt = 0.15 * kGross;
  {
    PayBench b;
    b.h.scenario.behaviour.utility.support_threshold_share = 0.15;
    b.h.levers.add(Lever::pay_top_up_cny, b.remote, b.cls, 1000.0f);
    EXPECT_NEAR(b.pay(b.agent()), kNet, 1e-3);
  }
  {
    PayBench b;
    b.h.scenario.behaviour.utility.support_threshold_share = 0.15;
    b.h.levers.add(Lever::housing_benefit_cny, b.remote, b.cls, 2000.0f);
    EXPECT_NEAR(b.pay(b.agent()), kNet + 2000 - kUnfelt, 1e-3);
  }
  {
    PayBench b;
    b.h.scenario.behaviour.utility.support_threshold_share = 0.15;
    b.h.levers.add(Lever::pay_top_up_cny, b.remote, b.cls, 1000.0f);
    b.h.levers.add(Lever::housing_benefit_cny, b.remote, b.cls, 1000.0f);
    EXPECT_NEAR(b.pay(b.agent()), kNet + 2000 - kUnfelt, 1e-3);
  }
  // The function itself: nothing unfelt without support, and the floor at a fifth of gross pay.
  EXPECT_EQ(felt_income(kGross, 900, 0, 0, 1510.5), net_income(kGross, 900, 0));
  EXPECT_EQ(felt_income(1000, 5000, 0, 300, 150), 200);
}

TEST(PayRule, RentSubsidyAndApartmentDiscountLowerHousingCost) {
  PayBench b;
  b.h.levers.add(Lever::housing_benefit_cny, b.remote, b.cls, 300.0f);
  b.h.levers.add(Lever::apartment_discount_cny, b.remote, b.cls, 200.0f);
  AgentRecord tenant = b.agent();
  tenant.flags = agent_flag::apartment;
  const std::size_t renter = b.h.add(b.agent());
  const std::size_t housed = b.h.add(tenant);
  Pay process;
  b.h.run(process);
  // The discount counts only for the tenant of a talent apartment.
  EXPECT_NEAR(b.h.agents.net_income[renter], kNet + 300, 1e-3);
  EXPECT_NEAR(b.h.agents.net_income[housed], kNet + 300 + 200, 1e-3);
}

TEST(PayRule, VestingPurchaseGrantAddsItsMonthlyValueUntilVested) {
  PayBench b;
  const int today = b.h.date.index();
  AgentRecord vesting = b.agent();
  vesting.grant_cny = 60000;
  vesting.grant_vesting_months = 60;
  vesting.grant_month = today - 10;
  AgentRecord vested = vesting;
  vested.grant_month = today - 60;
  const std::size_t i = b.h.add(vesting), j = b.h.add(vested);
  Pay process;
  b.h.run(process);
  EXPECT_NEAR(b.h.agents.net_income[i], kNet + 60000.0 / 60, 1e-3);  // 1000 CNY a month for 60 months
  EXPECT_NEAR(b.h.agents.net_income[j], kNet, 1e-3);
}

TEST(PayRule, NetIncomeIsFlooredAtAFifthOfGrossPay) {
  PayBench b;
  b.h.scenario.behaviour.pay.market_rent_cny = 30000;  // rent 18000 > gross pay
  EXPECT_NEAR(b.pay(b.agent()), 0.2 * kGross, 1e-3);
}

TEST(PayRule, CountsHeadsAndThoseWithAnIncomeRisk) {
  PayBench b;
  AgentRecord institution = b.agent();
  institution.employer = static_cast<std::uint8_t>(Employer::institution);
  b.h.add(b.agent(), 3);    // enterprise: income risk 0.3
  b.h.add(institution, 2);  // institution: none
  const std::size_t gone = b.h.add(b.agent());
  b.h.agents.status[gone] = AgentStatus::retired;
  Pay process;
  b.h.run(process);
  const std::size_t cell = b.h.basis.index(b.remote, b.cls);
  EXPECT_EQ(b.h.basis.headcount[cell], 5);
  EXPECT_EQ(b.h.basis.at_risk_headcount[cell], 3);
}
