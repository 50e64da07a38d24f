"""Charts of results over time: the mean over replications with its 95% band, one line per group."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kunlun.intervals import mean_and_band

__all__ = ["plot_over_time", "describe_filter"]


def _filter(frame: pd.DataFrame, where: dict[str, Any] | None) -> pd.DataFrame:
    if not where:
        return frame
    keep = np.ones(len(frame), dtype=bool)
    for column, wanted in where.items():
        if column not in frame.columns:
            raise KeyError(f"cannot filter on '{column}' (columns: {', '.join(frame.columns)})")
        values = [wanted] if isinstance(wanted, (str, int, float)) else list(wanted)
        known = set(frame[column].astype(str).unique())
        unknown = [v for v in values if str(v) not in known]
        if unknown:
            raise KeyError(f"no rows with {column} = {', '.join(map(str, unknown))} "
                           f"(values: {', '.join(sorted(known))})")
        keep &= frame[column].astype(str).isin([str(v) for v in values]).to_numpy()
    return frame[keep]


def describe_filter(where: dict[str, Any] | None) -> str:
    """A `where` filter for a chart title: "prefecture yushu; level mid, junior"."""
    return "; ".join(f"{k} {v if isinstance(v, (str, int, float)) else ', '.join(map(str, v))}"
                     for k, v in (where or {}).items())


def plot_over_time(frame: pd.DataFrame, indicator: str, *, by: str | None, where: dict[str, Any] | None,
                   ax, interval: bool, replications: int, title: str):
    """Sums `indicator` per month, replication (and `by` group), then draws each group's mean
    over replications with its 95% t-interval band. Returns the Axes."""
    if by is not None and by not in frame.columns:
        raise KeyError(f"cannot split by '{by}' (give one of: "
                       f"{', '.join(c for c in frame.columns if frame[c].dtype.name == 'category')})")
    data = _filter(frame, where)
    keys = ["date", "replication"] + ([by] if by else [])
    sums = data.groupby(keys, observed=True)[indicator].sum()
    if ax is None:
        import matplotlib.pyplot as plt  # pyplot, so that notebooks show the chart
        _, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    groups = [None] if by is None else list(sums.index.get_level_values(by).unique())
    for group in groups:
        series = sums if group is None else sums.xs(group, level=by)
        table = series.unstack("replication").reindex(columns=range(replications)).fillna(0.0)
        mean, low, high = mean_and_band(table.to_numpy(dtype=float))
        line, = ax.plot(table.index, mean, label="total" if group is None else str(group))
        if interval and low is not None:
            ax.fill_between(table.index, low, high, color=line.get_color(), alpha=0.2, linewidth=0)
    label = indicator.replace("_", " ")
    ax.set_ylabel(label)
    shown = describe_filter(where)
    ax.set_title(f"{title}: {label}" + (f" by {by}" if by else "") + (f" ({shown})" if shown else "") +
                 (f" (mean of {replications} replications, 95% band)" if interval and replications > 1 else ""),
                 fontsize="medium")
    if by is not None:
        ax.legend(fontsize="small", ncols=2 if len(groups) > 8 else 1)
    ax.grid(alpha=0.3)
    return ax
