// Building the typed Scenario: the key table of the scenario format, then the few checks a table
// cannot express (shares sum to 1, end after start, files exist, regions and fields exist).
#include "scenario/scenario.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "scenario/schema.h"

namespace kunlun {

namespace fs = std::filesystem;

namespace {

const char* const kMissingHint =
    "add it, or extend a scenario that has it, such as scenarios/qinghai/baseline.yaml";

template <std::size_t N>
std::vector<std::string> names_of(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}


// A map with exactly the given keys, each a number within [min, max].
void add_named_numbers(std::vector<KeySpec>& keys, const std::string& path,
                       const std::vector<std::string>& names, double min, double max) {
  keys.push_back(map_key(path));
  for (const auto& n : names) keys.push_back(number_key(path + "." + n, min, max));
}

// The scenario format, key by key (docs/scenarios.md is its prose version).
const Schema& scenario_schema() {
  static const Schema schema = [] {
    const std::string ret = "behaviour.retirement.", exit = "behaviour.exit.",
                      rec = "behaviour.recruitment.";
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
        positive_key("population.total"),
        number_key("population.scale", 0.01, 1),
        map_key("behaviour"),
        map_key("behaviour.retirement"),
        number_key(ret + "male_age_years", 40, 80),
        number_key(ret + "female_age_years", 40, 80),
        date_key(ret + "reform_first_cohort_male"),
        date_key(ret + "reform_first_cohort_female"),
        integer_key(ret + "birth_months_per_month_of_delay", 1, 120),
        integer_key(ret + "max_delay_months", 0, 120),
        number_key(ret + "senior_title_extra_years", 0, 15),
        map_key("behaviour.exit"),
        number_key(exit + "annual_rate", 0, 0.99),
        number_key(exit + "reference_age_years", 18, 80),
        number_key(exit + "log_odds_per_year_of_age", -1, 1),
    };
    add_named_numbers(k, exit + "log_odds_by_county_type", county_type_names(), -10, 10);
    add_named_numbers(k, exit + "log_odds_by_origin", names_of(kOriginNames), -10, 10);
    k.push_back(optional(number_map_key(exit + "log_odds_by_prefecture", -10, 10)));
    k.push_back(optional(number_map_key(exit + "log_odds_by_field", -10, 10)));
    k.push_back(map_key("behaviour.recruitment"));
    add_named_numbers(k, rec + "monthly_fill_probability", county_type_names(), 0, 1);
    add_named_numbers(k, rec + "source_shares", names_of(kCandidateSourceNames), 0, 1);
    k.push_back(map_key(rec + "entrants"));
    for (const auto source : kCandidateSourceNames) {
      const std::string e = rec + "entrants." + std::string(source);
      k.push_back(map_key(e));
      k.push_back(number_key(e + ".min_age_years", 16, 80));
      k.push_back(number_key(e + ".max_age_years", 16, 80));
      add_named_numbers(k, e + ".education_shares", names_of(kEducationNames), 0, 1);
      add_named_numbers(k, e + ".level_shares", names_of(kLevelNames), 0, 1);
    }
    k.push_back(optional(map_key(rec + "title_by_level")));
    for (const auto level : kLevelNames)
      k.push_back(choice_key(rec + "title_by_level." + std::string(level), names_of(kTitleNames)));
    k.push_back(optional(number_key(rec + "female_share", 0, 1)));
    k.push_back(optional(open_map_key("policies")));
    return Schema(std::move(k), kMissingHint);
  }();
  return schema;
}

// Values of a map with fixed keys, in the order of `names`.
template <std::size_t N>
std::array<double, N> read_named(const ConfigReader& r, const std::string& path,
                                 const std::array<std::string_view, N>& names) {
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = r.number(path + "." + std::string(names[i]));
  return out;
}

template <std::size_t N>
std::array<double, N> read_shares(const ConfigReader& r, const std::string& path,
                                  const std::array<std::string_view, N>& names) {
  const auto shares = read_named(r, path, names);
  double sum = 0;
  for (double s : shares) sum += s;
  if (std::fabs(sum - 1.0) > 1e-6) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", sum);
    throw InputError(r.key_where(path), r.key(path),
                     std::string("shares sum to ") + buf + ", they must sum to 1",
                     "adjust them so that they add up to 1");
  }
  return shares;
}

