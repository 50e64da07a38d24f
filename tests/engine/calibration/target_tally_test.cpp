// Target values from a run against the same quantities computed another way: the summary's
// stock and graduate entrants (at full scale), a period outside the run left without a value,
// and a filtered turnover from the month's cells.
#include "calibration/target_tally.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "experiment/replication_record.h"
#include "testing/scenario_run_testing.h"

namespace kunlun {
namespace {

Target quantity(TargetQuantity q, const char* flow = "") {
  Target t;
  t.name = "target";
  t.quantity = q;
  t.flow.append(flow);
  t.from = YearMonth(2026, 1);
  t.to = YearMonth(2027, 12);
  t.simulated_from = t.from;
  t.simulated_to = t.to;
  t.at = YearMonth(2027, 12);
  t.sd = 1;
  return t;
}

TEST(TargetTally, ValuesAgreeWithTheSummaryAndTheSteps) {
  testing::OneThread one;
  const Scenario s = load_scenario(testing::kSmallScenario);
  auto layout = std::make_shared<RecordLayout>(InitialState::prepare(s));
  std::vector<Target> targets = {quantity(TargetQuantity::stock), quantity(TargetQuantity::entrants, "graduate"),
                                 quantity(TargetQuantity::flow, "outflow_external"),
                                 quantity(TargetQuantity::turnover)};
  targets[3].county_types = {"grassroots"};
  targets[3].fields = {"health"};
  targets.push_back(quantity(TargetQuantity::stock));
  targets.back().at = YearMonth(2030, 12);  // beyond the horizon
  targets.push_back(quantity(TargetQuantity::stock));
  targets.back().titles = {"associate_senior", "senior"};
  layout->targets = std::make_shared<const std::vector<Target>>(targets);
  layout->initial->plan_simulations(1);
  const ReplicationRecord r = record_replication(*layout, 0, false, nullptr, nullptr);
  const IndicatorLayout& il = *layout->indicators;
  const double scale = s.population.scale;
  EXPECT_DOUBLE_EQ(r.target_values[0], r.indicators[0][il.index("stock_end")] / scale);
  // Two years: a year's entrants are half of the run's.
  EXPECT_DOUBLE_EQ(r.target_values[1], r.indicators[0][il.index("inflow_graduate")] / scale / 2);
  EXPECT_DOUBLE_EQ(r.target_values[2], r.indicators[0][il.index("outflow_external")] / scale / 2);
  EXPECT_GT(r.target_values[3], 0.02);  // grassroots health workers move several percent a year
  EXPECT_LT(r.target_values[3], 0.3);
  EXPECT_TRUE(std::isnan(r.target_values[4]));
  const double senior = r.indicators[0][il.index("stock_end_title_associate_senior")] +
                        r.indicators[0][il.index("stock_end_title_senior")];
  EXPECT_DOUBLE_EQ(r.target_values[5], senior / scale);
}

// The month before the start is the initial stock, counted before the population is handed to
// the simulation; a rate observed before the start is read over the months simulated_over names.
TEST(TargetTally, TheMonthBeforeTheStartIsTheInitialStockAndRatesCanBeShifted) {
  testing::OneThread one;
  const Scenario s = load_scenario(testing::kSmallScenario);
  auto layout = std::make_shared<RecordLayout>(InitialState::prepare(s));
  const std::size_t initial_agents = layout->initial->initial_agents;
  std::vector<Target> targets = {quantity(TargetQuantity::stock), quantity(TargetQuantity::stock),
                                 quantity(TargetQuantity::turnover), quantity(TargetQuantity::turnover),
                                 quantity(TargetQuantity::turnover)};
  targets[0].at = s.start.plus_months(-1);
  targets[1].at = s.start.plus_months(-1);
  targets[1].titles = {"none", "junior", "intermediate", "associate_senior", "senior"};
  // Observed in 2005, set against the run's first year; the same as a target of that year.
  targets[2].from = YearMonth(2005, 1);
  targets[2].to = YearMonth(2005, 12);
  targets[2].simulated_from = s.start;
  targets[2].simulated_to = s.start.plus_months(11);
  targets[3].from = targets[3].simulated_from = s.start;
  targets[3].to = targets[3].simulated_to = s.start.plus_months(11);
  targets[4].from = targets[4].simulated_from = YearMonth(2005, 1);
  targets[4].to = targets[4].simulated_to = YearMonth(2005, 12);
  layout->targets = std::make_shared<const std::vector<Target>>(targets);
  layout->initial->plan_simulations(1);
  const ReplicationRecord r = record_replication(*layout, 0, false, nullptr, nullptr);
  EXPECT_DOUBLE_EQ(r.target_values[0], static_cast<double>(initial_agents) / s.population.scale);
  EXPECT_DOUBLE_EQ(r.target_values[1], r.target_values[0]);  // every agent holds one of the titles
  EXPECT_GT(r.target_values[2], 0);
  EXPECT_DOUBLE_EQ(r.target_values[2], r.target_values[3]);
  EXPECT_TRUE(std::isnan(r.target_values[4]));  // 2005 without simulated_over: not covered
}

}  // namespace
}  // namespace kunlun

namespace kunlun {
namespace {

// The shipped hindcast starts from the end-2008 stock with the capacity of its own time, keeps
// the health field's name, and the targets it can be set against get values.
TEST(Hindcast, StartsFrom2008WithTheCapacityOfItsTime) {
  testing::OneThread one;
  const auto file = testing::scenario_variant(
      "kunlun-hindcast-test", "hindcast-small",
      "horizon: {start: 2009-01, end: 2016-12}\nreplications: 1\npopulation: {scale: 0.02}\n",
      std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/hindcast.yaml");
  const Scenario s = load_scenario(file);
  EXPECT_EQ(s.population.total, 299900);
  auto layout = std::make_shared<RecordLayout>(InitialState::prepare(s));
  const auto& regions = layout->initial->regions;
  EXPECT_NE(std::find(regions.fields().begin(), regions.fields().end(), "health"), regions.fields().end());
  // 1.03^-17 of the table's 2026 capacity in 2009.
  double table = 0;
  for (int c = 0; c < regions.county_count(); ++c)
    for (const double j : regions.county(c).jobs) table += j;
  double capacity = 0;
  for (std::size_t cf = 0; cf < layout->initial->job_capacity.size(); ++cf)
    capacity += layout->initial->job_capacity[cf] + layout->initial->flexible_posts[cf];
  EXPECT_NEAR(capacity / (table * s.population.scale), std::pow(1.03, -17), 0.01);
  layout->targets = std::make_shared<const std::vector<Target>>(
      read_targets(std::string(KUNLUN_SOURCE_DIR) + "/scenarios/qinghai/targets.yaml", regions));
  layout->initial->plan_simulations(1);
  const ReplicationRecord r = record_replication(*layout, 0, false, nullptr, nullptr);
  std::vector<std::string> covered;
  for (std::size_t k = 0; k < layout->targets->size(); ++k)
    if (std::isfinite(r.target_values[k])) covered.push_back((*layout->targets)[k].name);
  // To 2016: the 2008 stocks (the initial stock), the rates of 1998-2005 read over 2009-2011, and
  // the two figures of 2013 and 2016; not the stocks of 1998-2006 nor Xining's of 2020.
  EXPECT_EQ(covered, (std::vector<std::string>{"talent_stock_2008", "professional_technical_2008",
                                               "health_technical_2013", "sci_tech_outflow_1998_2002",
                                               "township_health_leaving_2005", "community_health_leaving_2005",
                                               "graduates_staying_2016"}));
}

}  // namespace
}  // namespace kunlun
