#include "experiment/horizon_summary.h"

#include <limits>
#include <stdexcept>

#include "io/json_writer.h"

namespace kunlun {

namespace {
// Indicators at fixed positions; the per-category, per-policy and per-year ones follow.
const char* const kFixed[] = {"stock_start",       "stock_end",          "grassroots_stock_end",
                              "grassroots_share_end", "talent_years",    "grassroots_talent_years",
                              "inflow",            "inflow_internal",    "outflow_internal",
                              "outflow_external",  "term_ends",          "retirements",
                              "service_days",
                              "policy_cost",       "policy_cost_province", "policy_cost_prefecture",
                              "policy_cost_county",  "vacancies_end",    "vacancy_rate_end"};
enum Fixed : std::size_t {
  stock_start, stock_end, grassroots_stock_end, grassroots_share_end, talent_years, grassroots_talent_years, inflow,
  inflow_internal, outflow_internal, outflow_external, term_ends, retirements, service_days, policy_cost, policy_cost_province,
  policy_cost_prefecture, policy_cost_county, vacancies_end, vacancy_rate_end
};
// Retention is reported 1, 3 and 5 years after entry, in the province and in the county of entry.
constexpr int kRetentionYears[] = {1, 3, 5};
constexpr CohortLoss kRetentionKinds[] = {CohortLoss::province, CohortLoss::county};
constexpr const char* kRetentionKindNames[] = {"province", "county"};

std::vector<int> december_years(const Scenario& sc) {
  std::vector<int> years;
  for (int y = sc.start.year(); y <= sc.end.year(); ++y)
    if (YearMonth(y, 12) >= sc.start && YearMonth(y, 12) <= sc.end) years.push_back(y);
  return years;
}
}  // namespace

IndicatorLayout::IndicatorLayout(const InitialState& initial) : groups_(reporting_groups(initial.regions)) {
  for (const char* name : kFixed) add(name);
  for (const auto s : kEntrySourceNames) add("inflow_" + std::string(s));
  for (const auto& f : initial.regions.fields()) add("stock_end_field_" + f);
  for (const auto l : kLevelNames) add("stock_end_level_" + std::string(l));
  for (const auto t : kTitleNames) add("stock_end_title_" + std::string(t));
  for (const char* kind : kRetentionKindNames)
    for (const int k : kRetentionYears) add("retention_" + std::string(kind) + "_" + std::to_string(k) + "y");
  for (const auto& p : initial.policies) add("policy_cost_" + p->name());
  for (const int y : december_years(initial.scenario)) add("stock_end_" + std::to_string(y));
  for (const int y : december_years(initial.scenario)) add("policy_cost_to_" + std::to_string(y));
}

std::size_t IndicatorLayout::add(const std::string& name) {
  const auto [it, inserted] = index_.emplace(name, names_.size());
  if (inserted) names_.push_back(name);
  return it->second;
}

std::size_t IndicatorLayout::index(const std::string& name) const {
  const auto it = index_.find(name);
  if (it == index_.end()) throw std::logic_error("no indicator " + name);
  return it->second;
}

ReplicationIndicators::ReplicationIndicators(const IndicatorLayout& layout, const InitialState& initial,
                                             const std::vector<std::int32_t>& initial_stock)
    : layout_(layout),
      cells_(initial.cells),
      start_year_(initial.scenario.start.year()),
      first_source_(layout.index("inflow_" + std::string(kEntrySourceNames[0]))),
      first_field_(layout.index("stock_end_field_" + initial.regions.fields()[0])),
      first_level_(layout.index("stock_end_level_" + std::string(kLevelNames[0]))),
      first_title_(layout.index("stock_end_title_" + std::string(kTitleNames[0]))),
      first_retention_(layout.index("retention_province_1y")),
      values_(layout.groups().size(), std::vector<double>(layout.names().size(), 0.0)) {
  for (int c = 0; c < initial.regions.county_count(); ++c)
    grassroots_.push_back(initial.regions.county(c).type == RegionType::grassroots);
  for (const auto& p : initial.policies) {
    payer_.push_back(static_cast<int>(p->payer()));
    policy_cost_of_.push_back(layout.index("policy_cost_" + p->name()));
  }
  const int years = initial.scenario.end.year() - start_year_ + 1;
  stock_end_of_.assign(static_cast<std::size_t>(years), 0);
  cost_to_of_.assign(static_cast<std::size_t>(years), 0);
  for (const int y : december_years(initial.scenario)) {
    stock_end_of_[static_cast<std::size_t>(y - start_year_)] = layout.index("stock_end_" + std::to_string(y));
    cost_to_of_[static_cast<std::size_t>(y - start_year_)] = layout.index("policy_cost_to_" + std::to_string(y));
  }
  const int per_county = cells_.fields * kLevels;
  for (std::size_t g = 0; g < values_.size(); ++g)
    for (int cell = 0; cell < cells_.size(); ++cell)
      if (layout_.groups()[g].has_county[static_cast<std::size_t>(cell / per_county)])
        values_[g][stock_start] += initial_stock[static_cast<std::size_t>(cell)];
  last_stock_ = initial_stock;
}

void ReplicationIndicators::add_step(const StepResult& step) {
  const int per_county = cells_.fields * kLevels;
  for (std::size_t g = 0; g < values_.size(); ++g) {
    const auto& in_group = layout_.groups()[g].has_county;
    auto& v = values_[g];
    double stock = 0, grassroots = 0;
    for (int cell = 0; cell < cells_.size(); ++cell) {
      const auto county = static_cast<std::size_t>(cell / per_county);
      if (!in_group[county]) continue;
      const double s = step.stock[static_cast<std::size_t>(cell)];
      stock += s;
      if (grassroots_[county]) grassroots += s;
      v[inflow] += step.flows.get(Flow::inflow, cell);
      v[inflow_internal] += step.flows.get(Flow::inflow_internal, cell);
      v[outflow_internal] += step.flows.get(Flow::outflow_internal, cell);
      v[outflow_external] += step.flows.get(Flow::outflow_external, cell);
      v[term_ends] += step.flows.get(Flow::term_ends, cell);
      v[retirements] += step.flows.get(Flow::retirements, cell);
      v[service_days] += step.service_days[static_cast<std::size_t>(cell)];
    }
    for (int c = 0; c < cells_.counties; ++c) {
      if (!in_group[static_cast<std::size_t>(c)]) continue;
      for (int s = 0; s < kEntrySources; ++s)
        v[first_source_ + static_cast<std::size_t>(s)] += step.flows.entry(c, static_cast<EntrySource>(s));
      for (int p = 0; p < step.costs.policies(); ++p) {
        const double cny = step.costs.at(p, c);
        v[policy_cost] += cny;
        v[policy_cost_province + static_cast<std::size_t>(payer_[static_cast<std::size_t>(p)])] += cny;
        v[policy_cost_of_[static_cast<std::size_t>(p)]] += cny;
      }
    }
    // A month's stock is a twelfth of a talent-year.
    v[talent_years] += stock / 12.0;
    v[grassroots_talent_years] += grassroots / 12.0;
    if (step.date.month() == 12) {
      const auto y = static_cast<std::size_t>(step.date.year() - start_year_);
      v[stock_end_of_[y]] = stock;
      v[cost_to_of_[y]] = v[policy_cost];
    }
  }
  last_stock_ = step.stock;
  last_by_title_ = step.stock_by_title;
  last_posts_ = step.posts;
  last_vacancies_ = step.vacancies;
}

std::vector<std::vector<double>> ReplicationIndicators::finish(const CohortRetention& retention) const {
  std::vector<std::vector<double>> out = values_;
  const auto cohorts = retention.rows();
  for (std::size_t g = 0; g < out.size(); ++g) {
    const auto& in_group = layout_.groups()[g].has_county;
    auto& v = out[g];
    double stock = 0, grassroots = 0;
    for (int c = 0; c < cells_.counties; ++c) {
      if (!in_group[static_cast<std::size_t>(c)]) continue;
      for (int f = 0; f < cells_.fields; ++f)
        for (int l = 0; l < kLevels; ++l) {
          const double s = last_stock_[static_cast<std::size_t>(cells_.index(c, f, l))];
          stock += s;
          if (grassroots_[static_cast<std::size_t>(c)]) grassroots += s;
          v[first_field_ + static_cast<std::size_t>(f)] += s;
          v[first_level_ + static_cast<std::size_t>(l)] += s;
        }
      for (int t = 0; t < kTitles; ++t)
        v[first_title_ + static_cast<std::size_t>(t)] +=
            last_by_title_[static_cast<std::size_t>(c) * kTitles + static_cast<std::size_t>(t)];
    }
    v[stock_end] = stock;
    v[grassroots_stock_end] = grassroots;
    double posts = 0, vacant = 0;
    for (int c = 0; c < cells_.counties; ++c) {
      if (!in_group[static_cast<std::size_t>(c)]) continue;
      for (int f = 0; f < cells_.fields; ++f) {
        const auto cf = static_cast<std::size_t>(c) * static_cast<std::size_t>(cells_.fields) + static_cast<std::size_t>(f);
        if (cf >= last_posts_.size()) continue;  // no month simulated
        posts += last_posts_[cf];
        vacant += last_vacancies_[cf];
      }
    }
    v[vacancies_end] = vacant;
    v[vacancy_rate_end] = posts > 0 ? vacant / posts : std::numeric_limits<double>::quiet_NaN();
    v[grassroots_share_end] = stock > 0 ? grassroots / stock : std::numeric_limits<double>::quiet_NaN();
    std::size_t k = first_retention_;
    for (const CohortLoss kind : kRetentionKinds)
      for (const int years : kRetentionYears) v[k++] = CohortRetention::pooled(cohorts, g, years, kind);
  }
  return out;
}

HorizonSummary::HorizonSummary(std::shared_ptr<const IndicatorLayout> layout)
    : layout_(std::move(layout)),
      values_(layout_->groups().size(), std::vector<std::vector<double>>(layout_->names().size())) {}

void HorizonSummary::add_replication(const std::vector<std::vector<double>>& values) {
  for (std::size_t g = 0; g < values_.size(); ++g)
    for (std::size_t k = 0; k < values_[g].size(); ++k) values_[g][k].push_back(values[g][k]);
  ++replications_;
}

Interval HorizonSummary::interval(std::size_t group, std::size_t indicator) const {
  return mean_interval(values_[group][indicator]);
}

std::string HorizonSummary::to_json(const Scenario& scenario) const {
  JsonWriter j;
  j.begin_object();
  j.field("kunlun_version", KUNLUN_VERSION);
  j.field("scenario", scenario.name);
  j.field("scenario_file", scenario.file.string());
  j.field("seed", static_cast<std::uint64_t>(scenario.seed));
  j.field("replications", replications_);
  j.field("start", scenario.start.str());
  j.field("end", scenario.end.str());
  j.field("population_scale", scenario.population.scale);
  j.field("interval", "95% confidence interval of the mean over replications (Student t); null with one replication");
  j.field("prediction_interval",
          "p05, p50, p95: quantiles over replications, where 90% of single simulated futures fall (with a posterior, "
          "parameter uncertainty included); null with one replication");
  j.key("groups").begin_array();
  for (std::size_t g = 0; g < groups().size(); ++g) {
    j.begin_object();
    j.field("code", groups()[g].code);
    j.field("name", groups()[g].label);
    j.key("indicators").begin_object();
    for (std::size_t k = 0; k < indicator_names().size(); ++k) {
      const Interval iv = interval(g, k);
      j.key(indicator_names()[k]).begin_object();
      j.field("mean", iv.mean).field("ci95_low", iv.low).field("ci95_high", iv.high).field("sd", iv.sd);
      j.field("p05", iv.p05).field("p50", iv.p50).field("p95", iv.p95);
      j.end_object();
    }
    j.end_object();
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

}  // namespace kunlun
