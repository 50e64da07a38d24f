#include "experiment/thread_count.h"

#include <omp.h>

#include <algorithm>

#include "core/errors.h"

namespace kunlun {

std::string thread_count_hint() {
  const int processors = omp_get_num_procs();
  return "give 1 to " + std::to_string(thread_limit()) + ": at most " + std::to_string(kThreadsPerProcessor) +
         " per processor, and " + std::to_string(processors) + (processors == 1 ? " processor is" : " processors are") +
         " available; results do not depend on the thread count";
}

int thread_limit() { return kThreadsPerProcessor * std::max(omp_get_num_procs(), 1); }

int checked_thread_count(std::int64_t requested) {
  if (requested < 1)
    throw InputError({.argument = "threads"}, "", std::to_string(requested) + " is not a thread count",
                     thread_count_hint());
  if (requested > thread_limit())
    throw InputError({.argument = "threads"}, "", std::to_string(requested) + " threads are more than this machine can use",
                     thread_count_hint());
  return static_cast<int>(requested);
}

int default_thread_count() {
  const int threads = omp_get_max_threads();
  if (threads > thread_limit())
    throw InputError({"OMP_NUM_THREADS"}, "", std::to_string(threads) + " threads are more than this machine can use",
                     "unset OMP_NUM_THREADS to use every processor, or " + thread_count_hint());
  return threads;
}

}  // namespace kunlun
