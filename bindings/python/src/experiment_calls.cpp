#include "experiment_calls.h"

#include <pybind11/stl.h>

#include <functional>
#include <set>

#include "experiment/parameter_sweep.h"
#include "experiment/scenario_comparison.h"
#include "experiment/scenario_run.h"
#include "interruptible_work.h"
#include "python_config.h"
#include "python_errors.h"

namespace kunlun::python {

namespace {

// Runs `work` as run_interruptibly does; bad input not written in a file was given to the call.
void run_call(int threads, const std::string& name, const std::function<void(const std::atomic<bool>&)>& work) {
  try {
    run_interruptibly(threads, work);
  } catch (const InputError& e) {
    throw at_call(e, name);
  }
}

SweepAxis axis_from_python(const std::string& key, const py::object& values) {
  const SourceLocation where{.file = "kunlun.sweep", .argument = "axes"};
  if (key.empty())
    throw InputError(where, "", "a key to sweep is empty", "give a dotted key such as policies.rent.monthly_cny");
  if (py::isinstance<py::str>(values)) return parse_sweep_axis(key + "=" + values.cast<std::string>());
  SweepAxis axis;
  axis.key = key;
  axis.argument = key + "=" + py::repr(values).cast<std::string>();
  if (!py::hasattr(values, "__iter__"))
    throw InputError(where, key, "the values to sweep must be a list, got " + py::repr(values).cast<std::string>(),
                     "give a list such as [0, 1000, 2000] or a range '0:2000:500'");
  std::set<std::string> seen;
  for (auto v : values) {
    const ConfigNode node = config_from_python(v, key, where);
    if (!node.is_scalar())
      throw InputError(where, key, "each value to sweep must be a number or a string",
                       "sweep one parameter at a time; give a list such as [0, 1000, 2000]");
    // 1000 and 1000.0 are one value: numbers are compared as numbers.
    const py::object number = py::reinterpret_steal<py::object>(PyFloat_FromString(py::str(node.text()).ptr()));
    if (!number) PyErr_Clear();
    const std::string canonical = number ? py::repr(number).cast<std::string>() : node.text();
    if (!seen.insert(canonical).second)
      throw InputError(where, key, "the value " + node.text() + " is listed twice", "list each value once");
    axis.values.push_back(node.text());
  }
  if (axis.values.empty())
    throw InputError(where, key, "no values to sweep", "give a list such as [0, 1000, 2000] or a range '0:2000:500'");
  return axis;
}

py::dict summary_of(const RunReport& r) {
  py::dict d;
  d["out"] = r.out_dir.string();
  d["initial_agents"] = r.initial_agents;
  d["bytes_per_agent"] = r.bytes_per_agent;
  d["replications"] = r.replications;
  d["months"] = r.months;
  d["setup_seconds"] = r.setup_seconds;
  d["simulate_seconds"] = r.simulate_seconds;
  return d;
}

}  // namespace

py::dict run_experiment(const ScenarioDocument& scenario, const std::string& out, ExperimentOptions common,
                        const std::string& targets, const std::string& posterior) {
  RunOptions options{std::move(common)};
  const Scenario copy = scenario.scenario();  // read while the GIL keeps other Python threads off it
  try {
    if (!targets.empty())
      options.targets = std::make_shared<const std::vector<Target>>(read_targets(targets, RegionTable::load(copy.regions)));
    options.posterior = resolve_posterior(copy, posterior);
  } catch (const InputError& e) {
    throw at_call(e, "kunlun.run");
  }
  RunReport report;
  run_call(options.threads, "kunlun.run", [&](const std::atomic<bool>& cancel) {
    options.cancel = &cancel;
    report = run_scenario(copy, out, options);
  });
  return summary_of(report);
}

py::dict compare_experiment(const std::vector<const ScenarioDocument*>& scenarios, const std::string& out,
                            ExperimentOptions common, const std::string& posterior) {
  std::vector<Scenario> list;
  for (const auto* s : scenarios) list.push_back(s->scenario());
  CompareOptions options{std::move(common)};
  try {
    check_comparable(list);
    options.posterior = resolve_posterior(list.front(), posterior);
  } catch (const InputError& e) {
    throw at_call(e, "kunlun.compare");
  }
  CompareReport report;
  run_call(options.threads, "kunlun.compare", [&](const std::atomic<bool>& cancel) {
    options.cancel = &cancel;
    report = run_comparison(list, out, options);
  });
  py::dict d;
  d["out"] = report.out_dir.string();
  d["seconds"] = report.seconds;
  return d;
}

py::dict sweep_experiment(const ScenarioDocument& scenario, const std::vector<std::pair<std::string, py::object>>& axes,
                          const std::string& out, ExperimentOptions common, const std::string& posterior) {
  std::vector<SweepAxis> list;
  SweepOptions options{std::move(common)};
  try {
    for (const auto& [key, values] : axes) list.push_back(axis_from_python(key, values));
    sweep_grid(scenario.scenario(), list);  // every point checked before anything runs
    options.posterior = resolve_posterior(scenario.scenario(), posterior);
  } catch (const InputError& e) {
    throw at_call(e, "kunlun.sweep");
  }
  const Scenario copy = scenario.scenario();  // read while the GIL keeps other Python threads off it
  SweepReport report;
  run_call(options.threads, "kunlun.sweep", [&](const std::atomic<bool>& cancel) {
    options.cancel = &cancel;
    report = run_sweep(copy, list, out, options);
  });
  py::dict d;
  d["out"] = report.out_dir.string();
  d["points"] = report.points.size();
  d["seconds"] = report.seconds;
  return d;
}

}  // namespace kunlun::python
