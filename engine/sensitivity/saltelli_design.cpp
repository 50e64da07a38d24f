// Building the Saltelli design from one quasi-random sequence.
#include "sensitivity/saltelli_design.h"

#include "core/errors.h"
#include "sensitivity/quasi_random.h"

namespace kunlun::sensitivity {

void check_base_samples(std::size_t n, std::size_t parameters) {
  const SourceLocation at{.argument = "n"};
  if (n < 2)
    throw InputError(at, "", "a base sample of " + std::to_string(n) + " cannot estimate a variance",
                     "give n of at least 2; 512 to 4096 (powers of two) is usual");
  if (n > kMaxBaseSamples)
    throw InputError(at, "", "a base sample of " + std::to_string(n) + " is more than the " +
                                 std::to_string(kMaxBaseSamples) + " a design may have",
                     "give a smaller n; the error of the indices falls as 1/n or faster, and a few thousand suffice");
  if (parameters > 0 && n * (parameters + 2) * parameters > kMaxDesignValues)
    throw InputError(at, "", "a design of n = " + std::to_string(n) + " for " + std::to_string(parameters) +
                                 " parameters would hold " + std::to_string(n * (parameters + 2) * parameters) +
                                 " numbers, more than fit in memory",
                     "give a smaller n, or screen the parameters with Morris first and keep the few that matter");
}

SaltelliDesign make_saltelli_design(std::size_t n, std::size_t parameters, std::uint64_t seed) {
  if (parameters < 1 || parameters > kMaxParameters)
    throw InputError({.argument = "bounds"}, "", std::to_string(parameters) + " parameters: a design has 1 to " +
                                                     std::to_string(kMaxParameters),
                     "give one (low, high) per parameter");
  check_base_samples(n, parameters);
  const DesignMatrix ab = shifted_sobol_points(n, 2 * parameters, seed);
  SaltelliDesign design{.n = n, .parameters = parameters, .seed = seed, .unit = {}};
  const auto d = static_cast<Eigen::Index>(parameters);
  const auto rows = static_cast<Eigen::Index>(n);
  design.unit.resize(static_cast<Eigen::Index>(design.rows()), d);
  design.unit.topRows(rows) = ab.leftCols(d);
  design.unit.middleRows(rows, rows) = ab.rightCols(d);
  for (Eigen::Index i = 0; i < d; ++i) {
    auto block = design.unit.middleRows((2 + i) * rows, rows);
    block = ab.leftCols(d);
    block.col(i) = ab.col(d + i);
  }
  return design;
}

}  // namespace kunlun::sensitivity
