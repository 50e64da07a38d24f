// The uncertain parameters of a sensitivity analysis as names with a (low, high) range, and the
// map of a design from the unit cube, where the methods work, to those ranges.
#pragma once

#include <Eigen/Core>

#include <string>
#include <vector>

namespace kunlun::sensitivity {

// A design: one row per point at which the function is evaluated, one column per parameter.
// Row-major, so that a row is one point and the matrix is a numpy (rows, parameters) array as is.
using DesignMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct ParameterBounds {
  std::string name;
  double low = 0, high = 1;
};

// The most parameters one design may have: Boost's Sobol' table has 3667 dimensions, and a
// Saltelli design needs two per parameter.
inline constexpr std::size_t kMaxParameters = 1833;

// InputError (argument "bounds") unless there are 1 to kMaxParameters parameters, each with
// finite low < high and a name no other parameter has.
void check_bounds(const std::vector<ParameterBounds>& bounds);

// low + u * (high - low), column by column: a uniform distribution over each range.
DesignMatrix to_physical(const DesignMatrix& unit, const std::vector<ParameterBounds>& bounds);

}  // namespace kunlun::sensitivity
