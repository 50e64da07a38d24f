// Keyed draws: pure functions of (seed, replication, subject, step, purpose).
#include <gtest/gtest.h>
#include <omp.h>

#include <vector>

#include "core/rng.h"

using namespace kunlun;

namespace {
std::vector<double> draws_with_threads(int threads, std::size_t n) {
  const KeyedRng rng(42, 3);
  std::vector<double> out(n);
  omp_set_num_threads(threads);
  // Dynamic schedule: the order in which agents are visited differs from run to run.
#pragma omp parallel for schedule(dynamic, 7)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i)
    out[static_cast<std::size_t>(i)] = rng.uniform(static_cast<std::uint64_t>(i) * 977, 17, Purpose::exit_province);
  omp_set_num_threads(omp_get_num_procs());
  return out;
}
}  // namespace

TEST(KeyedRng, DrawsDoNotDependOnThreadCountOrOrder) {
  const auto one = draws_with_threads(1, 100000);
  const auto two = draws_with_threads(2, 100000);
  const auto four = draws_with_threads(4, 100000);
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, four);
}

TEST(KeyedRng, EveryKeyComponentChangesTheDraw) {
  const KeyedRng a(1, 0), b(2, 0), c(1, 1);
  const double base = a.uniform(5, 10, Purpose::exit_province);
  EXPECT_EQ(base, KeyedRng(1, 0).uniform(5, 10, Purpose::exit_province));  // pure function
  EXPECT_NE(base, b.uniform(5, 10, Purpose::exit_province));               // seed
  EXPECT_NE(base, c.uniform(5, 10, Purpose::exit_province));               // replication
  EXPECT_NE(base, a.uniform(6, 10, Purpose::exit_province));               // subject
  EXPECT_NE(base, a.uniform(5, 11, Purpose::exit_province));               // step
  EXPECT_NE(base, a.uniform(5, 10, Purpose::retirement));                  // purpose
  // High bits of the subject matter too (recruited agents' ids differ only there).
  EXPECT_NE(a.uniform(5, 10, Purpose::exit_province), a.uniform(5 | (1ULL << 63), 10, Purpose::exit_province));
}

TEST(KeyedRng, UniformsAreInTheOpenUnitIntervalAndLookUniform) {
  const KeyedRng rng(7, 0);
  const int n = 200000;
  double sum = 0;
  int below_tenth = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform(static_cast<std::uint64_t>(i), 0, Purpose::synth_age);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    below_tenth += u < 0.1;
  }
  // Mean of n uniforms has sd 1/sqrt(12 n) = 0.00065; 5 sd is 0.0032.
  EXPECT_NEAR(sum / n, 0.5, 0.0032);
  // Binomial(n, 0.1) has sd sqrt(n * 0.09) = 134; allow 5 sd.
  EXPECT_NEAR(below_tenth, n / 10, 670);
  EXPECT_EQ(KeyedRng::to_unit(0), 0.5 * 0x1p-32);
  EXPECT_LT(KeyedRng::to_unit(0xffffffffu), 1.0);
}

// The batched draws of the hot loops are the scalar draws, lane for lane, for any batch length
// (including the ragged tail) and with per-subject or shared purposes.
TEST(KeyedRng, BatchedDrawsEqualScalarDraws) {
  const KeyedRng rng(20261124, 4);
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{15}, std::size_t{16}, std::size_t{17},
                        std::size_t{2048}, std::size_t{2051}}) {
    std::vector<std::uint64_t> subjects(n);
    std::vector<std::uint32_t> tags(n), shared(n), mixed(n);
    for (std::size_t k = 0; k < n; ++k) {
      subjects[k] = k * 0x9e3779b97f4a7c15ULL + (k % 3 == 0 ? (1ULL << 63) : 0);
      tags[k] = KeyedRng::tag(k % 2 ? Purpose::venture_start : Purpose::venture_failure, static_cast<std::uint16_t>(k % 5));
    }
    rng.first_words(subjects.data(), 77, nullptr, KeyedRng::tag(Purpose::move), shared.data(), n);
    rng.first_words(subjects.data(), 77, tags.data(), 0, mixed.data(), n);
    for (std::size_t k = 0; k < n; ++k) {
      ASSERT_EQ(shared[k], rng.words(subjects[k], 77, Purpose::move)[0]) << "n " << n << " k " << k;
      const auto purpose = static_cast<Purpose>(tags[k] >> 16);
      ASSERT_EQ(mixed[k], rng.words(subjects[k], 77, purpose, static_cast<std::uint16_t>(tags[k] & 0xffff))[0])
          << "n " << n << " k " << k;
    }
  }
}
