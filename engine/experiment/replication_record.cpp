#include "experiment/replication_record.h"

#include "experiment/cohort_retention.h"
#include "experiment/origin_destination.h"

namespace kunlun {

RecordLayout::RecordLayout(std::shared_ptr<const InitialState> state)
    : initial(std::move(state)),
      indicators(std::make_shared<IndicatorLayout>(*initial)),
      timeseries(initial->regions, initial->cells),
      costs(*initial) {}

ReplicationRecord record_replication(const RecordLayout& layout, std::uint32_t replication, bool with_rows,
                                     const std::function<void()>& after_step, const std::function<bool()>& stop) {
  const InitialState& initial = *layout.initial;
  Simulation sim(layout.initial, replication);
  ReplicationIndicators indicators(*layout.indicators, initial, sim.stock_by_cell());
  CohortRetention retention(initial, layout.indicators->groups());
  OriginDestinationFlows flows(initial);
  ReplicationRecord record;
  record.replication = replication;
  while (!sim.finished()) {
    if (stop && stop()) throw RunCancelled();
    const StepResult& step = sim.step();
    indicators.add_step(step);
    retention.add_step(step);
    if (with_rows) {
      flows.add_step(step);
      layout.timeseries.append_step(record.timeseries_rows, replication, step);
      layout.costs.append_step(record.cost_rows, replication, step);
    }
    if (after_step) after_step();
  }
  record.indicators = indicators.finish(retention);
  if (with_rows) {
    flows.append_rows(record.flow_rows, replication);
    retention.append_rows(record.retention_rows, replication);
  }
  return record;
}

}  // namespace kunlun
