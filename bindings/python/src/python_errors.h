// Bad input in Python's words: the engine names a call's arguments by key ("out", "force",
// "memory_limit", "axes"); here they become the keyword arguments of kunlun.run, compare and sweep,
// and every InputError becomes kunlun.ScenarioError.
#pragma once

#include <string>

#include "core/errors.h"

namespace kunlun::python {

// The error placed at `call` ("kunlun.run") when it was written in no file: a value given to the
// call, such as its `out` argument or one of a sweep's axes.
InputError at_call(const InputError& e, const std::string& call);

// Sets kunlun.ScenarioError as the pending Python error: `file` the file or the call, `key` the
// scenario key or else the argument ("out", "axes"), and suggested changes worded as a Python
// user writes them ("choose another out=, or give force=True to replace it").
void raise_scenario_error(const InputError& e);

}  // namespace kunlun::python
