// The declaration of every behaviour parameter. A row gives the key, unit, range, default (the
// baseline's value), meaning and evidence, and the field it fills; nothing else restates them.
// Evidence names the source a value rests on (docs/data.md and scenarios/qinghai/baseline.yaml
// give the detail), or says "assumption, to calibrate".
#include "parameters/behaviour_parameters.h"

#include <cmath>
#include <string>
#include <type_traits>
#include <unordered_map>

#include "core/calendar.h"
#include "core/categories.h"
#include "core/region_table.h"
#include "core/text.h"

namespace kunlun {

namespace {

using B = BehaviourParams;
const std::string kAssumed = kAssumption;
constexpr double kInf = std::numeric_limits<double>::infinity();

// The titles one is evaluated for (junior .. senior).
std::vector<std::string> next_title_names() { return {kTitleNames.begin() + 1, kTitleNames.end()}; }
template <std::size_t N>
std::vector<std::string> names_of(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}
const std::vector<std::string> kHardshipClassNames = {"class_0", "class_1", "class_2", "class_3",
                                                      "class_4", "class_5", "class_6"};
const std::vector<std::string> kOutsideTypeNames = {"paired_province", "neighbour_province", "rest_of_china"};

Parameter number(std::string key, std::string unit, double min, double max, double fallback, std::string meaning,
                 std::string evidence) {
  Parameter p;
  p.key = "behaviour." + std::move(key);
  p.unit = std::move(unit);
  p.min = min;
  p.max = max;
  p.default_value = fallback;
  p.meaning = std::move(meaning);
  p.evidence = std::move(evidence);
  return p;
}
Parameter whole(std::string key, std::string unit, double min, double max, double fallback, std::string meaning,
                std::string evidence) {
  Parameter p = number(std::move(key), std::move(unit), min, max, fallback, std::move(meaning), std::move(evidence));
  p.type = ParameterType::integer;
  return p;
}
Parameter date(std::string key, YearMonth fallback, std::string meaning, std::string evidence) {
  Parameter p = number(std::move(key), "month", -kInf, kInf, 0, std::move(meaning), std::move(evidence));
  p.type = ParameterType::date;
  p.default_value = fallback.str();
  return p;
}
Parameter choice(std::string key, std::vector<std::string> choices, std::string fallback, std::string meaning,
                 std::string evidence) {
  Parameter p = number(std::move(key), "", -kInf, kInf, 0, std::move(meaning), std::move(evidence));
  p.type = ParameterType::choice;
  p.choices = std::move(choices);
  p.default_value = std::move(fallback);
  return p;
}

// Field values to and from the declared value types.
template <class T>
ParameterValue to_value(const T& v) {
  if constexpr (std::is_same_v<T, YearMonth>)
    return v.str();
  else if constexpr (std::is_same_v<T, Title>)
    return std::string(kTitleNames[static_cast<std::size_t>(v)]);
  else
    return static_cast<double>(v);
}
template <class T>
T from_value(const ParameterValue& v) {
  if constexpr (std::is_same_v<T, YearMonth>)
    return *YearMonth::parse(std::get<std::string>(v));
  else if constexpr (std::is_same_v<T, Title>)
    return static_cast<Title>(*category_index(kTitleNames, std::get<std::string>(v)));
  else
    return static_cast<T>(std::get<double>(v));
}

class Declarations {
 public:
  // `field` returns a reference to the field of BehaviourParams the parameter fills.
  template <class F>
  void add(Parameter p, F field) {
    using T = std::remove_reference_t<std::invoke_result_t<F, B&>>;
    rows_.push_back({std::move(p), [field](const B& b) { return to_value<T>(field(const_cast<B&>(b))); },
                     [field](B& b, const ParameterValue& v) { field(b) = from_value<T>(v); }});
  }
  // One row per name of a map with fixed keys, filling `array[i]`; `unit`, range and meaning are
  // shared, the default and evidence are per name.
  // `uncertainty` is shared (one) or per name, as `evidence` is; none for sourced values.
  template <class F>
  void add_map(const std::string& key, const std::vector<std::string>& names, const Parameter& shape,
               const std::vector<double>& defaults, const std::vector<std::string>& evidence,
               const std::vector<std::optional<Uncertainty>>& uncertainty, const std::string& meaning_of, F array) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      Parameter p = shape;
      p.key = "behaviour." + key + "." + names[i];
      p.default_value = defaults[i];
      p.evidence = evidence.size() == 1 ? evidence[0] : evidence[i];
      if (!uncertainty.empty()) p.uncertainty = uncertainty.size() == 1 ? uncertainty[0] : uncertainty[i];
      p.meaning = meaning_of + ": " + names[i];
      add(std::move(p), [array, i](B& b) -> auto& { return array(b)[i]; });
    }
  }
  std::vector<BehaviourParameter> take() { return std::move(rows_); }

 private:
  std::vector<BehaviourParameter> rows_;
};

// The parameter with what is known about its value.
Parameter vary(Parameter p, Uncertainty u) {
  p.uncertainty = std::move(u);
  return p;
}
using Maybe = std::optional<Uncertainty>;

// A row shape: unit and range without a key, default or meaning.
Parameter shape(std::string unit, double min, double max, bool min_exclusive = false) {
  Parameter p;
  p.unit = std::move(unit);
  p.min = min;
  p.max = max;
  p.min_exclusive = min_exclusive;
  return p;
}

