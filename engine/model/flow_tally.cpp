#include "model/flow_tally.h"

#include <algorithm>

namespace kunlun {

void FlowTally::clear() { std::fill(counts.begin(), counts.end(), 0); }

void FlowTally::merge(const FlowTally& other) {
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
}

ThreadTallies::ThreadTallies(int threads, int cells)
    : per_thread_(static_cast<std::size_t>(std::max(threads, 1)), FlowTally(cells)) {}

void ThreadTallies::merge_into(FlowTally& total) {
  for (auto& t : per_thread_) {
    total.merge(t);
    t.clear();
  }
}

}  // namespace kunlun
