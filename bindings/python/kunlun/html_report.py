"""HTML comparison report for a `kunlun compare` output folder.

    PYTHONPATH=bindings/python /usr/bin/python3 -m kunlun.html_report COMPARE_DIR [--out FILE]

Reads COMPARE_DIR/comparison.json and each scenario's folder (timeseries.csv, od_flows.csv,
retention.csv) and writes one HTML page, by default COMPARE_DIR/report.html, that opens
without a network: the CSS, the script and every chart are inline. The page is written to a
temporary file next to the target and renamed into place, so a failed run leaves no partial
report. Exit codes: 0 ok, 2 bad input (the message names the file), 1 internal error or the
report could not be written, 130 interrupted.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
import json
import math
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from kunlun.intervals import mean_and_band, t_quantile_975

# Figures are built with matplotlib.figure.Figure directly, never through pyplot, so no GUI
# backend is ever loaded; Agg is selected anyway in case a later import pulls pyplot in.
matplotlib.use("Agg")

PROG = "kunlun.html_report"
GRASSROOTS = "autonomous_grassroots"
OUTSIDE = "outside"
BASELINE_COLOUR = "#3a3a3a"
VARIANT_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                   "#8c564b", "#e377c2", "#17becf", "#bcbd22"]
GROUP_STYLES = [("#1f4e9c", "o"), ("#e07b00", "s")]  # province, autonomous grassroots

# Student t 0.975 quantiles for 1..30 degrees of freedom (scipy may be absent).
INDICATOR_LABELS = {
    "stock_start": "Talent stock at the start",
    "stock_end": "Talent stock at the horizon",
    "grassroots_stock_end": "Grassroots stock at the horizon",
    "grassroots_share_end": "Grassroots share of the stock at the horizon",
    "talent_years": "Talent-years",
    "grassroots_talent_years": "Grassroots talent-years",
    "inflow": "Entrants",
    "inflow_internal": "Moves in from elsewhere in the province",
    "outflow_internal": "Moves out to elsewhere in the province",
    "outflow_external": "Departures out of the province",
    "retirements": "Retirements",
    "service_days": "Service days",
    "policy_cost": "Policy cost",
}


class ReportInputError(Exception):
    """Missing or malformed input; the message starts with the file it is about."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")


# ----------------------------------------------------------------------------------------
# Input


@dataclass(frozen=True)
class Group:
    code: str
    name: str


@dataclass(frozen=True)
class Estimate:
    mean: float
    low: float
    high: float

    @property
    def has_interval(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high)

    @property
    def excludes_zero(self) -> bool:
        return self.has_interval and (self.low > 0 or self.high < 0)


@dataclass(frozen=True)
class Difference:
    baseline: Estimate
    difference: Estimate


@dataclass(frozen=True)
class CostEffectiveness:
    scenario: str
    group: str
    extra_cost_cny: Estimate
    extra_grassroots_talent_years: Estimate
    cny_per_grassroots_talent_year: Estimate


@dataclass
class Comparison:
    folder: Path
    version: str
    baseline: str
    scenarios: list[str]
    replications: int
    seed: int
    start: str
    end: str
    population_scale: float
    interval: str
    groups: list[Group]
    headline: list[str]
    differences: dict[tuple[str, str, str], Difference]
    cost_effectiveness: list[CostEffectiveness]

    @property
    def variants(self) -> list[str]:
        return self.scenarios[1:]

    @property
    def report_groups(self) -> list[Group]:
        """The province and, when present, the grassroots counties of the autonomous prefectures."""
        return [self.groups[0]] + [g for g in self.groups[1:] if g.code == GRASSROOTS]

    def group_name(self, code: str) -> str:
        return next((g.name for g in self.groups if g.code == code), code)

    def scenario_label(self, scenario: str) -> str:
        return f"{scenario} (baseline)" if scenario == self.baseline else scenario


@dataclass
class ScenarioData:
    name: str
    stock: pd.Series            # stock summed per (date, replication, prefecture)
    flows: pd.Series | None     # moves summed per (origin_prefecture, destination_prefecture)
    # entrants, in_province and in_county summed per (group, years_since_entry, replication)
    retention: pd.DataFrame | None

    @property
    def replications(self) -> int:
        return self.stock.index.unique("replication").size

    @property
    def months(self) -> int:
        return self.stock.index.unique("date").size


def _require(raw: dict, key: str, kinds: type | tuple, path: Path, where: str = ""):
    if key not in raw:
        raise ReportInputError(path, f"{where}missing key '{key}'")
    value = raw[key]
    # bool is an int to Python but never a valid count, seed or scale here.
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise ReportInputError(path, f"{where}'{key}' has the wrong type ({type(value).__name__})")
    return value


def _number(value, path: Path, where: str) -> float:
    if value is None:
        return math.nan  # NaN is written as null (e.g. no interval from one replication)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ReportInputError(path, f"{where}: expected a number or null, got {value!r}")
    return float(value)


