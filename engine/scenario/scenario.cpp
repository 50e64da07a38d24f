// Building the typed Scenario: the key table of the scenario format, then the few checks a table
// cannot express (shares sum to 1, end after start, files exist, regions and fields exist).
#include "scenario/scenario.h"
#include "scenario/scenario_parameters.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <utility>

#include "parameters/behaviour_parameters.h"
#include "parameters/schema.h"

namespace kunlun {

namespace fs = std::filesystem;

namespace {

const char* const kMissingHint =
    "add it, or extend a scenario that has it, such as scenarios/qinghai/baseline.yaml";

// The talent stock at full scale: above 0, and at most 1e9, more than any province holds. The
// bound keeps total x scale a count the agent store can hold whatever the scale; a run still
// checks that product against its own limit (core/population_synthesis.cpp).
KeySpec population_total_key() {
  KeySpec spec = positive_key("population.total");
  spec.max = 1e9;
  return spec;
}

// The scenario format, key by key (docs/scenarios.md is its prose version): the run settings, then
// every declared behaviour parameter with the maps that hold it, then the policies.
const Schema& scenario_schema() {
  static const Schema schema = [] {
    // In file order, so that "allowed keys" hints list keys the way the reference page does.
    std::vector<KeySpec> k = {
        text_key("name"),
        optional(text_key("description")),
        map_key("horizon"),
        date_key("horizon.start"),
        date_key("horizon.end"),
        seed_key("seed"),
        integer_key("replications", 1, 10000),
        text_key("regions"),
        map_key("population"),
        text_key("population.margins"),
        population_total_key(),
        number_key("population.scale", 0.01, 1000),
        optional(number_key("population.jobs_growth_per_year", -0.2, 0.2)),
        optional(integer_key("population.jobs_year", 1900, 2999)),
        optional(text_key("posterior")),
    };
    // Every behaviour key has a default, so every map that holds them may be left out.
    std::vector<std::string> maps_done;
    for (const auto& p : behaviour_parameters()) {
      const std::string& key = p.declaration.key;
      for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1)) {
        const std::string map = key.substr(0, dot);
        if (std::find(maps_done.begin(), maps_done.end(), map) != maps_done.end()) continue;
        maps_done.push_back(map);
        k.push_back(optional(map_key(map)));
      }
      k.push_back(key_spec(p.declaration));
    }
    k.push_back(optional(open_map_key("policies")));
    k.push_back(optional(open_map_key("uncertainty")));
    return Schema(std::move(k), kMissingHint);
  }();
  return schema;
}

// A file named in the scenario, made absolute against the directory of the file that wrote it.
fs::path resolve_file(const ConfigReader& r, const std::string& path, const fs::path& base_dir) {
  const ConfigNode& node = r.get(path);
  const fs::path written = r.text(path);
  const fs::path source = node.where().file;
  // Locations without a directory are labels such as "<command line>", not files.
  const fs::path dir = source.has_parent_path() ? source.parent_path() : base_dir;
  const fs::path resolved =
      fs::absolute(written.is_absolute() ? written : dir / written).lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(resolved, ec))
    throw InputError(node.where(), r.key(path), "file not found: " + resolved.string(),
                     "paths are relative to the directory of the scenario file that writes them");
  return resolved;
}

// Every behaviour parameter, as written or by its declared default. Defaults are written into the
// tree, so that the resolved scenario a manifest records holds every value the run used.
BehaviourParams read_behaviour(ConfigNode& tree) {
  BehaviourParams out;
  const SourceLocation by_default{"<default>", 0, 0};
  for (const auto& p : behaviour_parameters()) {
    const Parameter& d = p.declaration;
    const ConfigReader r(tree);
    if (const ConfigNode* node = r.find(d.key)) {
      p.set(out, read_parameter(d, *node, d.key, r.key_where(d.key)));
    } else {
      p.set(out, *d.default_value);
      set_path(tree, d.key, parameter_node(d, *d.default_value, by_default));
    }
  }
  check_behaviour(out, tree);
  return out;
}

std::vector<PolicySpec> read_policies(const ConfigReader& r) {
  std::vector<PolicySpec> out;
  const ConfigNode* policies = r.find("policies");
  if (policies == nullptr) return out;
  for (const auto& [name, entry] : policies->entries()) {
    const std::string key = "policies." + name;
    if (!entry.is_map())
      throw InputError(
          policies->key_where(name), key,
          "expected a map with a type, got " +
              (entry.is_scalar() ? "'" + entry.text() + "'"
                                 : std::string(entry.is_list() ? "a list" : "nothing")));
    if (entry.find("type") == nullptr)
      throw InputError(policies->key_where(name), key + ".type", "missing required key",
                       "every policy names its type, such as type: housing_rent_subsidy");
    out.push_back(PolicySpec{name, r.text(key + ".type"), entry});
  }
  return out;
}

}  // namespace

