"""kunlun.calibrate: the model calibrated from Python gives the command line's files byte for
byte, the frames read them, and bad arguments are named."""

import os
import subprocess

import pytest

from conftest import ROOT, SMALL, kunlun_cli

TARGETS = """targets:
  turnover_2026:
    quantity: turnover
    from: 2026-01
    to: 2026-12
    value: 0.08
    sd: 0.01
    reasoning: a test figure
    source: the test
  stock_2030:
    quantity: stock
    at: 2030-12
    value: 10000
    sd: 1000
    reasoning: beyond the small scenario's horizon
    source: the test
"""

DESIGN = """parameters: [behaviour.mobility.annual_move_rate]
waves: 1
points_per_wave: 6
repeats_per_wave: 2
candidates: 1000
posterior: {size: 10, chains: 2, steps: 300}
"""


def test_calibrate_from_python_gives_the_command_lines_files(kunlun, tmp_path):
    targets, design = tmp_path / "targets.yaml", tmp_path / "design.yaml"
    targets.write_text(TARGETS)
    design.write_text(DESIGN)
    cli_out = tmp_path / "cli"
    run = subprocess.run([kunlun_cli(), "calibrate", str(SMALL), "--targets", str(targets), "--design", str(design),
                          "-o", str(cli_out), "-q"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    cal = kunlun.calibrate(str(SMALL), targets, design=design, out=tmp_path / "python")
    for name in ["posterior.csv", "fit.csv", "prior_fit.csv", "waves.csv", "runs.csv", "parameters.csv"]:
        assert (cli_out / name).read_bytes() == (tmp_path / "python" / name).read_bytes(), name
    assert len(cal.posterior) == 10
    assert list(cal.posterior.columns[:4]) == ["set", "weight", "replication", "behaviour.mobility.annual_move_rate"]
    assert cal.posterior["behaviour.mobility.annual_move_rate"].between(0.06, 0.2).all()
    assert set(cal.fit["target"]) == {"turnover_2026", "stock_2030"}
    later = cal.fit.set_index("target").loc["stock_2030"]
    assert later.replications == 0  # outside the run: no simulated value
    assert cal.manifest["fitted_targets"] == ["turnover_2026"]
    assert cal.manifest["left_out"] == ["stock_2030: outside the run (2026-01 to 2027-12)"]
    assert len(cal.waves) == 1 and 0 < cal.waves.space_left[0] <= 1
    assert cal.report.is_file()


def test_calibrate_names_bad_arguments(kunlun, tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text(TARGETS)
    with pytest.raises(kunlun.ScenarioError, match="no parameters to calibrate"):
        kunlun.calibrate(str(SMALL), targets)
    with pytest.raises(kunlun.ScenarioError, match="until"):
        kunlun.calibrate(str(SMALL), targets, parameters=["behaviour.mobility.annual_move_rate"], until="2026-13")
    with pytest.raises(TypeError, match="list of names"):
        kunlun.calibrate(str(SMALL), targets, parameters="behaviour.mobility")
    with pytest.raises(kunlun.ScenarioError, match="targets"):
        kunlun.calibrate(str(SMALL), tmp_path / "missing.yaml", parameters=["behaviour.mobility.annual_move_rate"])


def test_run_and_compare_with_a_posterior_match_the_command_line(kunlun, tmp_path):
    posterior = tmp_path / "posterior.csv"
    posterior.write_text("set,weight,replication,behaviour.mobility.annual_move_rate,implausibility\n"
                         "0,1,0,0.07,0\n1,1,1,0.19,0\n")
    cli_out = tmp_path / "cli"
    run = subprocess.run([kunlun_cli(), "run", str(SMALL), "--posterior", str(posterior), "-o", str(cli_out), "-q"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    results = kunlun.run(str(SMALL), posterior=posterior, out=tmp_path / "python")
    assert (cli_out / "timeseries.csv").read_bytes() == (tmp_path / "python" / "timeseries.csv").read_bytes()
    sets = results.manifest["posterior_sets"]
    assert len(sets) == 2 and set(sets) <= {0, 1}
    other = kunlun.Scenario.load(SMALL).set("name", "small-again")
    comparison = kunlun.compare(str(SMALL), other, posterior=posterior)
    assert (comparison.differences["difference_mean"].fillna(0) == 0).all()
    with pytest.raises(kunlun.ScenarioError, match="no parameter"):
        bad = tmp_path / "bad.csv"
        bad.write_text("set,weight,replication,behaviour.no_such,implausibility\n0,1,0,1,0\n")
        kunlun.run(str(SMALL), posterior=bad)


def test_sensitivity_with_a_posterior_matches_the_command_line_and_leaves_its_parameters_out(kunlun, tmp_path):
    posterior = tmp_path / "posterior.csv"
    posterior.write_text("set,weight,replication,behaviour.mobility.annual_move_rate,implausibility\n"
                         "0,1,0,0.07,0\n1,1,1,0.19,0\n")
    varied = "behaviour.mobility"
    cli_out = tmp_path / "cli"
    run = subprocess.run([kunlun_cli(), "sensitivity", str(SMALL), "--posterior", str(posterior), "--parameters", varied,
                          "--trajectories", "2", "--resamples", "50", "-o", str(cli_out), "-q"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    analysis = kunlun.sensitivity(str(SMALL), posterior=posterior, parameters=[varied], trajectories=2, resamples=50,
                                  out=tmp_path / "python")
    for name in ["sensitivity.csv", "design.csv"]:
        assert (cli_out / name).read_bytes() == (tmp_path / "python" / name).read_bytes(), name
    assert "behaviour.mobility.annual_move_rate" not in set(analysis.indices["parameter"])
    assert "behaviour.mobility.utility_gap" in set(analysis.indices["parameter"])
    assert analysis.manifest["set_by_posterior"] == ["behaviour.mobility.annual_move_rate"]
    with pytest.raises(kunlun.ScenarioError, match="e.g. posterior='none'"):
        kunlun.sensitivity(str(SMALL), posterior=posterior, parameters=["behaviour.mobility.annual_move_rate"])
