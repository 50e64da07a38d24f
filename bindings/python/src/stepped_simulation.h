// kunlun.Simulation: one replication stepped month by month from Python, with the agent store
// visible as read-only numpy arrays that view its columns without copying, the month's rows of
// the time series and costs, and policy parameters that may change between months.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "experiment/costs_csv.h"
#include "experiment/timeseries_csv.h"
#include "model/simulation.h"
#include "scenario_document.h"

namespace kunlun::python {

namespace py = pybind11;

class SteppedSimulation {
 public:
  SteppedSimulation(const ScenarioDocument& scenario, std::uint32_t replication, int threads);

  // Simulates one month with the GIL released.
  void step();
  // Simulates every month up to and including `date` ("YYYY-MM"); Ctrl-C stops it between months
  // (KeyboardInterrupt), leaving the simulation at the end of a whole month.
  void run_until(const std::string& date);

  // The store's columns as read-only arrays over its memory; `self` is kept alive by them.
  static py::dict agents(py::object self);
  // Sets a policy parameter from the next month on (keys under policies. only).
  void set(const std::string& key, py::handle value);

  // Rows of timeseries.csv / costs.csv (with their header) for every month so far, or for the
  // last month only.
  std::string timeseries_csv(bool last_month_only) const;
  std::string costs_csv(bool last_month_only) const;

  const ScenarioDocument& scenario() const { return scenario_; }
  std::string next_month() const;  // "" when finished
  std::string last_month() const;  // "" before the first step
  // Months done; readable from any thread, also while a month runs (e.g. by a watcher thread).
  std::uint32_t steps_done() const { return months_done_.load(); }
  int months() const { return scenario_.scenario().months(); }
  bool finished() const { return static_cast<int>(steps_done()) >= months(); }
  std::uint32_t replication() const { return sim_->replication(); }  // fixed at construction
  std::int64_t active_agents() const;
  int threads() const { return threads_; }
  std::size_t initial_agents() const { return initial_->initial_agents; }

 private:
  void check_can_step() const;
  // A month runs without the GIL, so another Python thread could call in meanwhile: every call
  // that reads the simulation checks this (under the GIL) and refuses rather than race.
  void check_not_stepping() const;
  bool stepping_ = false;
  std::atomic<std::uint32_t> months_done_{0};

  ScenarioDocument scenario_;
  std::shared_ptr<const InitialState> initial_;
  std::unique_ptr<Simulation> sim_;
  TimeseriesCsv timeseries_;
  CostsCsv costs_;
  std::string timeseries_rows_, cost_rows_;
  std::size_t last_timeseries_at_ = 0, last_costs_at_ = 0;  // where the last month's rows begin
  int threads_ = 1;
  // Where the store's current columns go if it outgrows them: shared by the views taken of these
  // columns (and only by them), so that they are kept exactly as long as such a view exists.
  std::weak_ptr<std::vector<AgentStore>> view_generation_;
};

}  // namespace kunlun::python

namespace kunlun::python {
// Registers Simulation and the owner of its agent views in the module.
void bind_stepped_simulation(py::module_& m);
}  // namespace kunlun::python
