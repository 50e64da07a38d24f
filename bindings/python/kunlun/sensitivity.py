"""Global sensitivity analysis: Sobol' indices and Morris screening, on any function or on the model.

On any function (the engine's estimators; check them against a function whose indices you know)::

    import numpy as np
    from kunlun import sensitivity
    ishigami = lambda x: np.sin(x[:, 0]) + 7 * np.sin(x[:, 1])**2 + 0.1 * x[:, 2]**4 * np.sin(x[:, 0])
    sensitivity.sobol(ishigami, [(-np.pi, np.pi)] * 3, n=4096)      # parameter, S1 .. ST_high
    sensitivity.morris(ishigami, {"a": (-np.pi, np.pi), "b": (-np.pi, np.pi), "c": (-np.pi, np.pi)},
                       trajectories=20)                                # parameter, mu_star .. sigma

On the model (what `kunlun sensitivity` does, writing the same files)::

    kunlun.sensitivity("scenarios/qinghai/baseline.yaml", method="morris", trajectories=10)
    kunlun.sensitivity(base, housing, method="sobol", parameters=["behaviour.utility"])  # paired effect

`kunlun.sensitivity` is this module and can be called. Intervals are bootstrap percentile
intervals of the indices: the sampling error of a finite design, not a forecast interval.
"""

from __future__ import annotations

import json
import os
import sys
import types
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from kunlun._engine import argument_error, check_threads, core, memory_limit_bytes
from kunlun._folder import OutputFolder

__all__ = ["sobol", "morris", "analyse", "SensitivityAnalysis"]

