// Python values to and from scenario trees: what Scenario.from_dict and Scenario.set read, and
// what Scenario.get and Scenario.to_dict give back.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "parameters/config_tree.h"

namespace kunlun::python {

namespace py = pybind11;

// A dict, list, number, bool, string, None, numpy value or date as a tree. `key` names the value
// in errors; `where` says which Python call it came from. A string that YAML would read as a
// number, a bool or null is kept a string (quoted), as it would be written in a file.
ConfigNode config_from_python(py::handle value, const std::string& key, const SourceLocation& where);

// The tree as Python values: scalars as YAML reads them (bool, int, float, None, str; dates stay
// "2026-01" strings), maps as dicts in file order, lists as lists.
py::object python_from_config(const ConfigNode& node);

}  // namespace kunlun::python
