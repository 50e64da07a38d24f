// Checking parameter ranges and mapping a unit-cube design onto them.
#include "sensitivity/parameter_bounds.h"

#include <cmath>
#include <set>

#include "core/errors.h"
#include "core/text.h"

namespace kunlun::sensitivity {

void check_bounds(const std::vector<ParameterBounds>& bounds) {
  const SourceLocation at{.argument = "bounds"};
  if (bounds.empty())
    throw InputError(at, "", "no parameters: a sensitivity analysis needs at least one", "give one (low, high) per parameter");
  if (bounds.size() > kMaxParameters)
    throw InputError(at, "", std::to_string(bounds.size()) + " parameters are more than the " +
                                 std::to_string(kMaxParameters) + " a design can have",
                     "screen them in groups, or fix the ones known not to matter");
  std::set<std::string> seen;
  for (const ParameterBounds& b : bounds) {
    const SourceLocation here{.argument = "bounds", .item = b.name};
    if (!seen.insert(b.name).second)
      throw InputError(here, "", "parameter '" + b.name + "' is given twice", "give each parameter once");
    if (!std::isfinite(b.low) || !std::isfinite(b.high))
      throw InputError(here, "", "parameter '" + b.name + "': the range (" + format_shortest(b.low) + ", " +
                                     format_shortest(b.high) + ") is not finite",
                       "give finite numbers (low, high)");
    if (!(b.low < b.high))
      throw InputError(here, "", "parameter '" + b.name + "': low " + format_shortest(b.low) + " is not below high " +
                                     format_shortest(b.high),
                       "give (low, high) with low < high; fix a parameter by leaving it out");
  }
}

DesignMatrix to_physical(const DesignMatrix& unit, const std::vector<ParameterBounds>& bounds) {
  DesignMatrix physical(unit.rows(), unit.cols());
  for (Eigen::Index c = 0; c < unit.cols(); ++c) {
    const ParameterBounds& b = bounds[static_cast<std::size_t>(c)];
    const double width = b.high - b.low;
    for (Eigen::Index r = 0; r < unit.rows(); ++r) physical(r, c) = b.low + unit(r, c) * width;
  }
  return physical;
}

}  // namespace kunlun::sensitivity
