#include "python_errors.h"

#include <pybind11/pybind11.h>

#include <cstdlib>

namespace kunlun::python {

namespace py = pybind11;

namespace {
bool is_number(const std::string& s) {
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

// Arguments are keyword arguments of the same name; an axis of a sweep is an item of its dict.
std::string python_words(const ArgumentChange& c) {
  switch (c.kind) {
    case ArgumentChange::Kind::another: return "choose another " + c.argument + "=";
    case ArgumentChange::Kind::on: return "give " + c.argument + "=True";
    case ArgumentChange::Kind::give: return "give " + c.argument + "=";
    case ArgumentChange::Kind::example:
      if (!c.key.empty()) return "e.g. {'" + c.key + "': '" + c.value + "'}";
      return "e.g. " + c.argument + "=" + (is_number(c.value) ? c.value : "'" + c.value + "'");
  }
  return c.argument;
}
}  // namespace

InputError at_call(const InputError& e, const std::string& call) {
  if (!e.where().file.empty()) return e;
  SourceLocation where = e.where();
  where.file = call;
  return e.at(std::move(where));
}

void raise_scenario_error(const InputError& e) {
  const SourceLocation& where = e.where();
  const std::string key = e.key().empty() ? where.argument : e.key();
  const std::string hint = hint_with_suggestions(e, python_words);
  const std::string text = format_input_error({where.file, where.line}, key, e.message(), hint);
  const py::object cls = py::module_::import("kunlun.errors").attr("ScenarioError");
  const py::object instance =
      cls(text, py::arg("file") = where.file.empty() ? py::object(py::none()) : py::str(where.file),
          py::arg("line") = where.line > 0 ? py::object(py::int_(where.line)) : py::object(py::none()),
          py::arg("key") = key.empty() ? py::object(py::none()) : py::str(key), py::arg("problem") = e.message(),
          py::arg("hint") = hint.empty() ? py::object(py::none()) : py::str(hint));
  PyErr_SetObject(cls.ptr(), instance.ptr());
}

}  // namespace kunlun::python
