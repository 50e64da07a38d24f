// The stock at a run's horizon in the margins format (end_margins.csv): the scenario's own margin
// tables with shares counted from the agents still in the province, so that a later scenario can
// start where this run ends (the shipped 2026-2035 scenarios start where the hindcast ends).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/agent_store.h"
#include "model/initial_state.h"

namespace kunlun {

// Agents per row of every margin of initial.margins, in the margins' own order ([margin][row]).
// An age outside every band counts in the nearest band (the oldest for seniors serving past 64).
using MarginCounts = std::vector<std::vector<std::int64_t>>;
MarginCounts count_margins(const InitialState& initial, const AgentStore& agents);

// Adds `more` into `into` (shaped alike; `into` empty: takes `more`).
void add_margin_counts(MarginCounts& into, const MarginCounts& more);

// end_margins.csv: a margins file (docs/data.md) of the pooled counts of `replications`
// replications, its comment lines saying where it comes from and the mean stock at the horizon in
// full-population units (the population.total of a scenario starting there). A conditional
// margin's condition nobody holds keeps the scenario's own shares, which the file says.
std::string end_margins_csv(const InitialState& initial, const MarginCounts& pooled, int replications);

}  // namespace kunlun
