// The declared parameters of a scenario by key (behaviour parameters and those of its policies),
// their values in force, and the uncertainty of each: its declaration with the scenario's
// `uncertainty:` overrides applied. What listings, sensitivity analysis and calibration read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parameters/parameter.h"
#include "scenario/scenario.h"

namespace kunlun {

// The declaration of `key` in this scenario: a behaviour parameter, or a parameter of one of its
// policies ("policies.rent.monthly_cny"); nullptr for anything else.
const Parameter* find_parameter(const Scenario& scenario, const std::string& key);
// The value of a declared parameter (as written, or its default). Throws InputError for a key
// that is not one.
ParameterValue get_parameter(const Scenario& scenario, const std::string& key);

// A parameter of one of the scenario's policies, named by a key "policies.<name>.<parameter>".
struct PolicyParameterRef {
  std::size_t policy = 0;  // index into scenario.policies
  const Parameter* declaration = nullptr;  // nullptr: the key names no policy parameter
  std::string name;  // within the entry: "monthly_cny", "monthly_cny_by_class.class_4"
};
PolicyParameterRef find_policy_parameter(const Scenario& scenario, const std::string& key);

// A parameter that varies in an analysis, with the uncertainty it varies over (resolved: anchored
// at the value in force, overrides applied).
struct UncertainParameter {
  std::string key;
  const Parameter* declaration = nullptr;
  Uncertainty uncertainty;
};

// The scenario's uncertain parameters in the order of the reference pages (behaviour, then the
// policies in file order): every declared parameter with an uncertainty, less those the overrides
// fix, plus those an override gives a distribution. `extra` (a design file's overrides) is applied
// after the scenario's own, so that it wins. Throws InputError at the override that names no
// declared parameter, gives bounds to one with no declared distribution, or leaves its valid range.
std::vector<UncertainParameter> uncertain_parameters(const Scenario& scenario,
                                                     const std::vector<UncertaintyOverride>& extra = {});

// The uncertainty in force of one key (std::nullopt: fixed, or none declared). Same errors.
std::optional<Uncertainty> uncertainty_in_force(const Scenario& scenario, const std::string& key,
                                                const std::vector<UncertaintyOverride>& extra = {});

}  // namespace kunlun
