// The random draws of the sensitivity methods (the design's digital shift, Morris candidates,
// bootstrap resamples): Random123's Philox keyed by the analysis seed, each use its own stream,
// so that every draw is a pure function of (seed, stream, index) as everywhere in kunlun.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cstdint>

namespace kunlun::sensitivity {

enum class Stream : std::uint32_t {
  sobol_shift = 1,        // the digital shift of the quasi-random points, by dimension
  morris_candidate = 2,   // start levels, directions and order of each candidate trajectory
  sobol_bootstrap = 3,    // rows drawn by each bootstrap resample
  morris_bootstrap = 4,   // trajectories drawn by each bootstrap resample
  calibration_candidates = 5,  // the digital shift of each wave's candidate points
  calibration_chain = 6,       // proposals and acceptances of each chain on the emulators
  posterior_draw = 7,          // the posterior set each replication of a run draws
};

class KeyedStream {
 public:
  KeyedStream(std::uint64_t seed, Stream stream)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        stream_(static_cast<std::uint32_t>(stream)) {}

  // Four independent 32-bit words for (a, b): a resample or candidate, and a draw within it.
  std::array<std::uint32_t, 4> words(std::uint64_t a, std::uint32_t b) const {
    const r123::Philox4x32::ctr_type ctr = {
        {static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(a >> 32), b, stream_}};
    const r123::Philox4x32::ctr_type out = r123::Philox4x32()(ctr, key_);
    return {out[0], out[1], out[2], out[3]};
  }

  std::uint64_t word64(std::uint64_t a, std::uint32_t b) const {
    const auto w = words(a, b);
    return (static_cast<std::uint64_t>(w[0]) << 32) | w[1];
  }

  // A uniform number in the open interval (0, 1), from 53 random bits.
  double uniform(std::uint64_t a, std::uint32_t b) const {
    return (static_cast<double>(word64(a, b) >> 11) + 0.5) * 0x1.0p-53;
  }

  // A whole number in [0, bound), by the multiply-shift of 64 random bits (bias below 2^-32 for
  // any bound kunlun allows).
  std::uint64_t below(std::uint64_t bound, std::uint64_t a, std::uint32_t b) const {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(word64(a, b)) * bound) >> 64);
  }

 private:
  r123::Philox4x32::key_type key_;
  std::uint32_t stream_;
};

}  // namespace kunlun::sensitivity
