// Ageing and retirement: the statutory age by birth cohort under the 2025 reform.
#include <gtest/gtest.h>

#include <string>

#include "model/ageing_retirement.h"
#include "scenario/scenario.h"
#include <algorithm>
#include "process_harness.h"

using namespace kunlun;

namespace {
const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";
}  // namespace

TEST(Retirement, StatutoryAgeFollowsThe2025ReformByBirthCohort) {
  const RetirementParams p = load_scenario(kSmall).behaviour.retirement;
  // Men born before January 1965 retire at 60; the first reformed cohort waits one month; each
  // further four months of birth add one month; the delay stops at three years.
  EXPECT_EQ(retirement_age_months(p, Sex::male, YearMonth(1964, 12).index(), Title::junior), 720);
  EXPECT_EQ(retirement_age_months(p, Sex::male, YearMonth(1965, 1).index(), Title::junior), 721);
  EXPECT_EQ(retirement_age_months(p, Sex::male, YearMonth(1965, 5).index(), Title::junior), 722);
  EXPECT_EQ(retirement_age_months(p, Sex::male, YearMonth(1990, 1).index(), Title::junior), 756);
  EXPECT_EQ(retirement_age_months(p, Sex::female, YearMonth(1969, 12).index(), Title::intermediate), 660);
  EXPECT_EQ(retirement_age_months(p, Sex::female, YearMonth(1970, 1).index(), Title::intermediate), 661);
  // Senior titles serve senior_title_extra_years (5) longer.
  EXPECT_EQ(retirement_age_months(p, Sex::male, YearMonth(1964, 12).index(), Title::senior), 780);
}

// The rule on a small hand-made population (process_harness.h):
// The rule of ageing and retirement (docs/ODD.md 7.1) on hand-made agents: everyone active ages a
// month, and an agent retires in the month its age reaches the statutory age of its sex, birth
// cohort and title, computed here from the documented formula.

using namespace kunlun;
using namespace kunlun::testing;

namespace {

// R(sex, birth, title) of docs/ODD.md 7.1, written out independently of the engine.
int documented_retirement_age(const RetirementParams& p, Sex sex, int birth_index, Title title) {
  const bool female = sex == Sex::female;
  const double base = female ? p.female_age_years : p.male_age_years;
  const int first = (female ? p.reform_first_cohort_female : p.reform_first_cohort_male).index();
  const int delay = birth_index < first
                        ? 0
                        : std::min(p.max_delay_months, (birth_index - first) / p.birth_months_per_month_of_delay + 1);
  const double extra = title == Title::senior ? p.senior_title_extra_years : 0.0;
  return static_cast<int>(std::lround(12.0 * (base + extra))) + delay;
}

}  // namespace

TEST(AgeingAndRetirementRule, RetiresInTheMonthTheStatutoryAgeIsReached) {
  ProcessHarness h(kRulesScenario);
  h.set_step(4);  // 2026-05
  const RetirementParams& p = h.scenario.behaviour.retirement;
  ASSERT_EQ(p.male_age_years, 60);
  ASSERT_EQ(p.reform_first_cohort_male, YearMonth(1965, 1));
  ASSERT_EQ(p.birth_months_per_month_of_delay, 4);
  const int today = h.date.index();

  // A man born 1966-01 (after the first reformed cohort, 1965-01): delay floor(12 / 4) + 1 = 4
  // months, so he retires at 60 years and 4 months = 724 months, in 2026-05. Aged 723 months at
  // the end of April, he turns 724 this month and retires; a man born a month later (aged 722
  // after the month, two months short at its start) does not.
  AgentRecord due = h.typical(0);
  due.age_months = 723;
  const std::size_t retiring = h.add(due);
  AgentRecord younger = due;
  younger.age_months = 722;
  const std::size_t staying = h.add(younger);
  ASSERT_EQ(today - 724, YearMonth(1966, 1).index());
  ASSERT_EQ(documented_retirement_age(p, Sex::male, YearMonth(1966, 1).index(), Title::intermediate), 724);

  AgeingAndRetirement process;
  h.run(process);
  EXPECT_EQ(h.agents.status[retiring], AgentStatus::retired);
  EXPECT_EQ(h.agents.status[staying], AgentStatus::active);
  EXPECT_EQ(h.agents.age_months[retiring], 724);
  EXPECT_EQ(h.agents.age_months[staying], 723);
  EXPECT_EQ(h.flows.get(Flow::retirements, h.cells.index(0, 0, static_cast<int>(Level::mid))), 1);
}

