// Parameters of the behaviour processes added with the utility model: titles, pay, stay-or-move,
// destination choice, entrepreneurship and the fixed candidate pools. Read from `behaviour:`.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/categories.h"
#include "core/region_table.h"

namespace kunlun {

// Who employs a talent. Pay, income risk and who may start a venture depend on it.
enum class Employer : std::uint8_t { institution, enterprise, venture };
inline constexpr std::array<std::string_view, 3> kEmployerNames{"institution", "enterprise", "venture"};
inline constexpr int kEmployers = static_cast<int>(kEmployerNames.size());
inline constexpr int kHardshipClasses = 7;  // 0 (none) .. 6

// Yearly title evaluation (职称评审). Minimum years in the current title before an agent may be
// evaluated for the next one, by the next title (junior .. senior) and education.
struct TitleParams {
  int evaluation_month = 10;  // 1..12
  // min_years[next title - 1][education]
  std::array<std::array<double, kEducations>, kTitles - 1> min_years{};
  // Base log-odds of promotion for an eligible agent of average score, by next title.
  std::array<double, kTitles - 1> log_odds{};
  double performance_weight = 0.3;  // weight of performance in the score; seniority gets 1 - it
  double score_log_odds = 1.5;      // log-odds per unit of score
  // Share of eligible agents the posts allow to be promoted in one evaluation, by county type
  // and next title (the post-structure quota). 1 = no binding quota.
  std::array<std::array<double, kTitles - 1>, kCountyTypes> quota{};
  // Share of candidates for associate senior and senior that meet the paper requirement.
  double paper_pass_share = 0.6;
  // College-diploma holders may not be evaluated for this title or above (degree requirement).
  Title degree_required_from = Title::senior;
  // Separate grassroots track: fewer minimum years and a log-odds bonus at grassroots counties.
  double grassroots_min_years_cut = 0;
  double grassroots_log_odds = 0;
};

// Monthly pay: base by title x employer factor x county wage level + hardship allowance + top-ups.
struct PayParams {
  std::array<double, kTitles> base_monthly_cny{};
  std::array<double, kEmployers> employer_factor{};
  std::array<double, kHardshipClasses> hardship_allowance_cny{};  // by class 0..6, monthly
  double market_rent_cny = 0;  // monthly rent of a talent's home at housing_cost_level 1
  std::array<double, kEmployers> employer_shares{};  // of new entrants and of the initial stock
  double initial_venture_share = 0;  // of the initial stock outside institutions, owning ventures
};

// Utility of a place for a talent (utility units; 1 unit of ln income = `log_income`).
struct UtilityParams {
  double log_income = 2.0;             // per unit of ln(net monthly income)
  double years_to_next_title = -0.15;  // per expected year to the next title
  double amenity = 0.8;                // per unit of the amenity index (0..1)
  double altitude_per_km = -0.3;       // per 1000 m of altitude above 2000 m
  double remoteness = -0.8;            // per unit of remoteness (0..1)
  double hometown = 0.7;               // the home prefecture
  double income_risk = -0.5;           // per unit of income risk (by employer)
  std::array<double, kEmployers> income_risk_by_employer{};
  double job_openings = 0.3;           // destinations: per unit of ln(1 + open posts in the field)
};

// The monthly hazard of a voluntary move (to another county or out of the province).
struct MobilityParams {
  double annual_move_rate = 0.05;  // reference agent, zero utility gap: yearly probability
  double utility_gap = 1.0;        // log-odds per unit of (best alternative - staying)
  double reference_age_years = 35;
  double log_odds_per_year_of_age = -0.04;
  double log_odds_per_year_of_tenure = -0.03;  // up to `tenure_cap_years`
  double tenure_cap_years = 10;
  double family = -0.4;                 // partner and children settled in the county
  double peer_departure_share = 3.0;    // per unit share of the county's stock that left in a year
  double peer_reference_share = 0.04;   // the typical yearly share, around which the term is centred
  std::array<double, kOrigins> log_odds_by_origin{};
  double family_share_under_30 = 0.3, family_share_30_and_over = 0.75;
  double acceptance_utility = 1.0;      // candidates: log-odds of accepting per unit of utility
};

// Where movers go: a logit over counties and outside regions.
struct DestinationParams {
  double distance_per_100km = -0.15;     // utility per 100 km (great-circle) from the current county
  double leave_province = -1.0;          // utility constant of every outside region
  std::array<double, 3> outside_by_type{};  // paired, neighbour, rest of China: extra constant
};

// Ventures: start-up and survival. Finance levers change both; surviving ventures open posts.
struct EntrepreneurshipParams {
  double annual_start_rate = 0.004;     // per eligible agent (enterprise or institution, 25..55)
  double min_age_years = 25, max_age_years = 55;
  double annual_failure_rate = 0.15;    // per venture
  double jobs_per_venture = 1.5;        // talent posts a surviving venture opens in its field
  double loan_log_odds_per_ln_100k = 0.5;  // start log-odds per unit of ln(1 + loan / 100,000 CNY)
  double base_interest_rate = 0.0345;   // yearly rate that loan interest discounts apply to
};

// Paired-assistance rotations (对口援青): cadres from the paired province, for a fixed term.
struct PairedRotationParams {
  double cadres_per_year = 0;  // province total, split among paired prefectures by job capacity
  int arrival_month = 7;       // 1..12
  int term_months = 36;
};

// Flexible talents (柔性引才): serve part-time without moving, counted in service days.
struct FlexibleParams {
  double engagements_per_year = 0;  // province total, split among counties by job capacity
  int term_months = 24;
  double service_days_per_month = 4;
};

}  // namespace kunlun
