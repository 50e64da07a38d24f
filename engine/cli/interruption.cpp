#include "cli/interruption.h"

#include <signal.h>

#include <atomic>

#include "cli/commands.h"

std::atomic<bool> kunlun::cli::g_cancel{false};

namespace kunlun::cli {

namespace {
volatile sig_atomic_t g_signal = 0;

extern "C" void on_interruption(int sig) {
  if (g_cancel.load()) {  // asked twice: stop now, as if there were no handler
    ::signal(sig, SIG_DFL);
    ::raise(sig);
    return;
  }
  g_signal = sig;
  g_cancel.store(true);
}
}  // namespace

void stop_on_interruption() {
  struct sigaction action {};
  action.sa_handler = on_interruption;
  action.sa_flags = SA_RESTART;  // file writes and waits go on; the work polls g_cancel
  sigemptyset(&action.sa_mask);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&action.sa_mask, sig);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &action, nullptr);
}

int interruption_signal() { return g_signal; }

const char* interruption_words() {
  switch (g_signal) {
    case SIGTERM: return "interrupted by SIGTERM";
    case SIGHUP: return "interrupted by SIGHUP";
    default: return "interrupted";
  }
}

}  // namespace kunlun::cli
