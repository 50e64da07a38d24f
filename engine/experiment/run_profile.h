// Where a run's time went (kunlun run --profile): the months' processes, summed over
// replications, and each output stage: the indicators and rows taken after every month, and the
// writing of the files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/simulation.h"

namespace kunlun {

struct RunProfile {
  StepProfile steps;
  // Output stages in the order they happen, seconds (summed over replications; writing the files
  // happens once, on one thread, while the next replications run).
  std::vector<std::pair<std::string, double>> output;

  void add_output(const std::string& stage, double seconds);
  void add(const RunProfile& other);
};

}  // namespace kunlun
