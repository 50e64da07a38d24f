// Calibrating a scenario: its simulator as history matching sees it, and the report.
#include "experiment/scenario_calibration.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>

#include "experiment/calibration_files.h"
#include "experiment/memory_estimate.h"
#include "experiment/replication_batch.h"
#include "experiment/sensitivity_analysis.h"
#include "io/output_directory.h"

namespace kunlun {

namespace {

YearMonth observed_by(const Target& t) { return t.quantity == TargetQuantity::stock ? t.at : t.to; }

// The matching's settings from a design (the sizes it leaves 0 stay 0: history matching's defaults).
calibration::HistoryMatchingSettings settings_of(const CalibrationDesign& design) {
  calibration::HistoryMatchingSettings s;
  s.waves = design.waves;
  s.points_per_wave = design.points_per_wave;
  s.repeats_per_wave = design.repeats_per_wave;
  s.candidates = design.candidates;
  s.cutoff = design.cutoff;
  s.posterior_size = design.posterior_size;
  s.chains = design.chains;
  s.chain_steps = design.chain_steps;
  return s;
}

}  // namespace

std::vector<UncertainParameter> calibration_parameters(const Scenario& scenario, const CalibrationDesign& design) {
  SensitivityDesign chosen;
  chosen.parameters = design.parameters;
  chosen.uncertainty = design.uncertainty;
  return sensitivity_parameters(scenario, nullptr, chosen);
}

bool scenario_covers(const Scenario& s, const Target& t) {
  if (t.quantity == TargetQuantity::stock) return !(t.at < s.start.plus_months(-1)) && !(s.end < t.at);
  return !(t.simulated_from < s.start) && !(s.end < t.simulated_to);
}

std::vector<std::size_t> targets_to_fit(const Scenario& scenario, const std::vector<Target>& targets,
                                        const CalibrationDesign& design, std::vector<std::string>* left_out) {
  for (const auto& name : design.targets)
    if (std::none_of(targets.begin(), targets.end(), [&](const Target& t) { return t.name == name; })) {
      std::vector<std::string> names;
      for (const auto& t : targets) names.push_back(t.name);
      const std::string guess = closest_match(name, names);
      throw InputError({.argument = "targets", .item = name}, "", "no target '" + name + "' in the targets file",
                       guess.empty() ? "the file has " + join_names(names) : "did you mean '" + guess + "'?");
    }
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const Target& t = targets[k];
    std::string why;
    if (!design.targets.empty() && std::find(design.targets.begin(), design.targets.end(), t.name) == design.targets.end())
      why = "not among the design's targets";
    else if (!scenario_covers(scenario, t))
      why = "outside the run (" + scenario.start.str() + " to " + scenario.end.str() + ")";
    else if (design.until && *design.until < observed_by(t))
      why = "observed after " + design.until->str() + " (held out)";
    if (why.empty()) out.push_back(k);
    else if (left_out != nullptr) left_out->push_back(t.name + ": " + why);
  }
  if (out.empty())
    throw InputError({.argument = "targets"}, "", "no target to fit: every one is outside the run, held out or not chosen",
                     "give targets inside the scenario's horizon (a stock at the month before the start counts), or a "
                     "scenario that covers them, such as scenarios/qinghai/hindcast.yaml");
  return out;
}

std::size_t calibration_simulations(const CalibrationDesign& design, std::size_t parameters) {
  const auto settings = settings_of(design);
  const std::size_t per = calibration::wave_points(settings, parameters);
  return design.waves * (per + calibration::wave_repeats(settings, per)) + design.posterior_size;
}

