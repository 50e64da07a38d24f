"""kunlun.run: Results frames, the same bytes as the command line, the errors, the GIL released
while the engine runs and Ctrl-C stopping a run with nothing written."""

import gc
import os
import signal
import subprocess
import threading
import time
import warnings

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, SMALL

ROW_FILES = ["timeseries.csv", "vacancies.csv", "costs.csv", "od_flows.csv", "retention.csv", "end_margins.csv",
             "summary.json"]


def cli():
    return os.environ.get("KUNLUN_CLI", str(ROOT / "build" / "kunlun"))


@pytest.fixture(scope="module")
def results(kunlun, small_housing):
    return kunlun.run(small_housing, threads=2)


def test_results_hold_every_output_as_a_frame(results, small_housing):
    ts = results.timeseries
    assert list(ts.columns) == ["date", "replication", "prefecture", "county", "field", "level", "stock", "inflow",
                                "inflow_internal", "outflow_internal", "outflow_external", "term_ends", "retirements",
                                "service_days"]
    assert ts["date"].dtype.kind == "M" and ts["county"].dtype.name == "category"
    assert ts["date"].nunique() == small_housing.months and set(ts["replication"]) == {0, 1}
    summary = results.summary
    assert set(summary.columns) >= {"group", "indicator", "mean", "ci95_low", "ci95_high", "sd", "p05", "p50", "p95"}
    stock = summary[(summary["group"] == "qinghai") & (summary["indicator"] == "stock_end")].iloc[0]
    assert stock["p05"] <= stock["p50"] <= stock["p95"]
    margins = results.end_margins
    assert list(margins.columns) == ["margin", "category", "share", "source"]
    for _, shares in margins[~margins["margin"].str.contains("[|]", regex=True)].groupby("margin")["share"]:
        assert abs(shares.sum() - 1) < 1e-9
    assert {"moves", "origin", "destination"} <= set(results.flows.columns)
    assert {"cohort", "entrants", "in_province", "in_county"} <= set(results.retention.columns)
    costs = results.costs
    assert set(costs["policy"]) == {"rent"} and (costs["cost_cny"] > 0).all()
    assert set(costs["prefecture"]) <= {"yushu", "golog"}
    assert results.manifest["replications"] == 2 and results.replications == 2
    assert results.scenario == "test-small-housing"


def test_categories_keep_the_region_tables_order(results):
    ts = results.timeseries
    assert list(ts["level"].cat.categories) == ["high_end", "mid", "junior"]
    assert list(ts["prefecture"].cat.categories)[:2] == ["xining", "haidong"]
    assert list(results.retention["group"].cat.categories)[0] == "qinghai"
    # one order for every frame, so that frames concatenate and merge as categories
    assert list(results.costs["county"].cat.categories) == list(ts["county"].cat.categories)
    assert list(results.flows["destination_prefecture"].cat.categories)[:-1] == list(ts["prefecture"].cat.categories)


def test_a_temporary_output_folder_goes_with_its_results(kunlun, small):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        results = kunlun.run(small, replications=1, threads=1)
        folder = results.path.parent
        assert (results.path / "timeseries.csv").is_file()
        del results
        gc.collect()
    assert not folder.exists()


def test_the_frames_agree_with_the_summary(results):
    ts = results.timeseries
    last = ts[ts["date"] == ts["date"].max()].groupby("replication")["stock"].sum()
    assert results.indicator("stock_end", "qinghai")["mean"] == pytest.approx(last.mean())
    cost = results.costs.groupby("replication")["cost_cny"].sum().mean()
    assert results.indicator("policy_cost", "qinghai")["mean"] == pytest.approx(cost, rel=1e-9)
    with pytest.raises(KeyError, match="stock_end"):
        results.indicator("stock_ending")


