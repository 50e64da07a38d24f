#include "model/flow_tally.h"

#include <algorithm>

namespace kunlun {

namespace {
void add_into(std::vector<std::int32_t>& to, const std::vector<std::int32_t>& from) {
  for (std::size_t i = 0; i < to.size(); ++i) to[i] += from[i];
}
void zero(std::vector<std::int32_t>& v) { std::fill(v.begin(), v.end(), 0); }
}  // namespace

void FlowTally::clear() {
  zero(counts);
  zero(entries);
  zero(moves);
  zero(cohort_losses);
}

void FlowTally::merge(const FlowTally& other) {
  add_into(counts, other.counts);
  add_into(entries, other.entries);
  add_into(moves, other.moves);
  add_into(cohort_losses, other.cohort_losses);
}

ThreadTallies::ThreadTallies(int threads, const FlowTally& shape)
    : per_thread_(static_cast<std::size_t>(std::max(threads, 1)), shape) {
  for (auto& t : per_thread_) t.clear();
}

void ThreadTallies::merge_into(FlowTally& total) {
  for (auto& t : per_thread_) {
    total.merge(t);
    t.clear();
  }
}

}  // namespace kunlun
