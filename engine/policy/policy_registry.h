// Policy types by name and the building of a scenario's policies from its `policies:` entries.
// A new policy type is one new file plus one line in policy_registry.cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "policy/policy.h"
#include "scenario/scenario.h"

namespace kunlun {

// What a policy type's factory gets: its entry (already checked for the common keys), the
// resolved dates and target, and the scenario and regions for anything else it needs.
struct PolicyEntry {
  const PolicySpec& spec;
  std::string key;  // "policies.<name>", for error messages
  PolicyCommon common;  // name, dates, target, payer, position
  const Scenario& scenario;
  const RegionTable& regions;
  const PolicyTarget& target() const { return common.target; }
};

struct PolicyType {
  std::string name;     // the `type:` value
  std::string summary;  // one line for docs and error hints
  // Keys the type reads besides the common ones (type, start, end, target, payer).
  std::vector<std::string> keys;
  std::function<std::unique_ptr<Policy>(const PolicyEntry&)> build;
};

const std::vector<PolicyType>& policy_types();

// Builds every policy of the scenario; throws InputError naming file, line and key.
std::vector<std::unique_ptr<Policy>> build_policies(const Scenario& scenario, const RegionTable& regions);

}  // namespace kunlun
