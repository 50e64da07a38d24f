// Ctrl-C, SIGTERM and SIGHUP ask a long command (run, compare, sweep) to stop: it stops between
// months, removes its staging folder and exits 130, whichever of the three asked. A second signal
// ends the process at once; the staging folder it leaves is removed by the next run.
#pragma once

namespace kunlun::cli {

// Installs the handlers, which set g_cancel (commands.h).
void stop_on_interruption();

// The signal that asked to stop (SIGINT, SIGTERM or SIGHUP), or 0.
int interruption_signal();

// "interrupted" for Ctrl-C, "interrupted by SIGTERM" or "... by SIGHUP" otherwise.
const char* interruption_words();

}  // namespace kunlun::cli
