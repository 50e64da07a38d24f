#include "interruptible_work.h"

#include <omp.h>
#include <pybind11/pybind11.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace kunlun::python {

namespace py = pybind11;

void run_interruptibly(int threads, const std::function<void(const std::atomic<bool>& cancel)>& work) {
  std::atomic<bool> cancel{false};
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  std::exception_ptr failure;
  std::optional<py::error_already_set> interrupt;

  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        omp_set_num_threads(threads);
        work(cancel);
      } catch (...) {
        failure = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex);
      done = true;
      finished.notify_all();
    });
    std::unique_lock<std::mutex> lock(mutex);
    while (!done) {
      finished.wait_for(lock, std::chrono::milliseconds(50));
      if (done || interrupt) continue;
      lock.unlock();
      {
        // Signal handlers run only on the main thread, with the GIL; this is where Ctrl-C lands.
        py::gil_scoped_acquire acquire;
        if (PyErr_CheckSignals() != 0) {
          interrupt.emplace();  // takes the pending KeyboardInterrupt
          cancel.store(true);
        }
      }
      lock.lock();
    }
    lock.unlock();
    worker.join();
  }
  if (interrupt) throw *interrupt;
  if (failure) std::rethrow_exception(failure);
}

}  // namespace kunlun::python
