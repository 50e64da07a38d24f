// Quasi-random points in the unit cube: Boost's Sobol' sequence (Joe and Kuo 2008 direction
// numbers), with a random digital shift keyed by the seed.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sensitivity/parameter_bounds.h"

namespace kunlun::sensitivity {

// The most dimensions Boost's table has.
inline constexpr std::size_t kMaxSobolDimensions = 3667;

// `count` points of the `dimensions`-dimensional Sobol' sequence (Boost's boost::random::sobol,
// with the origin, which Boost skips, put back as point 0), each coordinate XORed with a 64-bit
// word drawn for its dimension from the seed's stream (a random digital shift, Owen 1995;
// Matousek 1998). The shift keeps what makes the sequence good: every elementary interval of the
// net still holds the same number of points, which a skip of the sequence or a shift modulo 1
// (Cranley-Patterson, which breaks the base-2 net) do not promise; and every seed gives an
// equally good, different design. Coordinates are (k + 0.5) / 2^53, in the open interval (0, 1).
DesignMatrix shifted_sobol_points(std::size_t count, std::size_t dimensions, std::uint64_t seed);

}  // namespace kunlun::sensitivity
