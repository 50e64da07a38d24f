// kunlun.sensitivity from Python: the designs and estimators on any function (numpy arrays in and
// out), and the model analysis, which writes the same files as `kunlun sensitivity`.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "experiment/scenario_run.h"
#include "scenario_document.h"

namespace kunlun::python {

namespace py = pybind11;

// Registers saltelli_design, sobol_indices, morris_design and morris_indices on `m`.
void bind_sensitivity_methods(py::module_& m);

// The model analysis: `design` holds the SensitivityDesign's fields by name (method, parameters,
// uncertainty as a dict key -> dict or "fixed", trajectories, levels, base_samples, resamples,
// confidence, indicators, seed, replications). `posterior`: a file, "none", or "" for the
// scenario's own. Returns a dict of what the engine reported.
py::dict sensitivity_experiment(const ScenarioDocument& base, const ScenarioDocument* variant, const py::dict& design,
                                const std::string& out, ExperimentOptions options, const std::string& posterior);

}  // namespace kunlun::python
