// Per-step counts by county x field x level: the stock after the step and the flows during it.
// Processes count into one tally per thread; tallies are integers, so summing them in any order
// gives the same result and the output does not depend on the thread count.
#pragma once

#include <cstdint>
#include <vector>

#include "core/categories.h"

namespace kunlun {

// The cells results are reported by: county slot x field x level.
struct CellLayout {
  int counties = 0;
  int fields = 0;
  int size() const { return counties * fields * kLevels; }
  int index(int county, int field, int level) const {
    return (county * fields + field) * kLevels + level;
  }
};

// inflow: arrivals from outside the province and new entrants; inflow_internal: movers from another
// county of the province (their outflow_internal there).
enum class Flow : int { inflow, inflow_internal, outflow_internal, outflow_external, retirements, count };
inline constexpr int kFlowCount = static_cast<int>(Flow::count);

struct FlowTally {
  explicit FlowTally(int cells = 0) : counts(static_cast<std::size_t>(cells) * kFlowCount, 0) {}
  void add(Flow flow, int cell, std::int32_t n = 1) {
    counts[static_cast<std::size_t>(cell) * kFlowCount + static_cast<std::size_t>(flow)] += n;
  }
  std::int32_t get(Flow flow, int cell) const {
    return counts[static_cast<std::size_t>(cell) * kFlowCount + static_cast<std::size_t>(flow)];
  }
  void clear();
  void merge(const FlowTally& other);
  std::vector<std::int32_t> counts;  // cell-major, kFlowCount per cell
};

// One thread's tally per OpenMP thread, merged once after the parallel loop.
class ThreadTallies {
 public:
  ThreadTallies(int threads, int cells);
  FlowTally& local(int thread) { return per_thread_[static_cast<std::size_t>(thread)]; }
  void merge_into(FlowTally& total);  // adds and clears the per-thread tallies
  int threads() const { return static_cast<int>(per_thread_.size()); }

 private:
  std::vector<FlowTally> per_thread_;
};

}  // namespace kunlun
