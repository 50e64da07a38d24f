// The thread counts a run may use: 1 to 4 per processor, from an argument or OMP_NUM_THREADS.
#include <gtest/gtest.h>
#include <omp.h>

#include <cstdint>
#include <string>

#include "core/errors.h"
#include "experiment/thread_count.h"

using namespace kunlun;

namespace {
std::string refusal(std::int64_t threads) {
  try {
    checked_thread_count(threads);
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().argument, "threads");
    EXPECT_EQ(e.hint(), thread_count_hint());
    return e.message();
  }
  return "accepted";
}
}  // namespace

TEST(ThreadCount, AllowsOneToFourPerProcessorAndRefusesTheRestWithTheRange) {
  const int limit = thread_limit();
  EXPECT_EQ(limit, kThreadsPerProcessor * omp_get_num_procs());
  EXPECT_EQ(checked_thread_count(1), 1);
  EXPECT_EQ(checked_thread_count(limit), limit);
  EXPECT_EQ(refusal(0), "0 is not a thread count");
  EXPECT_EQ(refusal(-4), "-4 is not a thread count");
  EXPECT_EQ(refusal(limit + 1), std::to_string(limit + 1) + " threads are more than this machine can use");
  EXPECT_EQ(refusal(100000), "100000 threads are more than this machine can use");
  EXPECT_EQ(refusal(INT64_MAX), std::to_string(INT64_MAX) + " threads are more than this machine can use");
  const std::string hint = thread_count_hint();
  EXPECT_EQ(hint.rfind("give 1 to " + std::to_string(limit) + ": at most 4 per processor, and ", 0), 0u) << hint;
  EXPECT_NE(hint.find("results do not depend on the thread count"), std::string::npos) << hint;
}

// OMP_NUM_THREADS=100000 (OpenMP's own default) is refused as a --threads of 100000 would be.
TEST(ThreadCount, DefaultAboveTheLimitIsRefusedNamingOmpNumThreads) {
  const int before = omp_get_max_threads();
  omp_set_num_threads(thread_limit());
  EXPECT_EQ(default_thread_count(), thread_limit());
  omp_set_num_threads(thread_limit() + 1);
  try {
    default_thread_count();
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "OMP_NUM_THREADS");
    EXPECT_EQ(e.hint().rfind("unset OMP_NUM_THREADS to use every processor, or give 1 to ", 0), 0u) << e.hint();
  }
  omp_set_num_threads(before);
}
