"""Tests of the HTML comparison report (kunlun.html_report) on small synthetic compare folders."""

import base64
import csv
import json
import math
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from kunlun.html_report import build_report, t_quantile_975

BINDINGS = Path(__file__).resolve().parents[2] / "bindings" / "python"
PYTHON = "/usr/bin/python3"  # Debian's interpreter, the one with matplotlib, pandas and numpy

CHART_IDS = ["chart-stock", "chart-differences", "chart-prefectures", "chart-retention", "chart-flows"]
HEADLINE = ["stock_end", "grassroots_stock_end", "grassroots_talent_years", "outflow_external",
            "retention_county_3y", "policy_cost"]
GROUPS = [{"code": "qinghai", "name": "Qinghai"}, {"code": "xining", "name": "Xining"},
          {"code": "golog", "name": "Golog"},
          {"code": "autonomous_grassroots", "name": "Grassroots counties of the autonomous prefectures"}]
COUNTIES = {"xining": ["xining_chengdong", "xining_datong"], "golog": ["golog_maqen", "golog_banma"]}
FIELDS = ["health", "education"]
LEVELS = ["high_end", "mid", "junior"]
TIMESERIES_HEADER = ["date", "replication", "prefecture", "county", "field", "level", "stock", "inflow",
                     "inflow_internal", "outflow_internal", "outflow_external", "retirements", "service_days"]


def _ci(mean, low, high):
    return {"mean": mean, "ci95_low": low, "ci95_high": high}


def _ratio(estimate, low, high):
    return {"estimate": estimate, "ci95_low": low, "ci95_high": high}


# Cost-effectiveness rows of the three-scenario fixture and the cells the table must show
# (scenario, group name, extra cost and interval, talent-years and interval, CNY per talent-year and
# interval).
COST_ROWS = [
    ({"scenario": "qinghai-housing", "group": "qinghai",
      "extra_cost_cny": _ci(152_345_678.0, 120_000_000.0, 184_691_356.0),
      "extra_grassroots_talent_years": _ci(2_345.6, 1_800.2, 2_891.0),
      "cny_per_grassroots_talent_year": _ratio(64_949.4, 41_509.9, 102_594.7)},
     ["qinghai-housing", "Qinghai", "152.3", "[120.0, 184.7]", "2,346", "[1,800, 2,891]",
      "64,949", "[41,510, 102,595]"]),
    ({"scenario": "qinghai-housing", "group": "autonomous_grassroots",
      "extra_cost_cny": _ci(98_765_432.1, 80_000_000.0, 117_530_864.2),
      "extra_grassroots_talent_years": _ci(1_234.4, -50.0, 2_518.8),
      "cny_per_grassroots_talent_year": _ratio(80_011.2, None, None)},
     ["qinghai-housing", "Grassroots counties of the autonomous prefectures", "98.8", "[80.0, 117.5]",
      "1,234", "[-50, 2,519]", "80,011", "n/a2"]),
    ({"scenario": "qinghai-finance", "group": "qinghai",
      "extra_cost_cny": _ci(800_000.0, 650_000.0, 950_000.0),
      "extra_grassroots_talent_years": _ci(-12.34, -40.0, 15.3),
      "cny_per_grassroots_talent_year": _ratio(None, None, None)},
     ["qinghai-finance", "Qinghai", "0.80", "[0.65, 0.95]", "-12.3", "[-40.0, 15.3]", "n/a1", "n/a"]),
    ({"scenario": "qinghai-finance", "group": "autonomous_grassroots",
      "extra_cost_cny": _ci(0.0, 0.0, 0.0),
      "extra_grassroots_talent_years": _ci(0.0, 0.0, 0.0),
      "cny_per_grassroots_talent_year": _ratio(None, None, None)},
     ["qinghai-finance", "Grassroots counties of the autonomous prefectures", "0.00", "[0.00, 0.00]",
      "0.0", "[0.0, 0.0]", "n/a1", "n/a"]),
]


def _months(first_year, count):
    return [f"{first_year + m // 12}-{m % 12 + 1:02d}" for m in range(count)]


def _write_csv(path, header, rows):
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _headline_value(indicator, group, k):
    """A plausible baseline level and difference for one indicator, group and variant number k."""
    if indicator.startswith("retention"):
        return 0.62 - 0.1 * (group != "qinghai"), 0.021 * k
    if indicator == "policy_cost":
        return 0.0, 150e6 / k
    scale = 20_000 if group == "qinghai" else 3_000
    return scale, 0.05 * scale * k * (-1 if indicator == "outflow_external" else 1)


