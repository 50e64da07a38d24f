// Iterative proportional fitting (raking): a dense multi-way table of shares fitted to margins
// over some of its axes; and the population's core joint (prefecture x field x level x title x
// education) fitted to the core margins of a margins file.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "core/population_synthesis.h"
#include "core/region_table.h"

namespace kunlun {

// A target margin over one or more axes of the table. `target` is laid out row-major over the
// listed axes in the order given (the last axis varies fastest) and sums to 1.
struct IpfMargin {
  std::vector<int> axes;
  std::vector<double> target;
};

struct IpfResult {
  std::vector<double> table;  // row-major over all axes (last fastest), sums to 1
  int iterations = 0;         // full sweeps over the margins made
  double max_error = 0;       // largest |table margin - target| over all margins and cells
  int worst_margin = -1;      // index of the margin with that error
  bool converged = false;     // max_error < tolerance
};

// Fits a table of the given axis sizes, starting from uniform shares, by scaling it to each
// margin in turn until every margin is matched within `tolerance` (absolute, on shares) or
// `max_iterations` sweeps are done. Cells that a zero target reaches stay exactly zero.
// Deterministic: plain loops in a fixed order. Throws std::invalid_argument on malformed input
// (axis out of range, target of the wrong length).
IpfResult fit_proportional(const std::vector<int>& sizes, const std::vector<IpfMargin>& margins,
                           double tolerance = 1e-10, int max_iterations = 1000);

// The margin of `table` (row-major over `sizes`) over `axes`, laid out as IpfMargin::target.
std::vector<double> table_margin(const std::vector<int>& sizes, const std::vector<double>& table,
                                 const std::vector<int>& axes);

// The core dimensions, in the order of the core table's axes.
enum class CoreAxis : int { prefecture, field, level, title, education };
inline constexpr int kCoreAxes = 5;

// The fitted core joint: shares by (prefecture slot, field, level, title, education).
struct CoreTable {
  std::array<int, kCoreAxes> sizes{};
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

}  // namespace kunlun
