// Policy types by name and the building of a scenario's policies from its `policies:` entries.
// A new policy type is one new file plus one line in policy_registry.cpp; it declares its
// parameters, and checks only the rules between them that a declaration cannot state.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parameters/behaviour_params.h"
#include "parameters/config_tree.h"
#include "parameters/parameter.h"
#include "policy/policy.h"
#include "policy/policy_parameters.h"

namespace kunlun {

// A policy entry as written under `policies:`; its parameters are checked by its type.
struct PolicySpec {
  std::string name;  // the key under `policies:`
  std::string type;
  ConfigNode params;
};

// What a policy may read of the scenario around it. Policies sit below scenarios: the scenario
// layer checks its policies when it loads, and no policy knows a scenario.
struct PolicyContext {
  YearMonth start, end;  // the horizon: the default dates
  double scale = 1;      // population.scale: counts "at full scale" are multiplied by it
  const BehaviourParams& behaviour;
};

// What a policy type's factory gets: its entry (already checked for the common keys), the
// resolved dates and target, its parameters, and the context and regions for anything else.
struct PolicyEntry {
  const PolicySpec& spec;
  std::string key;  // "policies.<name>", for error messages
  PolicyCommon common;  // name, dates, target, payer, position
  PolicyValues values;  // the type's own parameters, checked against their declarations
  const PolicyContext& context;
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

// Builds the policies of `specs`, in order; throws InputError naming file, line and key.
std::vector<std::unique_ptr<Policy>> build_policies(const std::vector<PolicySpec>& specs, const PolicyContext& context,
                                                    const RegionTable& regions);

}  // namespace kunlun
