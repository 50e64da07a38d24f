#include "experiment/run_profile.h"

namespace kunlun {

void RunProfile::add_output(const std::string& stage, double seconds) {
  for (auto& [name, total] : output)
    if (name == stage) {
      total += seconds;
      return;
    }
  output.emplace_back(stage, seconds);
}

void RunProfile::add(const RunProfile& other) {
  steps.add(other.steps);
  for (const auto& [name, seconds] : other.output) add_output(name, seconds);
}

}  // namespace kunlun
