// Reading a posterior sample and drawing from it.
#include "calibration/posterior_sample.h"

#include <algorithm>

#include "experiment/parameter_setting.h"
#include "io/csv_reader.h"
#include "sensitivity/keyed_stream.h"

namespace kunlun {

std::size_t PosteriorSample::draw(std::uint64_t seed, std::uint32_t replication) const {
  const sensitivity::KeyedStream stream(seed, sensitivity::Stream::posterior_draw);
  const double u = stream.uniform(replication, 0);
  const auto it = std::upper_bound(cumulative_weight.begin(), cumulative_weight.end(), u);
  return std::min(static_cast<std::size_t>(it - cumulative_weight.begin()), sets.size() - 1);
}

std::vector<std::pair<std::string, ParameterValue>> PosteriorSample::values(std::size_t s) const {
  std::vector<std::pair<std::string, ParameterValue>> out;
  for (std::size_t i = 0; i < keys.size(); ++i) out.emplace_back(keys[i], sets[s][i]);
  return out;
}

PosteriorSample read_posterior(const std::filesystem::path& file, const Scenario& scenario) {
  const std::vector<CsvRow> rows = read_csv(file);
  const CsvRow& header = rows.front();
  const std::string name = file.string();
  const auto at = [&](int line, int column) { return SourceLocation{name, line, column}; };
  const int weight = csv_column(header, "weight"), first = csv_column(header, "replication") + 1,
            last = csv_column(header, "implausibility");
  if (weight < 0 || first <= 0 || last < first + 1)
    throw InputError(at(header.line, 1), "", "not a posterior sample: the header needs set, weight, replication, the "
                     "parameters, then implausibility",
                     "give the posterior.csv that kunlun calibrate wrote");
  PosteriorSample p;
  p.file = file;
  std::vector<const Parameter*> declared;
  for (int c = first; c < last; ++c) {
    const std::string& key = header.cells[static_cast<std::size_t>(c)];
    const Parameter* d = find_parameter(scenario, key);
    if (d == nullptr)
      throw InputError(at(header.line, c + 1), key, "the scenario declares no parameter '" + key + "'",
                       "the posterior belongs to a scenario with this parameter (kunlun parameters lists a "
                       "scenario's); calibrate this scenario, or give the posterior of its own calibration");
    p.keys.push_back(key);
    declared.push_back(d);
  }
  double total = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    const double w = parse_csv_number(row.cells[static_cast<std::size_t>(weight)], at(row.line, weight + 1), "weight",
                                      "a weight is 0 or more");
    if (w < 0)
      throw InputError(at(row.line, weight + 1), "weight", "a negative weight", "weights are 0 or more");
    std::vector<ParameterValue> set;
    for (std::size_t i = 0; i < declared.size(); ++i) {
      const int c = first + static_cast<int>(i);
      const std::string& cell = row.cells[static_cast<std::size_t>(c)];
      const Parameter& d = *declared[i];
      if (d.type == ParameterType::choice) {
        if (std::find(d.choices.begin(), d.choices.end(), cell) == d.choices.end())
          throw InputError(at(row.line, c + 1), d.key, "'" + cell + "' is not one of its options", parameter_hint(d));
        set.emplace_back(cell);
      } else {
        const double v = parse_csv_number(cell, at(row.line, c + 1), p.keys[i], range_phrase(d));
        if (v < d.min || v > d.max || (d.min_exclusive && v == d.min))
          throw InputError(at(row.line, c + 1), p.keys[i], cell + " is outside the parameter's range", parameter_hint(d));
        set.emplace_back(v);
      }
    }
    total += w;
    p.cumulative_weight.push_back(total);
    p.sets.push_back(std::move(set));
    p.lines.push_back(row.line);
  }
  if (p.sets.empty() || !(total > 0))
    throw InputError(at(header.line, 1), "", "the posterior has no set with a weight above 0",
                     "give the posterior.csv that kunlun calibrate wrote");
  for (double& c : p.cumulative_weight) c /= total;
  return p;
}

std::shared_ptr<const PosteriorSample> resolve_posterior(const Scenario& scenario, const std::string& given) {
  if (given == "none") return nullptr;
  if (!given.empty()) return std::make_shared<const PosteriorSample>(read_posterior(given, scenario));
  if (!scenario.posterior.empty()) return std::make_shared<const PosteriorSample>(read_posterior(scenario.posterior, scenario));
  return nullptr;
}

Scenario scenario_with_posterior_set(const Scenario& scenario, const PosteriorSample& posterior, std::size_t s) {
  Scenario out = scenario;
  set_parameter_values(out, posterior.values(s), {posterior.file.string(), posterior.lines[s], 0});
  return out;
}

}  // namespace kunlun