CalibrationReport run_calibration(const Scenario& scenario_in, const std::vector<Target>& targets,
                                  const CalibrationDesign& design, const std::filesystem::path& out_dir,
                                  const ExperimentOptions& options) {
  check_calibration_design(design);
  StagedDirectory::check_target(out_dir, options.force);
  const auto t0 = std::chrono::steady_clock::now();
  CalibrationReport report;
  report.design = design;
  report.targets = targets;
  Scenario scenario = scenario_in;
  scenario.replications = 1;
  report.seed = design.seed.value_or(scenario.seed);
  report.parameters = calibration_parameters(scenario, design);
  const std::size_t d = report.parameters.size();
  calibration::HistoryMatchingSettings settings = settings_of(design);
  settings.seed = report.seed;
  settings.threads = std::max(options.threads, 1);
  const std::size_t per_wave = calibration::wave_points(settings, d);
  if (per_wave < d + 2)
    throw InputError({.argument = "points_per_wave"}, "", std::to_string(per_wave) + " points for " + std::to_string(d) +
                         " parameters", "give at least parameters + 2, or 0 for 10 per parameter");
  report.fitted = targets_to_fit(scenario, targets, design, &report.left_out);
  std::vector<calibration::Observation> observations;
  for (const std::size_t k : report.fitted) {
    const Target& t = targets[k];
    observations.push_back({t.name, t.value, t.sd * t.sd, t.bound});
  }
  const auto all_targets = std::make_shared<const std::vector<Target>>(targets);
  // Runs stop at the last month a target the run covers is read (fitted or held out): a run is
  // causal, so the months after it would change no target value, only the time taken.
  Scenario simulated = scenario;
  {
    YearMonth last = scenario.start;
    for (const Target& t : targets)
      if (scenario_covers(scenario, t)) {
        const YearMonth read = t.quantity == TargetQuantity::stock ? t.at : t.simulated_to;
        if (last < read) last = read;
      }
    if (last < simulated.end) simulated.end = last;
  }
  report.simulated_to = simulated.end;

  {
    std::vector<const Scenario*> held(static_cast<std::size_t>(std::max(options.threads, 1)), &scenario);
    check_memory(held, options.memory_limit);
  }
  const std::size_t simulations = calibration_simulations(design, d);
  ChunkedProgress progress(static_cast<int>(simulations), static_cast<long>(simulations) * simulated.months());
  std::uint32_t next_replication = 0;
  int wave_number = 1;
  // The simulator history matching calls: each row once, a few rows at a time over the threads.
  const calibration::Simulator simulate = [&](const sensitivity::DesignMatrix& unit) {
    Eigen::MatrixXd out(unit.rows(), static_cast<Eigen::Index>(observations.size()));
    const std::size_t rows = static_cast<std::size_t>(unit.rows());
    const std::size_t per_chunk = static_cast<std::size_t>(options.parallel_slots());
    const bool posterior = wave_number > static_cast<int>(design.waves);
    for (std::size_t first = 0; first < rows; first += per_chunk) {
      const std::size_t end = std::min(rows, first + per_chunk);
      std::vector<std::shared_ptr<RecordLayout>> layouts;
      std::vector<ReplicationJob> jobs;
      for (std::size_t r = first; r < end; ++r) {
        const Scenario point = scenario_at(simulated, report.parameters, unit.row(static_cast<Eigen::Index>(r)).transpose());
        layouts.push_back(std::make_shared<RecordLayout>(InitialState::prepare(point)));
        layouts.back()->targets = all_targets;
        layouts.back()->initial->plan_simulations(1);
        jobs.push_back({layouts.back().get(), next_replication + static_cast<std::uint32_t>(r), false});
      }
      const BatchOptions batch = batch_options(options);
      run_replications(jobs, progress.chunk(batch, options.on_progress), [&](std::size_t job, ReplicationRecord&& record) {
        const std::size_t r = first + job;
        for (std::size_t k = 0; k < report.fitted.size(); ++k)
          out(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k)) = record.target_values[report.fitted[k]];
        report.runs.push_back({posterior ? 0 : wave_number, record.replication,
                               unit.row(static_cast<Eigen::Index>(r)), std::move(record.target_values)});
      });
      progress.chunk_done();
    }
    next_replication += static_cast<std::uint32_t>(rows);
    ++wave_number;
    return out;
  };
  report.match = calibration::history_match(observations, d, simulate, settings);

  report.posterior_values.resize(report.match.posterior.rows(), static_cast<Eigen::Index>(d));
  for (Eigen::Index r = 0; r < report.match.posterior.rows(); ++r)
    for (std::size_t i = 0; i < d; ++i)
      report.posterior_values(r, static_cast<Eigen::Index>(i)) =
          quantile(report.parameters[i].uncertainty, *report.parameters[i].declaration,
                   report.match.posterior(r, static_cast<Eigen::Index>(i)));
  std::vector<std::vector<double>> prior_values, posterior_values;
  for (const auto& run : report.runs) {
    if (run.wave == 0) posterior_values.push_back(run.target_values);
    else if (run.wave == 1) prior_values.push_back(run.target_values);
  }
  report.prior_fit = fit_targets(report.targets, prior_values);
  report.posterior_fit = fit_targets(report.targets, posterior_values);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_calibration_files(report, scenario, out_dir, options);
  report.out_dir = out_dir;
  return report;
}

}  // namespace kunlun
