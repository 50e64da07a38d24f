// Cohort retention: departures counted by the anniversary they precede, for the cohorts followed
// long enough.
#include <gtest/gtest.h>

#include <cmath>

#include "experiment/cohort_retention.h"
#include "testing/scenario_run_testing.h"

using namespace kunlun;

TEST(CohortRetention, CountsDeparturesByTheAnniversaryTheyPrecede) {
  const auto initial = InitialState::prepare(load_scenario(kunlun::testing::kSmallScenario));  // 2026-01..2027-12
  const auto groups = reporting_groups(initial->regions);
  CohortRetention retention(*initial, groups);
  StepResult step;
  step.flows = initial->empty_tally();
  // Ten recruits arrive in county 0 in January 2026, and two rotating cadres who are not followed.
  step.date = YearMonth(2026, 1);
  step.flows.add_entry(0, EntrySource::graduate, 10);
  step.flows.add_entry(0, EntrySource::paired_assistance, 2);
  retention.add_step(step);
  // January 2027 (12 months on): one leaves the province, within the first year.
  step.flows.clear();
  step.date = YearMonth(2027, 1);
  step.flows.add_cohort_loss(0, 12, CohortLoss::province);
  step.flows.add_cohort_loss(0, 12, CohortLoss::county);
  retention.add_step(step);
  // February 2027 (13 months on): one moves to another county, after the first anniversary.
  step.flows.clear();
  step.date = YearMonth(2027, 2);
  step.flows.add_cohort_loss(0, 13, CohortLoss::county);
  retention.add_step(step);

  const auto rows = retention.rows();
  // The 2026 cohort is followed for one full year by 2027-12; the 2027 cohort is not.
  const CohortRetention::Row* province = nullptr;
  for (const auto& r : rows) {
    EXPECT_EQ(r.cohort, 2026);
    EXPECT_EQ(r.years, 1);
    if (r.group == 0) province = &r;
  }
  ASSERT_NE(province, nullptr);
  EXPECT_EQ(province->entrants, 10);
  EXPECT_EQ(province->in_province, 9);
  EXPECT_EQ(province->in_county, 9);
  EXPECT_DOUBLE_EQ(CohortRetention::pooled(rows, 0, 1, CohortLoss::province), 0.9);
  EXPECT_TRUE(std::isnan(CohortRetention::pooled(rows, 0, 3, CohortLoss::province)));
}

// The initial stock is not a cohort: an initial agent with no tenure in its county once counted
// among the first month's losses but not its entrants, and the 2026 cohort came out with fewer
// talents in their county of entry than none.
TEST(CohortRetention, EveryCohortKeepsBetweenNoneAndAllOfItsEntrants) {
  kunlun::testing::OneThread one;
  const Scenario s = load_scenario(kunlun::testing::kSmallScenario);
  const auto initial = InitialState::prepare(s);
  initial->plan_simulations(1);
  const auto groups = reporting_groups(initial->regions);
  CohortRetention retention(*initial, groups);
  Simulation sim(initial, 0);
  // Every initial agent arrived before the first simulated month, even with no tenure.
  const AgentStore& stock = sim.agents();
  int no_tenure = 0;
  for (std::size_t i = 0; i < stock.size(); ++i) {
    ASSERT_LT(stock.entry_month[i], s.start.index()) << "initial agent " << i;
    no_tenure += stock.months_in_county[i] == 0 ? 1 : 0;
  }
  EXPECT_GT(no_tenure, 0);  // the case the rule is for exists
  while (!sim.finished()) retention.add_step(sim.step());
  const auto rows = retention.rows();
  ASSERT_FALSE(rows.empty());
  bool first_cohort = false;
  for (const auto& r : rows) {
    EXPECT_GE(r.in_county, 0) << r.cohort << " " << groups[r.group].code << " " << r.years;
    EXPECT_LE(r.in_county, r.in_province) << r.cohort << " " << groups[r.group].code;
    EXPECT_LE(r.in_province, r.entrants) << r.cohort << " " << groups[r.group].code;
    first_cohort = first_cohort || r.cohort == 2026;
  }
  EXPECT_TRUE(first_cohort);
}