void declare_retirement(Declarations& d) {
  const std::string statutory = "State Council rules of 1978";
  const std::string reform = "NPC Standing Committee decision on the retirement age, September 2024";
  d.add(number("retirement.male_age_years", "years", 40, 80, 60, "the statutory retirement age of men before the reform",
               statutory),
        [](B& b) -> auto& { return b.retirement.male_age_years; });
  d.add(number("retirement.female_age_years", "years", 40, 80, 55,
               "the statutory retirement age of women cadres and professionals before the reform", statutory),
        [](B& b) -> auto& { return b.retirement.female_age_years; });
  d.add(date("retirement.reform_first_cohort_male", YearMonth(1965, 1),
             "the first birth month of men whose retirement the reform delays", reform),
        [](B& b) -> auto& { return b.retirement.reform_first_cohort_male; });
  d.add(date("retirement.reform_first_cohort_female", YearMonth(1970, 1),
             "the first birth month of women (retiring at 55) whose retirement the reform delays", reform),
        [](B& b) -> auto& { return b.retirement.reform_first_cohort_female; });
  d.add(whole("retirement.birth_months_per_month_of_delay", "months of birth", 1, 120, 4,
              "months of birth after the first delayed cohort for each month of delay", reform),
        [](B& b) -> auto& { return b.retirement.birth_months_per_month_of_delay; });
  d.add(whole("retirement.max_delay_months", "months", 0, 120, 36, "the longest delay of retirement", reform),
        [](B& b) -> auto& { return b.retirement.max_delay_months; });
  d.add(vary(number("retirement.senior_title_extra_years", "years", 0, 15, 5,
                    "the extra years senior titles may serve past the statutory age", kAssumed),
             uniform(0, 5, "the rules let senior experts serve up to 5 more years; how many of them do is unknown")),
        [](B& b) -> auto& { return b.retirement.senior_title_extra_years; });
}

void declare_titles(Declarations& d) {
  const std::string rules = "national generic title rules";
  d.add(vary(whole("titles.evaluation_month", "calendar month", 1, 12, 10, "the month of the yearly title evaluation",
                   "assumption"),
             uniform(6, 12, "evaluations are held in the second half of the year; the month only moves promotions "
                            "within it")),
        [](B& b) -> auto& { return b.titles.evaluation_month; });
  const std::vector<std::string> next = next_title_names(), educations = names_of(kEducationNames);
  // By next title: defaults by education and which of them the generic rules state.
  const std::vector<std::vector<double>> min_years = {{2, 1, 0, 0}, {7, 4, 2, 0}, {7, 5, 5, 2}, {5, 5, 5, 5}};
  const std::vector<std::vector<std::string>> min_years_evidence = {
      {kAssumed, kAssumed, kAssumed, kAssumed},
      {rules, rules, kAssumed, rules},
      {rules, rules, rules, kAssumed},
      {rules, rules, rules, rules}};
  // Where the rules are silent, a year either side of the assumed wait (never below none).
  const auto wait = [&](std::size_t t) {
    std::vector<Maybe> out;
    for (std::size_t e = 0; e < educations.size(); ++e)
      if (min_years_evidence[t][e] == kAssumed)
        out.push_back(uniform(std::max(0.0, min_years[t][e] - 1), min_years[t][e] + 1,
                              "the generic rules' waits differ by a year or two between neighbouring cases"));
      else
        out.push_back(std::nullopt);
    return out;
  };
  for (std::size_t t = 0; t < next.size(); ++t)
    d.add_map("titles.min_years." + next[t], educations, shape("years", 0, 40), min_years[t], min_years_evidence[t],
              wait(t), "the minimum years in the current title before evaluation for " + next[t] + ", by education",
              [t](B& b) -> auto& { return b.titles.min_years[t]; });
  d.add_map("titles.log_odds", next, shape("log-odds", -10, 10), {2.0, 0.5, -0.5, -1.2}, {kAssumed},
            {plus_value(uniform(-1, 1, "no pass rates by title were found; one log-odds either side spans pass "
                                       "odds from a third to nearly three times the assumed"))},
            "the log-odds of promotion of an eligible agent of average score, by next title",
            [](B& b) -> auto& { return b.titles.log_odds; });
  d.add(vary(number("titles.performance_weight", "share", 0, 1, 0.3,
                    "the weight of performance against seniority in the promotion score",
                    "direction from the 2016 title reform; the weight is an assumption, to calibrate"),
             uniform(0.1, 0.6, "the reform moves weight to performance; how far is not measured")),
        [](B& b) -> auto& { return b.titles.performance_weight; });
  d.add(vary(number("titles.score_log_odds", "log-odds per unit of score", 0, 10, 1.5,
               "the log-odds of promotion per unit of the promotion score", kAssumed),
             uniform(0.5, 3, "how strongly the score sorts candidates is not measured; a third to twice the assumed")),
        [](B& b) -> auto& { return b.titles.score_log_odds; });
  // Shares at or above each title: the national overall target for public institutions puts
  // senior : intermediate : junior posts at 1:3:6 (2007 implementing opinions on post setting,
  // 事业单位岗位设置管理), that is 10% senior (associate or full) and 40% intermediate or above. The
  // initial stock (docs/data.md) holds 16% and 52% of its titled staff there, so the defaults
  // leave room above it, more in the capital (provincial hospitals, universities) than at the
  // grassroots; the split of senior posts and the gradient are assumptions.
  const std::vector<std::vector<double>> post_share = {
      {1.0, 0.60, 0.24, 0.06}, {1.0, 0.56, 0.20, 0.05}, {1.0, 0.52, 0.17, 0.04}, {1.0, 0.48, 0.14, 0.03}};
  const std::string structure =
      "national 1:3:6 target for senior, intermediate and junior posts; levels by county type are an "
      "assumption, to calibrate";
  const auto types = county_type_names();
  for (std::size_t c = 0; c < types.size(); ++c)
    d.add_map("titles.post_structure." + types[c], next, shape("share of title-system staff", 0, 1), post_share[c],
              {structure},
              {uniform(0.9, 1, "nearly every title-system post admits a junior title"),
               times_value(uniform(0.8, 1.2, "the 1:3:6 target is national; county structures within a fifth of it")),
               times_value(uniform(0.8, 1.2, "the 1:3:6 target is national; county structures within a fifth of it")),
               times_value(uniform(0.8, 1.2, "the split of senior posts is not published; within a fifth"))},
              "the largest share of a " + types[c] +
                  " county's title-system staff that may hold a title or a higher one (its posts), by title",
              [c](B& b) -> auto& { return b.titles.post_share[c]; });
  d.add(vary(number("titles.untitled_outside_share", "share", 0, 1, 0.85,
               "the share of the initial stock without a title who work outside the title system (managers, "
               "skilled workers, rural practical talent) and are never evaluated for one",
               "the 2008 talent stock counts 130,700 of 299,900 in party and government, management, high skills "
               "and rural practical work, outside professional titles; the share is an assumption, to calibrate"),
             uniform(0.6, 0.95, "the 2008 count puts 44% of the stock outside titles; how many of today's untitled are is not known")),
        [](B& b) -> auto& { return b.titles.untitled_outside_share; });
  d.add(vary(number("titles.paper_pass_share", "share", 0, 1, 0.6,
               "the share of candidates for associate senior and senior who meet the paper requirement", kAssumed),
             uniform(0.3, 0.9, "no pass rate of the paper requirement was found; the reform has relaxed it")),
        [](B& b) -> auto& { return b.titles.paper_pass_share; });
  d.add(vary(choice("titles.degree_required_from", next, "senior",
               "the lowest title closed to college-diploma holders (the degree requirement)",
               "national generic title rules; where it applies is an assumption, to calibrate"),
             one_of({"associate_senior", "senior"}, "the generic rules close senior posts to diplomas; some fields close associate senior too")),
        [](B& b) -> auto& { return b.titles.degree_required_from; });
  d.add(number("titles.grassroots_track.min_years_cut", "years", 0, 20, 0,
               "the years a separate grassroots title track takes off the minimum years at grassroots counties",
               "off: such tracks exist in Gansu (2022) and Henan, none was found for Qinghai"),
        [](B& b) -> auto& { return b.titles.grassroots_min_years_cut; });
  d.add(number("titles.grassroots_track.log_odds", "log-odds", -10, 10, 0,
               "the promotion log-odds bonus of a separate grassroots title track at grassroots counties",
               "off: such tracks exist in Gansu (2022) and Henan, none was found for Qinghai"),
        [](B& b) -> auto& { return b.titles.grassroots_log_odds; });
}

