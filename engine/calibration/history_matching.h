// History matching with Gaussian-process emulators, in waves, then a posterior sample drawn on
// the last wave's emulators and re-simulated (docs/calibration.md). Generic over the simulator:
// kunlun's scenarios in experiment/scenario_calibration, test functions with known answers in the
// tests. Everything happens in the unit cube of the calibrated parameters, where the declared
// uncertainty (the prior) is uniform: a unit coordinate is a parameter's prior quantile.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "calibration/gaussian_process.h"
#include "calibration/target.h"
#include "sensitivity/parameter_bounds.h"

namespace kunlun::calibration {

using sensitivity::DesignMatrix;

// An observation as history matching sees it: the value, the variance of the observation error
// (and of the model's discrepancy from it, which the targets' reasoning folds in), exact or a bound.
struct Observation {
  std::string name;
  double value = 0;
  double variance = 0;
  TargetBound bound = TargetBound::value;
};

// Simulates each row (a point in the unit cube) once; returns points x observations. The
// simulator is stochastic: a run is one realisation, not the mean.
using Simulator = std::function<Eigen::MatrixXd(const DesignMatrix& unit_points)>;

struct HistoryMatchingSettings {
  std::size_t waves = 4;
  std::size_t points_per_wave = 0;  // 0: 10 per parameter (Loeppky, Sacks and Welch 2009)
  // Points of each wave run twice: they pin the emulators' nugget (the run-to-run variance) down,
  // and measure it directly as a check. 0: a fifth of the points, at least 4.
  std::size_t repeats_per_wave = 0;
  std::size_t candidates = 20000;   // quasi-random points per wave that measure the space left
  double cutoff = 3;                // implausibility beyond which a point is ruled out (Pukelsheim's three-sigma rule)
  std::size_t posterior_size = 200;
  std::size_t chains = 8;           // Metropolis chains on the emulators
  std::size_t chain_steps = 4000;   // per chain, after as many again of burn-in
  std::uint64_t seed = 1;
  int threads = 1;
};

// The sizes a wave has when the settings leave them 0: 10 runs per parameter, and a fifth of
// them repeated, at least 4.
std::size_t wave_points(const HistoryMatchingSettings& settings, std::size_t parameters);
std::size_t wave_repeats(const HistoryMatchingSettings& settings, std::size_t points);

// The leave-one-out check of one emulator: the share of runs within 2 and beyond 3 predictive sd.
struct EmulatorCheck {
  double within_2 = 0, beyond_3 = 0;
};

struct Wave {
  DesignMatrix unit;         // the runs of this wave; the last `repeats` repeat the first ones
  Eigen::MatrixXd outputs;   // runs x observations
  std::size_t repeats = 0;
  Eigen::VectorXd run_variance;  // per observation: measured from the repeated runs in its space (-1: none)
  std::size_t training_runs = 0;  // this wave's and the earlier runs inside its space
  std::vector<GaussianProcess> emulators;  // one per observation
  std::vector<EmulatorCheck> checks;
  // Share of the whole cube that is not implausible after this wave (of the candidates); and of
  // this wave's runs, those whose simulated outputs are within the cut-off of every observation.
  double space_left = 0;
  std::size_t runs_matching = 0;
};

struct HistoryMatch {
  std::vector<Wave> waves;
  DesignMatrix posterior;            // posterior_size points, equally weighted
  Eigen::MatrixXd posterior_outputs; // re-simulated, one run each
  Eigen::VectorXd posterior_implausibility;  // of each re-simulated run (emulator variance 0)
  double acceptance = 0;             // of the chains' proposals after burn-in
  std::size_t simulations = 0;
};

// |observed - mean| / sqrt(variance): for a lower bound only a mean below it counts, for an upper
// bound only one above it (Vernon, Goldstein and Bower 2010, Bayesian Analysis 5:619-669, eq. 6).
double implausibility(const Observation& o, double mean, double variance);

// The largest implausibility over the observations at a point, under one wave's emulators
// (observation variance + emulator variance + the simulator's run-to-run variance).
double wave_implausibility(const std::vector<Observation>& observations, const Wave& wave,
                           const Eigen::Ref<const Eigen::RowVectorXd>& point);

// The log likelihood of the observations at a point under the emulators: normal for a value,
// the normal probability of being on the right side for a bound.
double emulated_log_likelihood(const std::vector<Observation>& observations, const Wave& wave,
                               const Eigen::Ref<const Eigen::RowVectorXd>& point);

// Called after each wave and after the posterior re-simulation: what is done.
using MatchProgress = std::function<void(const HistoryMatch& so_far)>;

// Runs the waves and the posterior. Throws InputError when a wave leaves no point of the cube
// non-implausible, naming the observation that rules most of it out.
HistoryMatch history_match(const std::vector<Observation>& observations, std::size_t parameters,
                           const Simulator& simulate, const HistoryMatchingSettings& settings,
                           const MatchProgress& progress = {});

}  // namespace kunlun::calibration
