// Job capacity over time: the region table's posts describe population.jobs_year and grow each
// January by population.jobs_growth_per_year; without growth they are the table's, every year.
#include "model/initial_state.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/simulation.h"
#include "testing/scenario_run_testing.h"

namespace kunlun {
namespace {

std::int64_t total(const std::vector<std::int32_t>& v) {
  std::int64_t s = 0;
  for (const auto x : v) s += x;
  return s;
}

TEST(JobCapacity, GrowsEachJanuaryFromTheTablesYear) {
  testing::OneThread one;
  const Scenario flat = load_scenario(testing::kSmallScenario);
  const auto flat_state = InitialState::prepare(flat);
  EXPECT_EQ(flat_state->job_capacity_in(2035), flat_state->job_capacity);  // no growth: the table's
  // The table describes 2030; 5% a year: 2026 has 1.05^-4 of its posts, 2027 1.05^-3.
  const auto file = testing::scenario_variant("kunlun-capacity-test", "growing",
                                              "population: {jobs_year: 2030, jobs_growth_per_year: 0.05}\n");
  const Scenario growing = load_scenario(file);
  const auto state = InitialState::prepare(growing);
  const double table = static_cast<double>(total(flat_state->job_capacity) + total(flat_state->flexible_posts));
  const double in_2026 = static_cast<double>(total(state->job_capacity) + total(state->flexible_posts));
  EXPECT_NEAR(in_2026 / table, std::pow(1.05, -4), 0.01);
  state->plan_simulations(1);
  Simulation sim(state, 0);
  std::int64_t december = 0, january = 0;
  while (!sim.finished()) {
    const StepResult& step = sim.step();
    if (step.date == YearMonth(2026, 12)) december = total(step.posts);
    if (step.date == YearMonth(2027, 1)) january = total(step.posts);
  }
  // Posts are capacity plus the ventures' posts: the jump in January is the capacity's.
  const double expected_jump = static_cast<double>(total(state->job_capacity_in(2027)) - total(state->job_capacity));
  EXPECT_NEAR(static_cast<double>(january - december), expected_jump, 0.05 * expected_jump);
  EXPECT_GT(expected_jump, 0.04 * in_2026);
}

TEST(JobCapacity, AGrowthRateOutsideItsRangeIsRefused) {
  const auto file = testing::scenario_variant("kunlun-capacity-test", "too-fast", "population: {jobs_growth_per_year: 0.5}\n");
  const InputError e = testing::error_of([&] { load_scenario(file); });
  EXPECT_EQ(e.key(), "population.jobs_growth_per_year");
}

}  // namespace
}  // namespace kunlun
