"""`kunlun compare --report` end to end: the real command line on the small test scenario writes the
comparison files and a report whose charts come from those files."""

import csv
import json
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import kunlun_cli

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "sim" / "small.yaml"
CHARTS = ["chart-stock", "chart-differences", "chart-prefectures", "chart-retention", "chart-flows"]


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.images = set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "img" and attrs.get("src", "").startswith("data:image/"):
            self.images += 1


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    root = tmp_path_factory.mktemp("compare")
    variant = root / "rent.yaml"
    variant.write_text(
        f"extends: {SMALL}\nname: test-rent\n"
        "policies:\n  rent:\n    type: housing_rent_subsidy\n    monthly_cny: 2000\n"
        "    target: {regions: [yushu, golog]}\n")
    out = root / "out"
    run = subprocess.run([kunlun_cli(), "compare", str(SMALL), str(variant), "--out", str(out), "-r", "3",
                          "--report", "-q"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return out


def test_compare_writes_every_file_and_a_folder_per_scenario(comparison):
    for name in ["comparison.csv", "cost_effectiveness.csv", "comparison.json", "manifest.json", "report.html"]:
        assert (comparison / name).is_file(), name
    for scenario in ["test-small", "test-rent"]:
        for name in ["timeseries.csv", "vacancies.csv", "costs.csv", "od_flows.csv", "retention.csv", "summary.json"]:
            assert (comparison / scenario / name).is_file(), f"{scenario}/{name}"


def test_the_rent_subsidy_costs_money_only_where_it_is_paid(comparison):
    doc = json.loads((comparison / "comparison.json").read_text())
    assert doc["baseline"] == "test-small" and doc["scenarios"] == ["test-small", "test-rent"]
    cost = {(d["group"]): d["difference"]["mean"] for d in doc["differences"]
            if d["indicator"] == "policy_cost" and d["scenario"] == "test-rent"}
    assert cost["yushu"] > 0 and cost["golog"] > 0
    assert cost["xining"] == 0
    assert cost["qinghai"] == pytest.approx(sum(v for k, v in cost.items()
                                                 if k not in ("qinghai", "autonomous_grassroots")))
    with open(comparison / "cost_effectiveness.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["group"] for r in rows} >= {"qinghai", "autonomous_grassroots"}


def test_report_holds_every_chart_drawn_from_the_run(comparison):
    parser = Ids()
    parser.feed((comparison / "report.html").read_text())
    for chart in CHARTS:
        assert chart in parser.ids, chart
    assert {"table-differences", "table-cost-effectiveness"} <= parser.ids
    assert parser.images == len(CHARTS)


def test_report_is_refused_before_any_work_without_matplotlib(tmp_path):
    env = dict(os.environ, KUNLUN_PYTHON="/nonexistent/python3")
    variant = tmp_path / "other.yaml"
    variant.write_text(f"extends: {SMALL}\nname: test-other\n")
    out = tmp_path / "out"
    run = subprocess.run([kunlun_cli(), "compare", str(SMALL), str(variant), "--out", str(out), "--report"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 2
    assert "--report" in run.stderr and "setup.sh" in run.stderr
    assert run.stderr.count("\n") == 1
    assert not out.exists()
