// The rule of title evaluation (docs/ODD.md 7.2) on hand-made candidates: eligibility by years in
// title, promotion at the documented chance in the evaluation month, the paper requirement, the
// degree bar and the post quota, which goes to the best scores.
#include <gtest/gtest.h>

#include <cmath>

#include "model/personal_traits.h"
#include "model/title_evaluation.h"
#include "process_harness.h"

using namespace kunlun;
using namespace kunlun::testing;

namespace {

struct TitleBench {
  ProcessHarness h{kRulesScenario};
  int capital = h.county("capital");

  TitleBench() {
    EXPECT_EQ(h.scenario.behaviour.titles.evaluation_month, 10);
    h.set_step(9);  // 2026-10, the evaluation month
  }
  // Candidates of one title and education in the capital district (quota by the defaults).
  AgentRecord candidate(Title title, Education education, int months_in_title, int field = 0) const {
    AgentRecord r = h.typical(0);
    r.county = static_cast<std::uint16_t>(capital);
    r.field = static_cast<std::uint8_t>(field);
    r.title = static_cast<std::uint8_t>(title);
    r.education = static_cast<std::uint8_t>(education);
    r.months_in_title = static_cast<std::uint16_t>(months_in_title);
    return r;
  }
  int cls(const AgentRecord& r) const { return ClassLayout::encode(r.field, r.level, r.title, r.origin); }
  // How many of [first, first + n) now hold `title`, with their months in title restarted.
  int promoted(std::size_t first, int n, Title title) const {
    int count = 0;
    for (std::size_t i = first; i < first + static_cast<std::size_t>(n); ++i)
      if (h.agents.title[i] == static_cast<std::uint8_t>(title)) {
        EXPECT_EQ(h.agents.months_in_title[i], 0);
        ++count;
      }
    return count;
  }
  void run() {
    TitleEvaluation process;
    h.run(process);
  }
};

}  // namespace

TEST(TitleEvaluationRule, EligibleCandidatesArePromotedAtTheDocumentedChanceAndThoseShortOfTheYearsAreNot) {
  TitleBench b;
  const TitleParams& t = b.h.scenario.behaviour.titles;
  // To junior with a bachelor's degree: at least min_years = 1 year in title. Three years in
  // title is one year of seniority past the typical 2-year wait: score 0 with average performance,
  // so each passes with logistic(log_odds.junior) (no paper rule below associate senior), and the
  // junior quota of a capital district (1.0) admits all who pass.
  ASSERT_EQ(t.min_years[0][static_cast<std::size_t>(Education::bachelor)], 1);
  ASSERT_EQ(t.quota[0][0], 1.0);
  constexpr int kEligible = 20000, kShort = 2000;
  const std::size_t eligible = b.h.add(b.candidate(Title::none, Education::bachelor, 36), kEligible);
  const std::size_t short_of_years = b.h.add(b.candidate(Title::none, Education::bachelor, 11), kShort);
  // The same eleven months with a year cut off the minimum by a lever (another field's class).
  const AgentRecord cut = b.candidate(Title::none, Education::bachelor, 11, 1);
  const std::size_t cut_short = b.h.add(cut, kShort);
  b.h.levers.add(Lever::title_min_years_cut, b.capital, b.cls(cut), 1.0f);
  // Paired cadres and flexible talents hold their titles at home: never evaluated here.
  AgentRecord cadre = b.candidate(Title::none, Education::bachelor, 36);
  cadre.origin = static_cast<std::uint8_t>(Origin::paired_cadre);
  const std::size_t cadres = b.h.add(cadre, 500);
  cadre.origin = static_cast<std::uint8_t>(Origin::flexible);
  const std::size_t flexible = b.h.add(cadre, 500);
  b.run();

  const double p = logistic(t.log_odds[0]);  // 0.881
  // Binomial count: within 6 standard deviations (about 46 here) but for a chance below 1e-8.
  EXPECT_NEAR(b.promoted(eligible, kEligible, Title::junior), kEligible * p, 6 * binomial_sd(kEligible, p));
  EXPECT_EQ(b.promoted(short_of_years, kShort, Title::junior), 0);
  // 11/12 year against a minimum of 0 with the cut: eligible, score 0.7 x (11/12 - 2) / 2 < 0.
  const double p_cut = logistic(t.log_odds[0] + t.score_log_odds * (1 - t.performance_weight) * (11.0 / 12 - 0 - 2) / 2);
  EXPECT_NEAR(b.promoted(cut_short, kShort, Title::junior), kShort * p_cut, 6 * binomial_sd(kShort, p_cut));
  EXPECT_EQ(b.promoted(cadres, 500, Title::junior), 0);
  EXPECT_EQ(b.promoted(flexible, 500, Title::junior), 0);
}

TEST(TitleEvaluationRule, NoEvaluationOutsideTheEvaluationMonth) {
  TitleBench b;
  b.h.set_step(8);  // 2026-09
  const std::size_t first = b.h.add(b.candidate(Title::none, Education::bachelor, 36), 1000);
  b.run();
  EXPECT_EQ(b.promoted(first, 1000, Title::junior), 0);
}