def _estimate(raw: dict, key: str, path: Path, where: str, mean_key: str = "mean") -> Estimate:
    part = _require(raw, key, dict, path, f"{where}: ")
    for k in (mean_key, "ci95_low", "ci95_high"):
        if k not in part:
            raise ReportInputError(path, f"{where}: '{key}' has no '{k}'")
    return Estimate(_number(part[mean_key], path, f"{where}: {key}.{mean_key}"),
                    _number(part["ci95_low"], path, f"{where}: {key}.ci95_low"),
                    _number(part["ci95_high"], path, f"{where}: {key}.ci95_high"))


def load_comparison(folder: Path) -> Comparison:
    if not folder.is_dir():
        raise ReportInputError(folder, "no such folder")
    path = folder / "comparison.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportInputError(path, "missing (is this a `kunlun compare` output folder?)") from None
    except OSError as e:
        raise ReportInputError(path, f"cannot read ({e.strerror})") from None
    except UnicodeDecodeError:
        raise ReportInputError(path, "not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise ReportInputError(path, f"not valid JSON (line {e.lineno}: {e.msg})") from None
    if not isinstance(raw, dict):
        raise ReportInputError(path, "expected a JSON object")

    scenarios = _require(raw, "scenarios", list, path)
    baseline = _require(raw, "baseline", str, path)
    if not scenarios or not all(isinstance(s, str) and s for s in scenarios):
        raise ReportInputError(path, "'scenarios' must be a non-empty list of scenario names")
    if scenarios[0] != baseline:
        raise ReportInputError(path, f"'scenarios' must start with the baseline '{baseline}'")
    for s in scenarios:
        if "/" in s or s in (".", ".."):
            raise ReportInputError(path, f"scenario name '{s}' is not a folder name")
    replications = _require(raw, "replications", int, path)
    if replications < 1:
        raise ReportInputError(path, "'replications' must be at least 1")
    start, end = _require(raw, "start", str, path), _require(raw, "end", str, path)
    for key, value in (("start", start), ("end", end)):
        if not re.fullmatch(r"\d{4}-\d{2}", value):
            raise ReportInputError(path, f"'{key}' must be YYYY-MM, got '{value}'")

    groups = []
    for i, g in enumerate(_require(raw, "groups", list, path)):
        if not isinstance(g, dict):
            raise ReportInputError(path, f"groups[{i}] must be an object")
        groups.append(Group(_require(g, "code", str, path, f"groups[{i}]: "),
                            _require(g, "name", str, path, f"groups[{i}]: ")))
    if not groups:
        raise ReportInputError(path, "'groups' is empty (the first group is the province)")
    headline = _require(raw, "headline", list, path)
    if not all(isinstance(h, str) for h in headline):
        raise ReportInputError(path, "'headline' must be a list of indicator names")

    differences = {}
    for i, d in enumerate(_require(raw, "differences", list, path)):
        where = f"differences[{i}]"
        if not isinstance(d, dict):
            raise ReportInputError(path, f"{where} must be an object")
        key = tuple(_require(d, k, str, path, f"{where}: ") for k in ("scenario", "group", "indicator"))
        differences[key] = Difference(_estimate(d, "baseline", path, where),
                                      _estimate(d, "difference", path, where))

    costs = []
    for i, c in enumerate(_require(raw, "cost_effectiveness", list, path)):
        where = f"cost_effectiveness[{i}]"
        if not isinstance(c, dict):
            raise ReportInputError(path, f"{where} must be an object")
        costs.append(CostEffectiveness(
            _require(c, "scenario", str, path, f"{where}: "), _require(c, "group", str, path, f"{where}: "),
            _estimate(c, "extra_cost_cny", path, where),
            _estimate(c, "extra_grassroots_talent_years", path, where),
            _estimate(c, "cny_per_grassroots_talent_year", path, where, mean_key="estimate")))

    return Comparison(
        folder=folder, version=_require(raw, "kunlun_version", str, path), baseline=baseline,
        scenarios=scenarios, replications=replications, seed=_require(raw, "seed", int, path),
        start=start, end=end, population_scale=float(_require(raw, "population_scale", (int, float), path)),
        interval=_require(raw, "interval", str, path), groups=groups, headline=headline,
        differences=differences, cost_effectiveness=costs)


def _read_csv(path: Path, columns: dict[str, str], required: bool) -> pd.DataFrame | None:
    if not path.is_file():
        if required:
            raise ReportInputError(path, "missing")
        return None
    try:
        return pd.read_csv(path, usecols=list(columns), dtype=columns)
    except pd.errors.EmptyDataError:
        raise ReportInputError(path, "empty (expected at least the header line)") from None
    except (ValueError, pd.errors.ParserError) as e:
        raise ReportInputError(path, f"cannot read: {str(e).splitlines()[0]}") from None


def load_scenario(comparison: Comparison, name: str) -> ScenarioData:
    folder = comparison.folder / name
    if not folder.is_dir():
        raise ReportInputError(folder, "missing scenario folder (listed in comparison.json)")

    path = folder / "timeseries.csv"
    ts = _read_csv(path, {"date": "str", "replication": "int64", "prefecture": "category",
                          "stock": "float64"}, required=True)
    if ts.empty:
        raise ReportInputError(path, "no rows")
    stock = ts.groupby(["date", "replication", "prefecture"], observed=True, sort=True)["stock"].sum()

    od = _read_csv(folder / "od_flows.csv", {"replication": "int64", "origin_prefecture": "str",
                                             "destination_prefecture": "str", "moves": "float64"},
                   required=False)
    flows = None if od is None else od.groupby(["origin_prefecture", "destination_prefecture"])["moves"].sum()

    rt = _read_csv(folder / "retention.csv", {"replication": "int64", "group": "str",
                                              "years_since_entry": "int64", "entrants": "float64",
                                              "in_province": "float64", "in_county": "float64"},
                   required=False)
    retention = None if rt is None else rt.groupby(["group", "years_since_entry", "replication"]).sum()
    return ScenarioData(name, stock, flows, retention)


def prefecture_order(comparison: Comparison, data: list[ScenarioData]) -> list[str]:
    """Prefecture codes in the timeseries or the flows, in the order of comparison.json's groups."""
    present: set[str] = set()
    for s in data:
        present.update(s.stock.index.unique("prefecture"))
        if s.flows is not None:
            for level in ("origin_prefecture", "destination_prefecture"):
                present.update(s.flows.index.unique(level))
    present.discard(OUTSIDE)
    ordered = [g.code for g in comparison.groups if g.code in present]
    return ordered + sorted(present - set(ordered))


# ----------------------------------------------------------------------------------------
# Statistics


def stock_by_replication(stock: pd.Series, prefecture: str | None = None) -> pd.DataFrame:
    """Stock per date (rows, as month ends) and replication (columns), province-wide or one prefecture."""
    if prefecture is None:
        series = stock.groupby(level=["date", "replication"]).sum()
    else:
        series = stock.xs(prefecture, level="prefecture")
    table = series.unstack("replication")
    table.index = pd.to_datetime(table.index, format="%Y-%m") + pd.offsets.MonthEnd(0)
    return table


def retention_curve(retention: pd.DataFrame, group: str, measure: str):
    """(years since entry, pooled share still there, band low, band high), or None without entrants.

    The pooled share is the sum of `measure` over the sum of entrants, all cohorts and
    replications together. The band is centred on it with the half-width of the t-interval of the
    per-replication pooled shares (replications are independent, so their spread measures the
    pooled share's noise); it is None unless every point has two replications with entrants."""
    if group not in retention.index.unique("group"):
        return None
    rows = retention.xs(group, level="group")
    totals = rows.groupby(level="years_since_entry").sum()
    totals = totals[totals["entrants"] > 0]
    if totals.empty:
        return None
    pooled = (totals[measure] / totals["entrants"]).to_numpy()
    followed = rows[rows["entrants"] > 0]
    per_replication = (followed[measure] / followed["entrants"]).unstack("replication").reindex(totals.index)
    n = per_replication.notna().sum(axis=1).to_numpy()
    if (n < 2).any():
        return totals.index.to_numpy(), pooled, None, None
    sd = per_replication.std(axis=1, ddof=1).to_numpy()
    half = np.array([t_quantile_975(int(k) - 1) for k in n]) * sd / np.sqrt(n)
    return totals.index.to_numpy(), pooled, np.clip(pooled - half, 0, 1), np.clip(pooled + half, 0, 1)


def flow_matrix(flows: pd.Series, places: list[str], years_times_replications: float) -> np.ndarray:
    """Mean moves per year between places (rows: origin, columns: destination); NaN outside to outside."""
    if flows.empty:
        matrix = np.zeros((len(places), len(places)))
    else:
        table = flows.unstack("destination_prefecture").reindex(index=places, columns=places)
        matrix = table.fillna(0.0).to_numpy(dtype=float) / years_times_replications
    matrix[places.index(OUTSIDE), places.index(OUTSIDE)] = np.nan
    return matrix


# ----------------------------------------------------------------------------------------
# Number formatting for planners


def indicator_kind(name: str) -> str:
    if name.startswith("policy_cost"):
        return "cny"
    if name.startswith("retention_") or name.endswith("_share_end"):
        return "share"
    return "count"


def indicator_label(name: str) -> str:
    if name in INDICATOR_LABELS:
        return INDICATOR_LABELS[name]
    m = re.fullmatch(r"retention_(province|county)_(\d+)y", name)
    if m:
        where = "the province" if m[1] == "province" else "the county of entry"
        return f"Still in {where} after {m[2]} year{'s' if m[2] != '1' else ''}"
    m = re.fullmatch(r"stock_end_(\d{4})", name)
    if m:
        return f"Talent stock in December {m[1]}"
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


def indicator_unit(name: str) -> str:
    kind = indicator_kind(name)
    if kind == "cny":
        return "CNY m"
    if kind == "share":
        return "%; differences in percentage points"
    if "talent_years" in name:
        return "talent-years"
    if "days" in name:
        return "days"
    return "people"


_SCALE = {"count": 1.0, "share": 100.0, "cny": 1e-6}


def _decimals(kind: str, *values: float) -> int:
    biggest = max((abs(v) for v in values if math.isfinite(v)), default=0.0)
    if kind == "count":
        return 0 if biggest >= 100 else 1
    if kind == "cny":  # values already in CNY m
        return 1 if biggest >= 1 else 2
    return 1


def format_number(value: float, decimals: int, signed: bool = False) -> str:
    if not math.isfinite(value):
        return "n/a"
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        text = f"{0:.{decimals}f}"  # no "-0.0" or "+0" from rounding
    return text


def format_interval(low: float, high: float, decimals: int) -> str:
    if not (math.isfinite(low) and math.isfinite(high)):
        return "n/a"
    return f"[{format_number(low, decimals)}, {format_number(high, decimals)}]"


def format_estimate(kind: str, estimate: Estimate, signed: bool) -> tuple[str, str]:
    """(mean, interval) in the kind's display unit with matching decimals."""
    scale = _SCALE[kind]
    mean, low, high = estimate.mean * scale, estimate.low * scale, estimate.high * scale
    decimals = _decimals(kind, mean, low, high)
    return format_number(mean, decimals, signed), format_interval(low, high, decimals)


def _axis_number(value: float, _pos=None) -> str:
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.6g}"


