"""Experiments from Python: run a scenario, compare scenarios with a baseline, sweep parameters.

Each calls the engine that the command line calls and writes the same files, byte for byte
(only the command recorded in manifest.json differs); the results read those files into pandas
frames. The engine runs with the GIL released; Ctrl-C stops it between months, removes what it
had written and raises KeyboardInterrupt.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import weakref
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from kunlun._folder import OutputFolder
from kunlun._engine import argument_error, check_count, check_threads, core, memory_limit_bytes
from kunlun.errors import ScenarioError
from kunlun.results import Results, categorical
from kunlun.scenario import Scenario

__all__ = ["run", "compare", "sweep", "report", "Comparison", "Sweep"]

ScenarioLike = Scenario | str | os.PathLike


def _scenario(value: ScenarioLike, argument: str) -> Scenario:
    if isinstance(value, Scenario):
        return value
    if isinstance(value, (str, os.PathLike)):
        return Scenario.load(value)
    raise TypeError(f"{argument} must be a Scenario or a scenario file path, got {type(value).__name__}")


def _with_overrides(scenario: Scenario, replications: int | None, seed: int | None, call: str) -> Scenario:
    replications, seed = check_count(replications, "replications"), check_count(seed, "seed")
    if replications is None and seed is None:
        return scenario
    changed = scenario.copy()
    try:
        if replications is not None:
            changed.set("replications", replications)
        if seed is not None:
            changed.set("seed", seed)
    except ScenarioError as error:
        # An argument of the call, not of Scenario.set; "expected an integer" gains the key's range.
        allowed = core().scenario_key_range(error.key)
        hint = error.hint or (allowed if allowed not in error.problem else None)
        raise argument_error(call, error.key, error.problem, hint) from None
    return changed


def _write_and_read(out: str | os.PathLike | None, name: str, write, read):
    """Runs `write(folder)` (the engine) and returns `read(folder)` (the results object).

    Without `out`, the folder is `name` in a new temporary folder, which goes when the results
    object is garbage-collected (or the interpreter exits), or at once if the run fails."""
    if out is not None:
        write(os.fspath(out))
        return read(Path(out))
    temporary = Path(tempfile.mkdtemp(prefix="kunlun-"))
    try:
        write(os.fspath(temporary / name))
        outcome = read(temporary / name)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    weakref.finalize(outcome, shutil.rmtree, temporary, True)
    return outcome


def _call(function: str, *arguments: str, **options: Any) -> str:
    shown = list(arguments) + [f"{k}={v!r}" for k, v in options.items() if v is not None]
    return f"kunlun.{function}({', '.join(shown)})"


def run(scenario: ScenarioLike, replications: int | None = None, threads: int | None = None, *,
        seed: int | None = None, out: str | os.PathLike | None = None, force: bool = False,
        memory_limit: int | str | None = None, targets: str | os.PathLike | None = None,
        posterior: str | os.PathLike | None = None) -> Results:
    """Runs every replication of a scenario and returns its Results.

    scenario: a Scenario or a scenario file.
    replications, seed: override the scenario's.
    threads: threads to use, 1 to 4 per processor (default every core); results do not depend on it.
    out: the output folder (as `kunlun run --out`); by default a temporary folder that lives as
        long as the Results. It appears only when complete; an existing one needs force=True.
    memory_limit: refuse a run estimated to need more (whole bytes, or "16G", "1.5T": powers of
        1024, read exactly; 1 byte to 1024T); default what is free.
    targets: a targets file (docs/calibration.md); the run also writes fit.csv (Results.fit).
    posterior: posterior.csv of kunlun.calibrate: each replication draws a parameter set from it
        (by seed and replication), so the spread over replications carries parameter uncertainty.
        Default: the scenario's posterior: key, if it has one; "none": no posterior.
    Raises ScenarioError for bad input, KeyboardInterrupt when interrupted (nothing written)."""
    sc = _with_overrides(_scenario(scenario, "scenario"), replications, seed, "kunlun.run")
    command = _call("run", repr(sc.name), replications=replications, threads=threads, seed=seed,
                    out=None if out is None else os.fspath(out))
    threads, limit = check_threads(threads, "kunlun.run"), memory_limit_bytes(memory_limit, "kunlun.run")
    target_file = "" if targets is None else os.fspath(targets)
    return _write_and_read(out, sc.name, lambda folder: core().run(sc._document, folder, force, threads, limit,
                                                                   command, target_file,
                                                                   "" if posterior is None else os.fspath(posterior)),
                           Results)


class Comparison(OutputFolder):
    """A baseline and its variants on the same seed and replications, paired replication by
    replication (common random numbers), as `kunlun compare` writes them.

    differences: for every variant, group and indicator, the baseline's and the variant's mean,
        the paired difference with its 95% interval and sd, and the unpaired (Welch) interval
        (comparison.csv).
    cost_effectiveness: extra cost, extra grassroots talent-years and CNY per grassroots
        talent-year with intervals (cost_effectiveness.csv).
    results: each scenario's Results by name, the baseline first.
    """

    _marker, _kind = "comparison.json", "compare"

    @cached_property
    def json(self) -> dict[str, Any]:
        """comparison.json as it was written."""
        return json.loads((self._path / "comparison.json").read_text(encoding="utf-8"))

    @property
    def baseline(self) -> str:
        """The baseline's name."""
        return self.json["baseline"]

    @property
    def scenarios(self) -> list[str]:
        """Every scenario's name, the baseline first."""
        return list(self.json["scenarios"])

    @cached_property
    def results(self) -> dict[str, Results]:
        """Each scenario's Results by name, the baseline first."""
        return {name: Results(self._path / name, keep=self) for name in self.scenarios}

    def _in_order(self, frame: pd.DataFrame) -> pd.DataFrame:
        categorical(frame, "scenario", self.scenarios[1:])
        categorical(frame, "group", [g["code"] for g in self.json["groups"]])
        if "indicator" in frame.columns:
            categorical(frame, "indicator")
        return frame

    @cached_property
    def differences(self) -> pd.DataFrame:
        """comparison.csv: a row per variant x group x indicator with the paired difference and its intervals."""
        return self._in_order(pd.read_csv(self._path / "comparison.csv"))

    @cached_property
    def cost_effectiveness(self) -> pd.DataFrame:
        """cost_effectiveness.csv: extra cost, extra grassroots talent-years and CNY per grassroots talent-year, with intervals."""
        return self._in_order(pd.read_csv(self._path / "cost_effectiveness.csv"))

    def difference(self, indicator: str, group: str = "qinghai") -> pd.DataFrame:
        """One indicator's paired differences for one group, a row per variant."""
        d = self.differences
        rows = d[(d["indicator"] == indicator) & (d["group"] == group)]
        if rows.empty:
            raise KeyError(f"no difference for indicator '{indicator}' and group '{group}' "
                           f"(indicators: {', '.join(sorted(map(str, d['indicator'].unique())))}; "
                           f"groups: {', '.join(map(str, d['group'].unique()))})")
        return rows.set_index("scenario", drop=True)[
            ["baseline_mean", "scenario_mean", "difference_mean", "difference_ci95_low", "difference_ci95_high"]]

    def plot(self, indicator: str = "stock", *, where: dict[str, Any] | None = None, ax=None, interval: bool = True):
        """Every scenario's indicator over time on one chart (mean and 95% band). Returns the Axes."""
        for name, results in self.results.items():
            ax = results.plot(indicator, where=where, ax=ax, interval=interval)
            ax.get_lines()[-1].set_label(name)
        from kunlun.plotting import describe_filter
        shown = describe_filter(where)
        ax.set_title(f"{indicator.replace('_', ' ')} by scenario" + (f" ({shown})" if shown else ""),
                     fontsize="medium")
        ax.legend(fontsize="small")
        return ax

    def report(self, path: str | os.PathLike | None = None) -> Path:
        """Writes the HTML report (as `kunlun compare --report`); see `kunlun.report`."""
        return report(self, path)

    def _repr_html_(self) -> str:
        headline = self.json.get("headline", [])
        d = self.differences
        rows = d[(d["group"] == "qinghai") & d["indicator"].isin(headline)] if "qinghai" in set(d["group"]) else d.head(20)
        return (f"<p>Paired comparison with <b>{self.baseline}</b>, {self.json['replications']} replications, "
                f"in {self._path}</p>" + rows.to_html(index=False, float_format=lambda v: f"{v:,.4g}"))

    def __repr__(self) -> str:
        return f"<Comparison of {', '.join(self.scenarios)} with {self.baseline}, in {self._path}>"


