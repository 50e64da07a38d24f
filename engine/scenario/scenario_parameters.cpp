// Declared parameters of a scenario by key, and their uncertainty in force.
#include "scenario/scenario_parameters.h"

#include <map>

#include "parameters/behaviour_parameters.h"
#include "policy/policy_parameters.h"

namespace kunlun {

PolicyParameterRef find_policy_parameter(const Scenario& scenario, const std::string& key) {
  const auto parts = split_key(key);
  if (parts.size() < 3 || parts[0] != "policies") return {};
  for (std::size_t i = 0; i < scenario.policies.size(); ++i) {
    const PolicySpec& spec = scenario.policies[i];
    if (spec.name != parts[1]) continue;
    for (const auto& type : policy_types()) {
      if (type.name != spec.type) continue;
      const std::string name = key.substr(parts[0].size() + parts[1].size() + 2);
      if (const Parameter* p = find_policy_parameter(type, name)) return {i, p, name};
    }
  }
  return {};
}

const Parameter* find_parameter(const Scenario& scenario, const std::string& key) {
  if (const BehaviourParameter* p = find_behaviour_parameter(key)) return &p->declaration;
  return find_policy_parameter(scenario, key).declaration;
}

ParameterValue get_parameter(const Scenario& scenario, const std::string& key) {
  if (const BehaviourParameter* p = find_behaviour_parameter(key)) return p->get(scenario.behaviour);
  const PolicyParameterRef p = find_policy_parameter(scenario, key);
  if (p.declaration == nullptr)
    throw InputError({}, key, "not a declared parameter of the scenario " + scenario.name,
                     "behaviour.* keys and the parameters of its policies are; see kunlun parameters");
  if (const ConfigNode* node = ConfigReader(scenario.policies[p.policy].params).find(p.name))
    return read_parameter(*p.declaration, *node, key, node->where());
  if (p.declaration->default_value) return *p.declaration->default_value;
  throw InputError({}, key, "the policy leaves this optional key out, so it has no value",
                   "set it first, or read the policy's other keys");
}

namespace {

double number_in_force(const Scenario& scenario, const std::string& key) {
  const ParameterValue v = get_parameter(scenario, key);
  const double* x = std::get_if<double>(&v);
  return x != nullptr ? *x : 0.0;  // a choice: its options are the uncertainty, no value anchors it
}

// The candidates in order: behaviour parameters with a declaration, then the written parameters
// of each policy that have one (an unwritten policy parameter is not part of the scenario's
// policy, so an analysis does not invent it).
std::vector<std::pair<std::string, const Parameter*>> declared_uncertain(const Scenario& scenario) {
  std::vector<std::pair<std::string, const Parameter*>> out;
  for (const auto& p : behaviour_parameters())
    if (p.declaration.uncertainty) out.emplace_back(p.declaration.key, &p.declaration);
  for (const PolicySpec& spec : scenario.policies)
    for (const auto& type : policy_types()) {
      if (type.name != spec.type) continue;
      for (const Parameter& p : type.parameters)
        if (p.uncertainty && ConfigReader(spec.params).find(p.key) != nullptr)
          out.emplace_back("policies." + spec.name + "." + p.key, &p);
    }
  return out;
}

// The last override of each key, scenario's first and then `extra`, checked to name a parameter.
std::map<std::string, const UncertaintyOverride*> overrides_by_key(const Scenario& scenario,
                                                                   const std::vector<UncertaintyOverride>& extra) {
  std::map<std::string, const UncertaintyOverride*> out;
  for (const auto* list : {&scenario.uncertainty, &extra})
    for (const UncertaintyOverride& o : *list) {
      const Parameter* p = find_parameter(scenario, o.key);
      if (p == nullptr)
        throw InputError(o.where, o.key, "not a declared parameter of the scenario " + scenario.name,
                         "uncertainty: keys are behaviour.* keys and the parameters of the scenario's policies "
                         "(policies.<name>.<key>); kunlun parameters lists them");
      if (p->type == ParameterType::date || p->type == ParameterType::flag)
        throw InputError(o.where, o.key, "a " + std::string(p->type == ParameterType::date ? "date" : "flag") +
                                             " parameter cannot be varied",
                         "remove it from the uncertainty: section");
      if (!p->uncertainty && !o.fixed && (o.scale || o.bounds_only))
        throw InputError(o.where, o.key, "the parameter has no declared distribution to narrow, widen or re-bound",
                         "give a whole one: {distribution: uniform, low: .., high: ..}");
      out[o.key] = &o;
    }
  return out;
}

std::optional<Uncertainty> in_force(const Scenario& scenario, const std::string& key, const Parameter& p,
                                    const UncertaintyOverride* o) {
  const double value = number_in_force(scenario, key);
  if (p.uncertainty) return apply_override(*p.uncertainty, p, value, o);
  // Not declared uncertain (a source, a policy lever): only a whole distribution makes it vary.
  if (o == nullptr || o->fixed) return std::nullopt;
  Parameter shown = p;
  shown.key = key;
  return apply_override(*o->replacement, shown, value, o);
}

}  // namespace

std::vector<UncertainParameter> uncertain_parameters(const Scenario& scenario,
                                                     const std::vector<UncertaintyOverride>& extra) {
  const auto overrides = overrides_by_key(scenario, extra);
  std::vector<UncertainParameter> out;
  std::map<std::string, bool> listed;
  const auto consider = [&](const std::string& key, const Parameter* p) {
    if (listed[key]) return;
    listed[key] = true;
    const auto it = overrides.find(key);
    if (auto u = in_force(scenario, key, *p, it == overrides.end() ? nullptr : it->second))
      out.push_back({key, p, std::move(*u)});
  };
  for (const auto& [key, p] : declared_uncertain(scenario)) consider(key, p);
  // Parameters made uncertain by an override alone, in the overrides' order.
  for (const auto* list : {&scenario.uncertainty, &extra})
    for (const UncertaintyOverride& o : *list) consider(o.key, find_parameter(scenario, o.key));
  return out;
}

std::optional<Uncertainty> uncertainty_in_force(const Scenario& scenario, const std::string& key,
                                                const std::vector<UncertaintyOverride>& extra) {
  const auto overrides = overrides_by_key(scenario, extra);
  const Parameter* p = find_parameter(scenario, key);
  if (p == nullptr)
    throw InputError({}, key, "not a declared parameter of the scenario " + scenario.name,
                     "behaviour.* keys and the parameters of its policies are; see kunlun parameters");
  const auto it = overrides.find(key);
  const UncertaintyOverride* o = it == overrides.end() ? nullptr : it->second;
  if (o == nullptr) {
    if (!p->uncertainty) return std::nullopt;
    const PolicyParameterRef policy = find_policy_parameter(scenario, key);
    if (policy.declaration != nullptr && ConfigReader(scenario.policies[policy.policy].params).find(policy.name) == nullptr)
      return std::nullopt;  // an unwritten policy parameter does not vary (uncertain_parameters)
  }
  return in_force(scenario, key, *p, o);
}

}  // namespace kunlun
