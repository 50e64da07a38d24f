// `kunlun calibrate`: the scenario's chosen uncertain parameters estimated against observed
// targets by history matching with emulators in waves, then a posterior sample re-simulated
// (calibration/history_matching.h; docs/calibration.md). Every run is one replication with its
// own replication number, so runs differ by their parameters and their own randomness, as the
// observations differ from any one run.
#pragma once

#include <Eigen/Core>

#include <filesystem>
#include <string>
#include <vector>

#include "calibration/history_matching.h"
#include "calibration/target.h"
#include "calibration/target_fit.h"
#include "experiment/calibration_design.h"
#include "experiment/scenario_run.h"
#include "scenario/scenario_parameters.h"

namespace kunlun {

// A run of the calibration: its wave (0 for the posterior's re-simulation, else 1, 2, ...), the
// replication it ran as, its unit point and every target's value (NaN where not covered).
struct CalibrationRun {
  int wave = 0;
  std::uint32_t replication = 0;
  Eigen::RowVectorXd unit;
  std::vector<double> target_values;
};

struct CalibrationReport {
  std::filesystem::path out_dir;
  CalibrationDesign design;
  std::uint64_t seed = 0;
  std::vector<UncertainParameter> parameters;
  std::vector<Target> targets;          // every target of the file
  std::vector<std::size_t> fitted;      // indices of those fitted
  std::vector<std::string> left_out;    // "name: why", the others
  calibration::HistoryMatch match;
  std::vector<CalibrationRun> runs;     // every run, in order
  sensitivity::DesignMatrix posterior_values;  // posterior sets in parameter units (a choice: its option's index)
  std::vector<TargetFit> prior_fit, posterior_fit;  // wave 1's runs; the posterior's re-simulations
  YearMonth simulated_to;  // the runs' last month: the last any covered target is read in
  double seconds = 0;
};

// The parameters a calibration estimates: design.parameters (keys or prefixes) among the
// scenario's uncertain ones, with the design's prior overrides applied.
std::vector<UncertainParameter> calibration_parameters(const Scenario& scenario, const CalibrationDesign& design);

// Does a run of `scenario` cover the target (its month or every month of its simulated period)?
bool scenario_covers(const Scenario& scenario, const Target& target);

// The targets a calibration fits: named in the design (all when none), covered by the scenario,
// observed by `until`; the reason for each of the others.
std::vector<std::size_t> targets_to_fit(const Scenario& scenario, const std::vector<Target>& targets,
                                        const CalibrationDesign& design, std::vector<std::string>* left_out);

// The simulations a calibration will take: waves x (points + repeats) + the posterior's size.
std::size_t calibration_simulations(const CalibrationDesign& design, std::size_t parameters);

// Runs the calibration and writes posterior.csv, fit.csv, waves.csv, runs.csv, parameters.csv,
// report.html and manifest.json into `out_dir` (complete or not at all).
CalibrationReport run_calibration(const Scenario& scenario, const std::vector<Target>& targets,
                                  const CalibrationDesign& design, const std::filesystem::path& out_dir,
                                  const ExperimentOptions& options);

}  // namespace kunlun
