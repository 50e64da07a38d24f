// Morris trajectories for elementary-effects screening (Morris 1991, Technometrics 33:161-174;
// Saltelli et al. 2004, "Sensitivity analysis in practice", ch. 3), chosen for spread among
// candidates as Campolongo, Cariboni and Saltelli propose (2007, Environ. Model. Softw.
// 22:1509-1518), by the greedy removal of Ruano et al. (2012, Environ. Model. Softw. 37:103-109).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sensitivity/parameter_bounds.h"

namespace kunlun::sensitivity {

struct MorrisDesign {
  std::size_t trajectories = 0, parameters = 0, levels = 4;
  std::uint64_t seed = 0;
  double delta = 0;                  // levels / (2 (levels - 1)): the step, 2/3 of the range for 4 levels
  DesignMatrix unit;                 // trajectories * (parameters + 1) rows, grid values in [0, 1]
  std::vector<std::size_t> changed;  // per row: the parameter changed from the previous row (a trajectory's first row: none)
  std::vector<int> direction;        // per row: +1 or -1 (0 for a trajectory's first row)
  std::size_t rows() const { return trajectories * (parameters + 1); }
};
inline constexpr std::size_t kNoParameter = std::numeric_limits<std::size_t>::max();

// `candidates` trajectories are drawn (0: 4 x trajectories, at most 100, at least trajectories)
// and the `trajectories` of them with the largest spread kept, in the order drawn. A trajectory
// starts at a random grid point from which a step of delta stays in [0, 1], and moves each
// parameter once, in random order and direction. The same arguments give the same design, bit
// for bit. Throws InputError (argument named) for trajectories < 2, parameters < 1, levels odd or
// below 2, candidates below trajectories, or a design beyond the size limits.
MorrisDesign make_morris_design(std::size_t trajectories, std::size_t parameters, std::uint64_t seed,
                                std::size_t levels = 4, std::size_t candidates = 0);

// Campolongo's spread of a set of trajectories: the root of the sum of squared distances between
// every pair, a distance being the sum of the Euclidean distances between their points.
double morris_spread(const MorrisDesign& design);

}  // namespace kunlun::sensitivity
