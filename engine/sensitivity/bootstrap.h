// Bootstrap percentile intervals of a sensitivity index (Efron and Tibshirani 1993, ch. 13): the
// estimator recomputed on resamples of the design's independent units (base rows of a Saltelli
// design, trajectories of a Morris design), drawn with replacement from the seed's stream. The
// interval is the sampling error of the index from a finite design, not uncertainty about the
// model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sensitivity/keyed_stream.h"

namespace kunlun::sensitivity {

struct BootstrapOptions {
  std::size_t resamples = 1000;
  double confidence = 0.95;
};

inline constexpr std::size_t kMaxResamples = 1000000;

// InputError (arguments "resamples", "confidence") unless 1 <= resamples <= kMaxResamples and
// 0 < confidence < 1.
void check_bootstrap(const BootstrapOptions& options);

// An index: the estimate from the whole design and its bootstrap percentile interval.
struct IndexEstimate {
  double value = 0, low = 0, high = 0;
};

// The units resample `b` draws: `units` indices in [0, units), a pure function of (seed, stream, b).
std::vector<std::size_t> resample_units(const KeyedStream& stream, std::size_t b, std::size_t units);

// The (1 - confidence) / 2 and (1 + confidence) / 2 quantiles of the finite `replicates` (linear
// interpolation between order statistics, Hyndman and Fan type 7); NaN when none is finite.
IndexEstimate percentile_interval(double value, std::vector<double> replicates, double confidence);

}  // namespace kunlun::sensitivity