def _differences(variants, replications):
    rows = []
    for k, scenario in enumerate(variants, start=1):
        for group in GROUPS:
            for indicator in HEADLINE:
                level, diff = _headline_value(indicator, group["code"], k)
                half = abs(diff) * 0.4 if replications > 1 else None
                low = diff - half if half is not None else None
                high = diff + half if half is not None else None
                rows.append({"scenario": scenario, "group": group["code"], "indicator": indicator,
                             "baseline": _ci(level, level * 0.99 if half else None,
                                             level * 1.01 if half else None),
                             "scenario_value": _ci(level + diff, None, None),
                             "difference": {**_ci(diff, low, high), "sd": None},
                             "unpaired_difference": {"ci95_low": low, "ci95_high": high}})
    return rows


def write_compare_folder(root, scenarios, replications, months=24, cost_rows=(), retention=True):
    """A small `kunlun compare` folder consistent with the compare-format spec; returns comparison.json."""
    root.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(11)
    dates = _months(2026, months)
    for k, scenario in enumerate(scenarios):
        folder = root / scenario
        folder.mkdir()
        rows = []
        for date_index, date in enumerate(dates):
            for rep in range(replications):
                for prefecture, counties in COUNTIES.items():
                    for county in counties:
                        for field in FIELDS:
                            for level in LEVELS:
                                base = 400 if prefecture == "xining" else 60
                                stock = int(base * (1 + 0.004 * date_index * (1 + k)) + rng.integers(0, 9))
                                rows.append([date, rep, prefecture, county, field, level, stock,
                                             3, 1, 1, 2, 1, stock * 30])
        _write_csv(folder / "timeseries.csv", TIMESERIES_HEADER, rows)
        cost_header = ["date", "replication", "policy", "type", "payer", "prefecture", "county", "cost_cny"]
        cost_lines = [] if k == 0 else [[dates[0], r, "rent", "housing_rent_subsidy", "province", "golog",
                                          "golog_maqen", 120000] for r in range(replications)]
        _write_csv(folder / "costs.csv", cost_header, cost_lines)
        od = []
        for year in sorted({d[:4] for d in dates}):
            for rep in range(replications):
                od += [[year, rep, "outside", "outside", "xining", "xining_chengdong", 40 + k * 5 + rep],
                       [year, rep, "golog", "golog_maqen", "xining", "xining_chengdong", 12 - k],
                       [year, rep, "golog", "golog_banma", "golog", "golog_maqen", 3],
                       [year, rep, "xining", "xining_datong", "outside", "gansu", 25 - 2 * k]]
        _write_csv(folder / "od_flows.csv", ["year", "replication", "origin_prefecture", "origin",
                                              "destination_prefecture", "destination", "moves"], od)
        retention_rows = []
        if retention:
            # A cohort appears for each anniversary all its entrants have reached by the last December.
            last_year = int(dates[-1][:4])
            for cohort in range(int(dates[0][:4]), last_year):
                for years in range(1, min(5, last_year - cohort) + 1):
                    for rep in range(replications):
                        for group, entrants in (("qinghai", 200), ("xining", 150), ("golog", 50),
                                                ("autonomous_grassroots", 50)):
                            kept = 0.8 + 0.03 * k + 0.01 * rep - 0.05 * years
                            retention_rows.append([rep, cohort, group, years, entrants,
                                                   round(entrants * kept), round(entrants * (kept - 0.1))])
        _write_csv(folder / "retention.csv", ["replication", "cohort", "group", "years_since_entry",
                                               "entrants", "in_province", "in_county"], retention_rows)
        (folder / "summary.json").write_text(json.dumps(
            {"scenario": scenario, "replications": replications, "groups": []}))
        (folder / "manifest.json").write_text("{}")
    comparison = {
        "kunlun_version": "0.3.0", "baseline": scenarios[0], "scenarios": list(scenarios),
        "replications": replications, "seed": 20260101, "start": dates[0], "end": dates[-1],
        "population_scale": 0.1,
        "interval": "95% confidence interval of the mean over replications (Student t)",
        "groups": GROUPS, "headline": HEADLINE,
        "differences": _differences(scenarios[1:], replications),
        "cost_effectiveness": list(cost_rows)}
    (root / "comparison.json").write_text(json.dumps(comparison, indent=1))
    return comparison


