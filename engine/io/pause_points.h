// Named moments of writing an output folder where a test can hold a command still, to kill it
// exactly there: KUNLUN_PAUSE_AT=before-rename (a comma-separated list) makes the command print
// "kunlun: paused at before-rename (pid N)" on stderr and wait KUNLUN_PAUSE_SECONDS (default 10)
// or until a signal arrives. Without the variable a pause point costs one comparison.
#pragma once

namespace kunlun {

// The points: "staged" (the staging folder exists, nothing written yet), "before-rename" (every
// file complete, the folder not yet in place), "before-cleanup" (the new folder in place, the one
// it replaced set aside) and "during-cleanup" (part of the replaced folder removed).
void pause_at(const char* point);

}  // namespace kunlun
