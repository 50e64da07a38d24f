// The table `kunlun run --profile` prints: time per process and per output stage.
#pragma once

#include <ostream>

#include "experiment/run_profile.h"

namespace kunlun::cli {

// `agent_steps`: agents at the start x months x replications, for the throughput line.
void print_profile(std::ostream& out, const RunProfile& profile, double total_seconds, double agent_steps);

}  // namespace kunlun::cli
