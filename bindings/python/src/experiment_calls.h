// kunlun.run, kunlun.compare and kunlun.sweep: the engine's experiments, writing the same files
// as the command line (the Python package reads them into pandas frames).
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>
#include <vector>

#include "scenario_document.h"

namespace kunlun::python {

namespace py = pybind11;

// How an experiment is run: where, over what is there, with how many threads and how much memory,
// and the call that the manifests record as the command.
struct ExperimentCall {
  std::string out;
  bool force = false;
  int threads = 1;
  std::size_t memory_limit = 0;  // bytes; 0: what the system has available
  std::string command;
};

// Each returns a dict of what the engine reported (folder, agents, seconds, ...).
py::dict run_experiment(const ScenarioDocument& scenario, const ExperimentCall& call);
py::dict compare_experiment(const std::vector<const ScenarioDocument*>& scenarios, const ExperimentCall& call);
// `axes`: (key, values) pairs; values a list of scalars, or a string "START:STOP:STEP" or "a,b,c".
py::dict sweep_experiment(const ScenarioDocument& scenario, const std::vector<std::pair<std::string, py::object>>& axes,
                          const ExperimentCall& call);

}  // namespace kunlun::python
