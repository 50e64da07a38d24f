#include "core/rng.h"

namespace kunlun {

namespace {
// SplitMix64 finaliser: spreads nearby seeds and replications over the whole key space.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

KeyedRng::KeyedRng(std::uint64_t seed, std::uint32_t replication) {
  const std::uint64_t k = mix(mix(seed) ^ (0xa0761d6478bd642fULL * (replication + 1ULL)));
  key_ = {{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k >> 32)}};
}

}  // namespace kunlun