# ----------------------------------------------------------------------------------------
# Charts


def scenario_colours(comparison: Comparison) -> dict[str, str]:
    colours = {comparison.baseline: BASELINE_COLOUR}
    for i, s in enumerate(comparison.variants):
        colours[s] = VARIANT_COLOURS[i % len(VARIANT_COLOURS)]
    return colours


def _plot_mean_with_band(ax, by_replication: pd.DataFrame, colour: str, label: str, band_id: str):
    mean, low, high = mean_and_band(by_replication.to_numpy(dtype=float))
    x = by_replication.index
    ax.plot(x, mean, color=colour, label=label, linewidth=1.6)
    if low is not None:
        band = ax.fill_between(x, low, high, color=colour, alpha=0.18, linewidth=0)
        band.set_gid(band_id)  # an id per band, so a reader of the SVG can find the intervals


def _legend_below(fig: Figure, handles: list, ncols: int):
    """One legend under all panels, with room kept for it (matplotlib 3.6 has no "outside" legends)."""
    ncols = max(1, min(ncols, len(handles)))
    height = (0.24 * math.ceil(len(handles) / ncols) + 0.12) / fig.get_figheight()
    fig.get_layout_engine().set(rect=(0, height, 1, 1 - height))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0), ncols=ncols, frameon=False)


