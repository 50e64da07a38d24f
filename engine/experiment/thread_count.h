// How many threads a run may use, and the check of a requested count that both faces (the
// command line's --threads, Python's threads=) and OpenMP's OMP_NUM_THREADS default go through.
#pragma once

#include <cstdint>
#include <string>

namespace kunlun {

// The outputs do not depend on the thread count and a run is fastest at one thread per
// processor, so more threads only add switching and per-thread tallies (each thread keeps its own
// indicator counts). A few per processor are allowed so that determinism can be tested on a small
// machine (1, 2 and 4 threads on one or two processors); far more used to exhaust memory and
// crash OpenMP's runtime (--threads 100000) or flood the machine (-t 30000).
inline constexpr int kThreadsPerProcessor = 4;

// kThreadsPerProcessor times the processors OpenMP may use (its affinity mask, not the whole host).
int thread_limit();

// The allowed range and why, the hint of a refused count: "give 1 to 8: at most 4 per processor,
// and 2 processors are available; results do not depend on the thread count".
std::string thread_count_hint();

// `requested` when it is 1 to thread_limit(); otherwise InputError at the argument "threads"
// with thread_count_hint().
int checked_thread_count(std::int64_t requested);

// OpenMP's default for a run: every processor, or OMP_NUM_THREADS when set. Throws InputError
// (at "OMP_NUM_THREADS") when that asks for more than thread_limit().
int default_thread_count();

}  // namespace kunlun