def compare(base: ScenarioLike, *others: ScenarioLike, replications: int | None = None,
            threads: int | None = None, seed: int | None = None, out: str | os.PathLike | None = None,
            force: bool = False, memory_limit: int | str | None = None,
            posterior: str | os.PathLike | None = None) -> Comparison:
    """Runs a baseline and one or more variants on the same seed and replications and returns
    the Comparison: paired differences with 95% intervals, cost-effectiveness, and each
    scenario's Results. The scenarios must share horizon, population and region table, and
    have different names (ScenarioError otherwise); as with `kunlun compare`,
    every scenario runs with the baseline's seed and replications (after `seed` and
    `replications`, which override them for all). With `posterior`, the baseline and every variant
    of a replication share the parameter set it draws. Other arguments as for `run`; `out` as for
    `kunlun compare --out`."""
    if not others:
        raise ScenarioError("kunlun.compare: scenarios: a comparison needs a baseline and at least one more scenario "
                            "(kunlun.compare(base, variant, ...))", file="kunlun.compare", key="scenarios",
                            problem="a comparison needs a baseline and at least one more scenario",
                            hint="kunlun.compare(base, variant, ...)")
    baseline = _with_overrides(_scenario(base, "base"), replications, seed, "kunlun.compare")
    # As `kunlun compare`: every scenario takes the baseline's seed and replications.
    scenarios = [baseline] + [_with_overrides(_scenario(s, f"scenario {i + 1}"), baseline.replications, baseline.seed,
                                              "kunlun.compare")
                              for i, s in enumerate(others)]
    command = _call("compare", *(repr(s.name) for s in scenarios), replications=replications, threads=threads,
                    seed=seed, out=None if out is None else os.fspath(out))
    threads, limit = check_threads(threads, "kunlun.compare"), memory_limit_bytes(memory_limit, "kunlun.compare")
    documents = [s._document for s in scenarios]
    posterior_file = "" if posterior is None else os.fspath(posterior)
    return _write_and_read(out, "comparison", lambda folder: core().compare(documents, folder, force, threads, limit,
                                                                            command, posterior_file), Comparison)


