// Setting and reading a scenario's values by key, through their declarations. A behaviour
// parameter, or a parameter of one of the scenario's policies, is checked against its declaration
// and written into the typed scenario and its tree, without validating the whole scenario again:
// what sensitivity analysis and calibration do thousands of times. Any other key (horizon, seed,
// population, a whole policy, a target) is set in the tree and the scenario validated again.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "parameters/parameter.h"
#include "scenario/scenario.h"
#include "scenario/scenario_parameters.h"  // find_parameter, get_parameter

namespace kunlun {

// Sets `key` to `value` (a tree node: its location names where the value came from in errors).
// Relative file paths in a re-validated scenario resolve against `base_dir`. On an InputError the
// scenario is left as it was.
void set_parameter(Scenario& scenario, const std::string& key, const ConfigNode& value,
                   const std::filesystem::path& base_dir);
// Sets a declared number (behaviour or policy parameter) from a value, as an experiment does.
void set_parameter(Scenario& scenario, const std::string& key, double value);

// Declared parameters (behaviour, or of the scenario's policies) set to values, as a design
// point or a posterior set does: a varied share of a map that must sum to 1 is a weight, so its
// map is renormalised; the behaviour is checked once. `where` names the values' origin in errors.
// A key the scenario does not declare is an InputError.
void set_parameter_values(Scenario& scenario, const std::vector<std::pair<std::string, ParameterValue>>& values,
                          const SourceLocation& where);

// Several settings at once: keys that are not declared parameters go into the tree together and
// the scenario is validated once (so that, e.g., a new start and end may be set in either order);
// declared parameters follow, each through its declaration.
void set_parameters(Scenario& scenario, const std::vector<std::pair<std::string, ConfigNode>>& settings,
                    const std::filesystem::path& base_dir);

}  // namespace kunlun
