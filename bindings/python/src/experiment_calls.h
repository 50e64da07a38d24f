// kunlun.run, kunlun.compare and kunlun.sweep: the engine's experiments, writing the same files
// as the command line (the Python package reads them into pandas frames).
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>
#include <vector>

#include "experiment/scenario_run.h"
#include "scenario_document.h"

namespace kunlun::python {

namespace py = pybind11;

// Each writes into the folder `out` and returns a dict of what the engine reported (folder,
// agents, seconds, ...). `options.cancel` is set by the call itself (Ctrl-C).
// `targets`: a targets file to set the run against (fit.csv), or empty.
// `targets`, `posterior`: files, or empty for none.
py::dict run_experiment(const ScenarioDocument& scenario, const std::string& out, ExperimentOptions options,
                        const std::string& targets = "", const std::string& posterior = "");
py::dict compare_experiment(const std::vector<const ScenarioDocument*>& scenarios, const std::string& out,
                            ExperimentOptions options, const std::string& posterior = "");
// `axes`: (key, values) pairs; values a list of scalars, or a string "START:STOP:STEP" or "a,b,c".
py::dict sweep_experiment(const ScenarioDocument& scenario, const std::vector<std::pair<std::string, py::object>>& axes,
                          const std::string& out, ExperimentOptions options, const std::string& posterior = "");

}  // namespace kunlun::python
