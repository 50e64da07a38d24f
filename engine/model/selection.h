// Choosing which existing agents a selection order (cultivation, equity investment) raises: the
// eligible agents in the order's target with the lowest keyed draw, so the choice is a pure
// function of seed, ids and month, whatever the thread count.
#pragma once

#include <cstdint>
#include <vector>

#include "model/process.h"

namespace kunlun {

// Indices of up to order.count active agents for which `eligible(i)` holds and whose county x
// class is in the order's target. Counts them in basis.selected by payer and county.
template <class Eligible>
std::vector<std::int64_t> select_for_order(const StepContext& ctx, const SelectionOrder& order, Eligible eligible);

}  // namespace kunlun

#include <omp.h>

#include <algorithm>
#include <utility>

namespace kunlun {

template <class Eligible>
std::vector<std::int64_t> select_for_order(const StepContext& ctx, const SelectionOrder& order, Eligible eligible) {
  const AgentStore& a = ctx.agents;
  const std::int64_t n = static_cast<std::int64_t>(a.size());
  const ClassLayout layout = ctx.levers.layout();
  std::vector<std::vector<std::pair<std::uint32_t, std::int64_t>>> per_thread(
      static_cast<std::size_t>(omp_get_max_threads()));
  if (order.count <= 0) return {};
#pragma omp parallel
  {
    auto& mine = per_thread[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) {
      if (a.status[i] != AgentStatus::active || !eligible(i)) continue;
            if (!(*order.eligible)[layout.cell(a.county[i], a.field[i], a.level[i], a.title[i], a.origin[i])]) continue;
      mine.emplace_back(ctx.rng.words(a.id[i], ctx.step, Purpose::selection,
                                      static_cast<std::uint16_t>(order.payer))[0],
                        i);
    }
  }
  std::vector<std::pair<std::uint32_t, std::int64_t>> all;
  for (auto& part : per_thread) all.insert(all.end(), part.begin(), part.end());
  // Ties in the 32-bit key are broken by agent order, which is thread-independent.
  std::sort(all.begin(), all.end());
  const std::size_t take = std::min(all.size(), static_cast<std::size_t>(order.count));
  std::vector<std::int64_t> chosen;
  chosen.reserve(take);
  for (std::size_t k = 0; k < take; ++k) {
    chosen.push_back(all[k].second);
    ++ctx.basis.selected[ctx.basis.order_index(order.payer, a.county[all[k].second])];
  }
  return chosen;
}

}  // namespace kunlun
