#include "scenario_document.h"

#include "core/region_table.h"
#include "experiment/parameter_listing.h"
#include "experiment/parameter_setting.h"
#include "policy/policy_registry.h"
#include "python_config.h"

namespace kunlun::python {

namespace fs = std::filesystem;


Scenario ScenarioDocument::validated(ConfigNode tree) const {
  Scenario s = scenario_from_tree(std::move(tree), base_dir_);
  s.file = scenario_.file;
  return s;
}

ScenarioDocument ScenarioDocument::load(const std::string& path) {
  ScenarioDocument doc;
  doc.scenario_ = load_scenario(path);
  doc.base_dir_ = doc.scenario_.file.parent_path();
  return doc;
}

ScenarioDocument ScenarioDocument::from_python(py::handle mapping, const std::string& base_dir) {
  const SourceLocation where = python_call("Scenario.from_dict");
  if (!py::isinstance<py::dict>(mapping))
    throw InputError(where, "", "a scenario must be a dict, got a " +
                                    py::str(py::type::of(mapping).attr("__name__")).cast<std::string>(),
                     "give the scenario as a dict of its top-level keys, as in a scenario file");
  ScenarioDocument doc;
  doc.base_dir_ = fs::absolute(base_dir).lexically_normal();
  doc.scenario_ = doc.validated(config_from_python(mapping, "", where));
  return doc;
}

ScenarioDocument ScenarioDocument::from_yaml(const std::string& text, const std::string& base_dir,
                                             const std::string& label) {
  ScenarioDocument doc;
  doc.base_dir_ = fs::absolute(base_dir).lexically_normal();
  doc.scenario_ = doc.validated(read_yaml_text(text, label));
  return doc;
}

void ScenarioDocument::set(const std::string& key, py::handle value, const std::string& call) {
  const SourceLocation where = python_call(call);
  // A whole new policy may be set as a dict; a parameter needs a policy that exists.
  if (split_key(key).size() > 2)
    require_policy_of_key(scenario_, key, where, key, "add a policy whole: set('policies.NAME', {'type': ..., ...})");
  // Declared parameters go through their declarations; the scenario is checked as a file would be.
  set_parameter(scenario_, key, config_from_python(value, key, where), base_dir_);
}

py::object ScenarioDocument::get(const std::string& key) const {
  const ConfigNode* node = &scenario_.tree;
  std::string walked;
  for (const auto& part : split_key(key)) {
    const ConfigNode* child = node->is_map() ? node->find(part) : nullptr;
    if (child == nullptr) {
      std::vector<std::string> names;
      if (node->is_map())
        for (const auto& [name, unused] : node->entries()) names.push_back(name);
      const std::string guess = closest_match(part, names);
      throw py::key_error("the scenario has no key '" + key + "'" +
                          (guess.empty() ? (names.empty() ? std::string()
                                                          : " (keys under '" + walked + "': " + join_names(names) + ")")
                                         : " (did you mean '" + (walked.empty() ? guess : walked + "." + guess) + "'?)"));
    }
    walked = walked.empty() ? part : walked + "." + part;
    node = child;
  }
  return python_from_config(*node);
}

py::object ScenarioDocument::to_python() const { return python_from_config(scenario_.tree); }

std::string ScenarioDocument::to_yaml() const { return kunlun::to_yaml(scenario_.tree); }

std::vector<std::string> ScenarioDocument::policy_names() const {
  std::vector<std::string> names;
  for (const auto& p : scenario_.policies) names.push_back(p.name);
  return names;
}

std::vector<py::dict> parameter_rows(const ScenarioDocument* scenario) {
  std::vector<py::dict> rows;
  for (const ParameterRow& r : list_parameters(scenario != nullptr ? &scenario->scenario() : nullptr)) {
    py::dict d;
    d["section"] = r.section;
    d["key"] = r.key;
    d["type"] = r.type;
    d["value"] = r.value;
    d["default"] = r.default_value;
    d["by_default"] = r.by_default;
    d["required"] = r.required;
    d["unit"] = r.unit;
    d["range"] = r.range;
    d["evidence"] = r.evidence;
    d["meaning"] = r.meaning;
    rows.push_back(std::move(d));
  }
  return rows;
}

}  // namespace kunlun::python
