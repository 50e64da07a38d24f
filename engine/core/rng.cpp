#include "core/rng.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

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

namespace {
// Philox4x32-10, one counter at a time: Random123's rounds, written out so the batched version
// below can be checked against it lane for lane.
std::uint32_t philox_first_word(std::uint64_t subject, std::uint32_t step, std::uint32_t tag, std::uint32_t k0,
                                std::uint32_t k1) {
  std::uint32_t c0 = static_cast<std::uint32_t>(subject), c1 = static_cast<std::uint32_t>(subject >> 32), c2 = step,
                c3 = tag;
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = static_cast<std::uint64_t>(PHILOX_M4x32_0) * c0;
    const std::uint64_t p1 = static_cast<std::uint64_t>(PHILOX_M4x32_1) * c2;
    const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1 ^ k0;
    const std::uint32_t n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3 ^ k1;
    c1 = static_cast<std::uint32_t>(p1);
    c3 = static_cast<std::uint32_t>(p0);
    c0 = n0;
    c2 = n2;
    k0 += PHILOX_W32_0;
    k1 += PHILOX_W32_1;
  }
  return c0;
}

#if defined(__x86_64__) && defined(__GNUC__)
#define KUNLUN_PHILOX_AVX2 1
// Eight counters at once in AVX2 registers. The 32 x 32 -> 64-bit products come from the even
// lanes and from the odd lanes shifted down; their high and low halves are blended back into
// eight lanes. Integer arithmetic only: the same numbers as the scalar rounds.
__attribute__((target("avx2"))) void philox_first_words_avx2(const std::uint64_t* subjects, std::uint32_t step,
                                                              const std::uint32_t* tags, std::uint32_t tag,
                                                              std::uint32_t key0, std::uint32_t key1,
                                                              std::uint32_t* out, std::size_t n) {
  const __m256i m0 = _mm256_set1_epi64x(PHILOX_M4x32_0), m1 = _mm256_set1_epi64x(PHILOX_M4x32_1);
  const __m256i even_then_odd = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
  std::size_t base = 0;
  for (; base + 8 <= n; base += 8) {
    // Eight 64-bit subjects -> low words (c0) and high words (c1), in lane order.
    const __m256i a = _mm256_permutevar8x32_epi32(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(subjects + base)), even_then_odd);
    const __m256i b = _mm256_permutevar8x32_epi32(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(subjects + base + 4)), even_then_odd);
    __m256i c0 = _mm256_permute2x128_si256(a, b, 0x20);
    __m256i c1 = _mm256_permute2x128_si256(a, b, 0x31);
    __m256i c2 = _mm256_set1_epi32(static_cast<int>(step));
    __m256i c3 = tags ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(tags + base))
                      : _mm256_set1_epi32(static_cast<int>(tag));
    std::uint32_t k0 = key0, k1 = key1;
    for (int round = 0; round < 10; ++round) {
      const __m256i p0_even = _mm256_mul_epu32(c0, m0), p0_odd = _mm256_mul_epu32(_mm256_srli_epi64(c0, 32), m0);
      const __m256i p1_even = _mm256_mul_epu32(c2, m1), p1_odd = _mm256_mul_epu32(_mm256_srli_epi64(c2, 32), m1);
      const __m256i lo0 = _mm256_blend_epi32(p0_even, _mm256_slli_epi64(p0_odd, 32), 0xAA);
      const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(p0_even, 32), p0_odd, 0xAA);
      const __m256i lo1 = _mm256_blend_epi32(p1_even, _mm256_slli_epi64(p1_odd, 32), 0xAA);
      const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(p1_even, 32), p1_odd, 0xAA);
      c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), _mm256_set1_epi32(static_cast<int>(k0)));
      c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), _mm256_set1_epi32(static_cast<int>(k1)));
      c1 = lo1;
      c3 = lo0;
      k0 += PHILOX_W32_0;
      k1 += PHILOX_W32_1;
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + base), c0);
  }
  for (; base < n; ++base) out[base] = philox_first_word(subjects[base], step, tags ? tags[base] : tag, key0, key1);
}
#endif
}  // namespace

void KeyedRng::first_words(const std::uint64_t* subjects, std::uint32_t step, const std::uint32_t* tags,
                           std::uint32_t tag, std::uint32_t* out, std::size_t n) const {
#ifdef KUNLUN_PHILOX_AVX2
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) {
    philox_first_words_avx2(subjects, step, tags, tag, key_.v[0], key_.v[1], out, n);
    return;
  }
#endif
  for (std::size_t k = 0; k < n; ++k)
    out[k] = philox_first_word(subjects[k], step, tags ? tags[k] : tag, key_.v[0], key_.v[1]);
}

KeyedRng::KeyedRng(std::uint64_t seed, std::uint32_t replication) {
  const std::uint64_t k = mix(mix(seed) ^ (0xa0761d6478bd642fULL * (replication + 1ULL)));
  key_ = {{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k >> 32)}};
}

}  // namespace kunlun