std::vector<std::string> hardship_evidence() {
  std::vector<std::string> out(kHardshipClassNames.size(),
                               "national scheme of six classes; Qinghai's amounts not found, so an assumption, to "
                               "calibrate (Tibet 2017 altitude bonuses bound its size)");
  out[0] = "none by definition: class 0 is no hardship";
  return out;
}
// Class 0 is no hardship and pays nothing; the amounts of the others are not found for Qinghai.
std::vector<Maybe> hardship_uncertainty() {
  std::vector<Maybe> out(kHardshipClassNames.size(),
                         times_value(uniform(0.7, 1.3, "Qinghai's amounts not found; Tibet's altitude bonuses bound "
                                                       "them within about 30%")));
  out[0] = std::nullopt;
  return out;
}

void declare_pay(Declarations& d) {
  const std::vector<std::string> employers = names_of(kEmployerNames);
  d.add_map("pay.base_monthly_cny", names_of(kTitleNames), shape("CNY a month", 0, 1e6, true),
            {4500, 5500, 7000, 9000, 11500},
            {"assumption consistent with Qinghai's average wage in non-private units (CNY 67,451 in 2016, above "
             "100,000 in 2021), to calibrate"},
            {times_value(uniform(0.85, 1.15, "the average wage fixes the level to within about 15%"))},
            "the monthly base pay at wage level 1, by title", [](B& b) -> auto& { return b.pay.base_monthly_cny; });
  d.add_map("pay.employer_factor", employers, shape("times institution pay", 0, 10, true), {1.0, 1.1, 1.2},
            {"a convention: the reference employer", kAssumed, kAssumed},
            {Maybe{}, uniform(0.9, 1.4, "enterprise pay in Qinghai against institutions: not found; from a little below to well above"),
             uniform(0.8, 1.6, "a venture's income is uncertain; from below institution pay to well above")}, "pay relative to public institutions, by employer",
            [](B& b) -> auto& { return b.pay.employer_factor; });
  d.add_map("pay.hardship_allowance_monthly_cny", kHardshipClassNames, shape("CNY a month", 0, 1e5),
            {0, 200, 350, 600, 1000, 1600, 2400},
            hardship_evidence(),
            hardship_uncertainty(),
            "the monthly hardship allowance by the county's hardship class",
            [](B& b) -> auto& { return b.pay.hardship_allowance_cny; });
  d.add(vary(number("pay.market_rent_cny", "CNY a month", 0, 1e5, 1500,
               "the monthly market rent of a talent's home at housing-cost level 1", kAssumed),
             uniform(1000, 2200, "a small flat in a prefecture town to a flat in Xining")),
        [](B& b) -> auto& { return b.pay.market_rent_cny; });
  d.add_map("pay.employer_shares", employers, shape("share", 0, 1), {0.62, 0.38, 0.0},
            {"assumption, to calibrate (2008: about 40% outside the public sector, categories overlapping)"},
            {uniform(0.5, 0.75, "2008: about 60% in the public sector, categories overlapping"),
             uniform(0.25, 0.5, "2008: about 40% outside the public sector, categories overlapping"),
             uniform(0, 0.04, "few entrants start out owning a venture")},
            "the share of new entrants and of the initial stock by employer; the shares sum to 1",
            [](B& b) -> auto& { return b.pay.employer_shares; });
  d.add(vary(number("pay.initial_venture_share", "share", 0, 1, 0.02,
               "the share of the initial stock outside institutions who own a venture", kAssumed),
             log_uniform(0.005, 0.05, "no count of talent-owned ventures was found; from half a percent to 5%")),
        [](B& b) -> auto& { return b.pay.initial_venture_share; });
}

