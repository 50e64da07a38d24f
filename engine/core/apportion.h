// Apportioning: a whole number split over weights in proportion by the largest-remainder
// (Hamilton) method, the one rule by which counts of agents and of placements are divided.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace kunlun {

// Splits `total` into whole parts in proportion to `weights`: part i is the floor or the ceiling
// of its quota total * (w_i / sum of weights), and the parts sum to `total` exactly. The units
// left after the floors go to the largest fractional parts of the quotas (as computed in double),
// ties to the lower index, so the same input gives the same split on every run and machine.
// A zero weight gets nothing; a total of 0 gives all zeros, whatever the weights.
// Throws std::invalid_argument when `total` is negative, a weight is negative or not finite, or
// the weights sum to 0 while `total` is positive (callers check their inputs first).
std::vector<std::int64_t> largest_remainder(std::int64_t total, std::span<const double> weights);

}  // namespace kunlun
