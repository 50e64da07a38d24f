// The sensitivity methods and the model analysis, bound for Python.
#include "sensitivity_calls.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "experiment/sensitivity_analysis.h"
#include "interruptible_work.h"
#include "python_config.h"
#include "python_errors.h"
#include "sensitivity/morris_design.h"
#include "sensitivity/saltelli_design.h"

namespace kunlun::python {

namespace {

py::array_t<double> to_numpy(const sensitivity::DesignMatrix& m) {
  py::array_t<double> out({static_cast<py::ssize_t>(m.rows()), static_cast<py::ssize_t>(m.cols())});
  std::copy(m.data(), m.data() + m.size(), out.mutable_data());  // both row-major
  return out;
}

Eigen::VectorXd to_vector(const py::array_t<double, py::array::c_style | py::array::forcecast>& y,
                          const std::string& call) {
  if (y.ndim() != 1)
    throw at_call(InputError({.argument = "outputs"}, "",
                             "func returned an array of " + std::to_string(y.ndim()) + " dimensions",
                             "func must map an (n, d) array to an (n,) array: one value per row"),
                  call);
  Eigen::VectorXd v(y.shape(0));
  std::copy(y.data(), y.data() + y.shape(0), v.data());
  return v;
}

template <class F>
auto at(const std::string& call, F f) {
  try {
    return f();
  } catch (const InputError& e) {
    throw at_call(e, call);
  }
}

}  // namespace

void bind_sensitivity_methods(py::module_& m) {
  const char* sobol = "kunlun.sensitivity.sobol";
  const char* morris = "kunlun.sensitivity.morris";
  m.def("saltelli_design", [sobol](std::size_t n, std::size_t d, std::uint64_t seed) {
    return at(sobol, [&] { return to_numpy(sensitivity::make_saltelli_design(n, d, seed).unit); });
  }, py::arg("n"), py::arg("parameters"), py::arg("seed"),
     "The Saltelli design in the unit cube: rows A, B, then AB_1 .. AB_d, n each.");
  m.def("sobol_indices", [sobol](std::size_t n, std::size_t d, std::uint64_t seed,
                                 const py::array_t<double, py::array::c_style | py::array::forcecast>& y,
                                 const std::vector<std::string>& names, std::size_t resamples, double confidence) {
    return at(sobol, [&] {
      const auto design = sensitivity::make_saltelli_design(n, d, seed);
      const Eigen::VectorXd v = to_vector(y, sobol);
      std::vector<std::vector<double>> rows;
      std::vector<sensitivity::SobolIndices> idx;
      {
        py::gil_scoped_release released;
        idx = sensitivity::sobol_indices(design, names, v, {resamples, confidence});
      }
      for (const auto& s : idx) rows.push_back({s.s1.value, s.s1.low, s.s1.high, s.st.value, s.st.low, s.st.high});
      return rows;
    });
  }, py::arg("n"), py::arg("parameters"), py::arg("seed"), py::arg("outputs"), py::arg("names"),
     py::arg("resamples"), py::arg("confidence"));
  m.def("morris_design", [morris](std::size_t r, std::size_t d, std::uint64_t seed, std::size_t levels) {
    return at(morris, [&] { return to_numpy(sensitivity::make_morris_design(r, d, seed, levels).unit); });
  }, py::arg("trajectories"), py::arg("parameters"), py::arg("seed"), py::arg("levels"),
     "Morris trajectories in the unit cube, parameters + 1 rows each, chosen for spread.");
  m.def("morris_indices", [morris](std::size_t r, std::size_t d, std::uint64_t seed, std::size_t levels,
                                   const py::array_t<double, py::array::c_style | py::array::forcecast>& y,
                                   const std::vector<std::string>& names, std::size_t resamples, double confidence) {
    return at(morris, [&] {
      const auto design = sensitivity::make_morris_design(r, d, seed, levels);
      const Eigen::VectorXd v = to_vector(y, morris);
      std::vector<std::vector<double>> rows;
      for (const auto& s : sensitivity::morris_indices(design, names, v, {resamples, confidence}))
        rows.push_back({s.mu_star.value, s.mu_star.low, s.mu_star.high, s.mu, s.sigma});
      return rows;
    });
  }, py::arg("trajectories"), py::arg("parameters"), py::arg("seed"), py::arg("levels"), py::arg("outputs"),
     py::arg("names"), py::arg("resamples"), py::arg("confidence"));
}

py::dict sensitivity_experiment(const ScenarioDocument& base, const ScenarioDocument* variant, const py::dict& design_in,
                                const std::string& out, ExperimentOptions common, const std::string& posterior) {
  const std::string call = "kunlun.sensitivity";
  SensitivityDesign design;
  try {
    const auto get = [&](const char* name) -> py::object {
      return design_in.contains(name) ? py::object(design_in[name]) : py::none();
    };
    if (!get("method").is_none()) design.method = parse_sensitivity_method(get("method").cast<std::string>());
    if (!get("parameters").is_none()) design.parameters = get("parameters").cast<std::vector<std::string>>();
    if (!get("indicators").is_none()) design.indicators = get("indicators").cast<std::vector<std::string>>();
    if (!get("trajectories").is_none()) design.trajectories = get("trajectories").cast<std::size_t>();
    if (!get("levels").is_none()) design.levels = get("levels").cast<std::size_t>();
    if (!get("base_samples").is_none()) design.base_samples = get("base_samples").cast<std::size_t>();
    if (!get("resamples").is_none()) design.resamples = get("resamples").cast<std::size_t>();
    if (!get("confidence").is_none()) design.confidence = get("confidence").cast<double>();
    if (!get("seed").is_none()) design.seed = get("seed").cast<std::uint64_t>();
    if (!get("replications").is_none()) design.replications = get("replications").cast<int>();
    if (!get("uncertainty").is_none()) {
      const SourceLocation where{.file = call, .argument = "uncertainty"};
      const ConfigNode node = config_from_python(get("uncertainty"), "uncertainty", where);
      design.uncertainty = read_uncertainty_overrides(node, "uncertainty");
    }
    check_sensitivity_design(design);
  } catch (const InputError& e) {
    throw at_call(e, call);
  }
  const Scenario b = base.scenario();
  std::optional<Scenario> v;
  if (variant != nullptr) v = variant->scenario();
  SensitivityOptions options{std::move(common)};
  try {
    options.posterior = resolve_posterior(b, posterior);
  } catch (const InputError& e) {
    throw at_call(e, call);
  }
  SensitivityReport report;
  try {
    run_interruptibly(options.threads, [&](const std::atomic<bool>& cancel) {
      options.cancel = &cancel;
      report = run_sensitivity(b, v ? &*v : nullptr, design, out, options);
    });
  } catch (const InputError& e) {
    throw at_call(e, call);
  }
  py::dict d;
  d["out"] = report.out_dir.string();
  d["parameters"] = report.parameters.size();
  d["design_points"] = static_cast<std::size_t>(report.values.rows());
  d["simulations"] = report.simulations;
  d["seconds"] = report.seconds;
  return d;
}

}  // namespace kunlun::python
