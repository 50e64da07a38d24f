"""A run's outputs as pandas frames: the files `kunlun run` writes, read on first use.

The files stay the source of truth (the same bytes as the command line writes); the frames are
typed views of them: months as timestamps, names as categories.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["Results", "read_timeseries", "read_costs", "region_order"]

TIMESERIES_INDICATORS = ["stock", "inflow", "inflow_internal", "outflow_internal", "outflow_external", "term_ends",
                         "retirements", "service_days"]
_NAMES = ["prefecture", "county", "field", "level"]


def _months(text: pd.Series) -> pd.Series:
    return pd.to_datetime(text, format="%Y-%m")


def categorical(frame: pd.DataFrame, column: str, order: list[str] | None = None) -> None:
    """Makes `column` a category with `order` first (the region table's order for places, high_end,
    mid, junior for levels), then any other values in the order they first appear in the file."""
    seen = list(pd.unique(frame[column]))
    known = list(order or [])
    frame[column] = pd.Categorical(frame[column], categories=known + [v for v in seen if v not in set(known)])


def read_timeseries(source, places: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """timeseries.csv (a path or a file-like object) as a frame: one row per month x
    replication x county x field x level; `date` is the month's first day. `places`: the region
    table's codes in order (see `region_order`), for the order of the categories."""
    frame = pd.read_csv(source, dtype={"date": "str", "replication": "int32", **{c: "str" for c in _NAMES}})
    frame["date"] = _months(frame["date"])
    places = places or {}
    for column in ("prefecture", "county", "field"):
        categorical(frame, column, places.get(column))
    categorical(frame, "level", ["high_end", "mid", "junior"])
    return frame


