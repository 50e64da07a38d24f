"""The report's charts, drawn with matplotlib.figure.Figure (never pyplot, so no GUI backend)."""

from __future__ import annotations

import base64
import io
import math
from html import escape

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from kunlun.intervals import mean_and_band
from kunlun.html_report.loading import Comparison, OUTSIDE, ScenarioData
from kunlun.html_report.frames import flow_matrix, retention_curve, stock_by_replication
from kunlun.html_report.formatting import (
    SCALE,
    axis_number,
    format_number,
    indicator_kind,
    indicator_label,
    indicator_unit,
)

# Figures are built with matplotlib.figure.Figure directly, never through pyplot, so no GUI
# backend is ever loaded; Agg is selected anyway in case a later import pulls pyplot in.
matplotlib.use("Agg")


GROUP_STYLES = [("#1f4e9c", "o"), ("#e07b00", "s")]  # province, autonomous grassroots

VARIANT_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                   "#8c564b", "#e377c2", "#17becf", "#bcbd22"]

BASELINE_COLOUR = "#3a3a3a"

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
    ax.yaxis.set_major_formatter(FuncFormatter(axis_number))
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
        ax.yaxis.set_major_formatter(FuncFormatter(axis_number))
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
        scale = SCALE[indicator_kind(indicator)]
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
        ax.xaxis.set_major_formatter(FuncFormatter(axis_number))
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
