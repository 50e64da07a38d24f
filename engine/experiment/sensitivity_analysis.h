// `kunlun sensitivity`: global sensitivity of a scenario's indicators to its uncertain parameters
// (Morris screening or Sobol' indices), or, with a variant, of the paired policy effect (variant
// minus baseline at the same parameter values and seed). Every design point is a full simulation
// on the scenario's seed (common random numbers), so points differ only by the values drawn.
#pragma once

#include <Eigen/Core>

#include <filesystem>
#include <string>
#include <vector>

#include "experiment/scenario_run.h"
#include "experiment/sensitivity_design.h"
#include "scenario/scenario_parameters.h"
#include "sensitivity/morris_indices.h"
#include "sensitivity/sobol_indices.h"

namespace kunlun {

// An indicator an analysis reads: a reporting group and an indicator of the summary.
struct SensitivityIndicator {
  std::string spec;        // as given: "stock_end", "autonomous_grassroots:grassroots_talent_years"
  std::string group_code;  // the reporting group's code
  std::string name;        // the summary indicator
};

// With options.posterior, replication k of every design point, of both scenarios, runs with the
// posterior set a run's replication k draws: the design varies the remaining assumptions around
// the calibrated parameters, and points still differ only by the values the design sets.
struct SensitivityOptions : ExperimentOptions {};

// One row of the results: an indicator and a parameter, with the method's indices.
struct SensitivityRow {
  std::string indicator;  // SensitivityIndicator::spec
  std::string parameter;
  sensitivity::MorrisIndices morris;  // method morris
  sensitivity::SobolIndices sobol;    // method sobol
  int rank = 0;  // 1 = most influential for this indicator (by mu* or ST)
};

struct SensitivityReport {
  std::filesystem::path out_dir;
  SensitivityDesign design;
  std::uint64_t seed = 0;  // of the design and bootstrap
  bool paired = false;     // a variant was given: outputs are variant minus baseline
  std::string posterior_file{};           // with a posterior: its file,
  std::vector<std::size_t> posterior_sets{};  // the set each replication drew,
  std::vector<std::string> fixed_by_posterior{};  // and the uncertain parameters it set, not varied
  std::vector<UncertainParameter> parameters;
  std::vector<SensitivityIndicator> indicators;
  sensitivity::DesignMatrix unit;    // design points in the unit cube (rows x parameters)
  sensitivity::DesignMatrix values;  // the same points as parameter values (a choice: its option's index)
  Eigen::MatrixXd outputs;           // rows x indicators: the analysed quantity at each point
  std::vector<SensitivityRow> rows;  // by indicator, then parameter in rank order
  std::size_t simulations = 0;       // replications simulated, all points and scenarios
  double seconds = 0;
};

// The parameters an analysis varies: the scenario's uncertain parameters (the variant's, when
// given, with the baseline's own policy parameters added), the design's overrides applied, less
// those a posterior sets (they are estimated, no longer assumed), then narrowed to
// design.parameters (keys or prefixes; one that matches nothing, or only the posterior's, is an
// InputError).
std::vector<UncertainParameter> sensitivity_parameters(const Scenario& base, const Scenario* variant,
                                                       const SensitivityDesign& design,
                                                       const PosteriorSample* posterior = nullptr);

// Resolves indicator specs against the scenario's summary layout (InputError naming the spec,
// listing the groups or indicators there are).
std::vector<SensitivityIndicator> sensitivity_indicators(const Scenario& scenario,
                                                         const std::vector<std::string>& specs);

// The scenario at one design point: each parameter set to the value at its unit coordinate (its
// quantile), shares of a map that must sum to 1 renormalised when one of them was set.
Scenario scenario_at(const Scenario& scenario, const std::vector<UncertainParameter>& parameters,
                     const Eigen::Ref<const Eigen::VectorXd>& unit_point);

// The rows a design has, and the simulations it takes (rows x replications, twice when paired).
std::size_t sensitivity_design_rows(const SensitivityDesign& design, std::size_t parameters);

// Runs the analysis and writes sensitivity.csv, design.csv, parameters.csv, manifest.json and
// report.html into `out_dir` (complete or not at all).
SensitivityReport run_sensitivity(const Scenario& base, const Scenario* variant, const SensitivityDesign& design,
                                  const std::filesystem::path& out_dir, const SensitivityOptions& options);

}  // namespace kunlun