SOBOL_COLUMNS = ["parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
MORRIS_COLUMNS = ["parameter", "mu_star", "mu_star_low", "mu_star_high", "sigma"]


def _bounds(bounds, call: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Names, lows and highs from [(low, high), ...] (named x1, x2, ...) or {name: (low, high)}."""
    if isinstance(bounds, Mapping):
        items = list(bounds.items())
    elif isinstance(bounds, Sequence) and not isinstance(bounds, (str, bytes)):
        items = [(f"x{i + 1}", b) for i, b in enumerate(bounds)]
    else:
        raise TypeError(f"{call}: bounds must be a list of (low, high) or a dict name -> (low, high)")
    if not items:
        raise argument_error(call, "bounds", "no parameters", "give one (low, high) per parameter")
    names, lows, highs = [], [], []
    for name, pair in items:
        try:
            low, high = (float(v) for v in pair)
        except (TypeError, ValueError):
            raise argument_error(call, "bounds", f"{name}: {pair!r} is not a (low, high) pair",
                                 "give two numbers, e.g. (0.5, 2)") from None
        if not (np.isfinite(low) and np.isfinite(high) and low < high):
            raise argument_error(call, "bounds", f"{name}: ({low:g}, {high:g}) is not a range with low < high",
                                 "give finite numbers with low below high")
        names.append(str(name))
        lows.append(low)
        highs.append(high)
    return names, np.asarray(lows), np.asarray(highs)


def _evaluate(func: Callable[[np.ndarray], Any], x: np.ndarray, call: str) -> np.ndarray:
    y = np.asarray(func(x), dtype=float)
    if y.shape != (x.shape[0],):
        raise argument_error(call, "func", f"returned an array of shape {y.shape} for {x.shape[0]} points",
                             f"func must map an (n, d) array to an (n,) array, here ({x.shape[0]},)")
    return y


def _whole(value, name: str, call: str, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{call}: {name} must be an int, got {type(value).__name__}")
    if value < low:
        raise argument_error(call, name, f"{value} is below {low}")
    return int(value)


def sobol(func: Callable[[np.ndarray], Any], bounds, n: int, seed: int = 0, *, resamples: int = 1000,
          confidence: float = 0.95) -> pd.DataFrame:
    """First- and total-order Sobol' indices of `func` over uniform ranges.

    func maps an (N, d) array of points to an (N,) array; it is called once, with the whole
    Saltelli design of N = n (d + 2) points (Saltelli et al. 2010; quasi-random points from Boost's
    Sobol' sequence, digitally shifted by `seed`). S1 is Saltelli's 2010 estimator, ST Jansen's
    (1999). Returns one row per parameter: parameter, S1, S1_low, S1_high, ST, ST_low, ST_high,
    the intervals bootstrap percentile intervals (`confidence`) over the n base points."""
    call = "kunlun.sensitivity.sobol"
    names, low, high = _bounds(bounds, call)
    n, seed, resamples = _whole(n, "n", call, 2), _whole(seed, "seed", call, 0), _whole(resamples, "resamples", call)
    unit = core().saltelli_design(n, len(names), seed)
    y = _evaluate(func, low + unit * (high - low), call)
    rows = core().sobol_indices(n, len(names), seed, y, names, resamples, float(confidence))
    return pd.DataFrame([[name, *row] for name, row in zip(names, rows)], columns=SOBOL_COLUMNS)


def morris(func: Callable[[np.ndarray], Any], bounds, trajectories: int, seed: int = 0, *, levels: int = 4,
           resamples: int = 1000, confidence: float = 0.95) -> pd.DataFrame:
    """Morris elementary-effects screening of `func` over uniform ranges.

    func is called once with all trajectories x (d + 1) points (Morris 1991; trajectories chosen
    for spread, Campolongo et al. 2007). An elementary effect is the change of func per unit of a
    parameter's range (scaled to [0, 1]), over a step of levels / (2 (levels - 1)) of it. Returns
    one row per parameter: parameter, mu_star (mean absolute effect) with its bootstrap interval
    over trajectories (mu_star_low, mu_star_high), and sigma (the effects' standard deviation:
    interactions and non-linearity)."""
    call = "kunlun.sensitivity.morris"
    names, low, high = _bounds(bounds, call)
    trajectories = _whole(trajectories, "trajectories", call, 2)
    seed, levels = _whole(seed, "seed", call, 0), _whole(levels, "levels", call, 2)
    resamples = _whole(resamples, "resamples", call)
    unit = core().morris_design(trajectories, len(names), seed, levels)
    y = _evaluate(func, low + unit * (high - low), call)
    rows = core().morris_indices(trajectories, len(names), seed, levels, y, names, resamples, float(confidence))
    return pd.DataFrame([[name, r[0], r[1], r[2], r[4]] for name, r in zip(names, rows)], columns=MORRIS_COLUMNS)


class SensitivityAnalysis(OutputFolder):
    """A `kunlun sensitivity` output folder.

    indices: one row per indicator and parameter, ranked (rank 1: most influential), with the
        same index columns as sobol() or morris() (sensitivity.csv).
    design: every design point's parameter values and analysed outputs (design.csv).
    parameters: what varied, over which distribution, and why (parameters.csv).
    manifest: manifest.json; report: the path of report.html.
    """

    _marker, _kind = "sensitivity.csv", "sensitivity"

    @property
    def method(self) -> str:
        """morris or sobol."""
        return self.manifest["method"]

    @cached_property
    def indices(self) -> pd.DataFrame:
        """sensitivity.csv: indicator, rank, then the columns of morris() (and mu) or sobol()."""
        frame = pd.read_csv(self._path / "sensitivity.csv")
        if self.method == "morris":  # mu is in the file; the frame keeps morris()'s columns, then mu
            frame = frame[["indicator", "rank", *MORRIS_COLUMNS, "mu"]]
        else:
            frame = frame[["indicator", "rank", *SOBOL_COLUMNS]]
        return frame

    @cached_property
    def design(self) -> pd.DataFrame:
        """design.csv: every point's parameter values and analysed outputs."""
        return pd.read_csv(self._path / "design.csv")

    @cached_property
    def parameters(self) -> pd.DataFrame:
        """parameters.csv: what varied, its distribution, range and reasoning."""
        return pd.read_csv(self._path / "parameters.csv")

    @property
    def report(self) -> Path:
        """The path of report.html, the ranked bar charts."""
        return self._path / "report.html"

    def top(self, indicator: str, count: int = 10) -> pd.DataFrame:
        """The `count` most influential parameters for `indicator`."""
        frame = self.indices[self.indices["indicator"] == indicator]
        if frame.empty:
            known = ", ".join(self.indices["indicator"].unique())
            raise KeyError(f"no indicator {indicator!r} in this analysis (it has {known})")
        return frame.sort_values("rank").head(count)


def analyse(scenario, variant=None, *, method: str = "morris", parameters: Sequence[str] | None = None,
            indicators: Sequence[str] | None = None, uncertainty: Mapping[str, Any] | None = None,
            trajectories: int = 10, levels: int = 4, base_samples: int = 64, resamples: int = 1000,
            confidence: float = 0.95, seed: int | None = None, replications: int = 1,
            out: str | os.PathLike | None = None, force: bool = False, threads: int | None = None,
            memory_limit: int | str | None = None, posterior: str | os.PathLike | None = None) -> SensitivityAnalysis:
    """Sensitivity of the model's indicators to the scenario's uncertain parameters (or, with
    `variant`, of the paired effect variant minus scenario), as `kunlun sensitivity` computes it,
    writing the same files. Also callable as kunlun.sensitivity(...).

    parameters: keys or prefixes to vary (default every parameter with an uncertainty).
    uncertainty: overrides as in a scenario's uncertainty: section, e.g.
        {"behaviour.mobility.utility_gap": {"low": 0.5, "high": 2}, "behaviour.utility.hometown": "fixed"}.
    indicators: "stock_end", "autonomous_grassroots:grassroots_talent_years", ... (default: stock,
        grassroots stock and talent-years, departures from the province, open posts, cost).
    posterior: posterior.csv of kunlun.calibrate (default: the scenario's posterior: key, if any;
        "none": no posterior). Replication k of every point runs with the set a run's replication k
        draws, and the parameters it sets are not varied: the ranking is of the assumptions left.
    Other arguments as for the command's options; out, force, threads, memory_limit as for run()."""
    from kunlun.experiments import _call, _scenario, _write_and_read
    call = "kunlun.sensitivity"
    base = _scenario(scenario, "scenario")
    other = _scenario(variant, "variant") if variant is not None else None
    if isinstance(parameters, str) or isinstance(indicators, str):
        raise TypeError(f"{call}: parameters and indicators are lists of keys, e.g. ['behaviour.mobility']")
    design = {"method": method, "parameters": list(parameters) if parameters is not None else None,
              "indicators": list(indicators) if indicators is not None else None,
              "uncertainty": dict(uncertainty) if uncertainty is not None else None,
              "trajectories": _whole(trajectories, "trajectories", call, 2), "levels": _whole(levels, "levels", call, 2),
              "base_samples": _whole(base_samples, "base_samples", call, 2),
              "resamples": _whole(resamples, "resamples", call), "confidence": float(confidence),
              "seed": None if seed is None else _whole(seed, "seed", call, 0),
              "replications": _whole(replications, "replications", call)}
    command = _call("sensitivity", repr(base.name), *([repr(other.name)] if other else []), method=method,
                    out=None if out is None else os.fspath(out))
    threads, limit = check_threads(threads, call), memory_limit_bytes(memory_limit, call)
    name = f"sensitivity-{(other or base).name}"
    return _write_and_read(out, name, lambda folder: core().sensitivity(
        base._document, other._document if other else None, design, folder, force, threads, limit, command,
        "" if posterior is None else os.fspath(posterior)),
        SensitivityAnalysis)


class _CallableModule(types.ModuleType):
    """kunlun.sensitivity is both the module of sobol() and morris() and the model analysis."""

    def __call__(self, *args, **kwargs) -> SensitivityAnalysis:
        return analyse(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
