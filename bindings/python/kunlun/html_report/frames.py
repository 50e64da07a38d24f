"""The data frames the charts draw: stock by replication, retention curves, flow matrices, prefecture order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kunlun.intervals import t_quantile_975
from kunlun.html_report.loading import OUTSIDE, Comparison, ScenarioData


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
