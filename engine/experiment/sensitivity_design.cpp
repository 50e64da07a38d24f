// Reading and checking a sensitivity design.
#include "experiment/sensitivity_design.h"

#include "parameters/schema.h"

namespace kunlun {

const std::vector<std::string> kDefaultSensitivityIndicators = {
    "stock_end", "grassroots_stock_end", "grassroots_talent_years", "outflow_external", "vacancies_end",
    "policy_cost"};

std::string method_name(SensitivityMethod m) { return m == SensitivityMethod::morris ? "morris" : "sobol"; }

SensitivityMethod parse_sensitivity_method(const std::string& name) {
  if (name == "morris") return SensitivityMethod::morris;
  if (name == "sobol") return SensitivityMethod::sobol;
  throw InputError({.argument = "method"}, "", "unknown method '" + name + "'",
                   "use morris to screen many parameters, sobol to apportion the variance among a few");
}

namespace {

const Schema& design_schema() {
  static const Schema schema(
      {optional(choice_key("method", {"morris", "sobol"})), optional(text_list_key("parameters")),
       optional(open_map_key("uncertainty")), optional(map_key("morris")),
       optional(integer_key("morris.trajectories", 2, 1000)), optional(integer_key("morris.levels", 2, 100)),
       optional(map_key("sobol")), optional(integer_key("sobol.base_samples", 2, 65536)),
       optional(map_key("bootstrap")), optional(integer_key("bootstrap.resamples", 1, 100000)),
       optional(number_key("bootstrap.confidence", 0.5, 0.999)), optional(text_list_key("indicators")),
       optional(seed_key("seed")), optional(integer_key("replications", 1, 1000))},
      "docs/sensitivity.md shows a complete design file");
  return schema;
}

std::vector<std::string> text_list(const ConfigNode& node, const std::string& key) {
  if (!node.is_list())
    throw InputError(node.where(), key, "a list is expected", key + ": [" + (key == "parameters" ? "behaviour.mobility" : "stock_end") + "]");
  std::vector<std::string> out;
  for (const auto& item : node.items()) out.push_back(read_text(item, key, item.where()));
  return out;
}

}  // namespace

SensitivityDesign read_sensitivity_design(const std::filesystem::path& file) {
  const ConfigNode tree = read_yaml_file(file);
  if (!tree.is_map())
    throw InputError({file.string(), 1, 0}, "", "a design file is a map of settings", "docs/sensitivity.md shows one");
  design_schema().validate(tree);
  const ConfigReader r(tree);
  SensitivityDesign d;
  d.file = file;
  if (r.find("method")) d.method = parse_sensitivity_method(r.text("method"));
  if (const ConfigNode* p = r.find("parameters")) d.parameters = text_list(*p, "parameters");
  if (const ConfigNode* u = r.find("uncertainty")) d.uncertainty = read_uncertainty_overrides(*u, "uncertainty");
  if (r.find("morris.trajectories")) d.trajectories = static_cast<std::size_t>(r.integer("morris.trajectories"));
  if (r.find("morris.levels")) d.levels = static_cast<std::size_t>(r.integer("morris.levels"));
  if (r.find("sobol.base_samples")) d.base_samples = static_cast<std::size_t>(r.integer("sobol.base_samples"));
  if (r.find("bootstrap.resamples")) d.resamples = static_cast<std::size_t>(r.integer("bootstrap.resamples"));
  if (r.find("bootstrap.confidence")) d.confidence = r.number("bootstrap.confidence");
  if (const ConfigNode* i = r.find("indicators")) d.indicators = text_list(*i, "indicators");
  if (r.find("seed")) d.seed = r.uint64("seed");
  if (r.find("replications")) d.replications = static_cast<int>(r.integer("replications"));
  if (d.levels % 2 != 0)
    throw InputError(r.get("morris.levels").where(), "morris.levels", "the number of levels must be even",
                     "4 is the usual choice (Morris 1991): the step is then 2/3 of the range");
  return d;
}

void check_sensitivity_design(const SensitivityDesign& d) {
  const auto bad = [](const std::string& argument, const std::string& message, const std::string& hint) {
    throw InputError({.argument = argument}, "", message, hint);
  };
  if (d.trajectories < 2 || d.trajectories > 1000)
    bad("trajectories", "must be 2 to 1000", "10 to 20 trajectories usually rank the parameters (Campolongo 2007)");
  if (d.levels < 2 || d.levels > 100 || d.levels % 2 != 0) bad("levels", "must be even, 2 to 100", "use 4");
  if (d.base_samples < 2 || d.base_samples > 65536)
    bad("base_samples", "must be 2 to 65536", "a power of two, 64 to 1024, for a few parameters");
  if (d.resamples < 1 || d.resamples > 100000) bad("resamples", "must be 1 to 100000", "use 1000");
  if (!(d.confidence > 0 && d.confidence < 1)) bad("confidence", "must be between 0 and 1", "use 0.95");
  if (d.replications < 1 || d.replications > 1000) bad("replications", "must be 1 to 1000", "use 1");
}

}  // namespace kunlun