TEST(AgeingAndRetirementRule, EveryAgeSexAndTitleRetiresByTheDocumentedFormula) {
  // Every month of 2026, and Januaries up to 2046 when the delay reaches its cap: the delay grows
  // with the birth month while the age falls, so a wrong delay can give the right threshold in
  // one month but not in all.
  std::vector<std::uint32_t> steps = {60, 120, 180, 240};
  for (std::uint32_t month = 0; month < 12; ++month) steps.push_back(month);
  for (const std::uint32_t month : steps) {
    ProcessHarness h(kRulesScenario);
    h.set_step(month);
    const RetirementParams& p = h.scenario.behaviour.retirement;
    const int today = h.date.index();
    // Every age from 50 to 70 years for both sexes and every title: the cohorts before the
    // reform, during its phase-in and past its cap, and the senior titles' extra years.
    struct Case {
      std::size_t index;
      bool retires;
    };
    std::vector<Case> cases;
    int expected_retirements = 0;
    for (int sex = 0; sex < kSexes; ++sex)
      for (int title = 0; title < kTitles; ++title)
        for (int age = 50 * 12; age <= 70 * 12; ++age) {
          AgentRecord r = h.typical(0);
          r.sex = static_cast<std::uint8_t>(sex);
          r.title = static_cast<std::uint8_t>(title);
          r.age_months = static_cast<std::uint16_t>(age);
          const int aged = age + 1;
          const bool retires =
              aged >= documented_retirement_age(p, static_cast<Sex>(sex), today - aged, static_cast<Title>(title));
          cases.push_back({h.add(r), retires});
          expected_retirements += retires;
        }
    // The grid spans the thresholds: some of every group retire and some do not.
    ASSERT_GT(expected_retirements, 0);
    ASSERT_LT(expected_retirements, static_cast<int>(cases.size()));

    AgeingAndRetirement process;
    h.run(process);
    int retired = 0;
    for (const Case& c : cases) {
      EXPECT_EQ(h.agents.status[c.index] == AgentStatus::retired, c.retires)
          << h.date.str() << " sex " << int(h.agents.sex[c.index]) << " title " << int(h.agents.title[c.index])
          << " age " << h.agents.age_months[c.index];
      retired += h.agents.status[c.index] == AgentStatus::retired;
    }
    EXPECT_EQ(retired, expected_retirements);
    std::int32_t tallied = 0;
    for (int cell = 0; cell < h.cells.size(); ++cell) tallied += h.flows.get(Flow::retirements, cell);
    EXPECT_EQ(tallied, expected_retirements);
  }
}

TEST(AgeingAndRetirementRule, EveryActiveAgentAgesOneMonthInAgeCountyAndTitle) {
  ProcessHarness h(kRulesScenario);
  AgentRecord r = h.typical(0);
  r.age_months = months(30);
  r.months_in_county = 17;
  r.months_in_title = 9;
  const std::size_t active = h.add(r, 100);
  const std::size_t gone = h.add(r, 10);
  for (std::size_t i = gone; i < gone + 10; ++i) h.agents.status[i] = AgentStatus::left_province;

  AgeingAndRetirement process;
  h.run(process);
  for (std::size_t i = active; i < active + 100; ++i) {
    EXPECT_EQ(h.agents.age_months[i], months(30) + 1);
    EXPECT_EQ(h.agents.months_in_county[i], 18);
    EXPECT_EQ(h.agents.months_in_title[i], 10);
    EXPECT_EQ(h.agents.status[i], AgentStatus::active);
  }
  // Agents who already left are skipped.
  for (std::size_t i = gone; i < gone + 10; ++i) EXPECT_EQ(h.agents.age_months[i], months(30));
}
