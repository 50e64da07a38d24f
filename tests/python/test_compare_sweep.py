"""kunlun.compare, kunlun.sweep and kunlun.report: paired differences with intervals, grids of
values, the HTML report, the same bytes as the command line, and their errors."""

import os
import subprocess

import numpy as np
import pytest

from conftest import ROOT, SMALL


@pytest.fixture(scope="module")
def comparison(kunlun, small, small_housing):
    return kunlun.compare(small, small_housing, threads=2)


def test_compare_gives_paired_differences_with_intervals(comparison):
    assert comparison.baseline == "test-small" and comparison.scenarios == ["test-small", "test-small-housing"]
    d = comparison.differences
    assert set(d["scenario"]) == {"test-small-housing"}
    # The means are written to 10 significant digits, so their difference is exact to 1e-9 of the
    # larger mean, not of the difference.
    expected = (d["scenario_mean"] - d["baseline_mean"]).to_numpy()
    magnitude = np.maximum(d["scenario_mean"].abs(), d["baseline_mean"].abs()).to_numpy()
    assert np.all(np.isnan(expected) | (np.abs(d["difference_mean"].to_numpy() - expected) <= 1e-9 * magnitude + 1e-9))
    interval = d.dropna(subset=["difference_ci95_low"])
    assert (interval["difference_ci95_low"] <= interval["difference_mean"] + 1e-9).all()
    assert (interval["difference_mean"] <= interval["difference_ci95_high"] + 1e-9).all()
    cost = comparison.difference("policy_cost")
    assert cost.loc["test-small-housing", "difference_mean"] > 0  # the subsidy costs money
    assert cost.loc["test-small-housing", "baseline_mean"] == 0
    assert set(comparison.cost_effectiveness["group"]) >= {"qinghai", "yushu", "golog"}
    with pytest.raises(KeyError, match="stock_end"):
        comparison.difference("stock_ending")


def test_each_scenario_has_its_results(comparison):
    assert list(comparison.results) == comparison.scenarios
    housing = comparison.results["test-small-housing"]
    assert set(housing.costs["policy"]) == {"rent"}
    assert comparison.results["test-small"].costs.empty


def test_compare_writes_the_command_lines_comparison(kunlun, small, small_housing, comparison, tmp_path):
    subprocess.run([os.environ.get("KUNLUN_CLI", str(ROOT / "build" / "kunlun")), "compare", str(SMALL),
                    str(small_housing.file), "--out", str(tmp_path / "cli"), "-t", "1"], check=True, capture_output=True)
    for name in ["comparison.csv", "cost_effectiveness.csv", "comparison.json",
                 "test-small-housing/timeseries.csv", "test-small/summary.json"]:
        assert (comparison.path / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name


def test_compare_refuses_scenarios_that_cannot_be_paired(kunlun, small, small_housing):
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.compare(small, small.copy())
    assert caught.value.key == "name"
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.compare(small, small_housing.copy().set("horizon.end", "2027-06"))
    assert caught.value.key == "horizon.end"
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.compare(small)
    assert caught.value.file == "kunlun.compare" and "kunlun.compare(base" in caught.value.hint


def test_variants_take_the_baselines_seed_and_replications(kunlun, small, small_housing):
    variant = small_housing.copy().set("seed", 1).set("replications", 5)
    paired = kunlun.compare(small, variant, replications=1, threads=2)
    assert paired.json["seed"] == small.seed and paired.json["replications"] == 1
    assert paired.results["test-small-housing"].summary_json["seed"] == small.seed
    assert variant.seed == 1  # the scenario given is not changed


def test_plot_and_report(kunlun, comparison, tmp_path):
    ax = comparison.plot("stock", where={"prefecture": "yushu"})
    assert [line.get_label() for line in ax.get_lines()] == comparison.scenarios
    page = kunlun.report(comparison, tmp_path / "report.html")
    html = page.read_text(encoding="utf-8")
    assert page == tmp_path / "report.html"
    assert 'id="chart-differences"' in html and "test-small-housing" in html
    assert comparison.report(tmp_path / "again.html").read_text(encoding="utf-8") == html
    with pytest.raises(kunlun.ScenarioError, match="comparison.json"):
        kunlun.report(tmp_path)
    with pytest.raises(TypeError, match="Comparison"):
        kunlun.report(comparison.results["test-small"])


def test_sweep_runs_every_point(kunlun, small_housing):
    sweep = kunlun.sweep(small_housing, {"policies.rent.monthly_cny": [0, 2000]}, replications=1, threads=2)
    points = sweep.points
    assert list(points["policies.rent.monthly_cny"]) == [0, 2000] and sweep.keys == ["policies.rent.monthly_cny"]
    cost = points["qinghai.policy_cost_mean"]
    assert cost[0] == 0 and cost[1] > 0
    long = sweep.long
    assert set(long["point"]) == {0, 1} and "difference_from_point_0_mean" in long.columns
    ranged = kunlun.sweep(small_housing, {"policies.rent.monthly_cny": "0:2000:1000",
                                          "population.scale": [0.01]}, replications=1, threads=2)
    assert len(ranged.points) == 3


def test_bad_sweep_axes_are_named_by_the_argument(kunlun, small_housing):
    # The engine places a sweep's errors at its argument "axes"; Python words them as the call's.
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.sweep(small_housing, {})
    e = caught.value
    assert (e.file, e.key) == ("kunlun.sweep", "axes")
    assert str(e) == ("kunlun.sweep: axes: a sweep needs at least one key to vary "
                      "(e.g. {'policies.rent.monthly_cny': '0:3000:500'})")
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.sweep(small_housing, [("seed", [1]), ("seed", [2])])
    e = caught.value
    assert (e.file, e.key, e.hint) == ("kunlun.sweep", "seed", "give each key once")
    assert str(e) == "kunlun.sweep: seed: the key is swept twice (give each key once)"
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.sweep(small_housing, {"": [1]})
    assert (caught.value.file, caught.value.key) == ("kunlun.sweep", "axes")


def test_sweep_errors_name_the_key(kunlun, small_housing):
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.sweep(small_housing, {"policies.rnt.monthly_cny": [0, 1]})
    e = caught.value
    assert (e.file, e.key) == ("kunlun.sweep", "policies.rnt.monthly_cny") and "did you mean 'rent'" in e.hint
    with pytest.raises(kunlun.ScenarioError, match="listed twice"):
        kunlun.sweep(small_housing, {"policies.rent.monthly_cny": [5, 5]})
    with pytest.raises(kunlun.ScenarioError, match="listed twice"):
        kunlun.sweep(small_housing, {"policies.rent.monthly_cny": [1000, 1000.0]})
    with pytest.raises(kunlun.ScenarioError, match="START:STOP:STEP"):
        kunlun.sweep(small_housing, {"policies.rent.monthly_cny": "0:2000"})
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.sweep(small_housing, {"policies.rent.monthly_cny": [0, -5]})  # every point checked first
    assert caught.value.key == "policies.rent.monthly_cny"
    with pytest.raises(kunlun.ScenarioError, match="must be a list"):
        kunlun.sweep(small_housing, {"policies.rent.monthly_cny": 5})
    with pytest.raises(kunlun.ScenarioError, match="at least one"):
        kunlun.sweep(small_housing, {})
    with pytest.raises(TypeError, match="axes"):
        kunlun.sweep(small_housing, [("policies.rent.monthly_cny",)])
