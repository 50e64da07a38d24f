// The validated scenario: everything a run needs, typed and range-checked. Built from a YAML
// file (with `extends:`) by load_scenario(); every error names the file, line and key.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/categories.h"
#include "core/region_table.h"
#include "scenario/behaviour_params.h"
#include "scenario/config_tree.h"

namespace kunlun {

// Statutory retirement with the 2025 gradual raise of the retirement age.
struct RetirementParams {
  double male_age_years = 60;
  double female_age_years = 55;
  // First birth cohort whose retirement is delayed, and the delay: one month for every
  // `birth_months_per_month_of_delay` months born after it, capped at `max_delay_months`.
  YearMonth reform_first_cohort_male{1965, 1};
  YearMonth reform_first_cohort_female{1970, 1};
  int birth_months_per_month_of_delay = 4;
  int max_delay_months = 36;
  double senior_title_extra_years = 0;  // senior titles may serve longer
};

// Recruitment into vacancies (capacity minus stock) from candidate pools.
enum class CandidateSource : std::uint8_t { graduate, returnee, outsider };
inline constexpr std::array<std::string_view, 3> kCandidateSourceNames{"graduate", "returnee",
                                                                       "outsider"};
// Who a candidate from each pool is: age range, education and talent level. A candidate's
// title follows from its level (`title_by_level`), except that graduates hold no title yet.
struct EntrantProfile {
  double min_age_years = 22, max_age_years = 30;
  std::array<double, kEducations> education_shares{};  // college .. doctorate
  std::array<double, kLevels> level_shares{};          // high_end, mid, junior
};
struct RecruitmentParams {
  std::array<double, kCountyTypes> monthly_fill_probability{};  // chance a vacancy is filled
  std::array<double, 3> source_shares{};                         // graduate, returnee, outsider
  std::array<EntrantProfile, 3> entrants{};                      // by source
  std::array<Title, kLevels> title_by_level{Title::associate_senior, Title::intermediate,
                                            Title::junior};
  double female_share = 0.5;
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

struct PopulationSpec {
  std::filesystem::path margins;  // CSV of margins (see docs/data.md)
  double total = 0;               // talent stock at the start, full scale
  double scale = 1;               // 0.01 .. 1000, applied to the stock and to job capacities
};

// A policy entry; its parameters are validated by the policy type itself (issue 3).
struct PolicySpec {
  std::string name;  // the key under `policies:`
  std::string type;
  ConfigNode params;
};

struct Scenario {
  std::string name;
  std::string description;
  std::filesystem::path file;  // the file it was loaded from
  YearMonth start, end;        // first and last simulated month (inclusive)
  std::uint64_t seed = 0;
  int replications = 1;
  PopulationSpec population;
  std::filesystem::path regions;  // region table CSV
  BehaviourParams behaviour;
  std::vector<PolicySpec> policies;
  ConfigNode tree;  // the resolved, merged tree

  int months() const { return end.months_since(start) + 1; }
};

// Loads, merges and validates a scenario file, and checks every region and field it names
// against its region table (which it loads). Throws InputError.
Scenario load_scenario(const std::filesystem::path& file);
// Validates an already merged tree (the Python face builds trees from dicts). `base_dir` resolves
// relative paths that have no file of their own.
Scenario scenario_from_tree(ConfigNode tree, const std::filesystem::path& base_dir);

// A key that sets a parameter of a policy ("policies.rent.monthly_cny") must name a policy the
// scenario has: otherwise set_path would quietly start a new, incomplete one. Throws InputError at
// `where`, naming `shown_key`; `how_to_add` is the hint when the scenario has no policies.
void require_policy_of_key(const Scenario& scenario, const std::string& key, const SourceLocation& where,
                           const std::string& shown_key, const std::string& how_to_add);

}  // namespace kunlun