def _date_axis(ax):
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def draw_stock_chart(comparison: Comparison, data: list[ScenarioData]) -> Figure:
    fig = Figure(figsize=(10, 4.6), layout="constrained")
    ax = fig.add_subplot()
    colours = scenario_colours(comparison)
    for i, s in enumerate(data):
        _plot_mean_with_band(ax, stock_by_replication(s.stock), colours[s.name],
                             comparison.scenario_label(s.name), f"band-stock-{i}")
    ax.set_ylabel("Talent stock (people)")
    ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))
    _date_axis(ax)
    ax.set_title(f"{comparison.groups[0].name}: talent stock at the end of each month", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig


def draw_prefecture_panels(comparison: Comparison, data: list[ScenarioData],
                           prefectures: list[str]) -> Figure:
    ncols = min(4, len(prefectures))
    nrows = math.ceil(len(prefectures) / ncols)
    fig = Figure(figsize=(3.1 * ncols + 0.4, 2.5 * nrows + 0.7), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, sharex=True)
    colours = scenario_colours(comparison)
    for k, (ax, code) in enumerate(zip(axes.flat, prefectures)):
        for i, s in enumerate(data):
            if code in s.stock.index.unique("prefecture"):
                _plot_mean_with_band(ax, stock_by_replication(s.stock, code), colours[s.name],
                                     comparison.scenario_label(s.name), f"band-{k}-{i}")
        ax.set_title(comparison.group_name(code), loc="left")
        ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))
        ax.yaxis.set_major_locator(MaxNLocator(5))
        _date_axis(ax)
    for ax in list(axes.flat)[len(prefectures):]:
        ax.set_axis_off()
    _legend_below(fig, axes.flat[0].get_legend_handles_labels()[0], ncols=5)
    return fig


def draw_difference_forest(comparison: Comparison) -> Figure:
    indicators = comparison.headline
    variants = comparison.variants
    groups = comparison.report_groups
    ncols = min(3, max(1, len(indicators)))
    nrows = max(1, math.ceil(len(indicators) / ncols))
    fig = Figure(figsize=(3.5 * ncols + 1.6, (0.45 * len(variants) + 1.3) * nrows + 0.5),
                 layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True)
    offsets = np.linspace(-0.15, 0.15, len(groups)) if len(groups) > 1 else [0.0]
    for ax, indicator in zip(axes.flat, indicators):
        scale = _SCALE[indicator_kind(indicator)]
        ax.axvline(0, color="#888888", linewidth=0.9, zorder=1)
        for (colour, marker), group, offset in zip(GROUP_STYLES, groups, offsets):
            for row, scenario in enumerate(variants):
                found = comparison.differences.get((scenario, group.code, indicator))
                if found is None or not math.isfinite(found.difference.mean):
                    continue
                d = found.difference
                x = d.mean * scale
                xerr = [[x - d.low * scale], [d.high * scale - x]] if d.has_interval else None
                ax.errorbar(x, row + offset, xerr=xerr, fmt=marker, color=colour, markersize=5,
                            capsize=3, linewidth=1.3, zorder=2)
        unit = "percentage points" if indicator_kind(indicator) == "share" else indicator_unit(indicator)
        ax.set_title(f"{indicator_label(indicator)}\n({unit})", loc="left", fontsize=9)
        ax.xaxis.set_major_formatter(FuncFormatter(_axis_number))
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.grid(axis="y", visible=False)
    for ax in list(axes.flat)[len(indicators):]:
        ax.set_axis_off()
    axes[0, 0].set_yticks(range(len(variants)), variants)
    axes[0, 0].set_ylim(len(variants) - 0.5, -0.5)
    handles = [Line2D([], [], color=c, marker=m, linestyle="none", markersize=6, label=g.name)
               for (c, m), g in zip(GROUP_STYLES, groups)]
    _legend_below(fig, handles, ncols=len(handles))
    return fig


