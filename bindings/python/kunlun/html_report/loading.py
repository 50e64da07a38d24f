"""Reading a `kunlun compare` folder: comparison.json and each scenario's CSVs, checked as they are read."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd



OUTSIDE = "outside"

GRASSROOTS = "autonomous_grassroots"

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
