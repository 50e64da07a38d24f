// A scenario as the Python package holds it: the merged tree that Scenario.set edits, and the
// Scenario validated from it after every edit, with the checks and messages of `kunlun validate`.
#pragma once

#include <pybind11/pybind11.h>

#include <filesystem>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace kunlun::python {

namespace py = pybind11;

class ScenarioDocument {
 public:
  static ScenarioDocument load(const std::string& path);
  // `base_dir` resolves relative file paths (regions, population margins).
  static ScenarioDocument from_python(py::handle mapping, const std::string& base_dir);
  // YAML text, as in a file (without `extends:`); `label` names it in errors.
  static ScenarioDocument from_yaml(const std::string& text, const std::string& base_dir, const std::string& label);

  // Sets the value at a dotted key and validates the whole scenario again; on an error the
  // scenario is left as it was.
  // `call` names the Python call in errors.
  void set(const std::string& key, py::handle value, const std::string& call = "Scenario.set");
  // The value at a dotted key, as Python values; KeyError naming the closest key when absent.
  py::object get(const std::string& key) const;
  py::object to_python() const;
  std::string to_yaml() const;

  const Scenario& scenario() const { return scenario_; }
  const std::filesystem::path& base_dir() const { return base_dir_; }
  std::vector<std::string> policy_names() const;

  // Validates `tree` as a scenario of this document's folder and file (loading builds its
  // policies, so that their parameters are checked too).
  Scenario validated(ConfigNode tree) const;
  // Where values given from Python are said to come from in error messages.
  static SourceLocation python_call(const std::string& call) { return {call, 0, 0}; }

 private:
  Scenario scenario_;
  std::filesystem::path base_dir_;
};

// Every declared parameter (kunlun parameters) as a dict per row, with values in `scenario` (or the
// defaults for none).
std::vector<py::dict> parameter_rows(const ScenarioDocument* scenario);

}  // namespace kunlun::python
