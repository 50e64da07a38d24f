"""kunlun: agent-based simulation of professional-talent flows, from Python.

The whole engine of the `kunlun` command line, for scripts and notebooks::

    import kunlun
    base = kunlun.Scenario.load("scenarios/qinghai/baseline.yaml")
    housing = kunlun.Scenario.load("scenarios/qinghai/housing.yaml")
    results = kunlun.run(base, replications=4)          # Results: pandas frames
    results.timeseries.head()
    comparison = kunlun.compare(base, housing)          # paired differences with intervals
    comparison.differences.query("group == 'qinghai'")

    kunlun.sensitivity(base, housing, method="morris")  # which assumptions decide the effect
    kunlun.sensitivity.sobol(func, bounds, n=1024)      # Sobol' indices of any function
    kunlun.calibrate(hindcast, targets, design=...)     # parameters estimated against observations

    sim = kunlun.Simulation(base)                       # step month by month
    sim.run_until("2030-01")
    sim.agents()["age_months"]                          # read-only numpy view, no copy

Runs write the same files, byte for byte, as the command line does for the same scenario and
seed. Bad input raises `ScenarioError` with the file, line and key; Ctrl-C stops a run between
months and raises KeyboardInterrupt, leaving no partial output. See docs/python.md.

The engine lives in the compiled module `kunlun._core`. It is imported on first use, so the
report module (`python3 -m kunlun.html_report`) also works from a source tree without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from kunlun.errors import KunlunError, ScenarioError

__all__ = [
    "Scenario", "Simulation", "Agents", "Results", "Comparison", "Sweep",
    "run", "compare", "sweep", "report", "parameters", "sensitivity", "calibrate", "Calibration",
    "ScenarioError", "KunlunError", "__version__",
]

# Where each public name lives; imported on first access (PEP 562).
_LAZY = {
    "Scenario": "kunlun.scenario",
    "Simulation": "kunlun.simulation",
    "Agents": "kunlun.simulation",
    "Results": "kunlun.results",
    "Comparison": "kunlun.experiments",
    "Sweep": "kunlun.experiments",
    "run": "kunlun.experiments",
    "compare": "kunlun.experiments",
    "sweep": "kunlun.experiments",
    "report": "kunlun.experiments",
    "parameters": "kunlun.parameters",
    "calibrate": "kunlun.calibration",
    "Calibration": "kunlun.calibration",
}

if TYPE_CHECKING:
    from kunlun.calibration import Calibration, calibrate
    from kunlun.experiments import Comparison, Sweep, compare, report, run, sweep
    from kunlun.parameters import parameters
    from kunlun.results import Results
    from kunlun.scenario import Scenario
    from kunlun.simulation import Agents, Simulation


def __getattr__(name: str):
    if name == "__version__":
        from kunlun._engine import core
        return core().version
    if name == "sensitivity":  # a module that can also be called: kunlun.sensitivity(scenario, ...)
        return importlib.import_module("kunlun.sensitivity")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kunlun' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
