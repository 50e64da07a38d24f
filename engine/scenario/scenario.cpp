// Building the typed Scenario: the key table of the scenario format, then the few checks a table
// cannot express (shares sum to 1, end after start, files exist, regions and fields exist).
#include "scenario/scenario.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <utility>

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

// The titles one is evaluated for (junior .. senior): keys of the per-next-title maps.
constexpr auto kNextTitleNames = [] {
  std::array<std::string_view, kTitles - 1> out{};
  for (std::size_t t = 1; t < kTitleNames.size(); ++t) out[t - 1] = kTitleNames[t];
  return out;
}();
// Hardship-allowance classes: 0 (none) and the six classes of the national scheme.
constexpr std::array<std::string_view, 7> kHardshipClassNames{
    "class_0", "class_1", "class_2", "class_3", "class_4", "class_5", "class_6"};
static_assert(kHardshipClassNames.size() == kHardshipClasses);
// Outside regions by their relation to the province (the region table's outside types).
constexpr std::array<std::string_view, 3> kOutsideTypeNames{"paired_province",
                                                            "neighbour_province", "rest_of_china"};

// A map with exactly the given keys, each a number within [min, max].
void add_named_numbers(std::vector<KeySpec>& keys, const std::string& path,
                       const std::vector<std::string>& names, double min, double max) {
  keys.push_back(map_key(path));
  for (const auto& n : names) keys.push_back(number_key(path + "." + n, min, max));
}

// The same with each number greater than 0 and at most `max`.
void add_named_positive(std::vector<KeySpec>& keys, const std::string& path,
                        const std::vector<std::string>& names, double max) {
  keys.push_back(map_key(path));
  for (const auto& n : names) {
    KeySpec spec = positive_key(path + "." + n);
    spec.max = max;
    keys.push_back(std::move(spec));
  }
}

