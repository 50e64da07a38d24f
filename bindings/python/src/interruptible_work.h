// Engine work run from Python: on a thread of its own with the GIL released, while the calling
// thread wakes every few milliseconds to let Python handle signals. Ctrl-C (in a terminal or a
// notebook) asks the work to stop at its next month; KeyboardInterrupt is raised once it has.
#pragma once

#include <atomic>
#include <functional>

namespace kunlun::python {

// Runs `work(cancel)` and returns when it has finished; rethrows its exception, or raises
// KeyboardInterrupt (with nothing written) when Python was interrupted meanwhile. `threads`
// becomes OpenMP's thread count on the worker thread.
void run_interruptibly(int threads, const std::function<void(const std::atomic<bool>& cancel)>& work);

}  // namespace kunlun::python
