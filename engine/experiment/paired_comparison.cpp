#include "experiment/paired_comparison.h"

#include <cmath>

#include "core/text.h"
#include "io/csv_field.h"
#include "io/json_writer.h"

namespace kunlun {

namespace {
void interval_json(JsonWriter& j, const char* name, const Interval& iv) {
  j.key(name).begin_object();
  j.field("mean", iv.mean).field("ci95_low", iv.low).field("ci95_high", iv.high);
  j.end_object();
}
}  // namespace

const std::vector<std::string>& PairedComparison::headline() {
  static const std::vector<std::string> names{"stock_end",        "grassroots_stock_end", "grassroots_talent_years",
                                              "outflow_external", "vacancies_end",        "retention_county_3y",
                                              "policy_cost"};
  return names;
}

PairedComparison::PairedComparison(std::string baseline_name, std::shared_ptr<const HorizonSummary> baseline)
    : baseline_name_(std::move(baseline_name)), baseline_(std::move(baseline)) {}

void PairedComparison::add(const std::string& name, std::shared_ptr<const HorizonSummary> variant) {
  names_.push_back(name);
  const HorizonSummary& base = *baseline_;
  for (std::size_t g = 0; g < base.groups().size(); ++g) {
    const std::string& group = base.groups()[g].code;
    std::size_t vg = variant->groups().size();
    for (std::size_t k = 0; k < variant->groups().size(); ++k)
      if (variant->groups()[k].code == group) vg = k;
    if (vg == variant->groups().size()) continue;
    for (std::size_t i = 0; i < base.indicator_names().size(); ++i) {
      const std::string& indicator = base.indicator_names()[i];
      if (!variant->layout().has(indicator)) continue;
      const std::size_t vi = variant->layout().index(indicator);
      const auto& a = base.values(g, i);
      const auto& b = variant->values(vg, vi);
      differences_.push_back({name, group, indicator, mean_interval(a), mean_interval(b), paired_difference(a, b),
                              unpaired_difference(a, b)});
    }
    // Cost per extra grassroots talent-year, replication by replication paired.
    const auto& base_cost = base.values(g, base.layout().index("policy_cost"));
    const auto& base_years = base.values(g, base.layout().index("grassroots_talent_years"));
    const auto& cost = variant->values(vg, variant->layout().index("policy_cost"));
    const auto& years = variant->values(vg, variant->layout().index("grassroots_talent_years"));
    std::vector<double> extra_cost(cost.size()), extra_years(cost.size());
    for (std::size_t r = 0; r < cost.size(); ++r) {
      extra_cost[r] = cost[r] - base_cost[r];
      extra_years[r] = years[r] - base_years[r];
    }
    CostEffectiveness ce{name, group, mean_interval(extra_cost), mean_interval(extra_years),
                         fieller_ratio(extra_cost, extra_years)};
    // A cost per talent-year means something only for a gain in talent-years.
    if (!(ce.extra_years.mean > 0)) ce.cny_per_talent_year = {NAN, NAN, NAN, false};
    cost_effectiveness_.push_back(ce);
  }
}

const PairedDifference* PairedComparison::find(const std::string& scenario, const std::string& group,
                                               const std::string& indicator) const {
  for (const auto& d : differences_)
    if (d.scenario == scenario && d.group == group && d.indicator == indicator) return &d;
  return nullptr;
}

std::string PairedComparison::differences_csv() const {
  std::string out =
      "scenario,group,indicator,baseline_mean,scenario_mean,difference_mean,difference_ci95_low,"
      "difference_ci95_high,difference_sd,unpaired_ci95_low,unpaired_ci95_high,replications,difference_p05,"
      "difference_p50,difference_p95\n";
  for (const auto& d : differences_)
    out += d.scenario + "," + d.group + "," + d.indicator + "," + csv_number(d.baseline.mean) + "," +
           csv_number(d.variant.mean) + "," + csv_number(d.difference.mean) + "," + csv_number(d.difference.low) + "," +
           csv_number(d.difference.high) + "," + csv_number(d.difference.sd) + "," + csv_number(d.unpaired.low) + "," +
           csv_number(d.unpaired.high) + "," + std::to_string(d.difference.n) + "," + csv_number(d.difference.p05) + "," +
           csv_number(d.difference.p50) + "," + csv_number(d.difference.p95) + "\n";
  return out;
}

std::string PairedComparison::cost_effectiveness_csv() const {
  std::string out =
      "scenario,group,extra_cost_cny_mean,extra_cost_cny_ci95_low,extra_cost_cny_ci95_high,"
      "extra_grassroots_talent_years_mean,extra_grassroots_talent_years_ci95_low,"
      "extra_grassroots_talent_years_ci95_high,cny_per_grassroots_talent_year,"
      "cny_per_grassroots_talent_year_ci95_low,cny_per_grassroots_talent_year_ci95_high\n";
  for (const auto& c : cost_effectiveness_)
    out += c.scenario + "," + c.group + "," + csv_number(c.extra_cost.mean) + "," + csv_number(c.extra_cost.low) + "," +
           csv_number(c.extra_cost.high) + "," + csv_number(c.extra_years.mean) + "," + csv_number(c.extra_years.low) +
           "," + csv_number(c.extra_years.high) + "," + csv_number(c.cny_per_talent_year.estimate) + "," +
           csv_number(c.cny_per_talent_year.low) + "," + csv_number(c.cny_per_talent_year.high) + "\n";
  return out;
}

std::string PairedComparison::to_json(const Scenario& baseline) const {
  JsonWriter j;
  j.begin_object();
  j.field("kunlun_version", KUNLUN_VERSION);
  j.field("baseline", baseline_name_);
  j.key("scenarios").begin_array().value(baseline_name_);
  for (const auto& n : names_) j.value(n);
  j.end_array();
  j.field("replications", baseline_->replications());
  j.field("seed", static_cast<std::uint64_t>(baseline.seed));
  j.field("start", baseline.start.str());
  j.field("end", baseline.end.str());
  j.field("population_scale", baseline.population.scale);
  j.field("interval",
          "differences are paired by replication (common random numbers): mean of scenario - baseline with its 95% "
          "confidence interval (Student t); unpaired_difference is the Welch interval ignoring the pairing; "
          "cny_per_grassroots_talent_year has Fieller's interval, null when unbounded");
  j.key("groups").begin_array();
  for (const auto& g : baseline_->groups()) {
    j.begin_object();
    j.field("code", g.code).field("name", g.label);
    j.end_object();
  }
  j.end_array();
  j.key("headline").begin_array();
  for (const auto& h : headline()) j.value(h);
  j.end_array();
  j.key("differences").begin_array();
  for (const auto& d : differences_) {
    j.begin_object();
    j.field("scenario", d.scenario).field("group", d.group).field("indicator", d.indicator);
    interval_json(j, "baseline", d.baseline);
    interval_json(j, "scenario_value", d.variant);
    j.key("difference").begin_object();
    j.field("mean", d.difference.mean).field("ci95_low", d.difference.low).field("ci95_high", d.difference.high);
    j.field("sd", d.difference.sd);
    j.end_object();
    j.key("unpaired_difference").begin_object();
    j.field("ci95_low", d.unpaired.low).field("ci95_high", d.unpaired.high);
    j.end_object();
    j.end_object();
  }
  j.end_array();
  j.key("cost_effectiveness").begin_array();
  for (const auto& c : cost_effectiveness_) {
    j.begin_object();
    j.field("scenario", c.scenario).field("group", c.group);
    interval_json(j, "extra_cost_cny", c.extra_cost);
    interval_json(j, "extra_grassroots_talent_years", c.extra_years);
    j.key("cny_per_grassroots_talent_year").begin_object();
    j.field("estimate", c.cny_per_talent_year.estimate);
    j.field("ci95_low", c.cny_per_talent_year.low).field("ci95_high", c.cny_per_talent_year.high);
    j.end_object();
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

}  // namespace kunlun