// The scenario format, key by key (docs/scenarios.md is its prose version).
const Schema& scenario_schema() {
  static const Schema schema = [] {
    const std::string ret = "behaviour.retirement.", ti = "behaviour.titles.",
                      pay = "behaviour.pay.", ut = "behaviour.utility.",
                      mob = "behaviour.mobility.", dst = "behaviour.destination.",
                      ent = "behaviour.entrepreneurship.", rec = "behaviour.recruitment.";
    const std::vector<std::string> next_titles = names_of(kNextTitleNames),
                                   employers = names_of(kEmployerNames);
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
        number_key("population.scale", 0.01, 1000),
        map_key("behaviour"),
        map_key("behaviour.retirement"),
        number_key(ret + "male_age_years", 40, 80),
        number_key(ret + "female_age_years", 40, 80),
        date_key(ret + "reform_first_cohort_male"),
        date_key(ret + "reform_first_cohort_female"),
        integer_key(ret + "birth_months_per_month_of_delay", 1, 120),
        integer_key(ret + "max_delay_months", 0, 120),
        number_key(ret + "senior_title_extra_years", 0, 15),
        map_key("behaviour.titles"),
        integer_key(ti + "evaluation_month", 1, 12),
        map_key(ti + "min_years"),
    };
    for (const auto& title : next_titles)
      add_named_numbers(k, ti + "min_years." + title, names_of(kEducationNames), 0, 40);
    add_named_numbers(k, ti + "log_odds", next_titles, -10, 10);
    k.push_back(number_key(ti + "performance_weight", 0, 1));
    k.push_back(number_key(ti + "score_log_odds", 0, 10));
    k.push_back(map_key(ti + "quota"));
    for (const auto& type : county_type_names())
      add_named_numbers(k, ti + "quota." + type, next_titles, 0, 1);
    k.push_back(number_key(ti + "paper_pass_share", 0, 1));
    // Any title name passes the table, so that 'none' gets its own message from the reader.
    k.push_back(choice_key(ti + "degree_required_from", names_of(kTitleNames)));
    k.push_back(map_key(ti + "grassroots_track"));
    k.push_back(number_key(ti + "grassroots_track.min_years_cut", 0, 20));
    k.push_back(number_key(ti + "grassroots_track.log_odds", -10, 10));

    k.push_back(map_key("behaviour.pay"));
    add_named_positive(k, pay + "base_monthly_cny", names_of(kTitleNames), 1e6);
    add_named_positive(k, pay + "employer_factor", employers, 10);
    add_named_numbers(k, pay + "hardship_allowance_monthly_cny", names_of(kHardshipClassNames), 0,
                      1e5);
    k.push_back(number_key(pay + "market_rent_cny", 0, 1e5));
    add_named_numbers(k, pay + "employer_shares", employers, 0, 1);
    k.push_back(number_key(pay + "initial_venture_share", 0, 1));

    k.push_back(map_key("behaviour.utility"));
    k.push_back(number_key(ut + "log_income", 0, 20));
    for (const char* name : {"years_to_next_title", "amenity", "altitude_per_km", "remoteness",
                             "hometown", "income_risk"})
      k.push_back(number_key(ut + name, -10, 10));
    add_named_numbers(k, ut + "income_risk_by_employer", employers, 0, 1);
    k.push_back(number_key(ut + "job_openings", -10, 10));

    k.push_back(map_key("behaviour.mobility"));
    k.push_back(number_key(mob + "annual_move_rate", 0, 0.99));
    k.push_back(number_key(mob + "utility_gap", 0, 10));
    k.push_back(number_key(mob + "reference_age_years", 18, 80));
    k.push_back(number_key(mob + "log_odds_per_year_of_age", -1, 1));
    k.push_back(number_key(mob + "log_odds_per_year_of_tenure", -1, 1));
    k.push_back(number_key(mob + "tenure_cap_years", 0, 60));
    k.push_back(number_key(mob + "family", -10, 10));
    k.push_back(number_key(mob + "peer_departure_share", -50, 50));
    k.push_back(number_key(mob + "peer_reference_share", 0, 1));
    add_named_numbers(k, mob + "log_odds_by_origin", names_of(kOriginNames), -10, 10);
    k.push_back(number_key(mob + "family_share_under_30", 0, 1));
    k.push_back(number_key(mob + "family_share_30_and_over", 0, 1));
    k.push_back(number_key(mob + "acceptance_utility", 0, 10));

    k.push_back(map_key("behaviour.destination"));
    k.push_back(number_key(dst + "distance_per_100km", -10, 0));
    k.push_back(number_key(dst + "leave_province", -20, 20));
    add_named_numbers(k, dst + "outside_by_type", names_of(kOutsideTypeNames), -20, 20);

    k.push_back(map_key("behaviour.entrepreneurship"));
    k.push_back(number_key(ent + "annual_start_rate", 0, 0.5));
    k.push_back(number_key(ent + "min_age_years", 16, 80));
    k.push_back(number_key(ent + "max_age_years", 16, 80));
    k.push_back(number_key(ent + "annual_failure_rate", 0, 0.99));
    k.push_back(number_key(ent + "jobs_per_venture", 0, 1000));
    k.push_back(number_key(ent + "loan_log_odds_per_ln_100k", 0, 10));
    k.push_back(number_key(ent + "base_interest_rate", 0, 0.5));

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
    k.push_back(map_key(rec + "paired_rotation"));
    k.push_back(number_key(rec + "paired_rotation.cadres_per_year", 0, 1e6));
    k.push_back(integer_key(rec + "paired_rotation.arrival_month", 1, 12));
    k.push_back(integer_key(rec + "paired_rotation.term_months", 1, 240));
    k.push_back(map_key(rec + "flexible"));
    k.push_back(number_key(rec + "flexible.engagements_per_year", 0, 1e7));
    k.push_back(integer_key(rec + "flexible.term_months", 1, 240));
    k.push_back(number_key(rec + "flexible.service_days_per_month", 0, 31));
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

// `<p>min_age_years` and `<p>max_age_years`, the maximum not below the minimum.
std::pair<double, double> read_age_range(const ConfigReader& r, const std::string& p) {
  const double min = r.number(p + "min_age_years"), max = r.number(p + "max_age_years");
  if (max < min)
    throw InputError(r.get(p + "max_age_years").where(), r.key(p + "max_age_years"),
                     format_number(max) + " is below min_age_years " + format_number(min));
  return {min, max};
}

TitleParams read_titles(const ConfigReader& r) {
  const std::string p = "behaviour.titles.";
  TitleParams out;
  out.evaluation_month = static_cast<int>(r.integer(p + "evaluation_month"));
  for (std::size_t t = 0; t < kNextTitleNames.size(); ++t)
    out.min_years[t] =
        read_named(r, p + "min_years." + std::string(kNextTitleNames[t]), kEducationNames);
  out.log_odds = read_named(r, p + "log_odds", kNextTitleNames);
  out.performance_weight = r.number(p + "performance_weight");
  out.score_log_odds = r.number(p + "score_log_odds");
  const auto types = county_type_names();
  for (std::size_t t = 0; t < out.quota.size(); ++t)
    out.quota[t] = read_named(r, p + "quota." + types[t], kNextTitleNames);
  out.paper_pass_share = r.number(p + "paper_pass_share");
  const std::string degree = p + "degree_required_from";
  const auto title = category_index(kTitleNames, r.text(degree));
  if (!title || *title == static_cast<int>(Title::none))
    throw InputError(r.get(degree).where(), r.key(degree),
                     "'" + r.text(degree) + "' is not a title one is evaluated for",
                     "write the lowest title closed to college-diploma holders: junior, "
                     "intermediate, associate_senior or senior");
  out.degree_required_from = static_cast<Title>(*title);
  out.grassroots_min_years_cut = r.number(p + "grassroots_track.min_years_cut");
  out.grassroots_log_odds = r.number(p + "grassroots_track.log_odds");
  return out;
}

PayParams read_pay(const ConfigReader& r) {
  const std::string p = "behaviour.pay.";
  PayParams out;
  out.base_monthly_cny = read_named(r, p + "base_monthly_cny", kTitleNames);
  out.employer_factor = read_named(r, p + "employer_factor", kEmployerNames);
  out.hardship_allowance_cny =
      read_named(r, p + "hardship_allowance_monthly_cny", kHardshipClassNames);
  out.market_rent_cny = r.number(p + "market_rent_cny");
  out.employer_shares = read_shares(r, p + "employer_shares", kEmployerNames);
  out.initial_venture_share = r.number(p + "initial_venture_share");
  return out;
}

UtilityParams read_utility(const ConfigReader& r) {
  const std::string p = "behaviour.utility.";
  UtilityParams out;
  out.log_income = r.number(p + "log_income");
  out.years_to_next_title = r.number(p + "years_to_next_title");
  out.amenity = r.number(p + "amenity");
  out.altitude_per_km = r.number(p + "altitude_per_km");
  out.remoteness = r.number(p + "remoteness");
  out.hometown = r.number(p + "hometown");
  out.income_risk = r.number(p + "income_risk");
  out.income_risk_by_employer = read_named(r, p + "income_risk_by_employer", kEmployerNames);
  out.job_openings = r.number(p + "job_openings");
  return out;
}

MobilityParams read_mobility(const ConfigReader& r) {
  const std::string p = "behaviour.mobility.";
  MobilityParams out;
  out.annual_move_rate = r.number(p + "annual_move_rate");
  out.utility_gap = r.number(p + "utility_gap");
  out.reference_age_years = r.number(p + "reference_age_years");
  out.log_odds_per_year_of_age = r.number(p + "log_odds_per_year_of_age");
  out.log_odds_per_year_of_tenure = r.number(p + "log_odds_per_year_of_tenure");
  out.tenure_cap_years = r.number(p + "tenure_cap_years");
  out.family = r.number(p + "family");
  out.peer_departure_share = r.number(p + "peer_departure_share");
  out.peer_reference_share = r.number(p + "peer_reference_share");
  out.log_odds_by_origin = read_named(r, p + "log_odds_by_origin", kOriginNames);
  out.family_share_under_30 = r.number(p + "family_share_under_30");
  out.family_share_30_and_over = r.number(p + "family_share_30_and_over");
  out.acceptance_utility = r.number(p + "acceptance_utility");
  return out;
}

DestinationParams read_destination(const ConfigReader& r) {
  const std::string p = "behaviour.destination.";
  DestinationParams out;
  out.distance_per_100km = r.number(p + "distance_per_100km");
  out.leave_province = r.number(p + "leave_province");
  out.outside_by_type = read_named(r, p + "outside_by_type", kOutsideTypeNames);
  return out;
}

EntrepreneurshipParams read_entrepreneurship(const ConfigReader& r) {
  const std::string p = "behaviour.entrepreneurship.";
  EntrepreneurshipParams out;
  out.annual_start_rate = r.number(p + "annual_start_rate");
  std::tie(out.min_age_years, out.max_age_years) = read_age_range(r, p);
  out.annual_failure_rate = r.number(p + "annual_failure_rate");
  out.jobs_per_venture = r.number(p + "jobs_per_venture");
  out.loan_log_odds_per_ln_100k = r.number(p + "loan_log_odds_per_ln_100k");
  out.base_interest_rate = r.number(p + "base_interest_rate");
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
    std::tie(profile.min_age_years, profile.max_age_years) = read_age_range(r, e);
    profile.education_shares = read_shares(r, e + "education_shares", kEducationNames);
    profile.level_shares = read_shares(r, e + "level_shares", kLevelNames);
  }
  if (r.find(p + "title_by_level") != nullptr)
    for (std::size_t l = 0; l < kLevelNames.size(); ++l)
      out.title_by_level[l] = static_cast<Title>(*category_index(
          kTitleNames, r.text(p + "title_by_level." + std::string(kLevelNames[l]))));
  if (r.find(p + "female_share") != nullptr) out.female_share = r.number(p + "female_share");
  const std::string pr = p + "paired_rotation.", fl = p + "flexible.";
  out.paired_rotation.cadres_per_year = r.number(pr + "cadres_per_year");
  out.paired_rotation.arrival_month = static_cast<int>(r.integer(pr + "arrival_month"));
  out.paired_rotation.term_months = static_cast<int>(r.integer(pr + "term_months"));
  out.flexible.engagements_per_year = r.number(fl + "engagements_per_year");
  out.flexible.term_months = static_cast<int>(r.integer(fl + "term_months"));
  out.flexible.service_days_per_month = r.number(fl + "service_days_per_month");
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

  s.behaviour.retirement = read_retirement(r);
  s.behaviour.titles = read_titles(r);
  s.behaviour.pay = read_pay(r);
  s.behaviour.utility = read_utility(r);
  s.behaviour.mobility = read_mobility(r);
  s.behaviour.destination = read_destination(r);
  s.behaviour.entrepreneurship = read_entrepreneurship(r);
  s.behaviour.recruitment = read_recruitment(r);
  s.policies = read_policies(r);
  // The region table is checked here, so that validating a scenario reports a bad table before
  // any run (policies check the regions and fields they name when they are built).
  RegionTable::load(s.regions);

  // The tree keeps the resolved paths, so that it stands on its own: a manifest that records it
  // and a re-validation after the working directory changed find the same files.
  for (const auto& [path, resolved] : {std::pair<std::string, fs::path>{"regions", s.regions},
                                       {"population.margins", s.population.margins}})
    set_path(tree, path, ConfigNode::scalar(resolved.string(), r.get(path).where()));
  s.tree = std::move(tree);
  return s;
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

Scenario load_scenario(const fs::path& file) {
  const fs::path absolute = fs::absolute(file).lexically_normal();
  Scenario s = scenario_from_tree(load_scenario_tree(absolute), absolute.parent_path());
  s.file = absolute;
  return s;
}

}  // namespace kunlun