void declare_utility(Declarations& d) {
  const std::string wtp = "willingness to pay for city over township posts (Liu P 2021), with the DCE ranking "
                          "of income and location (Liu S 2019; Bao 2021; Wang/Bao 2023)";
  d.add(vary(number("utility.log_income", "utility per unit of ln income", 0, 20, 2.0,
               "the utility of a unit of ln(net monthly income)", wtp),
             uniform(1.2, 3, "the DCE studies give willingness to pay that differs by about a factor of two")),
        [](B& b) -> auto& { return b.utility.log_income; });
  d.add(vary(number("utility.years_to_next_title", "utility per year", -10, 10, -0.15,
               "the utility of each expected year to the next title",
               "willingness to pay for faster promotion (Liu P 2021)"),
             uniform(-0.3, -0.05, "willingness to pay for faster promotion differs by study and field")),
        [](B& b) -> auto& { return b.utility.years_to_next_title; });
  d.add(vary(number("utility.support_threshold_share", "share of base pay", 0, 1, 0,
               "the share of base monthly pay (allowance included) below which policy support is not felt: only "
               "support above it enters the income weighed in the utility (0: every yuan counts)",
               "rural teachers: a living subsidy works only from about 15% of monthly salary (Asia-Pacific Journal "
               "of Teacher Education 2024); for other fields an assumption, to calibrate"),
             uniform(0, 0.25, "0: every yuan counts; 0.25: a threshold above the teachers' 15%")),
        [](B& b) -> auto& { return b.utility.support_threshold_share; });
  d.add(vary(number("utility.amenity", "utility per unit of amenity index", -10, 10, 0.8,
               "the utility of the county's amenity index (0 to 1)", wtp),
             uniform(0.4, 1.2, "the DCEs rank location after income; the weight within half either side")),
        [](B& b) -> auto& { return b.utility.amenity; });
  d.add(vary(number("utility.altitude_per_km", "utility per 1000 m", -10, 10, -0.3,
               "the utility of each 1000 m of altitude above 2000 m", kAssumed),
             uniform(-0.8, 0, "no study prices altitude; from nothing to more than twice the assumed")),
        [](B& b) -> auto& { return b.utility.altitude_per_km; });
  d.add(vary(number("utility.remoteness", "utility per unit of remoteness", -10, 10, -0.8,
               "the utility of the county's remoteness (0 to 1)", wtp),
             uniform(-1.2, -0.4, "the DCEs rank location after income; the weight within half either side")),
        [](B& b) -> auto& { return b.utility.remoteness; });
  d.add(vary(number("utility.hometown", "utility", -10, 10, 0.7, "the utility of working in one's home prefecture",
               kAssumed),
             uniform(0.2, 1.5, "home ties matter in every retention study; their size here is not measured")),
        [](B& b) -> auto& { return b.utility.hometown; });
  d.add(vary(number("utility.income_risk", "utility per unit of risk", -10, 10, -0.5,
               "the utility of each unit of income risk",
               "a permanent post ranks after income and location in the DCEs; the weight is an assumption, to "
               "calibrate"),
             uniform(-1.5, 0, "a permanent post ranks after income and location; from nothing to three times the assumed")),
        [](B& b) -> auto& { return b.utility.income_risk; });
  d.add_map("utility.income_risk_by_employer", names_of(kEmployerNames), shape("risk, 0 to 1", 0, 1),
            {0.0, 0.3, 1.0}, {"a convention: a permanent post carries none", kAssumed, "a convention: the top of the scale"},
            {Maybe{}, uniform(0.1, 0.6, "an enterprise post is between a permanent post and a venture"), Maybe{}}, "the income risk of a post, by employer",
            [](B& b) -> auto& { return b.utility.income_risk_by_employer; });
  d.add(vary(number("utility.job_openings", "utility per unit of ln(1 + open posts)", -10, 10, 0.3,
               "the utility of open posts in one's field at a destination", kAssumed),
             uniform(0, 0.8, "not measured; from no pull to nearly three times the assumed")),
        [](B& b) -> auto& { return b.utility.job_openings; });
}

