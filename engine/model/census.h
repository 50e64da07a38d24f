// The census of the active population that open posts and the month's results read: post
// holders and ventures by county x field, and stock by cell x title with flexible talents apart.
// Every pass over the agents takes it afresh (one partial per thread, summed after the pass);
// arrivals add themselves. Integer counts, so the sum does not depend on the thread count.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/agent_store.h"
#include "core/categories.h"
#include "model/flow_tally.h"
#include "parameters/behaviour_params.h"

namespace kunlun {

struct Census {
  Census() = default;
  explicit Census(const CellLayout& cells_)
      : cells(cells_),
        holders(static_cast<std::size_t>(cells_.counties) * static_cast<std::size_t>(cells_.fields), 0),
        ventures(holders.size(), 0),
        stock(static_cast<std::size_t>(cells_.size()) * kTitles * 2, 0) {}

  void clear() {
    std::fill(holders.begin(), holders.end(), 0);
    std::fill(ventures.begin(), ventures.end(), 0);
    std::fill(stock.begin(), stock.end(), 0);
  }
  void add(const Census& other) {
    for (std::size_t k = 0; k < holders.size(); ++k) holders[k] += other.holders[k];
    for (std::size_t k = 0; k < ventures.size(); ++k) ventures[k] += other.ventures[k];
    for (std::size_t k = 0; k < stock.size(); ++k) stock[k] += other.stock[k];
  }
  // Counts one active agent with these attributes: its post, and its stock when `with_stock`.
  void count(int county, int field, int level, int title, std::uint8_t origin, std::uint8_t employer,
             bool with_stock = true) {
    const bool flexible = origin == static_cast<std::uint8_t>(Origin::flexible);
    const std::size_t cf = static_cast<std::size_t>(county) * static_cast<std::size_t>(cells.fields) +
                           static_cast<std::size_t>(field);
    // Flexible talents hold no post; venture owners hold a post of their own venture.
    if (!flexible) ++(employer == static_cast<std::uint8_t>(Employer::venture) ? ventures : holders)[cf];
    if (with_stock) ++stock[stock_bin(cells.index(county, field, level), title, flexible)];
  }
  // Counts the active agents of [begin, end).
  void count(const AgentStore& a, std::int64_t begin, std::int64_t end, bool with_stock) {
    for (std::int64_t i = begin; i < end; ++i)
      if (a.status[i] == AgentStatus::active)
        count(a.county[i], a.field[i], a.level[i], a.title[i], a.origin[i], a.employer[i], with_stock);
  }
  static std::size_t stock_bin(int cell, int title, bool flexible) {
    return (static_cast<std::size_t>(cell) * kTitles + static_cast<std::size_t>(title)) * 2 + (flexible ? 1 : 0);
  }

  CellLayout cells;
  std::vector<std::int32_t> holders;   // county x field: post holders (not flexible, not owners)
  std::vector<std::int32_t> ventures;  // county x field: venture owners
  std::vector<std::int32_t> stock;     // stock_bin(cell, title, flexible)
};

}  // namespace kunlun
