#include "experiment/horizon_summary.h"

#include <algorithm>

#include "io/json_writer.h"

namespace kunlun {

namespace {
// Fixed indicators first; stock at each December follows as "stock_end_YYYY".
// Policy costs to each December follow as "policy_cost_to_YYYY", and each policy's total as
// "policy_cost_<name>".
const char* const kFixed[] = {"stock_start",      "stock_end",        "grassroots_stock_end",
                              "inflow",           "inflow_internal",  "outflow_internal",
                              "outflow_external", "retirements",      "service_days",
                              "policy_cost"};
enum FixedIndicator { stock_start, stock_end, grassroots_stock_end, inflow, inflow_internal, outflow_internal,
                      outflow_external, retirements, service_days, policy_cost, fixed_count };
}  // namespace

HorizonSummary::HorizonSummary(const RegionTable& regions, const CellLayout& cells, std::vector<std::string> policies)
    : cells_(cells), policies_(std::move(policies)) {
  const int counties = regions.county_count();
  grassroots_.resize(static_cast<std::size_t>(counties));
  for (int c = 0; c < counties; ++c) grassroots_[static_cast<std::size_t>(c)] = regions.county(c).type == RegionType::grassroots;

  const Region& province = regions.region(regions.province());
  groups_.push_back({province.code, province.name, std::vector<bool>(static_cast<std::size_t>(counties), true)});
  for (std::size_t p = 0; p < regions.prefectures().size(); ++p) {
    const Region& pref = regions.region(regions.prefectures()[p]);
    Group g{pref.code, pref.name, std::vector<bool>(static_cast<std::size_t>(counties), false)};
    for (int c = 0; c < counties; ++c)
      g.has_county[static_cast<std::size_t>(c)] = regions.prefecture_slot_of_county(c) == static_cast<int>(p);
    groups_.push_back(std::move(g));
  }
  Group remote{"autonomous_grassroots", "Grassroots counties of the autonomous prefectures",
               std::vector<bool>(static_cast<std::size_t>(counties), false)};
  for (int c = 0; c < counties; ++c) {
    const Region& pref = regions.region(regions.prefectures()[static_cast<std::size_t>(regions.prefecture_slot_of_county(c))]);
    remote.has_county[static_cast<std::size_t>(c)] = grassroots_[static_cast<std::size_t>(c)] && pref.autonomous;
  }
  groups_.push_back(std::move(remote));

  for (const char* name : kFixed) indicator(name);
  for (const auto& p : policies_) indicator("policy_cost_" + p);
  values_.assign(groups_.size(), {});
}

std::size_t HorizonSummary::indicator(const std::string& name) {
  const auto it = indicator_index_.find(name);
  if (it != indicator_index_.end()) return it->second;
  indicator_names_.push_back(name);
  indicator_index_[name] = indicator_names_.size() - 1;
  return indicator_names_.size() - 1;
}

void HorizonSummary::begin_replication(const std::vector<std::int32_t>& initial_stock) {
  current_.assign(groups_.size(), std::vector<double>(indicator_names_.size(), 0.0));
  last_stock_.assign(groups_.size(), 0.0);
  last_grassroots_.assign(groups_.size(), 0.0);
  for (std::size_t g = 0; g < groups_.size(); ++g)
    for (int cell = 0; cell < cells_.size(); ++cell)
      if (groups_[g].has_county[static_cast<std::size_t>(cell / (cells_.fields * kLevels))])
        current_[g][stock_start] += initial_stock[static_cast<std::size_t>(cell)];
}

void HorizonSummary::add_step(const StepResult& step) {
  const int per_county = cells_.fields * kLevels;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    double stock = 0, grassroots = 0;
    auto& cur = current_[g];
    for (int cell = 0; cell < cells_.size(); ++cell) {
      const auto county = static_cast<std::size_t>(cell / per_county);
      if (!groups_[g].has_county[county]) continue;
      const double s = step.stock[static_cast<std::size_t>(cell)];
      stock += s;
      if (grassroots_[county]) grassroots += s;
      cur[inflow] += step.flows.get(Flow::inflow, cell);
      cur[inflow_internal] += step.flows.get(Flow::inflow_internal, cell);
      cur[service_days] += step.service_days[static_cast<std::size_t>(cell)];
      cur[outflow_internal] += step.flows.get(Flow::outflow_internal, cell);
      cur[outflow_external] += step.flows.get(Flow::outflow_external, cell);
      cur[retirements] += step.flows.get(Flow::retirements, cell);
    }
    for (int p = 0; p < step.costs.policies(); ++p)
      for (int c = 0; c < step.costs.counties(); ++c) {
        if (!groups_[g].has_county[static_cast<std::size_t>(c)]) continue;
        cur[policy_cost] += step.costs.at(p, c);
        cur[fixed_count + static_cast<std::size_t>(p)] += step.costs.at(p, c);
      }
    last_stock_[g] = stock;
    last_grassroots_[g] = grassroots;
    if (step.date.month() == 12) {
      const std::size_t k = indicator("stock_end_" + std::to_string(step.date.year()));
      const std::size_t cost_to = indicator("policy_cost_to_" + std::to_string(step.date.year()));
      if (cur.size() <= std::max(k, cost_to)) cur.resize(std::max(k, cost_to) + 1, 0.0);
      cur[k] = stock;
      cur[cost_to] = cur[policy_cost];
    }
  }
}

void HorizonSummary::end_replication() {
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    current_[g][stock_end] = last_stock_[g];
    current_[g][grassroots_stock_end] = last_grassroots_[g];
    current_[g].resize(indicator_names_.size(), 0.0);
    values_[g].resize(indicator_names_.size());
    for (std::size_t k = 0; k < indicator_names_.size(); ++k) values_[g][k].push_back(current_[g][k]);
  }
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
  j.key("groups").begin_array();
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    j.begin_object();
    j.field("code", groups_[g].code);
    j.field("name", groups_[g].label);
    j.key("indicators").begin_object();
    for (std::size_t k = 0; k < indicator_names_.size(); ++k) {
      const Interval iv = interval(g, k);
      j.key(indicator_names_[k]).begin_object();
      j.field("mean", iv.mean).field("ci95_low", iv.low).field("ci95_high", iv.high).field("sd", iv.sd);
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