void declare_mobility(Declarations& d) {
  const std::string m = "mobility.";
  d.add(vary(number(m + "annual_move_rate", "probability a year", 0, 0.99, 0.12,
               "the yearly probability that the reference agent (local, 35, no tenure or family, no better place) "
               "moves",
               "township health centres lost 8.1% of staff in 2005 (Meng et al. 2009); turnover intention 29.1% "
               "(He et al. 2020); assumption, to calibrate to turnover"),
             uniform(0.06, 0.2, "turnover of 8-9% a year is observed; the reference agent's rate is not")),
        [](B& b) -> auto& { return b.mobility.annual_move_rate; });
  d.add(vary(number(m + "utility_gap", "log-odds per unit of utility", 0, 10, 1.0,
               "the log-odds of moving per unit of the gap between the best alternative and staying", kAssumed),
             log_uniform(0.3, 3, "the scale of utility differences is not identified without observed moves; an order of magnitude")),
        [](B& b) -> auto& { return b.mobility.utility_gap; });
  d.add(number(m + "reference_age_years", "years", 18, 80, 35, "the age of the reference agent of the move rate",
               "a convention of the model"),
        [](B& b) -> auto& { return b.mobility.reference_age_years; });
  d.add(vary(number(m + "log_odds_per_year_of_age", "log-odds per year", -1, 1, -0.04,
               "the log-odds of moving per year of age above the reference age", kAssumed),
             uniform(-0.08, 0, "the young move more; from no age effect to twice the assumed")),
        [](B& b) -> auto& { return b.mobility.log_odds_per_year_of_age; });
  d.add(vary(number(m + "log_odds_per_year_of_tenure", "log-odds per year", -1, 1, -0.03,
               "the log-odds of moving per year in the county, up to tenure_cap_years", kAssumed),
             uniform(-0.08, 0, "ties grow with tenure; from no effect to more than twice the assumed")),
        [](B& b) -> auto& { return b.mobility.log_odds_per_year_of_tenure; });
  d.add(vary(number(m + "tenure_cap_years", "years", 0, 60, 10, "the tenure beyond which ties stop growing", kAssumed),
             uniform(5, 20, "ties stop growing after some years; when is not measured")),
        [](B& b) -> auto& { return b.mobility.tenure_cap_years; });
  d.add(vary(number(m + "family", "log-odds", -10, 10, -0.4,
               "the log-odds of moving of a talent whose partner and children are settled in the county", kAssumed),
             uniform(-1.2, 0, "a settled family keeps talents; from no effect to three times the assumed")),
        [](B& b) -> auto& { return b.mobility.family; });
  d.add(vary(number(m + "peer_departure_share", "log-odds per unit share", -50, 50, 3.0,
               "the log-odds of moving per unit share of the county's stock that left in the past year", kAssumed),
             uniform(0, 6, "departures breed departures in retention studies; the size is not measured")),
        [](B& b) -> auto& { return b.mobility.peer_departure_share; });
  d.add(number(m + "peer_reference_share", "share a year", 0, 1, 0.05,
               "the typical yearly share of a county's stock that moves away, around which the peer term is "
               "centred",
               "calibrated to the model itself (about 5% in the baseline run, 2028-2030)"),
        [](B& b) -> auto& { return b.mobility.peer_reference_share; });
  d.add_map(m + "log_odds_by_origin", names_of(kOriginNames), shape("log-odds", -10, 10), {0.0, 0.2, 0.8, 0.0, 0.0},
            {"a convention: locals are the reference", kAssumed, kAssumed, kAssumed, kAssumed},
            {Maybe{}, uniform(-0.3, 0.7, "returnees have ties; from fewer moves than locals to more"),
             uniform(0.2, 1.5, "outsiders have fewer ties; by how much is not measured"),
             uniform(-0.5, 0.5, "paired cadres rotate out at the end of their term; any other move is rare"),
             uniform(-0.5, 0.5, "flexible talents serve without moving; any other move is rare")}, "the log-odds of moving by origin (paired cadres rotate out at the end of their term instead)",
            [](B& b) -> auto& { return b.mobility.log_odds_by_origin; });
  d.add(vary(number(m + "family_share_under_30", "share", 0, 1, 0.3, "the share of talents under 30 with a settled family",
               kAssumed),
             uniform(0.15, 0.5, "no survey of talents' families was found")),
        [](B& b) -> auto& { return b.mobility.family_share_under_30; });
  d.add(vary(number(m + "family_share_30_and_over", "share", 0, 1, 0.75,
               "the share of talents aged 30 and over with a settled family", kAssumed),
             uniform(0.6, 0.9, "no survey of talents' families was found")),
        [](B& b) -> auto& { return b.mobility.family_share_30_and_over; });
  d.add(vary(number(m + "acceptance_utility", "log-odds per unit of utility", 0, 10, 1.0,
               "the log-odds that a candidate accepts an offer, per unit of the post's utility",
               "direction from rural-bonded medical students (Hu et al. 2023); assumption, to calibrate"),
             log_uniform(0.3, 3, "the scale of utility differences in acceptance is not identified; an order of magnitude")),
        [](B& b) -> auto& { return b.mobility.acceptance_utility; });
}

