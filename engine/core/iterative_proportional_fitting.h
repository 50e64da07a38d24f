// Iterative proportional fitting (raking): a dense multi-way table of shares fitted to margins
// over some of its axes. The initial population's use of it is core/population_joint.h.
#pragma once

#include <cstddef>
#include <vector>

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

}  // namespace kunlun
