"""Calibration of a scenario's uncertain parameters against observed targets.

::

    cal = kunlun.calibrate("scenarios/qinghai/hindcast.yaml", "scenarios/qinghai/targets.yaml",
                           design="scenarios/qinghai/calibration.yaml", scale=0.25)
    cal.posterior        # one row per parameter set drawn from the posterior (posterior.csv)
    cal.fit              # each target against the posterior's 90% prediction interval (fit.csv)

What `kunlun calibrate` does, writing the same files: history matching with Gaussian-process
emulators in waves, then a posterior sample on the last wave's emulators, each set simulated
again (docs/calibration.md).
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping, Sequence

import pandas as pd

from kunlun._engine import argument_error, check_threads, core, memory_limit_bytes
from kunlun._folder import OutputFolder

__all__ = ["calibrate", "Calibration"]


class Calibration(OutputFolder):
    """A `kunlun calibrate` output folder.

    posterior: the parameter sets (set, weight, replication, one column per parameter,
        implausibility of the set's re-simulated run, then every target's simulated value).
    fit: per target, the observation and its sd beside the posterior's simulated mean and 90%
        prediction interval (where 90% of single simulated histories fall, parameters drawn from
        the posterior), and the standardised error (fit.csv); prior_fit: the same for wave 1's runs.
    waves: per wave, its runs, the share of the parameter space left, and the emulators' checks.
    runs: every run's wave, replication, parameter values and target values.
    parameters: the prior of each parameter (parameters.csv). manifest, report as for the others.
    """

    _marker, _kind = "posterior.csv", "calibration"

    @cached_property
    def posterior(self) -> pd.DataFrame:
        """posterior.csv: the parameter sets drawn from the posterior, each re-simulated once."""
        return pd.read_csv(self._path / "posterior.csv")

    @cached_property
    def fit(self) -> pd.DataFrame:
        """fit.csv: each target against the posterior's simulated mean and 90% prediction interval."""
        return pd.read_csv(self._path / "fit.csv")

    @cached_property
    def prior_fit(self) -> pd.DataFrame:
        """prior_fit.csv: each target against wave 1's runs (the prior)."""
        return pd.read_csv(self._path / "prior_fit.csv")

    @cached_property
    def waves(self) -> pd.DataFrame:
        """waves.csv: each wave's runs, the share of the parameter space left, the emulators' checks."""
        return pd.read_csv(self._path / "waves.csv")

    @cached_property
    def runs(self) -> pd.DataFrame:
        """runs.csv: every run's wave, replication, parameter values and target values."""
        return pd.read_csv(self._path / "runs.csv")

    @cached_property
    def parameters(self) -> pd.DataFrame:
        """parameters.csv: each calibrated parameter's prior and its reasoning."""
        return pd.read_csv(self._path / "parameters.csv")

    @property
    def report(self) -> Path:
        """The path of report.html: targets against simulation, the waves, the posterior."""
        return self._path / "report.html"


def calibrate(scenario, targets: str | os.PathLike, *, design: str | os.PathLike | None = None,
              parameters: Sequence[str] | None = None, only: Sequence[str] | None = None,
              until: str | None = None, uncertainty: Mapping[str, Any] | None = None,
              waves: int | None = None, points_per_wave: int | None = None, posterior_size: int | None = None,
              cutoff: float | None = None, seed: int | None = None, scale: float | None = None,
              out: str | os.PathLike | None = None, force: bool = False, threads: int | None = None,
              memory_limit: int | str | None = None) -> Calibration:
    """Estimates the scenario's uncertain `parameters` (keys or prefixes) against the observations
    in the `targets` file, as `kunlun calibrate` does, and returns the Calibration.

    design: a design file (docs/calibration.md); the other arguments override it.
    only: names of the targets to fit (default: every one the run covers).
    until: "YYYY-MM": fit only the targets observed by then (a backtest's cut-off).
    uncertainty: prior overrides as in a scenario's uncertainty: section.
    scale: override population.scale (e.g. 0.25 for a quicker calibration).
    out, force, threads, memory_limit as for run()."""
    from kunlun.experiments import _call, _scenario, _write_and_read
    call = "kunlun.calibrate"
    sc = _scenario(scenario, "scenario")
    if scale is not None:  # on a copy: the caller's Scenario stays as it was
        sc = sc.copy().set("population.scale", float(scale))
    for name, value in (("parameters", parameters), ("only", only)):
        if isinstance(value, str):
            raise TypeError(f"{call}: {name} is a list of names, e.g. ['behaviour.mobility.utility_gap']")
    if not os.path.isfile(os.fspath(targets)):
        raise argument_error(call, "targets", f"no file {os.fspath(targets)!r}",
                             "give the path of a targets file, e.g. scenarios/qinghai/targets.yaml")
    spec = {"design_file": None if design is None else os.fspath(design),
            "parameters": None if parameters is None else list(parameters),
            "targets": None if only is None else list(only), "until": until,
            "uncertainty": None if uncertainty is None else dict(uncertainty),
            "waves": waves, "points_per_wave": points_per_wave, "posterior_size": posterior_size,
            "cutoff": cutoff, "seed": seed}
    command = _call("calibrate", repr(sc.name), repr(os.fspath(targets)), out=None if out is None else os.fspath(out))
    threads, limit = check_threads(threads, call), memory_limit_bytes(memory_limit, call)
    return _write_and_read(out, f"calibration-{sc.name}", lambda folder: core().calibrate(
        sc._document, os.fspath(targets), spec, folder, force, threads, limit, command), Calibration)