void declare_destination(Declarations& d) {
  d.add(vary(number("destination.distance_per_100km", "utility per 100 km", -10, 0, -0.05,
               "the utility of each 100 km (great-circle) from the current county", kAssumed),
             uniform(-0.2, 0, "from no distance effect to four times the assumed")),
        [](B& b) -> auto& { return b.destination.distance_per_100km; });
  d.add(vary(number("destination.leave_province", "utility", -20, 20, 2.0,
               "the utility constant of every outside region, standing also for the size of its labour market",
               "set so that more movers stay in the province than leave it (Meng et al. 2009); assumption, to "
               "calibrate"),
             uniform(0, 4, "set so that more movers stay than leave; two units either side")),
        [](B& b) -> auto& { return b.destination.leave_province; });
  d.add_map("destination.outside_by_type", kOutsideTypeNames, shape("utility", -20, 20), {0.0, 0.0, 0.0}, {kAssumed},
            {uniform(-1, 1, "no flows by destination were found; one unit either side of none")},
            "the extra utility constant of an outside region, by its relation to the province",
            [](B& b) -> auto& { return b.destination.outside_by_type; });
}

void declare_entrepreneurship(Declarations& d) {
  const std::string e = "entrepreneurship.";
  d.add(vary(number(e + "annual_start_rate", "probability a year", 0, 0.5, 0.004,
               "the yearly probability that an eligible agent starts a venture", kAssumed),
             log_uniform(0.001, 0.015, "no count of ventures started by talents was found; an order of magnitude")),
        [](B& b) -> auto& { return b.entrepreneurship.annual_start_rate; });
  d.add(vary(number(e + "min_age_years", "years", 16, 80, 25, "the youngest age at which agents start ventures",
               "assumption"),
             uniform(20, 30, "ventures start after some years of work; when is not measured")),
        [](B& b) -> auto& { return b.entrepreneurship.min_age_years; });
  d.add(vary(number(e + "max_age_years", "years", 16, 80, 55, "the oldest age at which agents start ventures",
               "assumption"),
             uniform(45, 60, "few start ventures close to retirement")),
        [](B& b) -> auto& { return b.entrepreneurship.max_age_years; });
  d.add(vary(number(e + "annual_failure_rate", "probability a year", 0, 0.99, 0.15,
               "the yearly probability that a venture fails", kAssumed),
             uniform(0.08, 0.3, "young firms fail at about 10-30% a year in enterprise surveys")),
        [](B& b) -> auto& { return b.entrepreneurship.annual_failure_rate; });
  d.add(vary(number(e + "jobs_per_venture", "posts", 0, 1000, 1.5,
               "the talent posts a surviving venture opens in its field", kAssumed),
             uniform(0, 4, "a talent venture may open no post for another talent, or a few")),
        [](B& b) -> auto& { return b.entrepreneurship.jobs_per_venture; });
  d.add(vary(number(e + "loan_log_odds_per_ln_100k", "log-odds per unit of ln(1 + loan / 100,000 CNY)", 0, 10, 0.5,
               "the start log-odds a talent loan adds",
               "talent loans elsewhere (Weihai) lend up to CNY 10 m unsecured; assumption, to calibrate"),
             uniform(0, 1.5, "no study of talent loans and starts was found; from no effect to three times the assumed")),
        [](B& b) -> auto& { return b.entrepreneurship.loan_log_odds_per_ln_100k; });
  d.add(vary(number(e + "base_interest_rate", "rate a year", 0, 0.5, 0.0345,
               "the yearly interest rate that loan-interest discounts apply to",
               "of the order of a one-year bank lending rate; assumption, check against the current rate"),
             uniform(0.03, 0.0435, "the one-year lending rate was between 3% and 4.35% in 2015-2025")),
        [](B& b) -> auto& { return b.entrepreneurship.base_interest_rate; });
}