def run_report(*args):
    env = dict(os.environ, PYTHONPATH=str(BINDINGS))
    return subprocess.run([PYTHON, "-m", "kunlun.html_report", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120)


class Node:
    """An element (or "#text") of the minimal document tree the tests query."""

    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], ""

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag):
        return [n for n in self.iter() if n.tag == tag]

    def by_id(self, ident):
        return next((n for n in self.iter() if n.attrs.get("id") == ident), None)

    def text_content(self):
        return self.text + "".join(c.text_content() for c in self.children)


class TreeBuilder(HTMLParser):
    """Builds a Node tree with the standard library's html.parser."""

    VOID = {"img", "meta", "br", "link", "input", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", [], None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(Node("#text", [], self.current))
        self.current.children[-1].text = data


def parse(path):
    builder = TreeBuilder()
    builder.feed(Path(path).read_text(encoding="utf-8"))
    return builder.root


def table_rows(doc, table_id):
    table = doc.by_id(table_id)
    assert table is not None, f"no table #{table_id}"
    body = table.find_all("tbody")[0]
    return [[" ".join(cell.text_content().split()) for cell in row.children if cell.tag in ("td", "th")]
            for row in body.find_all("tr")]


def chart_svg(doc, chart_id):
    images = doc.by_id(chart_id).find_all("img")
    assert len(images) == 1
    prefix = "data:image/svg+xml;base64,"
    assert images[0].attrs["src"].startswith(prefix)
    return base64.b64decode(images[0].attrs["src"][len(prefix):]).decode("utf-8")


@pytest.fixture(scope="module")
def three_scenarios(tmp_path_factory):
    """A three-scenario, three-replication compare folder and its report."""
    folder = tmp_path_factory.mktemp("compare") / "qinghai-compare"
    comparison = write_compare_folder(folder, ["qinghai-baseline", "qinghai-housing", "qinghai-finance"],
                                      replications=3, cost_rows=[row for row, _ in COST_ROWS])
    result = run_report(folder)
    assert result.returncode == 0, result.stderr
    return folder, comparison, parse(folder / "report.html")


def test_every_chart_and_table_is_present_with_one_image_each(three_scenarios):
    _, _, doc = three_scenarios
    for table_id in ("table-differences", "table-cost-effectiveness"):
        assert doc.by_id(table_id) is not None and doc.by_id(table_id).tag == "table"
    for chart_id in CHART_IDS:
        figure = doc.by_id(chart_id)
        assert figure is not None and figure.tag == "figure", chart_id
        assert "chart" in figure.attrs["class"].split()
        assert len(figure.find_all("img")) + len(figure.find_all("svg")) == 1, chart_id
        assert figure.find_all("figcaption")[0].text_content().strip()
        assert "<svg" in chart_svg(doc, chart_id)


def test_page_references_nothing_outside_itself(three_scenarios):
    folder, _, doc = three_scenarios
    # The charts are base64 data URIs, so no URL of theirs shows in the page text either.
    assert not re.search(r"https?://", (folder / "report.html").read_text(encoding="utf-8"))
    for node in doc.iter():
        for attr in ("src", "href"):
            value = node.attrs.get(attr) or ""
            assert not re.match(r"(https?:)?//", value), f"<{node.tag} {attr}={value[:60]}>"
        assert node.tag != "link"
        assert not (node.tag == "script" and "src" in node.attrs)


def test_cost_effectiveness_table_shows_every_row_formatted(three_scenarios):
    _, _, doc = three_scenarios
    assert table_rows(doc, "table-cost-effectiveness") == [cells for _, cells in COST_ROWS]
    footnotes = doc.find_all("ol")[0].text_content()
    assert "no grassroots talent-years" in footnotes and "unbounded" in footnotes


def test_differences_table_has_a_row_per_variant_and_headline_indicator(three_scenarios):
    _, comparison, doc = three_scenarios
    rows = table_rows(doc, "table-differences")
    assert len(rows) == len(comparison["scenarios"][1:]) * len(HEADLINE)
    # Housing (k = 1), stock at the horizon: province 20,000 + 1,000 [600, 1,400];
    # grassroots 3,000 + 150 [90, 210].
    assert rows[0] == ["qinghai-housing", "Talent stock at the horizon", "people",
                       "20,000", "+1,000", "[600, 1,400]", "3,000", "+150", "[90, 210]"]
    # Later rows of a scenario have no scenario cell (it spans them): the province's numbers are at 2:5.
    retention = rows[HEADLINE.index("retention_county_3y")]
    assert retention[:5] == ["Still in the county of entry after 3 years",
                             "%; differences in percentage points", "62.0", "+2.1", "[1.3, 2.9]"]
    policy_cost = rows[HEADLINE.index("policy_cost")]
    assert policy_cost[:5] == ["Policy cost", "CNY m", "0.00", "+150.0", "[90.0, 210.0]"]


def test_intervals_are_drawn_as_bands_with_several_replications(three_scenarios):
    _, _, doc = three_scenarios
    assert chart_svg(doc, "chart-stock").count('id="band-stock-') == 3


def test_same_inputs_give_the_same_report(three_scenarios):
    folder, _, _ = three_scenarios
    assert build_report(folder) == (folder / "report.html").read_text(encoding="utf-8")


def test_one_replication_two_scenarios_no_costs_no_retention(tmp_path):
    folder = tmp_path / "small"
    write_compare_folder(folder, ["qinghai-baseline", "qinghai-housing"], replications=1, retention=False)
    out = tmp_path / "elsewhere.html"
    result = run_report(folder, "--out", out)
    assert result.returncode == 0, result.stderr
    assert not (folder / "report.html").exists()
    doc = parse(out)
    for chart_id in ("chart-stock", "chart-prefectures"):
        assert "band-" not in chart_svg(doc, chart_id)
    retention = doc.by_id("chart-retention")
    assert retention.find_all("img") == [] and "No retention curves" in retention.text_content()
    assert table_rows(doc, "table-cost-effectiveness") == [["No policy costs in this comparison."]]
    differences = table_rows(doc, "table-differences")
    assert len(differences) == len(HEADLINE)
    assert differences[0][5] == "n/a"  # no interval from one replication


@pytest.mark.parametrize("damage, named", [
    ("no folder", "nowhere"),
    ("no comparison.json", "comparison.json"),
    ("malformed comparison.json", "comparison.json"),
    ("scenario missing a key", "comparison.json"),
    ("timeseries.csv without stock", "timeseries.csv"),
])
def test_bad_input_exits_2_and_leaves_no_report(tmp_path, damage, named):
    folder = tmp_path / "compare"
    write_compare_folder(folder, ["qinghai-baseline", "qinghai-housing"], replications=2, months=2)
    if damage == "no folder":
        folder = tmp_path / "nowhere"
    elif damage == "no comparison.json":
        (folder / "comparison.json").unlink()
    elif damage == "malformed comparison.json":
        (folder / "comparison.json").write_text('{"baseline": "qinghai-baseline", ')
    elif damage == "scenario missing a key":
        raw = json.loads((folder / "comparison.json").read_text())
        del raw["scenarios"]
        (folder / "comparison.json").write_text(json.dumps(raw))
    else:
        path = folder / "qinghai-housing" / "timeseries.csv"
        path.write_text(path.read_text().replace(",stock,", ",stocks,", 1))
    before = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    result = run_report(folder)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], result.stderr
    after = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    assert after == before  # no report.html, no temporary file


