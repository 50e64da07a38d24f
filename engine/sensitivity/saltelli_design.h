// The Saltelli design for first- and total-order Sobol' indices (Saltelli 2002; Saltelli et al.
// 2010, Comput. Phys. Commun. 181:259-270): matrices A and B side by side in one quasi-random
// sequence of twice the parameters, and for each parameter i the matrix AB_i, A with column i
// from B. n (d + 2) evaluations give every S1 and ST.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sensitivity/parameter_bounds.h"

namespace kunlun::sensitivity {

// The largest base sample one design may have (2^24 rows of A).
inline constexpr std::size_t kMaxBaseSamples = std::size_t{1} << 24;
// The most numbers one design may hold (4 GiB of doubles): more is a mistake, not an analysis.
inline constexpr std::size_t kMaxDesignValues = std::size_t{1} << 29;

// Rows in blocks of n: A (rows 0..n-1), B (n..2n-1), then AB_1 ... AB_d; row j of every block
// belongs to base point j, which is what a bootstrap resamples.
struct SaltelliDesign {
  std::size_t n = 0;           // base sample: rows of A
  std::size_t parameters = 0;  // d
  std::uint64_t seed = 0;
  DesignMatrix unit;           // n (d + 2) x d, in (0, 1)

  std::size_t rows() const { return n * (parameters + 2); }
  std::size_t a_row(std::size_t j) const { return j; }
  std::size_t b_row(std::size_t j) const { return n + j; }
  std::size_t ab_row(std::size_t i, std::size_t j) const { return (2 + i) * n + j; }
};

// InputError (argument "n") unless 2 <= n <= kMaxBaseSamples and the design stays within
// kMaxDesignValues. Any n works; powers of two keep the Sobol' points balanced (Owen 2020).
void check_base_samples(std::size_t n, std::size_t parameters);

// The same (n, parameters, seed) give the same design, bit for bit, on every machine.
SaltelliDesign make_saltelli_design(std::size_t n, std::size_t parameters, std::uint64_t seed);

}  // namespace kunlun::sensitivity
