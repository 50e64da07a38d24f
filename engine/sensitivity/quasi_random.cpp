// Digitally shifted Sobol points from Boost.
#include "sensitivity/quasi_random.h"

#include <boost/random/sobol.hpp>

#include <vector>

#include "sensitivity/keyed_stream.h"

namespace kunlun::sensitivity {

DesignMatrix shifted_sobol_points(std::size_t count, std::size_t dimensions, std::uint64_t seed) {
  const KeyedStream stream(seed, Stream::sobol_shift);
  std::vector<std::uint64_t> shift(dimensions);
  for (std::size_t j = 0; j < dimensions; ++j) shift[j] = stream.word64(j, 0);

  boost::random::sobol sequence(dimensions);
  DesignMatrix points(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(dimensions));
  // Point 0 of the sequence is the origin, which Boost's generator skips: put it back, so that the
  // first 2^m points form a net (each dyadic interval of a coordinate holds its share).
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t j = 0; j < dimensions; ++j) {
      const std::uint64_t point = i == 0 ? 0 : static_cast<std::uint64_t>(sequence());
      const std::uint64_t bits = point ^ shift[j];
      points(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          (static_cast<double>(bits >> 11) + 0.5) * 0x1p-53;
    }
  return points;
}

}  // namespace kunlun::sensitivity