def draw_retention_curves(comparison: Comparison, data: list[ScenarioData]) -> Figure | None:
    """Retention curves, or None when no scenario has any retention rows."""
    groups = comparison.report_groups
    curves = {}
    for s in data:
        if s.retention is None or s.retention.empty:
            continue
        for g in groups:
            for measure in ("in_province", "in_county"):
                curve = retention_curve(s.retention, g.code, measure)
                if curve is not None:
                    curves[s.name, g.code, measure] = curve
    if not curves:
        return None
    fig = Figure(figsize=(5.0 * len(groups) + 0.6, 4.2), layout="constrained")
    axes = fig.subplots(1, len(groups), squeeze=False, sharey=True)[0]
    colours = scenario_colours(comparison)
    styles = {"in_province": "-", "in_county": "--"}
    for ax, g in zip(axes, groups):
        drawn = False
        for i, s in enumerate(data):
            for measure, style in styles.items():
                curve = curves.get((s.name, g.code, measure))
                if curve is None:
                    continue
                years, pooled, low, high = curve
                ax.plot(years, pooled * 100, style, color=colours[s.name], marker="o", markersize=3.5,
                        linewidth=1.5)
                if low is not None:
                    fill = ax.fill_between(years, low * 100, high * 100, color=colours[s.name],
                                           alpha=0.15, linewidth=0)
                    fill.set_gid(f"band-{g.code}-{measure}-{i}")
                drawn = True
        if not drawn:
            ax.text(0.5, 0.5, "No entrants followed in this group yet", transform=ax.transAxes,
                    ha="center", va="center", color="#666666")
        ax.set_title(g.name, loc="left")
        ax.set_xlabel("Years since entry")
        last = max([5] + [int(c[0].max()) for c in curves.values()])
        ax.set_xticks(range(1, last + 1))
        ax.set_xlim(0.7, last + 0.3)
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_ylim(0, 100)
    axes[0].set_ylabel("Share of entrants still there")
    axes[0].legend(handles=[Line2D([], [], color="#555555", linestyle=style, label=text)
                            for style, text in (("-", "still in the province"),
                                                ("--", "still in the county of entry"))],
                   loc="lower left", frameon=False)
    _legend_below(fig, [Line2D([], [], color=colours[s], linewidth=2, label=comparison.scenario_label(s))
                        for s in comparison.scenarios], ncols=5)
    return fig


def _annotate_cells(ax, matrix: np.ndarray, cmap, norm, signed: bool):
    for (row, col), value in np.ndenumerate(matrix):
        if not math.isfinite(value):
            continue
        text = format_number(value, 0 if abs(value) >= 10 or value == 0 else 1, signed)
        r, g, b, _ = cmap(norm(value))
        ink = "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "#222222"
        ax.text(col + 0.5, row + 0.5, text, ha="center", va="center", fontsize=6.5, color=ink)


