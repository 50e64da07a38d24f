// The rule of title evaluation (docs/ODD.md 7.2) on hand-made candidates: eligibility by years in
// title, promotion at the documented chance in the evaluation month, the paper requirement, the
// degree bar and the post structure, whose free posts go to the best scores.
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
  // Candidates of one title and education in the capital district (posts by the defaults).
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
  // so each passes with logistic(log_odds.junior) (no paper rule below associate senior), and
  // junior posts (every title-system post of a capital district: share 1) admit all who pass.
  ASSERT_EQ(t.min_years[0][static_cast<std::size_t>(Education::bachelor)], 1);
  ASSERT_EQ(t.post_share[0][0], 1.0);
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
  // Managers and skilled workers outside the title system: never evaluated either.
  AgentRecord manager = b.candidate(Title::none, Education::bachelor, 36);
  manager.flags = agent_flag::outside_titles;
  const std::size_t managers = b.h.add(manager, 500);
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
  EXPECT_EQ(b.promoted(managers, 500, Title::junior), 0);
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
  t.post_share[0][2] = 1.0;  // posts never bind: this test is about the paper rule alone
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

TEST(TitleEvaluationRule, FreePostsGoToTheBestScoresAndSpecialPostsGoBeyondThem) {
  TitleBench b;
  TitleParams& t = b.h.scenario.behaviour.titles;
  t.post_share[0][2] = 0.35;  // capital district: 35% of staff may be associate senior or above
  // Half the candidates perform two standard deviations above average, half two below (score
  // +-0.6 with performance weight 0.3). Log-odds raised by 3 and the paper waived, so that most of
  // either half passes: logistic(2.5 + 0.9) = 0.968 and logistic(2.5 - 0.9) = 0.832.
  constexpr int kHalf = 10000, kHolders = 1000;
  AgentRecord high = b.candidate(Title::intermediate, Education::bachelor, 7 * 12, 0);
  high.performance = 64;
  AgentRecord low = high;
  low.performance = -64;
  const std::size_t highs = b.h.add(high, kHalf), lows = b.h.add(low, kHalf);
  // The same candidates in the second field, whose class has special posts.
  high.field = low.field = 1;
  const std::size_t special_highs = b.h.add(high, kHalf), special_lows = b.h.add(low, kHalf);
  // Associate seniors already holding posts, and paired cadres, who hold no post here.
  b.h.add(b.candidate(Title::associate_senior, Education::bachelor, 12, 2), kHolders);
  AgentRecord cadre = b.candidate(Title::associate_senior, Education::bachelor, 12, 2);
  cadre.origin = static_cast<std::uint8_t>(Origin::paired_cadre);
  b.h.add(cadre, 3000);
  for (int field = 0; field < 2; ++field) {
    const int cls = b.cls(b.candidate(Title::intermediate, Education::bachelor, 0, field));
    b.h.levers.add(Lever::title_log_odds, b.capital, cls, 3.0f);
    b.h.levers.add(Lever::title_paper_waived, b.capital, cls, 1.0f);
    if (field == 1) b.h.levers.add(Lever::title_special_posts, b.capital, cls, 1.0f);
  }
  b.run();
  // Posts: 35% of the 41,000 title-system staff (not the cadres) is 14,350, of which the holders
  // take 1,000: 13,350 free. About 0.968 x 10,000 + 0.832 x 10,000 = 18,000 of the candidates
  // competing for posts pass (standard deviation 41), more than the free posts: they go to all who
  // passed of the high half (about 9,680) and the rest to the low half. Were they drawn at random
  // among those who passed, the high half would get about 7,200.
  const int free_posts = 13350;
  const double p_high = logistic(t.log_odds[2] + 3 + t.score_log_odds * t.performance_weight * 2);
  const double p_low = logistic(t.log_odds[2] + 3 - t.score_log_odds * t.performance_weight * 2);
  const int promoted_high = b.promoted(highs, kHalf, Title::associate_senior);
  const int promoted_low = b.promoted(lows, kHalf, Title::associate_senior);
  // All who passed in the high half are promoted before any of the low half.
  EXPECT_NEAR(promoted_high, kHalf * p_high, 6 * binomial_sd(kHalf, p_high));
  EXPECT_EQ(promoted_high + promoted_low, free_posts);
  // Special posts: everyone who passed, beyond the structure.
  EXPECT_NEAR(b.promoted(special_highs, kHalf, Title::associate_senior), kHalf * p_high, 6 * binomial_sd(kHalf, p_high));
  EXPECT_NEAR(b.promoted(special_lows, kHalf, Title::associate_senior), kHalf * p_low, 6 * binomial_sd(kHalf, p_low));
}

