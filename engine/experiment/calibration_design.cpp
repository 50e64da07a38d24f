// Reading and checking a calibration design.
#include "experiment/calibration_design.h"

#include "parameters/schema.h"

namespace kunlun {

namespace {

const Schema& design_schema() {
  static const Schema schema(
      {text_list_key("parameters"), optional(open_map_key("uncertainty")), optional(text_list_key("targets")),
       optional(date_key("until")), optional(integer_key("waves", 1, 20)),
       optional(integer_key("points_per_wave", 0, 100000)), optional(integer_key("repeats_per_wave", 0, 100000)),
       optional(integer_key("candidates", 100, 10000000)), optional(number_key("cutoff", 1, 10)),
       optional(map_key("posterior")), optional(integer_key("posterior.size", 10, 100000)),
       optional(integer_key("posterior.chains", 1, 64)), optional(integer_key("posterior.steps", 100, 1000000)),
       optional(seed_key("seed"))},
      "docs/calibration.md shows a complete design file");
  return schema;
}

std::vector<std::string> texts(const ConfigNode& node, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& item : node.items()) out.push_back(read_text(item, key, item.where()));
  return out;
}

}  // namespace

CalibrationDesign read_calibration_design(const std::filesystem::path& file) {
  const ConfigNode tree = read_yaml_file(file);
  if (!tree.is_map())
    throw InputError({file.string(), 1, 0}, "", "a design file is a map of settings", "docs/calibration.md shows one");
  design_schema().validate(tree);
  const ConfigReader r(tree);
  CalibrationDesign d;
  d.file = file;
  d.parameters = texts(r.get("parameters"), "parameters");
  if (const ConfigNode* u = r.find("uncertainty")) d.uncertainty = read_uncertainty_overrides(*u, "uncertainty");
  if (const ConfigNode* t = r.find("targets")) d.targets = texts(*t, "targets");
  if (r.find("until")) d.until = r.date("until");
  if (r.find("waves")) d.waves = static_cast<std::size_t>(r.integer("waves"));
  if (r.find("points_per_wave")) d.points_per_wave = static_cast<std::size_t>(r.integer("points_per_wave"));
  if (r.find("repeats_per_wave")) d.repeats_per_wave = static_cast<std::size_t>(r.integer("repeats_per_wave"));
  if (r.find("candidates")) d.candidates = static_cast<std::size_t>(r.integer("candidates"));
  if (r.find("cutoff")) d.cutoff = r.number("cutoff");
  if (r.find("posterior.size")) d.posterior_size = static_cast<std::size_t>(r.integer("posterior.size"));
  if (r.find("posterior.chains")) d.chains = static_cast<std::size_t>(r.integer("posterior.chains"));
  if (r.find("posterior.steps")) d.chain_steps = static_cast<std::size_t>(r.integer("posterior.steps"));
  if (r.find("seed")) d.seed = r.uint64("seed");
  return d;
}

void check_calibration_design(const CalibrationDesign& d) {
  const auto bad = [](const std::string& argument, const std::string& message, const std::string& hint) {
    throw InputError({.argument = argument}, "", message, hint);
  };
  if (d.parameters.empty())
    bad("parameters", "no parameters to calibrate",
        "name the few that move the targets most (kunlun sensitivity ranks them), e.g. behaviour.mobility.utility_gap");
  if (d.waves < 1 || d.waves > 20) bad("waves", "must be 1 to 20", "3 to 5 waves usually settle the space");
  if (!(d.cutoff >= 1 && d.cutoff <= 10)) bad("cutoff", "must be 1 to 10", "3, Pukelsheim's three-sigma rule");
  if (d.posterior_size < 10 || d.posterior_size > 100000) bad("posterior_size", "must be 10 to 100000", "use 200");
  if (d.chains < 1 || d.chains > 64) bad("chains", "must be 1 to 64", "use 8");
  if (d.chain_steps < 100 || d.chain_steps > 1000000) bad("chain_steps", "must be 100 to 1000000", "use 4000");
  if (d.candidates < 100 || d.candidates > 10000000) bad("candidates", "must be 100 to 10000000", "use 20000");
}

}  // namespace kunlun
