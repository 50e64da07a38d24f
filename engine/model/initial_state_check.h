// Checking that a run of a scenario can start, without synthesising its population: everything
// InitialState::prepare checks before it builds the agents. What `kunlun validate` runs.
#pragma once

#include <cstdint>

#include "core/region_table.h"
#include "scenario/scenario.h"

namespace kunlun {

// What is known of a run's start without synthesising it.
struct InitialStateCheck {
  std::int64_t agents = 0;  // the population a run starts with: round(total x scale), exactly
  int counties = 0;         // of the region table
  int fields = 0;
};

// Throws InputError when the region table is larger than one run supports (the county and field
// numbers that candidate ids and agent columns hold).
void check_region_table_fits_a_run(const RegionTable& regions);

// Loads the scenario's region table and population margins and checks them as preparing a run
// does: the region table's size for one run, the margins file, the number of agents, and the fit
// of the margins' core joint with jobs wherever it puts people. Fast for any population size (no
// agent is built). The policies were built and checked when the scenario was loaded. Throws
// InputError, the same one a run would.
InitialStateCheck check_initial_state(const Scenario& scenario);

}  // namespace kunlun
