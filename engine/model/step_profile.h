// Where a simulation's months spend their time, when profiling is on: per process (its population
// part in wall time, its agent part summed over threads), the census, passes and bookkeeping.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kunlun {

// Seconds summed over every step since profiling was switched on.
struct StepProfile {
  std::vector<std::string> processes;            // in schedule order
  std::vector<double> population_seconds;        // per process: its population part, wall time
  std::vector<double> agent_thread_seconds;      // per process: its agent part, summed over threads
  double census_thread_seconds = 0;              // counting the census in the passes, over threads
  double pass_seconds = 0;                       // wall time of the passes over the agents
  double bookkeeping_seconds = 0;                // levers, tallies, results, costs, compaction
  double step_seconds = 0;                       // wall time of whole steps
  int threads = 1;                               // threads of the passes
  std::uint32_t steps = 0;

  // Sums another replication's profile into this one (the same processes).
  void add(const StepProfile& other);
};

using ProfileClock = std::chrono::steady_clock;
inline double seconds_between(ProfileClock::time_point from, ProfileClock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Collects a StepProfile. Agent parts time into per-thread slots, summed only when the profile is
// read, so the threads of a pass never write the same memory.
class StepProfiler {
 public:
  bool on() const { return on_; }
  // Starts afresh for these processes and threads.
  void start(const std::vector<std::string>& processes, int threads);
  void stop() { on_ = false; }
  // More threads than before: the new ones time into slots of their own.
  void grow_threads(int threads);

  // Per thread: the seconds of process `p`'s agent part, or of the census (p = process count).
  std::vector<double>& thread_slots(int thread) { return thread_seconds_[static_cast<std::size_t>(thread)]; }
  void add_population(std::size_t process, double s) { profile_.population_seconds[process] += s; }
  void add_pass(double s) { profile_.pass_seconds += s; }
  void add_step(double bookkeeping, double step) {
    profile_.bookkeeping_seconds += bookkeeping;
    profile_.step_seconds += step;
    ++profile_.steps;
  }

  StepProfile profile() const;

 private:
  bool on_ = false;
  StepProfile profile_;
  std::vector<std::vector<double>> thread_seconds_;  // per thread: per process, then the census
};

}  // namespace kunlun
