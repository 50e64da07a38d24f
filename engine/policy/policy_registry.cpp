#include "policy/policy_registry.h"

#include "policy/policy_target.h"
#include "scenario/schema.h"

namespace kunlun {

// The registered policy types: one line each, defined in the policy's own file.
#define KUNLUN_POLICY_TYPES(X) \
  X(behaviour_override_type)

#define KUNLUN_DECLARE(f) PolicyType f();
KUNLUN_POLICY_TYPES(KUNLUN_DECLARE)
#undef KUNLUN_DECLARE

const std::vector<PolicyType>& policy_types() {
#define KUNLUN_LIST(f) f(),
  static const std::vector<PolicyType> types = {KUNLUN_POLICY_TYPES(KUNLUN_LIST)};
#undef KUNLUN_LIST
  return types;
}

namespace {

const std::vector<std::string> kCommonKeys = {"type", "start", "end", "target"};

const PolicyType& find_type(const PolicySpec& spec, const std::string& key) {
  const ConfigReader entry(spec.params, key);
  const std::string type = entry.text("type");
  std::vector<std::string> names;
  for (const auto& t : policy_types()) {
    if (t.name == type) return t;
    names.push_back(t.name);
  }
  throw InputError(entry.get("type").where(), key + ".type", "unknown policy type '" + type + "'",
                   suggestion_hint(type, names, "known types: "));
}

void check_keys(const PolicySpec& spec, const std::string& key, const PolicyType& type) {
  std::vector<std::string> allowed = kCommonKeys;
  allowed.insert(allowed.end(), type.keys.begin(), type.keys.end());
  for (const auto& [name, value] : spec.params.entries()) {
    bool known = false;
    for (const auto& a : allowed) known = known || a == name;
    if (known) continue;
    throw InputError(spec.params.key_where(name), key + "." + name,
                     "unknown key '" + name + "' for a " + type.name + " policy",
                     suggestion_hint(name, allowed, "allowed keys: "));
  }
}

}  // namespace

std::vector<std::unique_ptr<Policy>> build_policies(const Scenario& scenario, const RegionTable& regions) {
  std::vector<std::unique_ptr<Policy>> out;
  for (const PolicySpec& spec : scenario.policies) {
    const std::string key = "policies." + spec.name;
    if (!spec.params.is_map())
      throw InputError(spec.params.where(), key, "a policy is a map with at least a `type`",
                       "write e.g. `type: behaviour` under it");
    const PolicyType& type = find_type(spec, key);
    check_keys(spec, key, type);
    const ConfigReader entry(spec.params, key);
    // Dates default to the whole horizon.
    const YearMonth start = entry.find("start") ? entry.date("start") : scenario.start;
    const YearMonth end = entry.find("end") ? entry.date("end") : scenario.end;
    if (end < start)
      throw InputError(entry.get("end").where(), key + ".end",
                       "end " + end.str() + " is before start " + start.str(),
                       "a policy runs from its start month to its end month, both included");
    PolicyTarget target = entry.find("target") ? read_policy_target(entry.get("target"), key + ".target", regions)
                                               : PolicyTarget::everyone(regions);
    out.push_back(type.build(PolicyEntry{spec, key, start, end, std::move(target), scenario, regions}));
  }
  return out;
}

}  // namespace kunlun
