"""The compiled engine, kunlun._core, imported with a message that says how to build it."""

from __future__ import annotations

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
    """Every core, unless OMP_NUM_THREADS says otherwise."""
    return core().default_threads()


def check_threads(threads: int | None) -> int:
    """The thread count to use: `threads` when it is a positive int, else every core."""
    if threads is None:
        return default_threads()
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral):
        raise TypeError(f"threads must be an int, got {type(threads).__name__}")
    threads = int(threads)
    if threads < 1:
        from kunlun.errors import ScenarioError
        raise ScenarioError(f"threads: {threads} is not a thread count (give 1 or more)", key="threads",
                            problem=f"{threads} is not a thread count", hint="give 1 or more")
    return threads
