// The sensitivity analysis of a scenario: design, simulation of every point, indices.
#include "experiment/sensitivity_analysis.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "experiment/memory_estimate.h"
#include "experiment/parameter_setting.h"
#include "experiment/replication_batch.h"
#include "experiment/sensitivity_files.h"
#include "io/output_directory.h"
#include "parameters/behaviour_parameters.h"
#include "sensitivity/morris_design.h"
#include "sensitivity/saltelli_design.h"

namespace kunlun {

namespace {

bool matches(const std::string& key, const std::string& spec) {
  return key == spec || (key.size() > spec.size() && key.compare(0, spec.size(), spec) == 0 && key[spec.size()] == '.');
}

// The design's overrides that name a parameter of `scenario`.
std::vector<UncertaintyOverride> overrides_for(const Scenario& scenario, const std::vector<UncertaintyOverride>& all) {
  std::vector<UncertaintyOverride> out;
  for (const auto& o : all)
    if (find_parameter(scenario, o.key) != nullptr) out.push_back(o);
  return out;
}

sensitivity::DesignMatrix unit_design(const SensitivityDesign& design, std::size_t d, std::uint64_t seed,
                                      sensitivity::MorrisDesign* morris, sensitivity::SaltelliDesign* saltelli) {
  if (design.method == SensitivityMethod::morris) {
    *morris = sensitivity::make_morris_design(design.trajectories, d, seed, design.levels);
    return morris->unit;
  }
  *saltelli = sensitivity::make_saltelli_design(design.base_samples, d, seed);
  return saltelli->unit;
}

}  // namespace

std::vector<UncertainParameter> sensitivity_parameters(const Scenario& base, const Scenario* variant,
                                                       const SensitivityDesign& design,
                                                       const PosteriorSample* posterior) {
  for (const auto& o : design.uncertainty)
    if (find_parameter(base, o.key) == nullptr && (variant == nullptr || find_parameter(*variant, o.key) == nullptr))
      throw InputError(o.where, o.key, "not a declared parameter of the scenario" + std::string(variant ? "s" : ""),
                       "uncertainty: keys are behaviour.* keys and the parameters of the scenario's policies "
                       "(policies.<name>.<key>); kunlun parameters lists them");
  const Scenario& analysed = variant != nullptr ? *variant : base;
  std::vector<UncertainParameter> all = uncertain_parameters(analysed, overrides_for(analysed, design.uncertainty));
  if (variant != nullptr) {
    std::set<std::string> have;
    for (const auto& u : all) have.insert(u.key);
    for (auto& u : uncertain_parameters(base, overrides_for(base, design.uncertainty)))
      if (!have.count(u.key)) all.push_back(std::move(u));
  }
  const auto set_by_posterior = [&](const std::string& key) {
    return posterior != nullptr && std::find(posterior->keys.begin(), posterior->keys.end(), key) != posterior->keys.end();
  };
  std::vector<UncertainParameter> free;
  for (auto& u : all)
    if (!set_by_posterior(u.key)) free.push_back(std::move(u));
  if (design.parameters.empty()) return free;
  std::vector<UncertainParameter> chosen;
  for (const auto& spec : design.parameters) {
    bool any = false;
    for (const auto& u : free)
      if (matches(u.key, spec)) {
        any = true;
        if (std::none_of(chosen.begin(), chosen.end(), [&](const auto& c) { return c.key == u.key; }))
          chosen.push_back(u);
      }
    if (!any && posterior != nullptr)
      for (const auto& key : posterior->keys)
        if (matches(key, spec))
          throw InputError({.argument = "parameters", .item = spec}, key,
                           "the posterior " + posterior->file.string() +
                               " sets this parameter in every replication, so the analysis cannot vary it",
                           "vary the parameters the posterior leaves as assumptions, or analyse the priors "
                           "without the posterior",
                           {{.kind = ArgumentChange::Kind::example, .argument = "posterior", .value = "none"}});
    if (!any)
      throw InputError({.argument = "parameters", .item = spec}, "",
                       "'" + spec + "' names no uncertain parameter of the scenario",
                       "give keys or prefixes of parameters with an uncertainty (kunlun parameters SCENARIO lists "
                       "them, with their uncertainty), or add one in the uncertainty: section");
  }
  return chosen;
}

std::vector<SensitivityIndicator> sensitivity_indicators(const Scenario& scenario,
                                                         const std::vector<std::string>& specs) {
  const auto groups = reporting_groups(RegionTable::load(scenario.regions));
  std::vector<SensitivityIndicator> out;
  for (const auto& spec : specs.empty() ? kDefaultSensitivityIndicators : specs) {
    SensitivityIndicator i;
    i.spec = spec;
    const std::size_t colon = spec.find(':');
    i.group_code = colon == std::string::npos ? groups.front().code : spec.substr(0, colon);
    i.name = colon == std::string::npos ? spec : spec.substr(colon + 1);
    if (std::none_of(groups.begin(), groups.end(), [&](const auto& g) { return g.code == i.group_code; })) {
      std::vector<std::string> codes;
      for (const auto& g : groups) codes.push_back(g.code);
      throw InputError({.argument = "indicators", .item = spec}, "", "no reporting group '" + i.group_code + "'",
                       "groups are " + join_names(codes));
    }
    out.push_back(std::move(i));
  }
  return out;
}

Scenario scenario_at(const Scenario& scenario, const std::vector<UncertainParameter>& parameters,
                     const Eigen::Ref<const Eigen::VectorXd>& unit_point) {
  std::vector<std::pair<std::string, ParameterValue>> values;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const UncertainParameter& p = parameters[i];
    // A policy of the other scenario of a paired analysis is not this one's to set.
    if (find_behaviour_parameter(p.key) == nullptr && find_parameter(scenario, p.key) == nullptr) continue;
    const double q = quantile(p.uncertainty, *p.declaration, unit_point[static_cast<Eigen::Index>(i)]);
    values.emplace_back(p.key, p.uncertainty.distribution == Distribution::choice
                                   ? ParameterValue(p.uncertainty.options[static_cast<std::size_t>(q)])
                                   : ParameterValue(q));
  }
  Scenario s = scenario;
  set_parameter_values(s, values, {"<sensitivity design>", 0, 0});
  return s;
}

