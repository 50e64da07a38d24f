// Counting active agents into bins in parallel: one partial count per thread, summed after the
// loop. Integer sums, so the result is the same for any thread count.
#pragma once

#include <omp.h>

#include <cstdint>
#include <vector>

#include "core/agent_store.h"

namespace kunlun {

// bin(i) gives agent i's bin in [0, bins).
template <class BinOf>
std::vector<std::int32_t> count_active_by(const AgentStore& agents, std::size_t bins, BinOf bin) {
  std::vector<std::vector<std::int32_t>> partial(static_cast<std::size_t>(omp_get_max_threads()),
                                                 std::vector<std::int32_t>(bins, 0));
  const std::int64_t n = static_cast<std::int64_t>(agents.size());
#pragma omp parallel
  {
    auto& mine = partial[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (std::int64_t i = 0; i < n; ++i)
      if (agents.status[i] == AgentStatus::active) ++mine[static_cast<std::size_t>(bin(i))];
  }
  std::vector<std::int32_t> total(bins, 0);
  for (const auto& p : partial)
    for (std::size_t k = 0; k < bins; ++k) total[k] += p[k];
  return total;
}

}  // namespace kunlun