def _draw_heat_map(fig, ax, matrix, names, cmap, norm, title, colourbar_label, signed):
    ax.grid(False)
    # pcolormesh keeps the cells as vector rectangles; imshow would embed a blurry bitmap in the SVG.
    mesh = ax.pcolormesh(np.ma.masked_invalid(matrix), cmap=cmap, norm=norm, edgecolors="white",
                         linewidth=0.6)
    k = len(names)
    ax.set_xlim(0, k)
    ax.set_ylim(k, 0)
    ax.set_xticks(np.arange(k) + 0.5, names, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(np.arange(k) + 0.5, names)
    ax.set_xlabel("to")
    ax.set_ylabel("from")
    ax.set_facecolor("#ececec")  # the masked outside-to-outside cell
    ax.set_title(title, loc="left")
    if k <= 12:
        _annotate_cells(ax, matrix, cmap, norm, signed)
    fig.colorbar(mesh, ax=ax, shrink=0.8, label=colourbar_label)


def draw_flow_maps(comparison: Comparison, data: list[ScenarioData], prefectures: list[str]) -> Figure:
    """Baseline moves per year, then each variant's difference from it (shared diverging scale)."""
    places = prefectures + [OUTSIDE]
    names = [comparison.group_name(p) for p in prefectures] + ["Outside"]
    matrices = [flow_matrix(s.flows, places, s.months / 12 * s.replications) for s in data]
    baseline, variants = matrices[0], [m - matrices[0] for m in matrices[1:]]

    ncols = 1 if not variants else 2
    nrows = math.ceil(len(matrices) / ncols)
    side = 0.38 * len(places) + 1.8
    fig = Figure(figsize=(ncols * (side + 1.2), nrows * side), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)

    # Arrivals and departures dwarf moves between prefectures; a square-root scale keeps both visible.
    top = np.nanmax(baseline) if np.nanmax(baseline) > 0 else 1.0
    cmap = matplotlib.colormaps["Blues"]
    _draw_heat_map(fig, axes.flat[0], baseline, names, cmap, mcolors.PowerNorm(0.5, vmin=0, vmax=top),
                   comparison.scenario_label(comparison.baseline), "moves per year", signed=False)
    if variants:
        reach = max(np.nanmax(np.abs(m)) for m in variants) or 1.0
        diverging = matplotlib.colormaps["RdBu_r"]
        for ax, s, m in zip(list(axes.flat)[1:], data[1:], variants):
            _draw_heat_map(fig, ax, m, names, diverging, mcolors.Normalize(-reach, reach),
                           f"{s.name} minus baseline", "difference in moves per year", signed=True)
    for ax in list(axes.flat)[len(matrices):]:
        ax.set_axis_off()
    return fig


def figure_image(fig: Figure, alt: str) -> str:
    """The figure as an <img> holding its SVG as a data URI.

    SVG rather than PNG: crisp at any zoom and in print, with text drawn as paths so no font
    is needed. It costs about 1.7 times the bytes of a 110-dpi PNG (a five-scenario report at
    full scale is about 1.4 MB), which is fine for a page opened from disk. Inside an <img>,
    one chart's SVG ids cannot collide with another's, and the load check can read naturalWidth."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})  # no date: same inputs, same bytes
    width, height = (fig.get_size_inches() * 96).round().astype(int)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}" '
            f'width="{width}" height="{height}">')


# ----------------------------------------------------------------------------------------
# HTML

CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #f4f5f7; color: #1f2328;
       font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", Arial,
             sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 36px 48px; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 .7rem; padding-bottom: .25rem; border-bottom: 1px solid #d8dce0; }
.lead { color: #57606a; margin: 0 0 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem; margin: 0; }
dl.facts dt { color: #57606a; } dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
caption { caption-side: bottom; text-align: left; color: #57606a; font-size: .85rem; padding-top: .4rem; }
th, td { padding: .3rem .55rem; border-bottom: 1px solid #e3e6e9; text-align: left; vertical-align: top; }
thead th { background: #eef1f4; border-bottom: 2px solid #c9ced4; font-weight: 600; }
thead tr:first-child th { text-align: center; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.unit { color: #57606a; font-size: .8rem; }
tbody th, td.name { white-space: nowrap; font-weight: 600; }
td.sig { font-weight: 700; }
sup a { text-decoration: none; }
figure.chart { margin: 1rem 0 2rem; }
figure.chart img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-size: .88rem; color: #3d444d; margin-top: .5rem; }
.note { background: #fff8e1; border-left: 4px solid #e0a800; padding: .6rem .9rem; margin: .5rem 0; }
.footnotes { font-size: .85rem; color: #57606a; padding-left: 1.2rem; }
footer { margin-top: 2.5rem; font-size: .8rem; color: #8b949e; }
@media print { body { background: #fff; } main { padding: 0; } figure, table { break-inside: avoid; } }
"""

# Lets a headless browser check that every chart image decoded: "loaded/total" on <body>. A chart
# replaced by a note has no image and is not counted.
LOAD_CHECK = """
window.addEventListener("load", function () {
  var charts = document.querySelectorAll("figure.chart img");
  var loaded = Array.prototype.filter.call(charts, function (img) {
    return img.complete && img.naturalWidth > 0;
  }).length;
  document.body.dataset.chartsLoaded = loaded + "/" + charts.length;
});
"""


def render_header(comparison: Comparison, data: list[ScenarioData]) -> str:
    months = data[0].months
    scale = comparison.population_scale
    replications = f"{comparison.replications:,}"
    if comparison.replications < 2:
        replications += " (intervals need at least two, so none are shown)"
    facts = [
        ("Baseline", escape(comparison.baseline)),
        ("Variants", ", ".join(escape(v) for v in comparison.variants) or "none"),
        ("Replications", replications),
        ("Seed", f"{comparison.seed}"),
        ("Horizon", f"{escape(comparison.start)} to {escape(comparison.end)} ({months:,} months)"),
        ("Population scale", f"{scale:g} ({scale * 100:g}% of the talent stock is simulated)"),
        ("Intervals", escape(comparison.interval)),
        ("kunlun version", escape(comparison.version)),
    ]
    rows = "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    variants = len(comparison.variants)
    return (f"<header>\n<h1>Scenario comparison: {escape(comparison.baseline)}</h1>\n"
            f'<p class="lead">{variants} variant{"" if variants == 1 else "s"} '
            f"against the baseline, for the province, its prefectures and the grassroots counties "
            f"of the autonomous prefectures.</p>\n<dl class=\"facts\">\n{rows}\n</dl>\n</header>")


def render_differences_table(comparison: Comparison) -> str:
    groups = comparison.report_groups
    head = ('<tr><th rowspan="2">Scenario</th><th rowspan="2">Indicator</th><th rowspan="2">Unit</th>'
            + "".join(f'<th colspan="3">{escape(g.name)}</th>' for g in groups) + "</tr>\n<tr>"
            + "<th>Baseline</th><th>Difference</th><th>95% interval</th>" * len(groups) + "</tr>")
    rows = []
    for scenario in comparison.variants:
        for k, indicator in enumerate(comparison.headline):
            kind = indicator_kind(indicator)
            cells = []
            if k == 0:
                cells.append(f'<th rowspan="{len(comparison.headline)}" scope="rowgroup">'
                             f"{escape(scenario)}</th>")
            cells.append(f"<td>{escape(indicator_label(indicator))}</td>")
            cells.append(f'<td class="unit">{escape(indicator_unit(indicator))}</td>')
            for g in groups:
                found = comparison.differences.get((scenario, g.code, indicator))
                if found is None:
                    cells.append('<td class="num">n/a</td>' * 3)
                    continue
                base, _ = format_estimate(kind, found.baseline, signed=False)
                diff, interval = format_estimate(kind, found.difference, signed=True)
                sig = " sig" if found.difference.excludes_zero else ""
                cells.append(f'<td class="num">{base}</td><td class="num{sig}">{diff}</td>'
                             f'<td class="num">{interval}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        columns = 3 + 3 * len(groups)
        rows.append(f'<tr><td colspan="{columns}">No variants or no headline indicators to compare.'
                    f"</td></tr>")
    caption = ("Difference = variant minus baseline, mean over replications with its 95% interval; "
               "bold where the interval excludes zero. Shares are in %, their differences in "
               "percentage points; costs in millions of CNY.")
    return (f'<table id="table-differences">\n<caption>{caption}</caption>\n<thead>\n{head}\n</thead>\n'
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


CE_NOTES = {
    1: "No cost per talent-year: the variant adds no grassroots talent-years over the baseline.",
    2: ("No bounded 95% interval: the gain in grassroots talent-years is not clearly above zero "
        "(Fieller's interval is unbounded), or there is only one replication."),
}


def render_cost_table(comparison: Comparison) -> str:
    used_notes: set[int] = set()

    def na(note: int) -> str:
        used_notes.add(note)
        return f'n/a<sup><a href="#ce-note-{note}">{note}</a></sup>'

    head = ("<tr><th>Scenario</th><th>Group</th><th>Extra cost, CNY m</th><th>95% interval</th>"
            "<th>Extra grassroots talent-years</th><th>95% interval</th>"
            "<th>CNY per extra grassroots talent-year</th><th>95% interval</th></tr>")
    rows = []
    for c in comparison.cost_effectiveness:
        cost, cost_ci = format_estimate("cny", c.extra_cost_cny, signed=False)
        years, years_ci = format_estimate("count", c.extra_grassroots_talent_years, signed=False)
        ratio = c.cny_per_grassroots_talent_year
        if not math.isfinite(ratio.mean):
            per_year, per_year_ci = na(1), "n/a"
        else:
            per_year = format_number(ratio.mean, 0)
            per_year_ci = format_interval(ratio.low, ratio.high, 0) if ratio.has_interval else na(2)
        rows.append(f'<tr><td class="name">{escape(c.scenario)}</td>'
                    f"<td>{escape(comparison.group_name(c.group))}</td>"
                    f'<td class="num">{cost}</td><td class="num">{cost_ci}</td>'
                    f'<td class="num">{years}</td><td class="num">{years_ci}</td>'
                    f'<td class="num">{per_year}</td><td class="num">{per_year_ci}</td></tr>')
    if not rows:
        rows.append('<tr><td colspan="8">No policy costs in this comparison.</td></tr>')
    table = (f'<table id="table-cost-effectiveness">\n<caption>Extra cost and extra grassroots '
             f"talent-years are variant minus baseline over the horizon, means over replications with "
             f"95% intervals; the cost per talent-year is their ratio with Fieller's interval.</caption>\n"
             f"<thead>\n{head}\n</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    if used_notes:
        notes = "".join(f'<li id="ce-note-{n}" value="{n}">{escape(CE_NOTES[n])}</li>'
                        for n in sorted(used_notes))
        table += f'\n<ol class="footnotes">{notes}</ol>'
    return table


def render_chart(chart_id: str, title: str, fig: Figure | None, alt: str, caption: str,
                 note: str = "") -> str:
    """A titled <figure>: the chart image, or the note when there is nothing to draw."""
    body = figure_image(fig, alt) if fig is not None else f'<p class="note">{escape(note)}</p>'
    return (f"<h2>{escape(title)}</h2>\n<figure class=\"chart\" id=\"{chart_id}\">\n{body}\n"
            f"<figcaption>{escape(caption)}</figcaption>\n</figure>")


def _band_sentence(replications: int) -> str:
    if replications < 2:
        return "with one replication there is no interval"
    return (f"the shaded band is the 95% confidence interval of that mean over the {replications} "
            f"replications (Student t)")


def _group_names(comparison: Comparison) -> str:
    names = [g.name for g in comparison.report_groups]
    return " and ".join([names[0]] + [n[:1].lower() + n[1:] for n in names[1:]])


def render_stock_chart(comparison: Comparison, data: list[ScenarioData]) -> str:
    province = comparison.groups[0].name
    return render_chart(
        "chart-stock", "Talent stock over time", draw_stock_chart(comparison, data),
        f"Line chart of the {province} talent stock by scenario",
        f"Talent stock of {province} at the end of each month, one line per scenario giving the mean "
        f"over replications; {_band_sentence(min(s.replications for s in data))}.")


def render_difference_chart(comparison: Comparison) -> str:
    fig = draw_difference_forest(comparison) if comparison.variants and comparison.headline else None
    return render_chart(
        "chart-differences", "Differences from the baseline", fig,
        "Forest plot of headline differences from the baseline",
        f"Each panel is one headline indicator: the marker is the mean difference from the baseline "
        f"(variant minus baseline) for {_group_names(comparison)}, the whiskers its 95% confidence "
        f"interval, and whiskers that do not cross the zero line mark a clear difference (no whiskers: "
        f"one replication).",
        note="No differences to draw: comparison.json lists no variants or no headline indicators.")


def render_prefecture_chart(comparison: Comparison, data: list[ScenarioData], prefectures: list[str]) -> str:
    return render_chart(
        "chart-prefectures", "Talent stock by prefecture",
        draw_prefecture_panels(comparison, data, prefectures),
        "Small multiples of the talent stock per prefecture",
        f"Talent stock at the end of each month in each prefecture (own vertical scale per panel), mean "
        f"over replications per scenario; {_band_sentence(min(s.replications for s in data))}.")


def render_retention_chart(comparison: Comparison, data: list[ScenarioData]) -> str:
    missing = [s.name for s in data if s.retention is None]
    note = (f"No retention curves: retention.csv is missing for {', '.join(missing)}." if missing else
            "No retention curves: retention.csv has no rows, as no cohort of entrants has been "
            "followed for a full year within the horizon.")
    band = ("the shaded band is the 95% interval from the spread across replications"
            if min(s.replications for s in data) > 1 else "with one replication there is no interval")
    return render_chart(
        "chart-retention", "Retention of entrants", draw_retention_curves(comparison, data),
        "Retention curves of entrants",
        f"Share of entrants still working in the province (solid) and still in their county of entry "
        f"(dashed) by years since entry, pooled over cohorts and replications, for "
        f"{_group_names(comparison)}; {band}.",
        note=note)


def render_flow_chart(comparison: Comparison, data: list[ScenarioData], prefectures: list[str]) -> str:
    missing = [s.name for s in data if s.flows is None]
    return render_chart(
        "chart-flows", "Moves between prefectures",
        None if missing else draw_flow_maps(comparison, data, prefectures),
        "Heat maps of moves between prefectures",
        "Mean moves per year (over replications and the horizon) from the row's prefecture to the "
        "column's, with arrivals into the province in the Outside row and departures out of it in the "
        "Outside column; the first map is the baseline and each further map the variant minus the "
        "baseline (red: more moves, blue: fewer), point estimates without intervals.",
        note=f"No flow matrices: od_flows.csv is missing for {', '.join(missing)}.")


def render_page(comparison: Comparison, data: list[ScenarioData]) -> str:
    prefectures = prefecture_order(comparison, data)
    sections = [
        render_header(comparison, data),
        "<h2>Headline differences at a glance</h2>",
        render_differences_table(comparison),
        "<h2>Cost-effectiveness</h2>",
        render_cost_table(comparison),
        render_stock_chart(comparison, data),
        render_difference_chart(comparison),
        render_prefecture_chart(comparison, data, prefectures),
        render_retention_chart(comparison, data),
        render_flow_chart(comparison, data, prefectures),
        f"<footer>Generated by {PROG} from the compare folder {escape(comparison.folder.name)}.</footer>",
    ]
    title = f"kunlun comparison: {comparison.baseline}"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(sections) + f"\n</main>\n<script>{LOAD_CHECK}</script>\n</body>\n</html>\n")


# ----------------------------------------------------------------------------------------
# Entry point

CHART_STYLE = {
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e4e4e4",
    "grid.linewidth": 0.6,
    "axes.titlesize": 10,
    "svg.hashsalt": "kunlun-report",  # fixed SVG ids: the same inputs give the same report bytes
}


def build_report(folder: Path) -> str:
    comparison = load_comparison(folder)
    data = [load_scenario(comparison, name) for name in comparison.scenarios]
    with matplotlib.rc_context(CHART_STYLE):
        return render_page(comparison, data)


def write_atomically(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp creates 0600; a report is for sharing
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"python3 -m {PROG}",
                                     description="Write the HTML report of a `kunlun compare` output folder.")
    parser.add_argument("compare_dir", type=Path, metavar="COMPARE_DIR",
                        help="output folder of `kunlun compare`")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="report file (default COMPARE_DIR/report.html)")
    args = parser.parse_args(argv)
    out = args.out or args.compare_dir / "report.html"
    try:
        if out.is_dir():
            raise ReportInputError(out, "is a folder; --out takes a file name")
        if not out.parent.is_dir():
            raise ReportInputError(out.parent, "no such folder for the report")
        write_atomically(out, build_report(args.compare_dir))
    except ReportInputError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{PROG}: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