std::size_t sensitivity_design_rows(const SensitivityDesign& design, std::size_t parameters) {
  return design.method == SensitivityMethod::morris ? design.trajectories * (parameters + 1)
                                                    : design.base_samples * (parameters + 2);
}

SensitivityReport run_sensitivity(const Scenario& base_in, const Scenario* variant_in, const SensitivityDesign& design,
                                  const std::filesystem::path& out_dir, const SensitivityOptions& options) {
  check_sensitivity_design(design);
  StagedDirectory::check_target(out_dir, options.force);
  const auto t0 = std::chrono::steady_clock::now();
  SensitivityReport report;
  report.design = design;
  report.paired = variant_in != nullptr;
  // Every point, of both scenarios, runs the baseline's seed and replications: common random numbers.
  Scenario base = base_in;
  base.replications = design.replications;
  std::optional<Scenario> variant;
  if (variant_in != nullptr) {
    variant = *variant_in;
    variant->seed = base.seed;
    variant->replications = design.replications;
  }
  report.seed = design.seed.value_or(base.seed);
  const PosteriorSample* posterior = options.posterior.get();
  report.parameters = sensitivity_parameters(base, variant ? &*variant : nullptr, design, posterior);
  if (posterior != nullptr) {
    report.posterior_file = posterior->file.string();
    for (int k = 0; k < design.replications; ++k)
      report.posterior_sets.push_back(posterior->draw(base.seed, static_cast<std::uint32_t>(k)));
    for (const auto& key : posterior->keys) report.fixed_by_posterior.push_back(key);
  }
  report.indicators = sensitivity_indicators(base, design.indicators);
  const std::size_t d = report.parameters.size();
  std::vector<std::string> names;
  for (const auto& p : report.parameters) names.push_back(p.key);

  sensitivity::MorrisDesign morris;
  sensitivity::SaltelliDesign saltelli;
  report.unit = unit_design(design, d, report.seed, &morris, &saltelli);
  const std::size_t rows = static_cast<std::size_t>(report.unit.rows());
  report.values.resize(report.unit.rows(), report.unit.cols());
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t i = 0; i < d; ++i)
      report.values(r, i) = quantile(report.parameters[i].uncertainty, *report.parameters[i].declaration, report.unit(r, i));

  // Every point's scenario is checked before any runs, so a bad draw fails at once.
  const int scenarios_per_point = variant ? 2 : 1;
  const std::vector<const Scenario*> analysed = variant ? std::vector<const Scenario*>{&base, &*variant}
                                                        : std::vector<const Scenario*>{&base};
  // With a posterior every replication of a point has its own starting state: one point at a time.
  const std::size_t per_chunk = posterior ? 1 : static_cast<std::size_t>(options.parallel_slots());
  {
    std::vector<const Scenario*> held;
    for (std::size_t k = 0; k < per_chunk * (posterior ? static_cast<std::size_t>(design.replications) : 1); ++k)
      for (const Scenario* s : analysed) held.push_back(s);
    check_memory(held, options.memory_limit);
  }
  report.outputs = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(report.indicators.size()));
  const int simulations = static_cast<int>(rows) * scenarios_per_point * design.replications;
  ChunkedProgress progress(simulations, static_cast<long>(simulations) * base.months());
  for (std::size_t first = 0; first < rows; first += per_chunk) {
    const std::size_t end = std::min(rows, first + per_chunk);
    std::vector<std::shared_ptr<const RecordLayout>> layouts;  // [point in chunk][scenario]
    std::vector<ReplicationJob> jobs;
    struct JobOf {
      std::size_t layout, row;
      int scenario;
    };
    std::vector<JobOf> of_job;
    for (std::size_t r = first; r < end; ++r)
      for (int s = 0; s < scenarios_per_point; ++s) {
        const Scenario& analysed_s = *analysed[static_cast<std::size_t>(s)];
        const Eigen::VectorXd unit_point = report.unit.row(static_cast<Eigen::Index>(r)).transpose();
        if (posterior) {
          // The calibrated set first, then the design's values of the other parameters.
          for (int k = 0; k < design.replications; ++k) {
            const Scenario calibrated = scenario_with_posterior_set(analysed_s, *posterior,
                                                                    report.posterior_sets[static_cast<std::size_t>(k)]);
            layouts.push_back(std::make_shared<RecordLayout>(InitialState::prepare(scenario_at(calibrated, report.parameters, unit_point))));
            layouts.back()->initial->plan_simulations(1);
            jobs.push_back({layouts.back().get(), static_cast<std::uint32_t>(k), false});
            of_job.push_back({layouts.size() - 1, r, s});
          }
          continue;
        }
        const Scenario point = scenario_at(analysed_s, report.parameters, unit_point);
        layouts.push_back(std::make_shared<RecordLayout>(InitialState::prepare(point)));
        layouts.back()->initial->plan_simulations(design.replications);
        for (int k = 0; k < design.replications; ++k) {
          jobs.push_back({layouts.back().get(), static_cast<std::uint32_t>(k), false});
          of_job.push_back({layouts.size() - 1, r, s});
        }
      }
    // The indicators' positions in each layout (a variant's policies add cost indicators).
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> where(layouts.size());
    for (std::size_t l = 0; l < layouts.size(); ++l) {
      const IndicatorLayout& il = *layouts[l]->indicators;
      for (const auto& ind : report.indicators) {
        std::size_t g = 0;
        while (g < il.groups().size() && il.groups()[g].code != ind.group_code) ++g;
        if (!il.has(ind.name))
          throw InputError({.argument = "indicators", .item = ind.spec}, "", "no indicator '" + ind.name + "' in the summary",
                           "summary.json of a run lists the indicators (stock_end, grassroots_talent_years, "
                           "outflow_external, vacancies_end, policy_cost, ...)");
        where[l].emplace_back(g, il.index(ind.name));
      }
    }
    const BatchOptions batch = batch_options(options);
    run_replications(jobs, progress.chunk(batch, options.on_progress), [&](std::size_t job, ReplicationRecord&& record) {
      const auto [l, row, s] = of_job[job];
      // The mean over replications; the baseline's counted negative in a paired analysis.
      const double sign = variant && s == 0 ? -1.0 : 1.0;
      for (std::size_t k = 0; k < report.indicators.size(); ++k) {
        const auto [g, i] = where[l][k];
        report.outputs(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(k)) +=
            sign * record.indicators[g][i] / design.replications;
      }
    });
    progress.chunk_done();
  }
  report.simulations = static_cast<std::size_t>(simulations);

  const sensitivity::BootstrapOptions bootstrap{design.resamples, design.confidence};
  for (std::size_t k = 0; k < report.indicators.size(); ++k) {
    const Eigen::VectorXd y = report.outputs.col(static_cast<Eigen::Index>(k));
    std::vector<SensitivityRow> rows_k;
    if (design.method == SensitivityMethod::morris) {
      for (auto& m : sensitivity::morris_indices(morris, names, y, bootstrap)) {
        SensitivityRow row;
        row.indicator = report.indicators[k].spec;
        row.parameter = m.parameter;
        row.morris = std::move(m);
        rows_k.push_back(std::move(row));
      }
      std::stable_sort(rows_k.begin(), rows_k.end(),
                       [](const auto& a, const auto& b) { return a.morris.mu_star.value > b.morris.mu_star.value; });
    } else {
      for (auto& s : sensitivity::sobol_indices(saltelli, names, y, bootstrap)) {
        SensitivityRow row;
        row.indicator = report.indicators[k].spec;
        row.parameter = s.parameter;
        row.sobol = std::move(s);
        rows_k.push_back(std::move(row));
      }
      std::stable_sort(rows_k.begin(), rows_k.end(),
                       [](const auto& a, const auto& b) { return a.sobol.st.value > b.sobol.st.value; });
    }
    for (std::size_t i = 0; i < rows_k.size(); ++i) rows_k[i].rank = static_cast<int>(i + 1);
    report.rows.insert(report.rows.end(), rows_k.begin(), rows_k.end());
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_sensitivity_files(report, base, variant ? &*variant : nullptr, out_dir, options);
  report.out_dir = out_dir;
  return report;
}

}  // namespace kunlun
