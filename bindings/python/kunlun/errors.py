"""The errors the kunlun package raises.

Every error from bad input (a scenario file, a value given to `Scenario.set`, an argument of
`run`, `compare` or `sweep`) is a `ScenarioError`: the same checks and the same message as the
command line, with the parts of the message as attributes. An interrupted run raises Python's
own `KeyboardInterrupt`, after the engine has stopped and left no output behind.
"""

from __future__ import annotations

__all__ = ["KunlunError", "ScenarioError"]


class KunlunError(Exception):
    """Base class of the errors kunlun raises for a user to act on."""


class ScenarioError(KunlunError, ValueError):
    """Bad input: the message names where it was written, the key, what is wrong and the fix.

    Attributes:
        file: the file the value was written in, or the Python call that gave it
            (for example ``"Scenario.set"``); None when unknown.
        line: the 1-based line in `file`, or None when the value has no line.
        key: the dotted scenario key or argument, for example ``"policies.rent.monthly_cny"``.
        problem: what is wrong, in one sentence.
        hint: how to fix it, or None.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None, problem: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem if problem is not None else message
        self.hint = hint

    def __reduce__(self):  # picklable, for multiprocessing users
        return (_rebuild_scenario_error, (str(self), self.file, self.line, self.key, self.problem, self.hint))


def _rebuild_scenario_error(message, file, line, key, problem, hint):
    return ScenarioError(message, file=file, line=line, key=key, problem=problem, hint=hint)