def test_the_vacancy_series_ends_at_the_summarys_open_posts(results):
    v = results.vacancies
    assert list(v.columns) == ["date", "replication", "prefecture", "county", "field", "posts", "open_posts"]
    assert (v.open_posts >= 0).all() and (v.open_posts <= v.posts).all()
    last = v[v.date == v.date.max()].groupby("replication").open_posts.sum()
    summary = results.summary.set_index(["group", "indicator"])["mean"]
    assert last.mean() == pytest.approx(summary[("qinghai", "vacancies_end")])
    posts = v[v.date == v.date.max()].groupby("replication").posts.sum()
    assert (last / posts).mean() == pytest.approx(summary[("qinghai", "vacancy_rate_end")])


def test_python_writes_the_command_lines_bytes(kunlun, small_housing, tmp_path):
    # Different thread counts too: the outputs do not depend on them.
    subprocess.run([cli(), "run", str(small_housing.file), "--out", str(tmp_path / "cli"), "-t", "1"],
                   check=True, capture_output=True)
    from_python = kunlun.run(small_housing, threads=2, out=tmp_path / "python")
    assert from_python.path == tmp_path / "python"
    for name in ROW_FILES:
        assert (tmp_path / "python" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert from_python.manifest["command"].startswith("kunlun.run('test-small-housing'")


def test_overrides_and_paths(kunlun, small, tmp_path):
    one = kunlun.run(str(SMALL), replications=1, seed=11, threads=1)
    assert one.replications == 1 and one.summary_json["seed"] == 11
    assert small.replications == 2  # the scenario given is not changed
    saved = one.save(tmp_path / "kept")
    assert sorted(p.name for p in saved.iterdir()) == sorted(["manifest.json"] + ROW_FILES)
    with pytest.raises(kunlun.ScenarioError) as caught:
        one.save(tmp_path / "kept")
    assert "force=True" in caught.value.hint
    one.save(tmp_path / "kept", force=True)
    reread = kunlun.Results(tmp_path / "kept")
    pd.testing.assert_frame_equal(reread.timeseries, one.timeseries)


def test_existing_output_folder_is_named_by_the_arguments(kunlun, small, tmp_path):
    # The engine names the folder's argument by key and suggests `force`; Python spells both.
    taken = tmp_path / "taken"
    taken.mkdir()
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.run(small, out=taken, threads=1)
    e = caught.value
    assert (e.file, e.line, e.key) == ("kunlun.run", None, "out")
    assert e.problem == f"output directory '{taken}' already exists"
    assert e.hint == "choose another out=, or give force=True to replace it"
    assert str(e) == f"kunlun.run: out: {e.problem} ({e.hint})"


def test_run_errors_speak_of_the_call(kunlun, small, tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.run(small, out=tmp_path / "taken", threads=1)
    e = caught.value
    assert (e.file, e.key) == ("kunlun.run", "out") and "force=True" in e.hint and "--" not in str(e)
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.run(small, threads=1, memory_limit="1K")
    assert caught.value.key == "population.scale" and "memory" in caught.value.problem
    assert caught.value.hint.endswith("; give memory_limit= to set the limit yourself when the system's figure is wrong")
    with pytest.raises(kunlun.ScenarioError, match="amount of memory"):
        kunlun.run(small, memory_limit="lots")
    with pytest.raises(kunlun.ScenarioError, match="thread count"):
        kunlun.run(small, threads=0)
    with pytest.raises(TypeError, match="threads"):
        kunlun.run(small, threads="2")
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.run(small, replications=0)
    assert caught.value.key == "replications"
    with pytest.raises(TypeError, match="Scenario or a scenario file"):
        kunlun.run(42)


THREADS_HINT = "give 1 to {limit}: at most 4 per processor, and "
MEMORY_HINT = ("give a whole number of bytes or a number with K, M, G or T (powers of 1024), e.g. 16G or 1.5T; "
               "from 1 byte to 1024T")


@pytest.mark.parametrize("threads, problem", [
    (0, "0 is not a thread count"),
    (-3, "-3 is not a thread count"),
    (30000, "30000 threads are more than this machine can use"),
    (100000, "100000 threads are more than this machine can use"),  # used to crash the interpreter
    (10**30, f"{10**30} threads are more than this machine can use"),
])
def test_thread_counts_out_of_range_are_refused_with_the_range(kunlun, small, threads, problem):
    for call, function in [("kunlun.run", lambda: kunlun.run(small, threads=threads)),
                           ("kunlun.compare", lambda: kunlun.compare(small, small.copy().set("name", "b"),
                                                                     threads=threads)),
                           ("kunlun.sweep", lambda: kunlun.sweep(small, {"seed": [1, 2]}, threads=threads)),
                           ("kunlun.Simulation", lambda: kunlun.Simulation(small, threads=threads))]:
        with pytest.raises(kunlun.ScenarioError) as caught:
            function()
        e = caught.value
        assert (e.file, e.key, e.problem) == (call, "threads", problem)
        assert e.hint.startswith(THREADS_HINT.format(limit=kunlun._engine.thread_limit())), e.hint
        assert str(e) == f"{call}: threads: {problem} ({e.hint})"
    assert kunlun._engine.thread_limit() == 4 * len(os.sched_getaffinity(0))  # OpenMP's processors


@pytest.mark.parametrize("limit, problem", [
    (float("inf"), "'inf' is not an amount of memory"),
    (float("nan"), "'nan' is not an amount of memory"),
    (0.5, "'0.5' is not a whole number of bytes"),   # used to truncate to 0: no limit at all
    (0, "'0' is no memory"),
    (-5, "'-5' is not an amount of memory"),
    ("lots", "'lots' is not an amount of memory"),
    ("1e9", "'1e9' is not an amount of memory"),
    ("2000T", "'2000T' is more than 1024T"),
    (2**60, f"'{2**60}' is more than 1024T"),
])
def test_memory_limits_are_read_exactly_or_refused(kunlun, small, limit, problem):
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.run(small, memory_limit=limit)
    e = caught.value
    assert (e.file, e.key, e.problem, e.hint) == ("kunlun.run", "memory_limit", problem, MEMORY_HINT)
    assert str(e) == f"kunlun.run: memory_limit: {problem} ({MEMORY_HINT})"


def test_memory_limits_in_python_types(kunlun):
    read = kunlun._engine.memory_limit_bytes
    assert read(None, "kunlun.run") == 0
    assert read(16 * 2**30, "kunlun.run") == read("16G", "kunlun.run") == read("16GiB", "kunlun.run") == 16 * 2**30
    assert read(16e9, "kunlun.run") == 16_000_000_000
    assert read(np.int64(512), "kunlun.run") == read("0.5K", "kunlun.run") == 512
    for wrong in (True, [1], b"16G"):
        with pytest.raises(TypeError, match="memory_limit"):
            read(wrong, "kunlun.run")


def test_replications_and_seed_are_checked_as_arguments_of_the_call(kunlun, small):
    cases = [(dict(replications=0), "replications", "0 is out of range: must be between 1 and 10000", None),
             (dict(replications=10**30), "replications", f"expected an integer, got '{10**30}'",
              "must be between 1 and 10000"),
             (dict(seed=-1), "seed", "-1 is out of range: must be between 0 and 18446744073709551615", None),
             (dict(seed=2**64), "seed", f"{2**64} is out of range: must be between 0 and 18446744073709551615", None)]
    for arguments, key, problem, hint in cases:
        with pytest.raises(kunlun.ScenarioError) as caught:
            kunlun.run(small, **arguments)
        e = caught.value
        assert (e.file, e.key, e.problem, e.hint) == ("kunlun.run", key, problem, hint), arguments
    for arguments in (dict(replications=2.5), dict(replications=True), dict(seed="7"), dict(seed=1.0)):
        with pytest.raises(TypeError, match=next(iter(arguments)) + " must be an int"):
            kunlun.sweep(small, {"seed": [1, 2]}, **arguments)


def test_plot_draws_mean_and_band_per_group(results, tmp_path):
    ax = results.plot("stock", by="prefecture")
    assert len(ax.get_lines()) == results.timeseries["prefecture"].nunique()
    assert len(ax.collections) == len(ax.get_lines())  # a band each (two replications)
    ax.figure.savefig(tmp_path / "stock.png")
    assert (tmp_path / "stock.png").read_bytes()[:4] == b"\x89PNG"
    ax = results.plot("cost_cny", by="prefecture", where={"policy": "rent"})
    assert sorted(line.get_label() for line in ax.get_lines()) == ["golog", "yushu"]
    ax = results.plot("inflow", where={"prefecture": "yushu"}, interval=False)
    assert len(ax.get_lines()) == 1 and not ax.collections
    with pytest.raises(KeyError, match="stock"):
        results.plot("stok")
    with pytest.raises(KeyError, match="prefecture"):
        results.plot("stock", by="province")
    with pytest.raises(KeyError, match="atlantis"):
        results.plot("stock", where={"prefecture": "atlantis"})


def long_scenario(small):
    return small.copy().set("name", "long").set("horizon.end", "2035-12").set("replications", 8)


def test_the_gil_is_released_while_the_engine_runs(kunlun, small):
    # A thread that notes the time as often as it can: with the GIL held by the engine it would
    # stand still for the whole run, so the longest gap between its notes would be the run.
    notes = []
    running = True

    def note():
        while running:
            notes.append(time.perf_counter())
            time.sleep(0.001)

    noter = threading.Thread(target=note)
    noter.start()
    try:
        time.sleep(0.05)
        started = time.perf_counter()
        # Long enough (about a second on a loaded 2-core machine) for the gap to be telling.
        kunlun.run(small.copy().set("horizon.end", "2035-12").set("replications", 2), threads=1)
        finished = time.perf_counter()
    finally:
        running = False
        noter.join()
    during = [t for t in notes if started <= t <= finished]
    gaps = np.diff([started] + during + [finished])
    assert finished - started > 0.5
    assert gaps.max() < (finished - started) / 3


def test_ctrl_c_stops_a_run_and_leaves_nothing(kunlun, small, tmp_path):
    out = tmp_path / "interrupted"
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            kunlun.run(long_scenario(small), threads=2, out=out)
    finally:
        timer.cancel()
    assert list(tmp_path.iterdir()) == []  # neither the folder nor its staging folder


TARGETS = """targets:
  stock_2027:
    quantity: stock
    at: 2027-12
    value: 500000
    sd: 20000
    reasoning: a test figure
    source: test
  before_the_run:
    quantity: stock
    at: 2008-12
    value: 299900
    sd: 30000
    reasoning: outside the run
    source: test
"""


def test_a_run_with_targets_writes_the_fit_the_command_line_writes(kunlun, small, tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text(TARGETS, encoding="utf-8")
    results = kunlun.run(small, threads=2, targets=targets, out=tmp_path / "py")
    fit = results.fit
    assert list(fit["target"]) == ["stock_2027", "before_the_run"]
    stock = fit.iloc[0]
    assert stock.replications == 2
    assert stock.simulated_p05 <= stock.simulated_mean <= stock.simulated_p95
    # At full scale: the small run's 2% stock divided by its scale.
    assert stock.simulated_mean == pytest.approx(results.indicator("stock_end", "qinghai")["mean"] / 0.02)
    assert fit.iloc[1].replications == 0 and np.isnan(fit.iloc[1].simulated_mean)
    run = subprocess.run([cli(), "run", str(SMALL), "--targets", str(targets), "--out", str(tmp_path / "cli"), "-q"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "cli" / "fit.csv").read_bytes() == (tmp_path / "py" / "fit.csv").read_bytes()


def test_a_bad_targets_file_is_named_at_its_line(kunlun, small, tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text(TARGETS.replace("at: 2027-12", "at: 2027-13"), encoding="utf-8")
    with pytest.raises(kunlun.ScenarioError, match=r"targets.yaml:4: targets.stock_2027.at"):
        kunlun.run(small, targets=targets, out=tmp_path / "bad")
    assert not (tmp_path / "bad").exists()
    with pytest.raises(FileNotFoundError, match="run with targets="):
        kunlun.run(small, threads=2).fit