TEST(TitleEvaluationRule, AFullPostStructurePromotesNoOneUntilPostsFree) {
  // Capital district: 6% of staff may be senior. 1,000 staff, 60 seniors already: no free post,
  // so no associate senior is promoted however well they do; with 50 seniors, 10 are.
  ASSERT_EQ(TitleBench().h.scenario.behaviour.titles.post_share[0][3], 0.06);
  const auto promoted_with = [](int seniors) {
    TitleBench b;
    const AgentRecord candidate = b.candidate(Title::associate_senior, Education::doctorate, 10 * 12, 0);
    const std::size_t candidates = b.h.add(candidate, 1000 - seniors);
    b.h.add(b.candidate(Title::senior, Education::doctorate, 12, 1), seniors);
    b.h.levers.add(Lever::title_log_odds, b.capital, b.cls(candidate), 6.0f);
    b.h.levers.add(Lever::title_paper_waived, b.capital, b.cls(candidate), 1.0f);
    b.run();
    return b.promoted(candidates, 1000 - seniors, Title::senior);
  };
  EXPECT_EQ(promoted_with(60), 0);
  EXPECT_EQ(promoted_with(50), 10);
}

TEST(TitlePosts, FreePostsAreTheStructuresShareOfStaffLessTheHoldersToTheNearestPost) {
  TitleBench b;
  // 103 title-system staff in the capital district: 40 untitled, 30 junior, 20 intermediate, 10
  // associate senior, 3 senior; cadres and those outside the title system are not staff.
  b.h.add(b.candidate(Title::none, Education::bachelor, 0), 40);
  b.h.add(b.candidate(Title::junior, Education::bachelor, 0), 30);
  b.h.add(b.candidate(Title::intermediate, Education::bachelor, 0), 20);
  b.h.add(b.candidate(Title::associate_senior, Education::bachelor, 0), 10);
  b.h.add(b.candidate(Title::senior, Education::bachelor, 0), 3);
  AgentRecord cadre = b.candidate(Title::senior, Education::bachelor, 0);
  cadre.origin = static_cast<std::uint8_t>(Origin::paired_cadre);
  b.h.add(cadre, 50);
  AgentRecord manager = b.candidate(Title::none, Education::bachelor, 0);
  manager.flags = agent_flag::outside_titles;
  b.h.add(manager, 50);
  const std::vector<std::int32_t> free = free_title_posts(b.h.agents, b.h.regions, b.h.scenario.behaviour.titles);
  const std::int32_t* capital = free.data() + static_cast<std::size_t>(b.capital) * (kTitles - 1);
  // Shares 1, 0.60, 0.24, 0.06 of 103: 103, 61.8 -> 62, 24.72 -> 25, 6.18 -> 6 posts, less 63, 33,
  // 13 and 3 holders of the title or a higher one.
  EXPECT_EQ(capital[0], 103 - 63);
  EXPECT_EQ(capital[1], 62 - 33);
  EXPECT_EQ(capital[2], 25 - 13);
  EXPECT_EQ(capital[3], 6 - 3);
  // The remote county holds no one: no posts.
  const int remote = b.h.county("remote");
  for (int s = 0; s < kTitles - 1; ++s) EXPECT_EQ(free[static_cast<std::size_t>(remote) * (kTitles - 1) + s], 0);
}

TEST(TitlePosts, TheRoomAboveATitleIsTheStructuresRatioOfPostShares) {
  const TitleParams& t = TitleBench().h.scenario.behaviour.titles;
  const int capital = county_type_index(RegionType::capital_district), grassroots = county_type_index(RegionType::grassroots);
  EXPECT_EQ(post_room(t, Title::none, capital), 1.0);  // junior posts: every post
  EXPECT_NEAR(post_room(t, Title::junior, capital), 0.60, 1e-12);
  EXPECT_NEAR(post_room(t, Title::intermediate, capital), 0.24 / 0.60, 1e-12);
  EXPECT_NEAR(post_room(t, Title::associate_senior, grassroots), 0.03 / 0.14, 1e-12);
  EXPECT_EQ(post_room(t, Title::senior, grassroots), 1.0);
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
  // deviation 21), more than the 6% x 4,000 = 240 senior posts. The barred candidates are not
  // eligible, but they are staff: they count in the posts.
  EXPECT_EQ(b.promoted(first_waived, kN, Title::senior), 240);
}