def _t_cdf(t, df):
    """Student t cumulative distribution at t > 0 by Simpson's rule on the density."""
    x = np.linspace(0.0, t, 20_001)
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    density = np.exp(log_c - (df + 1) / 2 * np.log1p(x * x / df))
    h = x[1] - x[0]
    return 0.5 + h / 3 * (density[0] + density[-1] + 4 * density[1:-1:2].sum() + 2 * density[2:-1:2].sum())


@pytest.mark.parametrize("df", [1, 2, 4, 9, 29, 30, 31, 45, 120, 1000])
def test_t_quantile_is_the_975_quantile(df):
    assert _t_cdf(t_quantile_975(df), df) == pytest.approx(0.975, abs=2e-6)


def test_headless_chromium_renders_every_chart(three_scenarios, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium is not installed; run ./setup.sh (it installs chromium)")
    folder, _, doc = three_scenarios
    charts = sum(len(doc.by_id(c).find_all("img")) for c in CHART_IDS)
    assert charts == len(CHART_IDS)
    # HOME and the profile in tmp_path keep chromium away from the user's own profile.
    env = dict(os.environ, HOME=str(tmp_path))
    env.pop("LD_PRELOAD", None)  # the ASan runtime an ASan build preloads for python3 (chromium hangs with it)
    result = subprocess.run(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--no-default-browser-check", f"--user-data-dir={tmp_path / 'profile'}",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom",
         (folder / "report.html").as_uri()],
        env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f'data-charts-loaded="{charts}/{charts}"' in result.stdout
    assert "Uncaught" not in result.stderr
