// Exponential and logarithm as plain arithmetic, for the hot loops: compilers vectorise them, and
// they give the same bits on every processor and in every vector width (the engine builds with
// -ffp-contract=off, so no fused multiply-add changes a rounding). Relative error below 1e-14
// over the ranges the model uses (tested against the C library).
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace kunlun {

// e^x for |x| <= 700 (beyond, the argument is held at ±700: e^±700 already saturates any
// probability the model takes from it).
inline double fast_exp(double x) {
  x = std::min(700.0, std::max(-700.0, x));
  constexpr double log2e = 1.4426950408889634074;
  constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  // Round x / ln 2 to an integer k with the 1.5 x 2^52 trick: k lands in the low mantissa bits.
  constexpr double shifter = 6755399441055744.0;  // 1.5 * 2^52
  const double t = x * log2e + shifter;
  const double k = t - shifter;
  const double r = (x - k * ln2_hi) - k * ln2_lo;  // |r| <= ln2 / 2
  // Taylor series of e^r to r^13 / 13!: the remainder is below 1e-17 relative for |r| <= 0.35.
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^k from k's bits: the integer sits in the low bits of t.
  const std::int64_t ki = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(t) - std::bit_cast<std::uint64_t>(shifter));
  const double scale = std::bit_cast<double>(static_cast<std::uint64_t>(ki + 1023) << 52);
  return p * scale;
}

// Natural logarithm of a positive, normal x.
inline double fast_log(double x) {
  constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)): take the mantissa in [1, 2), halve it above sqrt 2.
  std::int32_t e = static_cast<std::int32_t>(bits >> 52) - 1023;
  double m = std::bit_cast<double>((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
  const bool high = m > 1.4142135623730950488;
  m = high ? m * 0.5 : m;
  e = high ? e + 1 : e;
  // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716: the series to s^21 / 21.
  const double s = (m - 1.0) / (m + 1.0), s2 = s * s;
  double p = 1.0 / 21;
  p = p * s2 + 1.0 / 19;
  p = p * s2 + 1.0 / 17;
  p = p * s2 + 1.0 / 15;
  p = p * s2 + 1.0 / 13;
  p = p * s2 + 1.0 / 11;
  p = p * s2 + 1.0 / 9;
  p = p * s2 + 1.0 / 7;
  p = p * s2 + 1.0 / 5;
  p = p * s2 + 1.0 / 3;
  p = p * s2 + 1.0;
  const double ed = static_cast<double>(e);
  return ed * ln2_hi + (2.0 * s * p + ed * ln2_lo);
}

// p[k] = 1 / (1 + e^-(a[k] + coef * ln(x[k]))) for k < n: the logistic of a linear predictor with
// a log term, the hazard shape of the hot loops. Vectorised (AVX2 where the processor has it).
void logistic_with_log(const double* a, const float* x, double coef, double* p, std::size_t n);

}  // namespace kunlun
