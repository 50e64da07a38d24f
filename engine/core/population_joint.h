// The initial population's core joint table: shares by prefecture x field x level x title x
// education fitted to the margins by iterative proportional fitting, and whole numbers of agents
// per cell rounded from them (steps 1 and 2 of docs/ODD.md, section 5.1).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/population_margins.h"
#include "core/region_table.h"

namespace kunlun {

// The fitted core joint: shares by (prefecture slot, field, level, title, education), the axes
// numbered as the core MarginDimensions.
struct CoreTable {
  std::array<int, kCoreDimensions> sizes{};
  std::vector<double> shares;  // row-major, education fastest; sums to 1
  int iterations = 0;
  double max_error = 0;

  std::size_t index(int prefecture, int field, int level, int title, int education) const {
    return static_cast<std::size_t>(
        (((prefecture * sizes[1] + field) * sizes[2] + level) * sizes[3] + title) * sizes[4] +
        education);
  }
  std::vector<int> size_vector() const { return {sizes.begin(), sizes.end()}; }
};

// Fits the core joint to every 1-D and joint core margin of `margins` (tolerance 1e-10, at most
// 1000 sweeps). Throws InputError naming the margins file when a core 1-D margin is missing or
// when the margins are inconsistent (no table matches them all).
CoreTable fit_core_table(const PopulationMargins& margins, const RegionTable& regions);

// Agents are placed in a prefecture's counties by their jobs in the agent's field: throws
// InputError naming the margins file when the fitted joint gives a prefecture x field a share
// (above fitting noise) but no county of that prefecture has jobs in that field.
void check_core_table_jobs(const CoreTable& core, const PopulationMargins& margins,
                           const RegionTable& regions);

// Whole numbers of agents per core cell (in the table's order) summing to `agents`: each cell the
// floor or the ceiling of agents x share, every prefecture and prefecture x field within 1 of its
// expected total, then every category of field, level, title and education brought within 1 of
// its expected total by moving single agents between cells that differ only in that dimension.
std::vector<std::int64_t> core_counts(const CoreTable& core, std::int64_t agents);

}  // namespace kunlun
