#include "model/ageing_retirement.h"

#include <algorithm>
#include <cmath>

#include "model/cohort_departure.h"

namespace kunlun {

int retirement_age_months(const RetirementParams& p, Sex sex, int birth_month_index, Title title) {
  const bool female = sex == Sex::female;
  const double base_years = female ? p.female_age_years : p.male_age_years;
  const YearMonth first = female ? p.reform_first_cohort_female : p.reform_first_cohort_male;
  int delay = 0;
  if (birth_month_index >= first.index()) {
    // The first reformed cohort waits one month; each further `birth_months_per_month_of_delay`
    // months of birth add one more, up to the cap.
    delay = std::min(p.max_delay_months,
                     (birth_month_index - first.index()) / p.birth_months_per_month_of_delay + 1);
  }
  const double extra = title == Title::senior ? p.senior_title_extra_years : 0.0;
  return static_cast<int>(std::lround((base_years + extra) * 12.0)) + delay;
}

RetirementThresholds retirement_thresholds(const RetirementParams& p, int today) {
  RetirementThresholds t{};
  for (int s = 0; s < kSexes; ++s)
    for (int title = 0; title < kTitles; ++title) {
      // No one retires before the base age (delays and extra years only add), and the delay is
      // capped, so the threshold lies within max_delay_months of it.
      const auto sex = static_cast<Sex>(s);
      int age = retirement_age_months(p, sex, 0, static_cast<Title>(title));
      while (age < retirement_age_months(p, sex, today - age, static_cast<Title>(title))) ++age;
      t[static_cast<std::size_t>(s)][static_cast<std::size_t>(title)] = age;
    }
  return t;
}

void AgeingAndRetirement::prepare(StepContext& ctx) {
  thresholds_ = retirement_thresholds(ctx.scenario.behaviour.retirement, ctx.date.index());
}

void AgeingAndRetirement::visit(StepContext& ctx, AgentBlock block) {
  AgentStore& a = ctx.agents;
  const CellLayout cells = ctx.cells;
  const int today = ctx.date.index(), run_start = ctx.scenario.start.index();
  FlowTally& tally = ctx.tallies.local(block.thread);
  for (std::int64_t i = block.begin; i < block.end; ++i) {
    if (a.status[i] != AgentStatus::active) continue;
    const int age = a.age_months[i] + 1;
    a.age_months[i] = static_cast<std::uint16_t>(age);
    a.months_in_county[i] = static_cast<std::uint16_t>(a.months_in_county[i] + 1);
    a.months_in_title[i] = static_cast<std::uint16_t>(a.months_in_title[i] + 1);
    if (age >= thresholds_[a.sex[i]][a.title[i]]) {
      a.status[i] = AgentStatus::retired;
      tally.add(Flow::retirements, cells.index(a.county[i], a.field[i], a.level[i]));
      count_cohort_departure(tally, a, static_cast<std::size_t>(i), today, run_start, true);
    }
  }
}

// The factory its line in the schedule names (model/schedule.cpp).
std::unique_ptr<Process> make_ageing_and_retirement() { return std::make_unique<AgeingAndRetirement>(); }

}  // namespace kunlun