void declare_recruitment(Declarations& d) {
  const std::string r = "recruitment.";
  d.add_map(r + "monthly_fill_probability", county_type_names(), shape("probability a month", 0, 1),
            {0.30, 0.25, 0.15, 0.08}, {kAssumed},
            {times_value(log_uniform(0.5, 2, "no data on how fast posts fill; half to twice the assumed"))}, "the chance that an open post is filled in a month, by county type",
            [](B& b) -> auto& { return b.recruitment.monthly_fill_probability; });
  d.add_map(r + "source_shares", names_of(kCandidateSourceNames), shape("share", 0, 1), {0.70, 0.12, 0.18},
            {"graduates about 70%: 13,000 of 15,300 graduates a year found work in the province (2016) against "
             "about 18,500 recruits a year in the baseline run; graduate from that, the rest an assumption, to "
             "calibrate",
             kAssumed, kAssumed},
            {uniform(0.6, 0.8, "graduates staying in the province against the recruits the baseline needs"),
             uniform(0.06, 0.2, "no count of returnees among recruits was found"),
             uniform(0.1, 0.3, "no count of outside recruits was found")},
            "the share of candidates from each pool; the shares sum to 1",
            [](B& b) -> auto& { return b.recruitment.source_shares; });
  d.add_map(r + "supply_per_year", names_of(kCandidateSourceNames), shape("candidates a year, full scale", 0, 1e7),
            {13000, 2500, 3800},
            {"about 13,000 of 15,300 graduates a year found work in the province (2016)",
             "assumption, to calibrate: about what the baseline hired from the pool when pools were unbounded "
             "(2,300 a year)",
             "assumption, to calibrate: about what the baseline hired from the pool when pools were unbounded "
             "(3,500 a year)"},
            {uniform(10000, 16000, "the 2016 count; cohorts since differ in size"),
             times_value(log_uniform(0.5, 2, "the pool is set from what the model hired; half to twice it")),
             times_value(log_uniform(0.5, 2, "the pool is set from what the model hired; half to twice it"))},
            "the candidates a pool offers a year at full scale, spread evenly over the months; hires beyond it wait "
            "for the next month's candidates",
            [](B& b) -> auto& { return b.recruitment.supply_per_year; });
  d.add(vary(number(r + "supply_monthly_attrition", "share a month", 0, 1, 0.5,
               "the share of candidates not hired in a month who go elsewhere (take other work, leave the province)",
               kAssumed),
             uniform(0.2, 0.8, "how long unhired candidates wait is not measured")),
        [](B& b) -> auto& { return b.recruitment.supply_monthly_attrition; });
  const std::vector<double> min_age = {21, 25, 24}, max_age = {27, 45, 50};
  const std::vector<std::vector<double>> education = {
      {0.40, 0.50, 0.09, 0.01}, {0.25, 0.55, 0.17, 0.03}, {0.20, 0.50, 0.24, 0.06}};
  const std::vector<std::vector<double>> level = {{0.00, 0.03, 0.97}, {0.02, 0.28, 0.70}, {0.04, 0.31, 0.65}};
  // Age ranges that cannot cross (the youngest stays below the oldest in every draw).
  const std::vector<std::pair<double, double>> min_age_range = {{20, 23}, {23, 28}, {22, 27}},
                                               max_age_range = {{25, 32}, {40, 50}, {45, 55}};
  // Each share within 30% of the assumed, the map renormalised to sum to 1 when one is varied; a
  // share of 0 is the pool's definition (graduates are not yet high-end talent), not a guess.
  const auto composition = [](const std::vector<double>& shares) {
    std::pair<std::vector<std::string>, std::vector<Maybe>> out;
    for (const double x : shares) {
      out.first.push_back(x == 0 ? "a convention: the pool holds no such candidates" : kAssumed);
      out.second.push_back(x == 0 ? Maybe{}
                                  : times_value(uniform(0.7, std::min(1.3, 1 / x),
                                                        "no survey of entrants was found; within 30% of the "
                                                        "assumed share (at most all), the shares renormalised")));
    }
    return out;
  };
  for (std::size_t s = 0; s < kCandidateSourceNames.size(); ++s) {
    const std::string source(kCandidateSourceNames[s]), e = r + "entrants." + source + ".";
    d.add(vary(number(e + "min_age_years", "years", 16, 80, min_age[s], "the youngest age of a " + source + " candidate",
                      kAssumed),
               uniform(min_age_range[s].first, min_age_range[s].second, "no survey of entrants' ages was found")),
          [s](B& b) -> auto& { return b.recruitment.entrants[s].min_age_years; });
    d.add(vary(number(e + "max_age_years", "years", 16, 80, max_age[s], "the oldest age of a " + source + " candidate",
                      kAssumed),
               uniform(max_age_range[s].first, max_age_range[s].second, "no survey of entrants' ages was found")),
          [s](B& b) -> auto& { return b.recruitment.entrants[s].max_age_years; });
    const auto [education_evidence, education_uncertainty] = composition(education[s]);
    const auto [level_evidence, level_uncertainty] = composition(level[s]);
    d.add_map(e + "education_shares", names_of(kEducationNames), shape("share", 0, 1), education[s],
              education_evidence, education_uncertainty, "the share of " + source + " candidates by education; the shares sum to 1",
              [s](B& b) -> auto& { return b.recruitment.entrants[s].education_shares; });
    d.add_map(e + "level_shares", names_of(kLevelNames), shape("share", 0, 1), level[s], level_evidence,
              level_uncertainty, "the share of " + source + " candidates by talent level; the shares sum to 1",
              [s](B& b) -> auto& { return b.recruitment.entrants[s].level_shares; });
  }
  const std::vector<std::string> entry_titles = {"associate_senior", "intermediate", "junior"};
  const std::vector<std::vector<std::string>> entry_title_options = {
      {"intermediate", "associate_senior", "senior"}, {"junior", "intermediate", "associate_senior"},
      {"none", "junior", "intermediate"}};
  for (std::size_t l = 0; l < kLevelNames.size(); ++l) {
    const std::string level_name(kLevelNames[l]);
    d.add(vary(choice(r + "title_by_level." + level_name, names_of(kTitleNames), entry_titles[l],
                      "the title a " + level_name + " candidate holds on entry (graduates enter without one)",
                      "assumption"),
               one_of(entry_title_options[l], "the titles of experienced recruits are not counted; a title either side")),
          [l](B& b) -> auto& { return b.recruitment.title_by_level[l]; });
  }
  d.add(vary(number(r + "female_share", "share", 0, 1, 0.48, "the share of women among entrants", kAssumed),
             uniform(0.4, 0.6, "about half; the share by field is not known")),
        [](B& b) -> auto& { return b.recruitment.female_share; });
  const std::string pr = r + "paired_rotation.", fl = r + "flexible.";
  d.add(vary(number(pr + "cadres_per_year", "cadres a year, full scale", 0, 1e6, 70,
               "the paired-assistance cadres and talents arriving a year, split among paired prefectures by jobs",
               "205 serving (reference-year talent-work speech) and 552 sent in 2010-2018 (Global Times, "
               "2018-11-30), read together with 3-year terms; assumption, to calibrate"),
             uniform(50, 100, "552 in nine years and 205 serving at a time give 60-70 a year")),
        [](B& b) -> auto& { return b.recruitment.paired_rotation.cadres_per_year; });
  d.add(vary(whole(pr + "arrival_month", "calendar month", 1, 12, 7, "the month paired-assistance cadres arrive",
              "assumption"),
             uniform(6, 9, "paired-assistance cadres arrive in summer")),
        [](B& b) -> auto& { return b.recruitment.paired_rotation.arrival_month; });
  d.add(vary(whole(pr + "term_months", "months", 1, 240, 36, "the term of a paired-assistance cadre", kAssumed),
             uniform(12, 36, "paired-assistance terms are one to three years")),
        [](B& b) -> auto& { return b.recruitment.paired_rotation.term_months; });
  d.add(vary(number(fl + "engagements_per_year", "engagements a year, full scale", 0, 1e7, 10000,
               "the flexible talents engaged a year, who serve without moving, split among counties by jobs",
               "no count found: assumption, to calibrate"),
             log_uniform(3000, 30000, "no count found; a third to three times the assumed")),
        [](B& b) -> auto& { return b.recruitment.flexible.engagements_per_year; });
  d.add(vary(whole(fl + "term_months", "months", 1, 240, 24, "the term of a flexible engagement", kAssumed),
             uniform(12, 36, "flexible engagements run one to three years")),
        [](B& b) -> auto& { return b.recruitment.flexible.term_months; });
  d.add(vary(number(fl + "service_days_per_month", "days a month", 0, 31, 4,
                    "the days a flexible talent serves in a month", kAssumed),
             uniform(2, 8, "from two days a month to two a week")),
        [](B& b) -> auto& { return b.recruitment.flexible.service_days_per_month; });
}

