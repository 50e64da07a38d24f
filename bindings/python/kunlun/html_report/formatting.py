"""Numbers as planners read them: indicator names, units and intervals."""

from __future__ import annotations

import math
import re

from kunlun.html_report.loading import Estimate


INDICATOR_LABELS = {
    "stock_start": "Talent stock at the start",
    "stock_end": "Talent stock at the horizon",
    "grassroots_stock_end": "Grassroots stock at the horizon",
    "grassroots_share_end": "Grassroots share of the stock at the horizon",
    "talent_years": "Talent-years",
    "grassroots_talent_years": "Grassroots talent-years",
    "vacancies_end": "Open posts at the horizon",
    "vacancy_rate_end": "Share of posts open at the horizon",
    "inflow": "Entrants",
    "inflow_internal": "Moves in from elsewhere in the province",
    "outflow_internal": "Moves out to elsewhere in the province",
    "outflow_external": "Chose to leave the province",
    "term_ends": "Went home at the end of a term (cadres, flexible talents)",
    "retirements": "Retirements",
    "service_days": "Service days",
    "policy_cost": "Policy cost",
}

def indicator_kind(name: str) -> str:
    if name.startswith("policy_cost"):
        return "cny"
    if name.startswith("retention_") or name.endswith("_share_end") or name.endswith("_rate_end"):
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


SCALE = {"count": 1.0, "share": 100.0, "cny": 1e-6}


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
    scale = SCALE[kind]
    mean, low, high = estimate.mean * scale, estimate.low * scale, estimate.high * scale
    decimals = _decimals(kind, mean, low, high)
    return format_number(mean, decimals, signed), format_interval(low, high, decimals)


def axis_number(value: float, _pos=None) -> str:
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.6g}"
