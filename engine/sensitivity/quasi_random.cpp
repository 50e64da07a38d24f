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
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t j = 0; j < dimensions; ++j) {
      const std::uint64_t bits = static_cast<std::uint64_t>(sequence()) ^ shift[j];
      points(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          (static_cast<double>(bits >> 11) + 0.5) * 0x1p-53;
    }
  return points;
}

}  // namespace kunlun::sensitivity
