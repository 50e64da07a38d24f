// Ageing and retirement: the statutory age by birth cohort under the 2025 reform.
#include <gtest/gtest.h>

#include <string>

#include "model/ageing_retirement.h"
#include "scenario/scenario.h"

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
