// The validated scenario: everything a run needs, typed and range-checked. Built from a YAML
// file (with `extends:`) by load_scenario(); every error names the file, line and key.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/categories.h"
#include "core/region_table.h"
#include "parameters/behaviour_params.h"
#include "parameters/config_tree.h"
#include "parameters/uncertainty.h"
#include "policy/policy_registry.h"

namespace kunlun {

struct PopulationSpec {
  std::filesystem::path margins;  // CSV of margins (see docs/data.md)
  double total = 0;               // talent stock at the start, full scale
  double scale = 1;               // 0.01 .. 1000, applied to the stock and to job capacities
  // Job capacity over time: the region table's capacities describe `jobs_year` (0: the start
  // year) and grow by `jobs_growth_per_year` each January, so that a run starting long before
  // the table's year (a hindcast) starts with the posts of its own time.
  double jobs_growth_per_year = 0;
  int jobs_year = 0;
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
  // posterior.csv of a calibration that runs use by default (calibration/posterior_sample.h); empty: none.
  std::filesystem::path posterior;
  BehaviourParams behaviour;
  std::vector<PolicySpec> policies;
  // The `uncertainty:` section: how the scenario narrows, widens, replaces or fixes the declared
  // uncertainty of its parameters (scenario_parameters.h applies them).
  std::vector<UncertaintyOverride> uncertainty;
  ConfigNode tree;  // the resolved, merged tree

  int months() const { return end.months_since(start) + 1; }
};

// Loads, merges and validates a scenario file, checks every region and field it names against its
// region table (which it loads), and builds its policies once to check them. Throws InputError.
Scenario load_scenario(const std::filesystem::path& file);
// Validates an already merged tree (the Python face builds trees from dicts). `base_dir` resolves
// relative paths that have no file of their own.
Scenario scenario_from_tree(ConfigNode tree, const std::filesystem::path& base_dir);

// A key that sets a parameter of a policy ("policies.rent.monthly_cny") must name a policy the
// scenario has: otherwise set_path would quietly start a new, incomplete one. Throws InputError at
// `where`, naming `shown_key`; `how_to_add` is the hint when the scenario has no policies.
// What the scenario's policies may read of it.
PolicyContext policy_context(const Scenario& scenario);
// Builds the scenario's policies, as a run does.
std::vector<std::unique_ptr<Policy>> build_policies(const Scenario& scenario, const RegionTable& regions);

void require_policy_of_key(const Scenario& scenario, const std::string& key, const SourceLocation& where,
                           const std::string& shown_key, const std::string& how_to_add);

// The declared range of a run setting or behaviour key ("must be between 1 and 10000"), or "" for
// a key without one: what a front end's option that sets the key (--replications) says it allows.
std::string scenario_key_range(std::string_view key);

}  // namespace kunlun
