// kunlun._core: the engine's Python face, wrapped by the pure-Python package `kunlun` (which
// users import). Errors are translated here, once: bad input becomes kunlun.ScenarioError with
// its file, line, key and hint in Python's words (python_errors.h); a cancelled run becomes
// KeyboardInterrupt.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "core/categories.h"
#include "core/region_table.h"
#include "io/disk_full.h"
#include "io/replaceable_folder.h"
#include "experiment/memory_estimate.h"
#include "experiment/replication_record.h"
#include "experiment/thread_count.h"
#include "experiment_calls.h"
#include "calibration_calls.h"
#include "sensitivity_calls.h"
#include "parameters/behaviour_params.h"
#include "python_errors.h"
#include "scenario_document.h"
#include "stepped_simulation.h"

namespace py = pybind11;
using namespace kunlun;
using namespace kunlun::python;

namespace {

void translate_errors(std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const InputError& e) {
    raise_scenario_error(e);
  } catch (const RunCancelled&) {
    PyErr_SetString(PyExc_KeyboardInterrupt, "run interrupted; no output was written");
  } catch (const DiskFull& e) {
    // An OSError with errno ENOSPC (or EDQUOT), as Python's own writes raise on a full disk, so that
    // `except OSError` catches both; the message names the folder and the file system.
    const py::object error = py::reinterpret_borrow<py::object>(PyExc_OSError)(
        e.error_number(), std::string(e.what()), e.folder().string());
    PyErr_SetObject(PyExc_OSError, error.ptr());
  }
}

template <std::size_t N>
py::list names(const std::array<std::string_view, N>& table) {
  py::list l;
  for (const auto& n : table) l.append(py::str(std::string(n)));
  return l;
}

