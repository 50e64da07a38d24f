#include "experiment/parameter_setting.h"

#include <algorithm>
#include <set>

#include "policy/policy_registry.h"
#include "scenario/scenario_parameters.h"
#include "parameters/behaviour_parameters.h"

namespace kunlun {

namespace {

bool is_declared(const Scenario& scenario, const std::string& key) { return find_parameter(scenario, key) != nullptr; }

void set_declared(Scenario& scenario, const std::string& key, const ConfigNode& value) {
  if (const BehaviourParameter* p = find_behaviour_parameter(key)) {
    const ParameterValue v = read_parameter(p->declaration, value, key, value.where());
    BehaviourParams behaviour = scenario.behaviour;
    p->set(behaviour, v);
    ConfigNode tree = scenario.tree;
    set_path(tree, key, value);
    check_behaviour(behaviour, tree);
    scenario.behaviour = std::move(behaviour);
    scenario.tree = std::move(tree);
    return;
  }
  const PolicyParameterRef p = find_policy_parameter(scenario, key);
  read_parameter(*p.declaration, value, key, value.where());  // checks type and range
  set_path(scenario.policies[p.policy].params, p.name, value);
  set_path(scenario.tree, key, value);
}

}  // namespace

void set_parameter(Scenario& scenario, const std::string& key, const ConfigNode& value,
                   const std::filesystem::path& base_dir) {
  set_parameters(scenario, {{key, value}}, base_dir);
}

void set_parameter(Scenario& scenario, const std::string& key, double value) {
  const Parameter* p = find_parameter(scenario, key);
  if (p == nullptr)
    throw InputError({}, key, "not a declared parameter of the scenario " + scenario.name,
                     "behaviour.* keys and the parameters of its policies are; see kunlun parameters");
  set_parameters(scenario, {{key, parameter_node(*p, value, {"<set by key>", 0, 0})}}, scenario.file.parent_path());
}

void set_parameters(Scenario& scenario, const std::vector<std::pair<std::string, ConfigNode>>& settings,
                    const std::filesystem::path& base_dir) {
  Scenario changed = scenario;
  ConfigNode tree = changed.tree;
  bool revalidate = false;
  for (const auto& [key, value] : settings)
    if (!is_declared(changed, key)) {
      set_path(tree, key, value);
      revalidate = true;
    }
  if (revalidate) {
    const std::filesystem::path file = changed.file;
    changed = scenario_from_tree(std::move(tree), base_dir);
    changed.file = file;
  }
  bool policy_changed = false;
  for (const auto& [key, value] : settings)
    if (is_declared(changed, key)) {
      set_declared(changed, key, value);
      policy_changed = policy_changed || find_behaviour_parameter(key) == nullptr;
    }
  // The rules between a policy's keys (and its target against its parameters) are checked by
  // building it, as loading the file does.
  if (policy_changed) build_policies(changed, RegionTable::load(changed.regions));
  scenario = std::move(changed);
}

void set_parameter_values(Scenario& scenario, const std::vector<std::pair<std::string, ParameterValue>>& values,
                          const SourceLocation& where) {
  BehaviourParams behaviour = scenario.behaviour;
  std::set<std::string> touched;
  std::vector<std::pair<std::string, ConfigNode>> policy_settings;
  for (const auto& [key, value] : values) {
    if (const BehaviourParameter* b = find_behaviour_parameter(key)) {
      b->set(behaviour, value);
      touched.insert(key);
    } else if (const Parameter* p = find_parameter(scenario, key)) {
      policy_settings.emplace_back(key, parameter_node(*p, value, where));
    } else {
      throw InputError(where, key, "not a declared parameter of the scenario",
                       "behaviour.* keys and the parameters of the scenario's policies (policies.<name>.<key>); "
                       "kunlun parameters lists them");
    }
  }
  for (const auto& map : behaviour_share_maps()) {
    if (std::none_of(map.begin(), map.end(), [&](const auto& k) { return touched.count(k) > 0; })) continue;
    double sum = 0;
    for (const auto& k : map) sum += std::get<double>(find_behaviour_parameter(k)->get(behaviour));
    for (const auto& k : map) {
      const BehaviourParameter* b = find_behaviour_parameter(k);
      b->set(behaviour, std::get<double>(b->get(behaviour)) / sum);
    }
  }
  check_behaviour(behaviour, scenario.tree);
  scenario.behaviour = std::move(behaviour);
  if (!policy_settings.empty()) set_parameters(scenario, policy_settings, scenario.file.parent_path());
}

}  // namespace kunlun
