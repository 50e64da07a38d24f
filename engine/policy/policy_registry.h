// Policy types by name and the building of a scenario's policies from its `policies:` entries.
// A new policy type is one new file plus one line in policy_registry.cpp; it declares its
// parameters, and checks only the rules between them that a declaration cannot state.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "policy/policy.h"
#include "policy/policy_parameters.h"
#include "scenario/parameter.h"
#include "scenario/scenario.h"

namespace kunlun {

// What a policy type's factory gets: its entry (already checked for the common keys), the
// resolved dates and target, and the scenario and regions for anything else it needs.
struct PolicyEntry {
  const PolicySpec& spec;
  std::string key;  // "policies.<name>", for error messages
  PolicyCommon common;  // name, dates, target, payer, position
  PolicyValues values;  // the type's own parameters, checked against their declarations
  const Scenario& scenario;
  const RegionTable& regions;
  const PolicyTarget& target() const { return common.target; }
};

struct PolicyType {
  std::string name;     // the `type:` value
  std::string summary;  // one line for docs and error hints
  // The type's own parameters besides the common keys (type, start, end, target, payer), declared
  // once: validation, the reference listing and setters by key all read them from here.
  std::vector<Parameter> parameters;
  std::function<std::unique_ptr<Policy>(const PolicyEntry&)> build;
};

const std::vector<PolicyType>& policy_types();

// Builds every policy of the scenario; throws InputError naming file, line and key.
std::vector<std::unique_ptr<Policy>> build_policies(const Scenario& scenario, const RegionTable& regions);

}  // namespace kunlun
