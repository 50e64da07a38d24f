// kunlun.calibrate from Python: the model calibrated against a targets file, writing the same
// files as `kunlun calibrate`.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "experiment/scenario_run.h"
#include "scenario_document.h"

namespace kunlun::python {

namespace py = pybind11;

// `design` holds a CalibrationDesign's fields by name (design_file, parameters, uncertainty as a
// dict, targets, until "YYYY-MM", waves, points_per_wave, repeats_per_wave, candidates, cutoff,
// posterior_size, chains, chain_steps, seed); a design file is read first and the others win.
// Returns a dict of what the engine reported.
py::dict calibration_experiment(const ScenarioDocument& scenario, const std::string& targets, const py::dict& design,
                                const std::string& out, ExperimentOptions options);

}  // namespace kunlun::python