Scenario scenario_from_tree(ConfigNode tree, const fs::path& base_dir) {
  if (tree.is_map() && tree.find("extends") != nullptr)
    throw InputError(tree.key_where("extends"), "extends",
                     "extends is resolved when a scenario file is loaded, not in a tree",
                     "load the file with load_scenario, or merge the base tree first");
  scenario_schema().validate(tree);

  const ConfigReader r(tree);
  Scenario s;
  s.name = r.text("name");
  // The name becomes the output folder's name.
  const bool safe = !s.name.empty() && s.name.front() != '.' && s.name.front() != '-' &&
                    std::all_of(s.name.begin(), s.name.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                    });
  if (!safe)
    throw InputError(r.get("name").where(), "name", "'" + s.name + "' cannot name an output folder",
                     "use letters, digits, '-', '_' and '.', starting with a letter or digit, e.g. qinghai-housing");
  if (r.find("description") != nullptr) s.description = r.text("description");
  s.start = r.date("horizon.start");
  s.end = r.date("horizon.end");
  if (s.end < s.start)
    throw InputError(r.get("horizon.end").where(), "horizon.end",
                     "end " + s.end.str() + " is before start " + s.start.str(),
                     "the horizon runs from start to end, both months included");
  s.seed = r.uint64("seed");
  s.replications = static_cast<int>(r.integer("replications"));

  const fs::path base = fs::absolute(base_dir);
  s.regions = resolve_file(r, "regions", base);
  s.population.margins = resolve_file(r, "population.margins", base);
  s.population.total = r.number("population.total");
  s.population.scale = r.number("population.scale");
  if (r.find("population.jobs_growth_per_year") != nullptr)
    s.population.jobs_growth_per_year = r.number("population.jobs_growth_per_year");
  if (r.find("population.jobs_year") != nullptr) s.population.jobs_year = static_cast<int>(r.integer("population.jobs_year"));
  // "none" turns off a posterior the scenario extends.
  if (r.find("posterior") != nullptr && r.text("posterior") != "none") {
    s.posterior = resolve_file(r, "posterior", base);
    set_path(tree, "posterior", ConfigNode::scalar(s.posterior.string(), r.get("posterior").where()));
  }

  s.policies = read_policies(r);
  // The region table is checked here, so that validating a scenario reports a bad table before
  // any run; the policies, which name its regions and fields, are checked against it below.
  const RegionTable regions = RegionTable::load(s.regions);

  // The tree keeps the resolved paths, so that it stands on its own: a manifest that records it
  // and a re-validation after the working directory changed find the same files.
  for (const auto& [path, resolved] : {std::pair<std::string, fs::path>{"regions", s.regions},
                                       {"population.margins", s.population.margins}})
    set_path(tree, path, ConfigNode::scalar(resolved.string(), r.get(path).where()));
  s.behaviour = read_behaviour(tree);
  s.tree = std::move(tree);
  // Built once and dropped: a scenario whose policies would not build is not a valid scenario.
  build_policies(s, regions);
  if (const ConfigNode* u = ConfigReader(s.tree).find("uncertainty")) {
    s.uncertainty = read_uncertainty_overrides(*u, "uncertainty");
    uncertain_parameters(s);  // every override names a parameter and gives a distribution in range
  }
  return s;
}

PolicyContext policy_context(const Scenario& scenario) {
  return PolicyContext{scenario.start, scenario.end, scenario.population.scale, scenario.behaviour};
}

std::vector<std::unique_ptr<Policy>> build_policies(const Scenario& scenario, const RegionTable& regions) {
  return build_policies(scenario.policies, policy_context(scenario), regions);
}

void require_policy_of_key(const Scenario& scenario, const std::string& key, const SourceLocation& where,
                           const std::string& shown_key, const std::string& how_to_add) {
  const auto parts = split_key(key);
  if (parts.size() < 2 || parts[0] != "policies") return;
  std::vector<std::string> names;
  for (const auto& p : scenario.policies) names.push_back(p.name);
  if (std::find(names.begin(), names.end(), parts[1]) != names.end()) return;
  throw InputError(where, shown_key, "the scenario " + scenario.name + " has no policy '" + parts[1] + "'",
                   names.empty() ? how_to_add : suggestion_hint(parts[1], names, "its policies: "));
}

std::string scenario_key_range(std::string_view key) {
  const KeySpec* spec = scenario_schema().find(key);
  if (!spec) return "";
  if (spec->type == ValueType::uint64)
    return "must be between 0 and " + std::to_string(std::numeric_limits<std::uint64_t>::max());
  return range_text(*spec);
}

Scenario load_scenario(const fs::path& file) {
  const fs::path absolute = fs::absolute(file).lexically_normal();
  Scenario s = scenario_from_tree(load_scenario_tree(absolute), absolute.parent_path());
  s.file = absolute;
  return s;
}

}  // namespace kunlun
