"""kunlun.sensitivity: Sobol' and Morris on functions with known indices (Ishigami, the g-function,
a linear function), an input the function never reads, argument errors, and the model analysis
giving the same numbers as the command line."""

import math
import os
import subprocess

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, SMALL, kunlun_cli


def ishigami(x):
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_truth():
    pi = math.pi
    v1 = 0.5 * (1 + 0.1 * pi ** 4 / 5) ** 2
    v2 = 49 / 8
    v13 = 0.01 * pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def test_sobol_recovers_the_ishigami_indices_and_an_unused_input_gets_zero(kunlun):
    bounds = {"x1": (-math.pi, math.pi), "x2": (-math.pi, math.pi), "x3": (-math.pi, math.pi), "unused": (0, 1)}
    frame = kunlun.sensitivity.sobol(ishigami, bounds, n=4096, seed=3)
    assert list(frame.columns) == ["parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
    assert list(frame["parameter"]) == list(bounds)
    s1, st = ishigami_truth()
    for i in range(3):
        row = frame.iloc[i]
        assert row.S1_low <= s1[i] <= row.S1_high and abs(row.S1 - s1[i]) < 0.04, row
        assert row.ST_low <= st[i] <= row.ST_high and abs(row.ST - st[i]) < 0.04, row
    unused = frame.iloc[3]
    assert unused.ST == 0.0
    assert unused.S1_low <= 0.0 <= unused.S1_high


def test_sobol_recovers_the_g_function_indices(kunlun):
    a = np.array([0, 1, 4.5, 9, 99, 99, 99, 99])
    g = lambda x: np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=1)
    frame = kunlun.sensitivity.sobol(g, [(0, 1)] * len(a), n=4096)
    vi = 1 / (3 * (1 + a) ** 2)
    v = np.prod(1 + vi) - 1
    s1, st = vi / v, vi * np.prod(1 + vi) / (1 + vi) / v
    assert list(frame["parameter"]) == [f"x{i + 1}" for i in range(len(a))]
    assert ((frame.S1_low <= s1) & (s1 <= frame.S1_high)).all(), frame
    assert ((frame.ST_low <= st) & (st <= frame.ST_high)).all(), frame


def test_morris_gives_a_linear_functions_coefficients_exactly(kunlun):
    c = np.array([3.0, -2.0, 0.5, 0.0])
    frame = kunlun.sensitivity.morris(lambda x: x @ c, [(0, 1)] * 4, trajectories=8, seed=1)
    assert list(frame.columns) == ["parameter", "mu_star", "mu_star_low", "mu_star_high", "sigma"]
    np.testing.assert_allclose(frame.mu_star, np.abs(c), atol=1e-12)
    np.testing.assert_allclose(frame.sigma, 0, atol=1e-12)
    # Per unit of the range: the same function on [0, 10] has effects ten times larger.
    wide = kunlun.sensitivity.morris(lambda x: x @ c, [(0, 10)] * 4, trajectories=8, seed=1)
    np.testing.assert_allclose(wide.mu_star, 10 * np.abs(c), atol=1e-9)


def test_the_same_seed_gives_the_same_numbers_and_another_seed_others(kunlun):
    one = kunlun.sensitivity.sobol(ishigami, [(-math.pi, math.pi)] * 3, n=256, seed=5)
    two = kunlun.sensitivity.sobol(ishigami, [(-math.pi, math.pi)] * 3, n=256, seed=5)
    other = kunlun.sensitivity.sobol(ishigami, [(-math.pi, math.pi)] * 3, n=256, seed=6)
    pd.testing.assert_frame_equal(one, two)
    assert not one.equals(other)


def test_bad_arguments_are_named(kunlun):
    with pytest.raises(kunlun.ScenarioError, match="func: returned an array of shape"):
        kunlun.sensitivity.sobol(lambda x: x, [(0, 1)] * 2, n=8)
    with pytest.raises(kunlun.ScenarioError, match="bounds: x1: \\(1, 0\\) is not a range"):
        kunlun.sensitivity.morris(lambda x: x[:, 0], [(1, 0)], trajectories=4)
    with pytest.raises(kunlun.ScenarioError, match="outputs: the output of design row 0 is nan"):
        kunlun.sensitivity.sobol(lambda x: np.full(len(x), np.nan), [(0, 1)], n=8)
    with pytest.raises(TypeError, match="n must be an int"):
        kunlun.sensitivity.sobol(ishigami, [(0, 1)] * 3, n=8.5)


def test_the_model_analysis_from_python_gives_the_command_lines_numbers(kunlun, tmp_path):
    keys = ["behaviour.mobility.annual_move_rate", "behaviour.entrepreneurship.loan_log_odds_per_ln_100k"]
    cli_out = tmp_path / "cli"
    run = subprocess.run([kunlun_cli(), "sensitivity", str(SMALL), "--parameters", ",".join(keys), "--trajectories",
                          "3", "--resamples", "200", "--indicators", "stock_end,outflow_external", "-o", str(cli_out),
                          "-q"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    analysis = kunlun.sensitivity(str(SMALL), parameters=keys, trajectories=3, resamples=200,
                                  indicators=["stock_end", "outflow_external"], out=tmp_path / "python")
    for name in ["sensitivity.csv", "design.csv", "parameters.csv"]:
        assert (cli_out / name).read_bytes() == (tmp_path / "python" / name).read_bytes(), name
    top = analysis.top("outflow_external")
    assert top.iloc[0].parameter == "behaviour.mobility.annual_move_rate"
    unread = analysis.indices.query("parameter == @keys[1]")
    assert (unread.mu_star == 0).all() and (unread.sigma == 0).all()
    assert list(analysis.indices.columns) == ["indicator", "rank", "parameter", "mu_star", "mu_star_low",
                                              "mu_star_high", "sigma", "mu"]
    assert analysis.manifest["simulations"] == 9
    assert analysis.report.is_file()


def test_a_bad_uncertainty_override_from_python_names_the_key(kunlun, tmp_path):
    with pytest.raises(kunlun.ScenarioError, match="behaviour.mobility.annual_move_rate.*valid range"):
        kunlun.sensitivity(str(SMALL), parameters=["behaviour.mobility.annual_move_rate"],
                           uncertainty={"behaviour.mobility.annual_move_rate": {"low": 0.5, "high": 1.5}},
                           trajectories=2, out=tmp_path / "bad")
    assert not (tmp_path / "bad").exists()
