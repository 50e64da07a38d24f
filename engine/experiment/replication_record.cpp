#include "experiment/replication_record.h"

#include <optional>

#include "calibration/target_tally.h"

#include <chrono>

#include "experiment/cohort_retention.h"
#include "experiment/origin_destination.h"

namespace kunlun {

RecordLayout::RecordLayout(std::shared_ptr<const InitialState> state)
    : initial(std::move(state)),
      indicators(std::make_shared<IndicatorLayout>(*initial)),
      timeseries(initial->regions, initial->cells),
      vacancies(initial->regions, initial->cells),
      costs(*initial) {}

namespace {
using Clock = std::chrono::steady_clock;

// Times the output stages of a replication when profiling; free otherwise.
class StageTimer {
 public:
  StageTimer(RunProfile* profile) : profile_(profile), last_(profile ? Clock::now() : Clock::time_point{}) {}
  void lap(const char* stage) {
    if (!profile_) return;
    const auto now = Clock::now();
    profile_->add_output(stage, std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }
  void restart() {
    if (profile_) last_ = Clock::now();
  }

 private:
  RunProfile* profile_;
  Clock::time_point last_;
};
}  // namespace

ReplicationRecord record_replication(const RecordLayout& layout, std::uint32_t replication, bool with_rows,
                                     const std::function<void()>& after_step, const std::function<bool()>& stop,
                                     bool profile) {
  const InitialState& initial = *layout.initial;
  Simulation sim(layout.initial, replication);
  sim.set_profiling(profile);
  ReplicationIndicators indicators(*layout.indicators, initial, sim.stock_by_cell());
  CohortRetention retention(initial, layout.indicators->groups());
  OriginDestinationFlows flows(initial);
  std::optional<TargetTally> targets;
  if (layout.targets) targets.emplace(*layout.targets, initial);
  ReplicationRecord record;
  record.replication = replication;
  StageTimer timer(profile ? &record.profile : nullptr);
  while (!sim.finished()) {
    if (stop && stop()) throw RunCancelled();
    const StepResult& step = sim.step();
    timer.restart();
    indicators.add_step(step);
    timer.lap("indicators");
    retention.add_step(step);
    timer.lap("cohort retention");
    if (targets) targets->add_step(step);
    if (with_rows) {
      flows.add_step(step);
      timer.lap("origin-destination flows");
      layout.timeseries.append_step(record.timeseries_rows, replication, step);
      timer.lap("timeseries.csv rows");
      layout.vacancies.append_step(record.vacancy_rows, replication, step);
      timer.lap("vacancies.csv rows");
      layout.costs.append_step(record.cost_rows, replication, step);
      timer.lap("costs.csv rows");
    }
    if (after_step) after_step();
  }
  timer.restart();
  record.indicators = indicators.finish(retention);
  if (targets) record.target_values = targets->finish();
  timer.lap("indicators");
  if (with_rows) {
    flows.append_rows(record.flow_rows, replication);
    timer.lap("origin-destination flows");
    retention.append_rows(record.retention_rows, replication);
    timer.lap("cohort retention");
    record.end_margins = count_margins(initial, sim.agents());
    timer.lap("end_margins.csv counts");
  }
  if (profile) record.profile.steps = sim.profile();
  return record;
}

}  // namespace kunlun