ExperimentOptions experiment_options(bool force, int threads, std::size_t memory_limit, const std::string& command) {
  ExperimentOptions options;
  options.force = force;
  options.threads = checked_thread_count(threads);  // kunlun.run checks first, in Python's words
  options.memory_limit = memory_limit;
  options.command = command;
  return options;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "The compiled kunlun engine. Use the `kunlun` package, which wraps this module.";
  m.attr("version") = KUNLUN_VERSION;
  py::register_exception_translator(translate_errors);

  m.def("default_threads", &default_thread_count,
        "OpenMP's thread count: every processor, or OMP_NUM_THREADS (ScenarioError when above thread_limit).");
  m.def("thread_limit", &thread_limit, "The most threads a run may use: 4 per processor.");
  m.def("thread_count_hint", &thread_count_hint, "The allowed thread counts and why, as a refused count's hint.");
  m.def("memory_limit_bytes", [](const std::string& text, const std::string& call) {
    try {
      return parse_memory_limit(text);
    } catch (const InputError& e) {
      throw at_call(e, call);
    }
  }, py::arg("text"), py::arg("call"),
        "Bytes from a memory limit such as '16G' (K, M, G, T: powers of 1024), exactly; ScenarioError naming `call` otherwise.");
  m.def("check_replaceable", [](const std::string& folder, const std::string& call) {
    try {
      check_replaceable(folder);
    } catch (const InputError& e) {
      throw at_call(e, call);
    }
  }, py::arg("folder"), py::arg("call"),
        "ScenarioError naming `call` unless force=True may replace `folder` (kunlun wrote it, and it is not the "
        "root, home or working folder nor holds one).");
  m.def("scenario_key_range", [](const std::string& key) { return scenario_key_range(key); }, py::arg("key"),
        "A scenario key's declared range ('must be between 1 and 10000'), or '' for a key without one.");
  m.def("categories", [] {
    py::dict d;
    d["level"] = names(kLevelNames);
    d["title"] = names(kTitleNames);
    d["education"] = names(kEducationNames);
    d["origin"] = names(kOriginNames);
    d["sex"] = names(kSexNames);
    d["employer"] = names(kEmployerNames);
    py::list status;
    for (const char* s : {"active", "left_province", "retired", "moving"}) status.append(s);
    d["status"] = status;
    return d;
  }, "The names of each coded agent attribute, by code.");

  m.def("region_order", [](const std::string& csv) {
    const RegionTable regions = RegionTable::load(csv);
    py::dict d;
    py::list prefectures, counties, county_prefecture, outside;
    for (int p : regions.prefectures()) prefectures.append(regions.region(p).code);
    for (int c = 0; c < regions.county_count(); ++c) {
      counties.append(regions.county(c).code);
      county_prefecture.append(prefectures[static_cast<std::size_t>(regions.prefecture_slot_of_county(c))]);
    }
    for (int o : regions.outside()) outside.append(regions.region(o).code);
    d["prefecture"] = prefectures;
    d["county"] = counties;
    d["county_prefecture"] = county_prefecture;  // by county slot
    d["outside"] = outside;
    d["field"] = regions.fields();
    return d;
  }, py::arg("csv"), "The codes of a region table's prefectures, counties (and each one's prefecture), outside regions and fields, in its order.");

  py::class_<ScenarioDocument>(m, "ScenarioDocument")
      .def_static("load", &ScenarioDocument::load, py::arg("path"))
      .def_static("from_python", &ScenarioDocument::from_python, py::arg("mapping"), py::arg("base_dir"))
      .def_static("from_yaml", &ScenarioDocument::from_yaml, py::arg("text"), py::arg("base_dir"), py::arg("label"))
      .def("copy", [](const ScenarioDocument& d) { return ScenarioDocument(d); })
      .def("set", [](ScenarioDocument& d, const std::string& key, py::handle value) { d.set(key, value); },
           py::arg("key"), py::arg("value"))
      .def("get", &ScenarioDocument::get, py::arg("key"))
      .def("to_python", &ScenarioDocument::to_python)
      .def("to_yaml", &ScenarioDocument::to_yaml)
      .def_property_readonly("name", [](const ScenarioDocument& d) { return d.scenario().name; })
      .def_property_readonly("file", [](const ScenarioDocument& d) -> py::object {
        if (d.scenario().file.empty()) return py::none();
        return py::str(d.scenario().file.string());
      })
      .def_property_readonly("base_dir", [](const ScenarioDocument& d) { return d.base_dir().string(); })
      .def_property_readonly("start", [](const ScenarioDocument& d) { return d.scenario().start.str(); })
      .def_property_readonly("end", [](const ScenarioDocument& d) { return d.scenario().end.str(); })
      .def_property_readonly("months", [](const ScenarioDocument& d) { return d.scenario().months(); })
      .def_property_readonly("seed", [](const ScenarioDocument& d) { return d.scenario().seed; })
      .def_property_readonly("replications", [](const ScenarioDocument& d) { return d.scenario().replications; })
      .def_property_readonly("policies", &ScenarioDocument::policy_names);

  m.def("run", [](const ScenarioDocument& s, const std::string& out, bool force, int threads, std::size_t memory_limit,
                  const std::string& command, const std::string& targets, const std::string& posterior) {
    return run_experiment(s, out, experiment_options(force, threads, memory_limit, command), targets, posterior);
  }, py::arg("scenario"), py::arg("out"), py::arg("force"), py::arg("threads"), py::arg("memory_limit"), py::arg("command"),
     py::arg("targets") = "", py::arg("posterior") = "");
  m.def("compare", [](const std::vector<const ScenarioDocument*>& scenarios, const std::string& out, bool force,
                      int threads, std::size_t memory_limit, const std::string& command, const std::string& posterior) {
    return compare_experiment(scenarios, out, experiment_options(force, threads, memory_limit, command), posterior);
  }, py::arg("scenarios"), py::arg("out"), py::arg("force"), py::arg("threads"), py::arg("memory_limit"), py::arg("command"),
     py::arg("posterior") = "");
  m.def("sweep", [](const ScenarioDocument& s, const std::vector<std::pair<std::string, py::object>>& axes,
                    const std::string& out, bool force, int threads, std::size_t memory_limit, const std::string& command,
                    const std::string& posterior) {
    return sweep_experiment(s, axes, out, experiment_options(force, threads, memory_limit, command), posterior);
  }, py::arg("scenario"), py::arg("axes"), py::arg("out"), py::arg("force"), py::arg("threads"), py::arg("memory_limit"),
     py::arg("command"), py::arg("posterior") = "");

  m.def("sensitivity", [](const ScenarioDocument& base, const ScenarioDocument* variant, const py::dict& design,
                          const std::string& out, bool force, int threads, std::size_t memory_limit,
                          const std::string& command, const std::string& posterior) {
    return sensitivity_experiment(base, variant, design, out, experiment_options(force, threads, memory_limit, command),
                                  posterior);
  }, py::arg("scenario"), py::arg("variant").none(true), py::arg("design"), py::arg("out"), py::arg("force"),
     py::arg("threads"), py::arg("memory_limit"), py::arg("command"), py::arg("posterior") = "");
  bind_sensitivity_methods(m);
  m.def("calibrate", [](const ScenarioDocument& s, const std::string& targets, const py::dict& design,
                        const std::string& out, bool force, int threads, std::size_t memory_limit,
                        const std::string& command) {
    return calibration_experiment(s, targets, design, out, experiment_options(force, threads, memory_limit, command));
  }, py::arg("scenario"), py::arg("targets"), py::arg("design"), py::arg("out"), py::arg("force"), py::arg("threads"),
     py::arg("memory_limit"), py::arg("command"));

  m.def("parameters", [](const ScenarioDocument* s) { return parameter_rows(s); }, py::arg("scenario").none(true),
        "Every declared parameter as rows of the `kunlun parameters` CSV, with its value in `scenario`.");

  bind_stepped_simulation(m);
}