TEST(TitleEvaluationRule, PaperRequirementPassesItsShareUnlessALeverWaivesIt) {
  TitleBench b;
  TitleParams& t = b.h.scenario.behaviour.titles;
  t.quota[0][2] = 1.0;  // no binding quota: this test is about the paper rule alone
  // To associate senior with a bachelor's degree: minimum 5 years; 7 years give score 0. The
  // chance is paper_pass_share x logistic(log_odds.associate_senior) = 0.6 x 0.378.
  ASSERT_EQ(t.min_years[2][static_cast<std::size_t>(Education::bachelor)], 5);
  constexpr int kN = 20000;
  const AgentRecord paper = b.candidate(Title::intermediate, Education::bachelor, 7 * 12, 0);
  const AgentRecord waived = b.candidate(Title::intermediate, Education::bachelor, 7 * 12, 1);
  const std::size_t with_paper = b.h.add(paper, kN);
  const std::size_t without = b.h.add(waived, kN);
  b.h.levers.add(Lever::title_paper_waived, b.capital, b.cls(waived), 1.0f);
  b.run();
  const double p = t.paper_pass_share * logistic(t.log_odds[2]), p_waived = logistic(t.log_odds[2]);
  EXPECT_NEAR(b.promoted(with_paper, kN, Title::associate_senior), kN * p, 6 * binomial_sd(kN, p));
  EXPECT_NEAR(b.promoted(without, kN, Title::associate_senior), kN * p_waived, 6 * binomial_sd(kN, p_waived));
}

TEST(TitleEvaluationRule, QuotaAdmitsTheBestScoresAndSpecialPostsGoBeyondIt) {
  TitleBench b;
  const TitleParams& t = b.h.scenario.behaviour.titles;
  const double quota = t.quota[0][2];  // capital district, associate senior: 0.35
  ASSERT_EQ(quota, 0.35);
  // Half the candidates perform two standard deviations above average, half two below (score
  // +-0.6 with performance weight 0.3). Log-odds raised by 3 and the paper waived, so that most of
  // either half passes: logistic(2.5 + 0.9) = 0.968 and logistic(2.5 - 0.9) = 0.832.
  constexpr int kHalf = 10000;
  AgentRecord high = b.candidate(Title::intermediate, Education::bachelor, 7 * 12, 0);
  high.performance = 64;
  AgentRecord low = high;
  low.performance = -64;
  const std::size_t highs = b.h.add(high, kHalf), lows = b.h.add(low, kHalf);
  // The same candidates in the second field, whose class has special posts.
  high.field = low.field = 1;
  const std::size_t special_highs = b.h.add(high, kHalf), special_lows = b.h.add(low, kHalf);
  for (int field = 0; field < 2; ++field) {
    const int cls = b.cls(b.candidate(Title::intermediate, Education::bachelor, 0, field));
    b.h.levers.add(Lever::title_log_odds, b.capital, cls, 3.0f);
    b.h.levers.add(Lever::title_paper_waived, b.capital, cls, 1.0f);
    if (field == 1) b.h.levers.add(Lever::title_special_posts, b.capital, cls, 1.0f);
  }
  b.run();
  // The quota counts every eligible candidate of the county and next title, special posts or not:
  // floor(0.35 x 40,000) = 14,000 places. About 0.968 x 10,000 + 0.832 x 10,000 = 18,000 of the
  // candidates within the quota pass (standard deviation 41), more than the places: the places go
  // to all who passed of the high half (about 9,680) and the rest to the low half. Were they drawn
  // at random among those who passed, the high half would get about 7,500.
  const int places = static_cast<int>(std::floor(quota * 4 * kHalf + 1e-9));
  const double p_high = logistic(t.log_odds[2] + 3 + t.score_log_odds * t.performance_weight * 2);
  const double p_low = logistic(t.log_odds[2] + 3 - t.score_log_odds * t.performance_weight * 2);
  const int promoted_high = b.promoted(highs, kHalf, Title::associate_senior);
  const int promoted_low = b.promoted(lows, kHalf, Title::associate_senior);
  // All who passed in the high half are promoted before any of the low half.
  EXPECT_NEAR(promoted_high, kHalf * p_high, 6 * binomial_sd(kHalf, p_high));
  EXPECT_EQ(promoted_high + promoted_low, places);
  // Special posts: everyone who passed, beyond the quota.
  EXPECT_NEAR(b.promoted(special_highs, kHalf, Title::associate_senior), kHalf * p_high, 6 * binomial_sd(kHalf, p_high));
  EXPECT_NEAR(b.promoted(special_lows, kHalf, Title::associate_senior), kHalf * p_low, 6 * binomial_sd(kHalf, p_low));
}

TEST(TitleEvaluationRule, CollegeDiplomaBarsTheDegreeTitleUnlessALeverWaivesIt) {
  TitleBench b;
  ASSERT_EQ(b.h.scenario.behaviour.titles.degree_required_from, Title::senior);
  constexpr int kN = 2000;
  const AgentRecord barred = b.candidate(Title::associate_senior, Education::college, 10 * 12, 0);
  const AgentRecord waived = b.candidate(Title::associate_senior, Education::college, 10 * 12, 1);
  const std::size_t first_barred = b.h.add(barred, kN), first_waived = b.h.add(waived, kN);
  b.h.levers.add(Lever::title_degree_waived, b.capital, b.cls(waived), 1.0f);
  b.run();
  EXPECT_EQ(b.promoted(first_barred, kN, Title::senior), 0);
  // Waived: eligible, 10 years against a minimum of 5 give score 0.7 x (10 - 5 - 2) / 2 = 1.05
  // and the chance 0.6 x logistic(-1.2 + 1.5 x 1.05) = 0.356: about 711 of 2,000 pass (standard
  // deviation 21), more than the floor(0.25 x 2,000) = 500 places of the senior quota. The barred
  // candidates are not eligible, so they do not count in the quota.
  EXPECT_EQ(b.promoted(first_waived, kN, Title::senior), 500);
}
