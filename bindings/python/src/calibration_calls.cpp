// The calibration, bound for Python.
#include "calibration_calls.h"

#include <pybind11/stl.h>

#include "experiment/scenario_calibration.h"
#include "interruptible_work.h"
#include "python_config.h"
#include "python_errors.h"

namespace kunlun::python {

py::dict calibration_experiment(const ScenarioDocument& doc, const std::string& targets_file, const py::dict& in,
                                const std::string& out, ExperimentOptions options) {
  const std::string call = "kunlun.calibrate";
  const Scenario scenario = doc.scenario();
  CalibrationDesign design;
  std::vector<Target> targets;
  try {
    const auto get = [&](const char* name) -> py::object { return in.contains(name) ? py::object(in[name]) : py::none(); };
    if (!get("design_file").is_none()) design = read_calibration_design(get("design_file").cast<std::string>());
    if (!get("parameters").is_none()) design.parameters = get("parameters").cast<std::vector<std::string>>();
    if (!get("targets").is_none()) design.targets = get("targets").cast<std::vector<std::string>>();
    if (!get("until").is_none()) {
      const std::string text = get("until").cast<std::string>();
      const auto ym = YearMonth::parse(text);
      if (!ym) throw InputError({.argument = "until"}, "", "'" + text + "' is not a month", "write YYYY-MM, e.g. '2012-12'");
      design.until = *ym;
    }
    const auto size = [&](const char* name, std::size_t& field) {
      if (!get(name).is_none()) field = get(name).cast<std::size_t>();
    };
    size("waves", design.waves);
    size("points_per_wave", design.points_per_wave);
    size("repeats_per_wave", design.repeats_per_wave);
    size("candidates", design.candidates);
    size("posterior_size", design.posterior_size);
    size("chains", design.chains);
    size("chain_steps", design.chain_steps);
    if (!get("cutoff").is_none()) design.cutoff = get("cutoff").cast<double>();
    if (!get("seed").is_none()) design.seed = get("seed").cast<std::uint64_t>();
    if (!get("uncertainty").is_none()) {
      const SourceLocation where{.file = call, .argument = "uncertainty"};
      design.uncertainty = read_uncertainty_overrides(config_from_python(get("uncertainty"), "uncertainty", where), "uncertainty");
    }
    check_calibration_design(design);
    targets = read_targets(targets_file, RegionTable::load(scenario.regions));
  } catch (const InputError& e) {
    throw at_call(e, call);
  }
  CalibrationReport report;
  try {
    run_interruptibly(options.threads, [&](const std::atomic<bool>& cancel) {
      options.cancel = &cancel;
      report = run_calibration(scenario, targets, design, out, options);
    });
  } catch (const InputError& e) {
    throw at_call(e, call);
  }
  py::dict d;
  d["out"] = report.out_dir.string();
  d["parameters"] = report.parameters.size();
  d["targets"] = report.fitted.size();
  d["simulations"] = report.match.simulations;
  d["seconds"] = report.seconds;
  return d;
}

}  // namespace kunlun::python