std::array<double, kCountyTypes> read_county_types(const ConfigReader& r, const std::string& path) {
  std::array<double, kCountyTypes> out{};
  const auto names = county_type_names();
  for (int t = 0; t < kCountyTypes; ++t)
    out[static_cast<std::size_t>(t)] = r.number(path + "." + names[static_cast<std::size_t>(t)]);
  return out;
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

// A per-prefecture or per-field map: values at the position of each named entry, 0 elsewhere.
std::vector<double> read_keyed(const ConfigReader& r, const std::string& path,
                               const std::vector<std::string>& valid, const std::string& what,
                               const std::string& table) {
  std::vector<double> out(valid.size(), 0.0);
  const ConfigNode* map = r.find(path);
  if (map == nullptr) return out;
  for (const auto& [name, value] : map->entries()) {
    const auto it = std::find(valid.begin(), valid.end(), name);
    if (it == valid.end()) {
      throw InputError(map->key_where(name), r.key(path) + "." + name,
                       "unknown " + what + " '" + name + "'",
                       suggestion_hint(name, valid, "the " + what + "s of " + table + " are: "));
    }
    out[static_cast<std::size_t>(it - valid.begin())] = r.number(path + "." + name);
  }
  return out;
}

RetirementParams read_retirement(const ConfigReader& r) {
  const std::string p = "behaviour.retirement.";
  RetirementParams out;
  out.male_age_years = r.number(p + "male_age_years");
  out.female_age_years = r.number(p + "female_age_years");
  out.reform_first_cohort_male = r.date(p + "reform_first_cohort_male");
  out.reform_first_cohort_female = r.date(p + "reform_first_cohort_female");
  out.birth_months_per_month_of_delay =
      static_cast<int>(r.integer(p + "birth_months_per_month_of_delay"));
  out.max_delay_months = static_cast<int>(r.integer(p + "max_delay_months"));
  out.senior_title_extra_years = r.number(p + "senior_title_extra_years");
  return out;
}

ExitParams read_exit(const ConfigReader& r, const RegionTable& table) {
  const std::string p = "behaviour.exit.";
  ExitParams out;
  out.annual_rate = r.number(p + "annual_rate");
  out.reference_age_years = r.number(p + "reference_age_years");
  out.log_odds_per_year_of_age = r.number(p + "log_odds_per_year_of_age");
  out.log_odds_by_county_type = read_county_types(r, p + "log_odds_by_county_type");
  out.log_odds_by_origin = read_named(r, p + "log_odds_by_origin", kOriginNames);
  std::vector<std::string> prefectures;
  for (int row : table.prefectures()) prefectures.push_back(table.region(row).code);
  out.log_odds_by_prefecture =
      read_keyed(r, p + "log_odds_by_prefecture", prefectures, "prefecture", table.source());
  out.log_odds_by_field =
      read_keyed(r, p + "log_odds_by_field", table.fields(), "field", table.source());
  return out;
}

RecruitmentParams read_recruitment(const ConfigReader& r) {
  const std::string p = "behaviour.recruitment.";
  RecruitmentParams out;
  out.monthly_fill_probability = read_county_types(r, p + "monthly_fill_probability");
  out.source_shares = read_shares(r, p + "source_shares", kCandidateSourceNames);
  for (std::size_t s = 0; s < kCandidateSourceNames.size(); ++s) {
    const std::string e = p + "entrants." + std::string(kCandidateSourceNames[s]) + ".";
    EntrantProfile& profile = out.entrants[s];
    profile.min_age_years = r.number(e + "min_age_years");
    profile.max_age_years = r.number(e + "max_age_years");
    if (profile.max_age_years < profile.min_age_years)
      throw InputError(r.get(e + "max_age_years").where(), r.key(e + "max_age_years"),
                       format_number(profile.max_age_years) + " is below min_age_years " +
                           format_number(profile.min_age_years));
    profile.education_shares = read_shares(r, e + "education_shares", kEducationNames);
    profile.level_shares = read_shares(r, e + "level_shares", kLevelNames);
  }
  if (r.find(p + "title_by_level") != nullptr)
    for (std::size_t l = 0; l < kLevelNames.size(); ++l)
      out.title_by_level[l] = static_cast<Title>(*category_index(
          kTitleNames, r.text(p + "title_by_level." + std::string(kLevelNames[l]))));
  if (r.find(p + "female_share") != nullptr) out.female_share = r.number(p + "female_share");
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
                       "every policy names its type, such as type: rent_subsidy");
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

  s.behaviour.retirement = read_retirement(r);
  s.behaviour.recruitment = read_recruitment(r);
  s.policies = read_policies(r);
  // Region and field names in the behaviour maps must exist in this scenario's region table.
  const RegionTable table = RegionTable::load(s.regions);
  s.behaviour.exit = read_exit(r, table);

  // The tree keeps the resolved paths, so that it stands on its own: a manifest that records it
  // and a re-validation after the working directory changed find the same files.
  for (const auto& [path, resolved] : {std::pair<std::string, fs::path>{"regions", s.regions},
                                       {"population.margins", s.population.margins}})
    set_path(tree, path, ConfigNode::scalar(resolved.string(), r.get(path).where()));
  s.tree = std::move(tree);
  return s;
}

Scenario load_scenario(const fs::path& file) {
  const fs::path absolute = fs::absolute(file).lexically_normal();
  Scenario s = scenario_from_tree(load_scenario_tree(absolute), absolute.parent_path());
  s.file = absolute;
  return s;
}

}  // namespace kunlun
