#include "stepped_simulation.h"

#include <omp.h>
#include <pybind11/stl.h>

#include "core/region_table.h"
#include "experiment/thread_count.h"
#include "policy/policy_registry.h"
#include "python_config.h"

namespace kunlun::python {

namespace {

std::shared_ptr<const InitialState> prepared(const Scenario& scenario) {
  py::gil_scoped_release release;  // synthesising a large population takes a while
  auto initial = InitialState::prepare(scenario);
  initial->plan_simulations(1);  // the one simulation takes the population over: no second copy
  return initial;
}

// OpenMP's thread count set for the calling thread while it lives, the caller's restored after:
// a simulation's threads must not become the default of later runs in the same process.
class ThreadCountFor {
 public:
  explicit ThreadCountFor(int threads) : before_(omp_get_max_threads()) { omp_set_num_threads(threads); }
  ~ThreadCountFor() { omp_set_num_threads(before_); }
  ThreadCountFor(const ThreadCountFor&) = delete;
  ThreadCountFor& operator=(const ThreadCountFor&) = delete;

 private:
  int before_;
};

const ScenarioDocument& checked_replication(const ScenarioDocument& scenario, std::uint32_t replication) {
  const int replications = scenario.scenario().replications;
  if (static_cast<int>(replication) >= replications)
    throw InputError(ScenarioDocument::python_call("Simulation"), "replication",
                     "replication " + std::to_string(replication) + " is past the scenario's " +
                         std::to_string(replications) + " replications",
                     "give 0 to " + std::to_string(replications - 1) + ", or set the scenario's replications higher");
  return scenario;
}

// Keeps the simulation, and the columns viewed if the store outgrows them, alive while arrays view
// the store.
struct AgentColumnsOwner {
  py::object simulation;
  std::shared_ptr<std::vector<AgentStore>> generation;
};

// Enum columns are viewed as their integer codes.
template <class T, bool = std::is_enum_v<T>>
struct ViewElement {
  using type = T;
};
template <class T>
struct ViewElement<T, true> {
  using type = std::underlying_type_t<T>;
};

template <class T>
py::array column_view(const std::vector<T>& column, std::size_t n, py::handle base) {
  using Element = typename ViewElement<T>::type;
  py::array_t<Element> view({static_cast<py::ssize_t>(n)}, {static_cast<py::ssize_t>(sizeof(Element))},
                            reinterpret_cast<const Element*>(column.data()), base);
  py::detail::array_proxy(view.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return view;
}

}  // namespace

SteppedSimulation::SteppedSimulation(const ScenarioDocument& scenario, std::uint32_t replication, int threads)
    : scenario_(checked_replication(scenario, replication)),
      initial_(prepared(scenario_.scenario())),
      timeseries_(initial_->regions, initial_->cells),
      costs_(*initial_),
      threads_(checked_thread_count(threads)) {
  const ThreadCountFor thread_count(threads_);  // the simulation sizes its per-thread tallies now
  sim_ = std::make_unique<Simulation>(initial_, replication);
  timeseries_rows_ = TimeseriesCsv::kHeader;
  cost_rows_ = CostsCsv::kHeader;
  last_timeseries_at_ = timeseries_rows_.size();
  last_costs_at_ = cost_rows_.size();
}

void SteppedSimulation::check_can_step() const {
  if (sim_->finished())
    throw InputError(ScenarioDocument::python_call("Simulation.step"), "horizon.end",
                     "the simulation has reached the end of its horizon (" + sim_->scenario().end.str() + ")",
                     "set horizon.end later in the scenario and start a new Simulation");
}

void SteppedSimulation::check_not_stepping() const {
  if (stepping_) throw std::runtime_error("the simulation is simulating a month in another thread; wait for it");
}

void SteppedSimulation::step() {
  check_not_stepping();
  check_can_step();
  // Views of the current columns keep them if the store outgrows them this month.
  const auto generation = view_generation_.lock();
  sim_->keep_replaced_columns(generation);
  stepping_ = true;
  struct Done {
    SteppedSimulation& self;
    ~Done() {  // runs with the GIL back (declared before the release)
      self.stepping_ = false;
      self.sim_->keep_replaced_columns(nullptr);
    }
  } done{*this};
  {
    py::gil_scoped_release release;
    const ThreadCountFor thread_count(threads_);
    const StepResult& result = sim_->step();
    last_timeseries_at_ = timeseries_rows_.size();
    last_costs_at_ = cost_rows_.size();
    timeseries_.append_step(timeseries_rows_, sim_->replication(), result);
    costs_.append_step(cost_rows_, sim_->replication(), result);
    months_done_.store(sim_->steps_done());
  }
  // Outgrown: views taken from now on see new columns, a generation of their own.
  if (generation && !generation->empty()) view_generation_.reset();
}

void SteppedSimulation::run_until(const std::string& date) {
  const auto until = YearMonth::parse(date);
  const SourceLocation where = ScenarioDocument::python_call("Simulation.run_until");
  if (!until) throw InputError(where, "date", "'" + date + "' is not a month", "write it as YYYY-MM, e.g. 2030-01");
  const Scenario& s = sim_->scenario();
  if (*until < s.start || *until > s.end)
    throw InputError(where, "date", date + " is outside the horizon " + s.start.str() + " to " + s.end.str(),
                     "give a month within the scenario's horizon");
  check_not_stepping();
  const YearMonth last = sim_->date().plus_months(-1);
  if (*until < last)
    throw InputError(where, "date",
                     date + " is already simulated (the last month simulated is " + last.str() + ")",
                     "a simulation only goes forward; start a new Simulation to go back");
  while (!sim_->finished() && sim_->date() <= *until) {
    step();
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // Ctrl-C: stop after a whole month
  }
}

py::dict SteppedSimulation::agents(py::object self) {
  auto& stepped = self.cast<SteppedSimulation&>();
  stepped.check_not_stepping();
  auto generation = stepped.view_generation_.lock();
  if (!generation) {
    generation = std::make_shared<std::vector<AgentStore>>();
    stepped.view_generation_ = generation;
  }
  const AgentStore& a = stepped.sim_->agents();  // drops departed agents first (in place)
  const std::size_t n = a.size();
  py::object owner = py::cast(new AgentColumnsOwner{self, generation}, py::return_value_policy::take_ownership);
  py::dict columns;
  // Every column of the store, in its declaration order (core/agent_store.h).
#define KUNLUN_VIEW(type, c, record_type, initial) columns[#c] = column_view(a.c, n, owner);
  KUNLUN_AGENT_COLUMNS(KUNLUN_VIEW)
#undef KUNLUN_VIEW
  return columns;
}

void SteppedSimulation::set(const std::string& key, py::handle value) {
  check_not_stepping();
  const SourceLocation where = ScenarioDocument::python_call("Simulation.set");
  if (key.rfind("policies.", 0) != 0)
    throw InputError(where, key, "only policies can change while a simulation runs",
                     "change other keys on the Scenario and start a new Simulation");
  ScenarioDocument changed = scenario_;
  changed.set(key, value, "Simulation.set");
  std::vector<std::shared_ptr<const Policy>> policies;
  for (auto& p : build_policies(changed.scenario(), initial_->regions)) policies.push_back(std::move(p));
  // Loans, grants and apartment tenancies outlive the month they were given, and their policy
  // books their costs for as long as they run: a change of its amounts or target would re-price
  // or drop them. Such a policy may only move its dates.
  const auto& was = scenario_.scenario().policies;
  const auto& now = changed.scenario().policies;
  for (std::size_t i = 0; i < was.size() && i < now.size() && i < policies.size(); ++i) {
    if (!sim_->policies()[i]->holds_agent_state() || was[i].name != now[i].name) continue;
    ConfigNode before = was[i].params, after = now[i].params;
    for (const char* date : {"start", "end"}) {
      before.erase(date);
      after.erase(date);
    }
    if (to_yaml(before) != to_yaml(after))
      throw InputError(where, "policies." + was[i].name,
                       "a " + was[i].type + " policy leaves loans, grants or tenancies that it pays for over time, "
                           "so only its dates can change during a run",
                       "set its end to stop it; to compare other parameters, run a scenario with two entries, "
                       "one ending and one starting");
  }
  try {
    sim_->set_policies(std::move(policies));
  } catch (const InputError& e) {
    throw e.at(where);
  }
  scenario_ = std::move(changed);
}

std::string SteppedSimulation::timeseries_csv(bool last_month_only) const {
  check_not_stepping();
  if (!last_month_only) return timeseries_rows_;
  return TimeseriesCsv::kHeader + timeseries_rows_.substr(last_timeseries_at_);
}

std::string SteppedSimulation::costs_csv(bool last_month_only) const {
  check_not_stepping();
  if (!last_month_only) return cost_rows_;
  return CostsCsv::kHeader + cost_rows_.substr(last_costs_at_);
}

std::string SteppedSimulation::next_month() const {
  const auto done = static_cast<int>(steps_done());
  return done >= months() ? "" : scenario_.scenario().start.plus_months(done).str();
}

std::string SteppedSimulation::last_month() const {
  const auto done = static_cast<int>(steps_done());
  return done == 0 ? "" : scenario_.scenario().start.plus_months(done - 1).str();
}

std::int64_t SteppedSimulation::active_agents() const {
  check_not_stepping();
  return sim_->active_agents();
}

}  // namespace kunlun::python

namespace kunlun::python {

void bind_stepped_simulation(py::module_& m) {
  py::class_<AgentColumnsOwner>(m, "AgentColumns",
                                "Owner of a set of agent views: keeps the simulation's store alive while they exist.")
      .def_property_readonly("simulation", [](const AgentColumnsOwner& o) { return o.simulation; });

  py::class_<SteppedSimulation>(m, "Simulation")
      .def(py::init<const ScenarioDocument&, std::uint32_t, int>(), py::arg("scenario"), py::arg("replication"),
           py::arg("threads"))
      .def("step", &SteppedSimulation::step)
      .def("run_until", &SteppedSimulation::run_until, py::arg("date"))
      .def("agents", [](py::object self) { return SteppedSimulation::agents(std::move(self)); })
      .def("set", &SteppedSimulation::set, py::arg("key"), py::arg("value"))
      .def("timeseries_csv", &SteppedSimulation::timeseries_csv, py::arg("last_month_only"))
      .def("costs_csv", &SteppedSimulation::costs_csv, py::arg("last_month_only"))
      .def_property_readonly("scenario", [](const SteppedSimulation& s) { return s.scenario(); })
      .def_property_readonly("next_month", &SteppedSimulation::next_month)
      .def_property_readonly("last_month", &SteppedSimulation::last_month)
      .def_property_readonly("steps_done", &SteppedSimulation::steps_done)
      .def_property_readonly("months", &SteppedSimulation::months)
      .def_property_readonly("finished", &SteppedSimulation::finished)
      .def_property_readonly("replication", &SteppedSimulation::replication)
      .def_property_readonly("active_agents", &SteppedSimulation::active_agents)
      .def_property_readonly("initial_agents", &SteppedSimulation::initial_agents)
      .def_property_readonly("threads", &SteppedSimulation::threads);
}

}  // namespace kunlun::python