class Sweep(OutputFolder):
    """A scenario run over a grid of parameter values (`kunlun sweep`).

    points: a row per point: the values swept, then mean and 95% interval of the headline
        indicators for the province and the autonomous grassroots (sweep.csv).
    long: every group and indicator at every point, with the paired difference from point 0
        (sweep_long.csv).
    """

    _marker, _kind = "sweep.csv", "sweep"

    @property
    def keys(self) -> list[str]:
        """The keys swept, in grid order (the first varies slowest)."""
        return [axis["key"] for axis in self.manifest["axes"]]

    @cached_property
    def points(self) -> pd.DataFrame:
        """sweep.csv: a row per point with the values swept and the headline indicators' means and intervals."""
        return pd.read_csv(self._path / "sweep.csv")

    @cached_property
    def long(self) -> pd.DataFrame:
        """sweep_long.csv: every group and indicator at every point, with the paired difference from point 0."""
        frame = pd.read_csv(self._path / "sweep_long.csv")
        categorical(frame, "group")
        categorical(frame, "indicator")
        return frame

    def _repr_html_(self) -> str:
        return f"<p>Sweep of {', '.join(self.keys)} in {self._path}</p>" + self.points.to_html(index=False)

    def __repr__(self) -> str:
        return f"<Sweep of {', '.join(self.keys)}: {len(self.points)} points, in {self._path}>"


def sweep(scenario: ScenarioLike, axes: Mapping[str, Iterable[Any] | str] | Sequence[tuple[str, Any]], *,
          replications: int | None = None, threads: int | None = None, seed: int | None = None,
          out: str | os.PathLike | None = None, force: bool = False,
          memory_limit: int | str | None = None, posterior: str | os.PathLike | None = None) -> Sweep:
    """Runs a scenario at every combination of values of one or more keys, all on the same seed
    and replications, and returns the Sweep.

    axes: {key: values}, values a list ([0, 1000, 2000]) or a range text "START:STOP:STEP"
        (both ends included) or "a,b,c", e.g. {"policies.rent.monthly_cny": "0:2000:500"}.
    Every point is validated before any runs. With `posterior`, each point's replication r draws
    the parameter set a run's replication r would (a swept key may not be one of the posterior's).
    Other arguments as for `run`."""
    sc = _with_overrides(_scenario(scenario, "scenario"), replications, seed, "kunlun.sweep")
    pairs = list(axes.items()) if isinstance(axes, Mapping) else list(axes)
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)):
            raise TypeError("axes must map dotted keys to values, e.g. {'policies.rent.monthly_cny': [0, 1000]}")
    command = _call("sweep", repr(sc.name), repr(dict(pairs)), replications=replications, threads=threads,
                    seed=seed, out=None if out is None else os.fspath(out))
    threads, limit = check_threads(threads, "kunlun.sweep"), memory_limit_bytes(memory_limit, "kunlun.sweep")
    posterior_file = "" if posterior is None else os.fspath(posterior)
    return _write_and_read(out, f"{sc.name}-sweep", lambda folder: core().sweep(sc._document, pairs, folder, force,
                                                                                threads, limit, command, posterior_file),
                           Sweep)


def report(comparison: Comparison | str | os.PathLike, path: str | os.PathLike | None = None) -> Path:
    """Writes the self-contained HTML report of a comparison (charts by matplotlib, tables of
    paired differences and costs) and returns its path: by default report.html in the
    comparison's folder. `comparison` is a Comparison or a `kunlun compare` output folder."""
    from kunlun import html_report
    if isinstance(comparison, Comparison):
        folder = comparison.path
    elif isinstance(comparison, (str, os.PathLike)):
        folder = Path(comparison)
    else:
        raise TypeError("a report compares scenarios: give a Comparison (from kunlun.compare) or a compare folder")
    target = Path(path) if path is not None else folder / "report.html"
    try:
        html_report.write_atomically(target, html_report.build_report(folder))
    except html_report.ReportInputError as error:
        raise ScenarioError(str(error), file=str(folder), key="comparison", problem=str(error)) from None
    return target
