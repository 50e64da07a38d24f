#include "model/step_profile.h"

namespace kunlun {

void StepProfile::add(const StepProfile& o) {
  if (processes.empty()) {
    *this = o;
    return;
  }
  for (std::size_t p = 0; p < population_seconds.size() && p < o.population_seconds.size(); ++p) {
    population_seconds[p] += o.population_seconds[p];
    agent_thread_seconds[p] += o.agent_thread_seconds[p];
  }
  census_thread_seconds += o.census_thread_seconds;
  pass_seconds += o.pass_seconds;
  bookkeeping_seconds += o.bookkeeping_seconds;
  step_seconds += o.step_seconds;
  steps += o.steps;
}

void StepProfiler::start(const std::vector<std::string>& processes, int threads) {
  on_ = true;
  profile_ = StepProfile{};
  profile_.processes = processes;
  profile_.population_seconds.assign(processes.size(), 0.0);
  profile_.agent_thread_seconds.assign(processes.size(), 0.0);
  profile_.threads = threads;
  thread_seconds_.assign(static_cast<std::size_t>(threads), std::vector<double>(processes.size() + 1, 0.0));
}

void StepProfiler::grow_threads(int threads) {
  if (!on_ || threads <= profile_.threads) return;
  thread_seconds_.resize(static_cast<std::size_t>(threads), std::vector<double>(profile_.processes.size() + 1, 0.0));
  profile_.threads = threads;
}

StepProfile StepProfiler::profile() const {
  StepProfile p = profile_;
  for (std::size_t k = 0; k < p.agent_thread_seconds.size(); ++k) {
    double sum = 0;
    for (const auto& t : thread_seconds_) sum += t[k];
    p.agent_thread_seconds[k] = sum;
  }
  double census = 0;
  for (const auto& t : thread_seconds_) census += t.back();
  p.census_thread_seconds = census;
  return p;
}

}  // namespace kunlun
