"""The compiled engine, kunlun._core, imported with a message that says how to build it."""

from __future__ import annotations

import math
import numbers
import os
from types import ModuleType

_core: ModuleType | None = None


def core() -> ModuleType:
    """kunlun._core, imported on first use."""
    global _core
    if _core is None:
        try:
            from kunlun import _core as module
        except ImportError as error:
            raise ImportError(
                "the kunlun engine module (kunlun._core) is not built or not on the path: run ./setup.sh "
                "and put the build's python folder first on the path, e.g. "
                "PYTHONPATH=build/python /usr/bin/python3 (this package is at "
                f"{os.path.dirname(__file__)})") from error
        _core = module
    return _core


def default_threads() -> int:
    """Every core, unless OMP_NUM_THREADS says otherwise (ScenarioError when it asks for more than
    `thread_limit()`)."""
    return core().default_threads()


def thread_limit() -> int:
    """The most threads a run may use: 4 per processor. Results do not depend on the thread
    count, and a run is fastest at one per processor; far more only exhaust memory."""
    return core().thread_limit()


def argument_error(call: str, key: str, problem: str, hint: str | None = None):
    """A ScenarioError about an argument of `call`, worded as the engine words one:
    "kunlun.run: threads: 0 is not a thread count (give 1 to 8: ...)"."""
    from kunlun.errors import ScenarioError
    return ScenarioError(f"{call}: {key}: {problem}" + (f" ({hint})" if hint else ""), file=call, key=key,
                         problem=problem, hint=hint)


def check_threads(threads: int | None, call: str) -> int:
    """The thread count to use: `threads` when it is an int from 1 to `thread_limit()`, else
    every core (None). TypeError for a non-int, ScenarioError naming `call` for a count out of
    range."""
    if threads is None:
        return default_threads()
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral):
        raise TypeError(f"threads must be an int, got {type(threads).__name__}")
    threads = int(threads)
    if not 1 <= threads <= thread_limit():
        problem = (f"{threads} is not a thread count" if threads < 1 else
                   f"{threads} threads are more than this machine can use")
        raise argument_error(call, "threads", problem, core().thread_count_hint())
    return threads


def check_count(value: int | None, argument: str) -> int | None:
    """`value` as an int when it is one (replications=, seed=), else TypeError naming the
    argument; its range is the scenario key's, checked when it is set."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{argument} must be an int, got {type(value).__name__}")
    return int(value)


def memory_limit_bytes(limit: int | float | str | None, call: str) -> int:
    """Bytes from an int or a text such as "16G" (K, M, G, T: powers of 1024), exactly, as
    `kunlun run --memory-limit` reads it; 0 for None (what the system has available).
    TypeError for another type, ScenarioError naming `call` for a value that is not 1 byte to
    1024T."""
    if limit is None:
        return 0
    if isinstance(limit, bool) or not isinstance(limit, (numbers.Real, str)):
        raise TypeError(f"memory_limit must be bytes (an int) or a size such as '16G', got {type(limit).__name__}")
    if isinstance(limit, numbers.Integral):
        text = str(int(limit))
    elif isinstance(limit, numbers.Real):
        # 16e9 is a whole number of bytes; 0.5, inf and nan reach the engine's check as written.
        value = float(limit)
        text = str(int(value)) if math.isfinite(value) and value.is_integer() else str(value)
    else:
        text = limit
    return core().memory_limit_bytes(text, call)