def read_vacancies(source, places: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """vacancies.csv as a frame: one row per month x replication x county x field with the posts
    there and the open posts (those no talent holds)."""
    frame = pd.read_csv(source, dtype={"date": "str", "replication": "int32", "prefecture": "str", "county": "str",
                                       "field": "str", "posts": "int32", "open_posts": "int32"})
    frame["date"] = _months(frame["date"])
    places = places or {}
    for column in ("prefecture", "county", "field"):
        categorical(frame, column, places.get(column))
    return frame


def read_costs(source, places: dict[str, list[str]] | None = None,
               policies: list[str] | None = None) -> pd.DataFrame:
    """costs.csv as a frame: one row per month x replication x policy x county with a cost.
    `policies`: the scenario's policies in order, for the order of that category."""
    frame = pd.read_csv(source, dtype={"date": "str", "replication": "int32", "policy": "str", "type": "str",
                                       "payer": "str", "prefecture": "str", "county": "str", "cost_cny": "float64"})
    frame["date"] = _months(frame["date"])
    places = places or {}
    categorical(frame, "policy", policies)
    categorical(frame, "type")
    categorical(frame, "payer", ["province", "prefecture", "county"])
    categorical(frame, "prefecture", places.get("prefecture"))
    categorical(frame, "county", places.get("county"))
    return frame


def region_order(resolved_scenario_yaml: str) -> tuple[dict[str, list[str]] | None, list[str]]:
    """(the region table's codes in order, the policies in order) of a run's resolved scenario,
    as its manifest records it; (None, []) when the scenario no longer loads (files moved)."""
    from kunlun._engine import core
    from kunlun.errors import ScenarioError
    try:
        document = core().ScenarioDocument.from_yaml(resolved_scenario_yaml, os.getcwd(), "manifest.json")
        return dict(core().region_order(document.get("regions"))), list(document.policies)
    except (ScenarioError, KeyError):
        return None, []


class Results:
    """The outputs of one scenario's run (`kunlun.run`, or one scenario of `kunlun.compare`).

    Frames (pandas, read from the files on first use):
        timeseries: stock after each month and flows during it, by replication, county, field
            and level (timeseries.csv).
        summary: every indicator of summary.json for every reporting group, with its mean over
            replications, 95% interval and standard deviation.
        flows: origin-destination moves by year and replication (od_flows.csv).
        retention: cohort retention by entry year, group and years since entry (retention.csv).
        costs: each policy's cost by month, replication and county (costs.csv).
    Also: `path` (the folder), `manifest` and `summary_json` (dicts), `plot` and `save`.
    """

    def __init__(self, path: str | os.PathLike, *, keep: Any = None):
        """Reads a run's output folder (for example one written by `kunlun run`)."""
        self._path = Path(path)
        self._keep = keep  # what must live as long as these results (a comparison holding them)
        if not (self._path / "summary.json").is_file():
            raise FileNotFoundError(f"{self._path} is not a kunlun run folder (no summary.json)")

    @property
    def path(self) -> Path:
        """The folder holding the files. A run without `out=` uses a temporary folder that lives
        as long as this object; `save` copies it somewhere lasting."""
        return self._path

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """manifest.json: the engine version, command, seed, threads and resolved scenario."""
        return json.loads((self._path / "manifest.json").read_text(encoding="utf-8"))

    @cached_property
    def summary_json(self) -> dict[str, Any]:
        """summary.json as it was written."""
        return json.loads((self._path / "summary.json").read_text(encoding="utf-8"))

    @property
    def scenario(self) -> str:
        """The scenario's name."""
        return self.summary_json["scenario"]

    @property
    def replications(self) -> int:
        """Replications in the run."""
        return int(self.summary_json["replications"])

    @cached_property
    def _order(self) -> tuple[dict[str, list[str]] | None, list[str]]:
        return region_order(self.manifest.get("resolved_scenario", ""))

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """timeseries.csv: a row per month x replication x county x field x level with the stock after the month and the flows during it."""
        return read_timeseries(self._path / "timeseries.csv", self._order[0])

    @cached_property
    def vacancies(self) -> pd.DataFrame:
        """vacancies.csv: a row per month x replication x county x field with its posts and open posts."""
        return read_vacancies(self._path / "vacancies.csv", self._order[0])

    @cached_property
    def fit(self) -> pd.DataFrame:
        """fit.csv (a run with targets=): each target's observed value against the simulated mean,
        90% prediction interval and standardised error. FileNotFoundError without targets."""
        path = self._path / "fit.csv"
        if not path.is_file():
            raise FileNotFoundError(f"{self._path} has no fit.csv: run with targets= (kunlun run --targets)")
        return pd.read_csv(path)

    @cached_property
    def costs(self) -> pd.DataFrame:
        """costs.csv: each policy's cost by month, replication and county (CNY)."""
        return read_costs(self._path / "costs.csv", *self._order)

    @cached_property
    def flows(self) -> pd.DataFrame:
        """od_flows.csv: moves by year, replication, origin and destination (counties and outside regions)."""
        frame = pd.read_csv(self._path / "od_flows.csv", dtype={"year": "int32", "replication": "int32",
                                                                "moves": "int64"})
        places = self._order[0] or {}
        for end in ("origin", "destination"):
            categorical(frame, f"{end}_prefecture", places.get("prefecture", []) + ["outside"])
            categorical(frame, end, places.get("county", []) + places.get("outside", []))
        return frame

    @cached_property
    def retention(self) -> pd.DataFrame:
        """retention.csv: entrants of each cohort and group, and how many are still in the province and the county, by years since entry."""
        frame = pd.read_csv(self._path / "retention.csv",
                            dtype={"replication": "int32", "cohort": "int32", "years_since_entry": "int32"})
        categorical(frame, "group", [g["code"] for g in self.summary_json["groups"]])
        return frame

    @cached_property
    def end_margins(self) -> pd.DataFrame:
        """end_margins.csv: the stock at the horizon as shares by the scenario's margins (margin,
        category, share, source), pooled over the replications: a margins file a later scenario
        can start from (population.margins), with the mean stock in its comment lines."""
        return pd.read_csv(self._path / "end_margins.csv", comment="#")

    @cached_property
    def summary(self) -> pd.DataFrame:
        """summary.json as a frame: a row per group and indicator with mean, ci95_low, ci95_high
        (the 95% interval of the mean over replications), sd, and p05, p50, p95 (the quantiles of
        single replications: with a posterior, the prediction interval)."""
        rows = []
        for group in self.summary_json["groups"]:
            for indicator, value in group["indicators"].items():
                rows.append({"group": group["code"], "group_name": group["name"], "indicator": indicator,
                             "mean": value["mean"], "ci95_low": value["ci95_low"],
                             "ci95_high": value["ci95_high"], "sd": value["sd"], "p05": value.get("p05"),
                             "p50": value.get("p50"), "p95": value.get("p95")})
        frame = pd.DataFrame(rows, columns=["group", "group_name", "indicator", "mean", "ci95_low",
                                            "ci95_high", "sd", "p05", "p50", "p95"])
        return frame.astype({c: "float64" for c in ["mean", "ci95_low", "ci95_high", "sd", "p05", "p50", "p95"]})

    def indicator(self, name: str, group: str | None = None) -> pd.Series | pd.DataFrame:
        """One summary indicator: mean, interval and sd, for every group or for one."""
        frame = self.summary[self.summary["indicator"] == name]
        if frame.empty:
            known = sorted(self.summary["indicator"].unique())
            raise KeyError(f"no indicator '{name}' in the summary (indicators: {', '.join(known)})")
        frame = frame.set_index("group")[["mean", "ci95_low", "ci95_high", "sd"]]
        return frame if group is None else frame.loc[group]

    def plot(self, indicator: str = "stock", by: str | None = None, *, where: dict[str, Any] | None = None,
             ax=None, interval: bool = True):
        """Draws an indicator over time: the mean over replications with its 95% band.

        indicator: a time-series column (stock, inflow, inflow_internal, outflow_internal,
            outflow_external, term_ends, retirements, service_days) or "cost_cny" (policy cost per month).
        by: one line per prefecture, county, field or level (for cost_cny: policy, type, payer,
            prefecture or county); None for the total.
        where: keep only rows matching, e.g. {"prefecture": "yushu"} or {"level": ["mid", "junior"]}.
        Returns the matplotlib Axes (a new figure unless `ax` is given)."""
        from kunlun.plotting import plot_over_time
        if indicator == "cost_cny":
            frame = self.costs
        elif indicator in TIMESERIES_INDICATORS:
            frame = self.timeseries
        else:
            raise KeyError(f"no indicator '{indicator}' to plot (give one of: "
                           f"{', '.join(TIMESERIES_INDICATORS + ['cost_cny'])})")
        return plot_over_time(frame, indicator, by=by, where=where, ax=ax, interval=interval,
                              replications=self.replications, title=self.scenario)

    def save(self, path: str | os.PathLike, *, force: bool = False) -> Path:
        """Copies the output folder to `path`, which appears only when complete. An existing
        `path` is replaced only with force=True, and only when kunlun wrote it (as `--force`:
        never a folder holding files of yours, nor the home, working or root folder)."""
        from kunlun._engine import core
        target = Path(path)
        if target.exists() and not force:
            from kunlun.errors import ScenarioError
            raise ScenarioError(f"Results.save: out: output directory '{target}' already exists "
                                "(give another folder or force=True to replace it)", file="Results.save",
                                key="out", problem=f"output directory '{target}' already exists",
                                hint="give another folder or force=True to replace it")
        if target.exists():
            core().check_replaceable(str(target), "Results.save")
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.staging-"))
        try:
            for f in sorted(self._path.iterdir()):
                if f.is_file():
                    shutil.copy2(f, staging / f.name)
            if target.exists():
                shutil.rmtree(target)
            os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return target

    def _repr_html_(self) -> str:
        head = self.summary[self.summary["indicator"].isin(["stock_start", "stock_end", "grassroots_stock_end",
                                                            "outflow_external", "policy_cost"])]
        table = head.pivot(index="group", columns="indicator", values="mean").reindex(
            [g["code"] for g in self.summary_json["groups"]])
        return (f"<p><b>{self.scenario}</b>: {self.replications} replication(s), "
                f"{self.summary_json['start']} to {self.summary_json['end']}, files in {self._path}</p>"
                + table.to_html(float_format=lambda v: f"{v:,.1f}"))

    def __repr__(self) -> str:
        return (f"<Results {self.scenario}: {self.replications} replication(s), "
                f"{self.summary_json['start']} to {self.summary_json['end']}, in {self._path}>")
