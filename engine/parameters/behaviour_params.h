// The behaviour processes' parameters as the processes read them: retirement, titles, pay, utility,
// stay-or-move, destination choice, entrepreneurship and recruitment. Declared in behaviour_parameters.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/calendar.h"
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
  int evaluation_month{};  // 1..12
  // min_years[next title - 1][education]
  std::array<std::array<double, kEducations>, kTitles - 1> min_years{};
  // Base log-odds of promotion for an eligible agent of average score, by next title.
  std::array<double, kTitles - 1> log_odds{};
  double performance_weight{};  // weight of performance in the score; seniority gets 1 - it
  double score_log_odds{};      // log-odds per unit of score
  // The post structure (岗位设置): the largest share of a county's title-system staff that may
  // hold a title or a higher one, by county type and title (junior .. senior). A promotion
  // needs a free post of the title; 1 = posts never bind.
  std::array<std::array<double, kTitles - 1>, kCountyTypes> post_share{};
  // Share of the initial stock without a title who work outside the title system (managers,
  // skilled workers, rural practical talent): never evaluated for one.
  double untitled_outside_share{};
  // Share of candidates for associate senior and senior that meet the paper requirement.
  double paper_pass_share{};
  // College-diploma holders may not be evaluated for this title or above (degree requirement).
  Title degree_required_from{};
  // Separate grassroots track: fewer minimum years and a log-odds bonus at grassroots counties.
  double grassroots_min_years_cut{};
  double grassroots_log_odds{};
};

// Monthly pay: base by title x employer factor x county wage level + hardship allowance + top-ups.
struct PayParams {
  std::array<double, kTitles> base_monthly_cny{};
  std::array<double, kEmployers> employer_factor{};
  std::array<double, kHardshipClasses> hardship_allowance_cny{};  // by class 0..6, monthly
  double market_rent_cny{};  // monthly rent of a talent's home at housing_cost_level 1
  std::array<double, kEmployers> employer_shares{};  // of new entrants and of the initial stock
  double initial_venture_share{};  // of the initial stock outside institutions, owning ventures
};

// Utility of a place for a talent (utility units; 1 unit of ln income = `log_income`).
struct UtilityParams {
  double log_income{};             // per unit of ln(net monthly income)
  double years_to_next_title{};  // per expected year to the next title
  double amenity{};                // per unit of the amenity index (0..1)
  double altitude_per_km{};       // per 1000 m of altitude above 2000 m
  double remoteness{};            // per unit of remoteness (0..1)
  double hometown{};               // the home prefecture
  double income_risk{};           // per unit of income risk (by employer)
  std::array<double, kEmployers> income_risk_by_employer{};
  double job_openings{};           // destinations: per unit of ln(1 + open posts in the field)
  // Policy support (top-ups, housing benefits, apartment discounts, purchase grants) below this
  // share of base pay is not felt: only the part above it enters the income a talent weighs.
  // 0: every yuan counts (the log-income form alone).
  double support_threshold_share{};
};

// The monthly hazard of a voluntary move (to another county or out of the province).
struct MobilityParams {
  double annual_move_rate{};  // reference agent, zero utility gap: yearly probability
  double utility_gap{};        // log-odds per unit of (best alternative - staying)
  double reference_age_years{};
  double log_odds_per_year_of_age{};
  double log_odds_per_year_of_tenure{};  // up to `tenure_cap_years`
  double tenure_cap_years{};
  double family{};                 // partner and children settled in the county
  double peer_departure_share{};    // per unit share of the county's stock that left in a year
  double peer_reference_share{};   // the typical yearly share, around which the term is centred
  std::array<double, kOrigins> log_odds_by_origin{};
  double family_share_under_30{}, family_share_30_and_over{};
  double acceptance_utility{};      // candidates: log-odds of accepting per unit of utility
};

// Where movers go: a logit over counties and outside regions.
struct DestinationParams {
  double distance_per_100km{};     // utility per 100 km (great-circle) from the current county
  double leave_province{};          // utility constant of every outside region
  std::array<double, 3> outside_by_type{};  // paired, neighbour, rest of China: extra constant
};

// Ventures: start-up and survival. Finance levers change both; surviving ventures open posts.
struct EntrepreneurshipParams {
  double annual_start_rate{};     // per eligible agent (enterprise or institution, 25..55)
  double min_age_years{}, max_age_years{};
  double annual_failure_rate{};    // per venture
  double jobs_per_venture{};        // talent posts a surviving venture opens in its field
  double loan_log_odds_per_ln_100k{};  // start log-odds per unit of ln(1 + loan / 100,000 CNY)
  double base_interest_rate{};   // yearly rate that loan interest discounts apply to
};

// Paired-assistance rotations (对口援青): cadres from the paired province, for a fixed term.
struct PairedRotationParams {
  double cadres_per_year{};  // province total, split among paired prefectures by job capacity
  int arrival_month{};       // 1..12
  int term_months{};
};

// Flexible talents (柔性引才): serve part-time without moving, counted in service days.
struct FlexibleParams {
  double engagements_per_year{};  // province total, split among counties by job capacity
  int term_months{};
  double service_days_per_month{};
};

// Statutory retirement with the 2025 gradual raise of the retirement age.
struct RetirementParams {
  double male_age_years{};
  double female_age_years{};
  // First birth cohort whose retirement is delayed, and the delay: one month for every
  // `birth_months_per_month_of_delay` months born after it, capped at `max_delay_months`.
  YearMonth reform_first_cohort_male{};
  YearMonth reform_first_cohort_female{};
  int birth_months_per_month_of_delay{};
  int max_delay_months{};
  double senior_title_extra_years{};  // senior titles may serve longer
};

// Recruitment into vacancies (capacity minus stock) from candidate pools.
enum class CandidateSource : std::uint8_t { graduate, returnee, outsider };
inline constexpr std::array<std::string_view, 3> kCandidateSourceNames{"graduate", "returnee",
                                                                       "outsider"};
// Who a candidate from each pool is: age range, education and talent level. A candidate's
// title follows from its level (`title_by_level`), except that graduates hold no title yet.
struct EntrantProfile {
  double min_age_years{}, max_age_years{};
  std::array<double, kEducations> education_shares{};  // college .. doctorate
  std::array<double, kLevels> level_shares{};          // high_end, mid, junior
};
struct RecruitmentParams {
  std::array<double, kCountyTypes> monthly_fill_probability{};  // chance a vacancy is filled
  std::array<double, 3> source_shares{};                         // graduate, returnee, outsider
  // Candidates each pool offers a year at full scale (graduate, returnee, outsider): the pools
  // are finite, so posts can stay open when they run dry.
  std::array<double, 3> supply_per_year{};
  double supply_monthly_attrition{};  // share of unhired candidates who go elsewhere each month
  std::array<EntrantProfile, 3> entrants{};                      // by source
  std::array<Title, kLevels> title_by_level{};
  double female_share{};
  PairedRotationParams paired_rotation;  // paired-assistance cadres (对口援青)
  FlexibleParams flexible;               // flexible talents (柔性引才)
};

// Everything under `behaviour:`, in file order (docs/scenarios.md).
struct BehaviourParams {
  RetirementParams retirement;
  TitleParams titles;
  PayParams pay;
  UtilityParams utility;
  MobilityParams mobility;
  DestinationParams destination;
  EntrepreneurshipParams entrepreneurship;
  RecruitmentParams recruitment;
};

}  // namespace kunlun