// The maps whose shares must sum to 1.
std::vector<std::pair<std::string, std::vector<std::string>>> share_maps() {
  std::vector<std::pair<std::string, std::vector<std::string>>> out = {
      {"behaviour.pay.employer_shares", names_of(kEmployerNames)},
      {"behaviour.recruitment.source_shares", names_of(kCandidateSourceNames)}};
  for (const auto source : kCandidateSourceNames) {
    const std::string e = "behaviour.recruitment.entrants." + std::string(source);
    out.push_back({e + ".education_shares", names_of(kEducationNames)});
    out.push_back({e + ".level_shares", names_of(kLevelNames)});
  }
  return out;
}

// The age ranges whose maximum may not be below the minimum.
std::vector<std::string> age_ranges() {
  std::vector<std::string> out = {"behaviour.entrepreneurship."};
  for (const auto source : kCandidateSourceNames)
    out.push_back("behaviour.recruitment.entrants." + std::string(source) + ".");
  return out;
}

}  // namespace

const std::vector<BehaviourParameter>& behaviour_parameters() {
  static const std::vector<BehaviourParameter> table = [] {
    Declarations d;
    declare_retirement(d);
    declare_titles(d);
    declare_pay(d);
    declare_utility(d);
    declare_mobility(d);
    declare_destination(d);
    declare_entrepreneurship(d);
    declare_recruitment(d);
    return d.take();
  }();
  return table;
}

const BehaviourParameter* find_behaviour_parameter(std::string_view key) {
  static const std::unordered_map<std::string, const BehaviourParameter*> by_key = [] {
    std::unordered_map<std::string, const BehaviourParameter*> m;
    for (const auto& p : behaviour_parameters()) m.emplace(p.declaration.key, &p);
    return m;
  }();
  const auto it = by_key.find(std::string(key));
  return it == by_key.end() ? nullptr : it->second;
}

std::vector<std::vector<std::string>> behaviour_share_maps() {
  std::vector<std::vector<std::string>> out;
  for (const auto& [map, names] : share_maps()) {
    out.emplace_back();
    for (const auto& n : names) out.back().push_back(map + "." + n);
  }
  return out;
}

void check_behaviour(const BehaviourParams& behaviour, const ConfigNode& tree) {
  const ConfigReader r(tree);
  // Where a key was written, or the nearest map above it that was (its value may be a default).
  const auto where = [&](const std::string& key) {
    std::string k = key;
    while (r.find(k) == nullptr && k.find('.') != std::string::npos) k = k.substr(0, k.rfind('.'));
    return r.find(k) != nullptr ? r.key_where(k) : tree.where();
  };
  const auto value = [&](const std::string& key) {
    return std::get<double>(find_behaviour_parameter(key)->get(behaviour));
  };
  for (const auto& [map, names] : share_maps()) {
    double sum = 0;
    for (const auto& n : names) sum += value(map + "." + n);
    if (std::fabs(sum - 1.0) > 1e-6) {
      throw InputError(where(map), map, "shares sum to " + format_significant(sum) + ", they must sum to 1",
                       "adjust them so that they add up to 1");
    }
  }
  for (const auto& p : age_ranges()) {
    const double min = value(p + "min_age_years"), max = value(p + "max_age_years");
    if (max < min) {
      const std::string key = p + "max_age_years";
      const ConfigNode* written = r.find(key);
      throw InputError(written != nullptr ? written->where() : where(key), key,
                       format_shortest(max) + " is below min_age_years " + format_shortest(min));
    }
  }
}

}  // namespace kunlun
