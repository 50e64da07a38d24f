"""benchmarks/scaling.py: its help, and its refusal to run without a build."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "scaling.py"


def test_help_lists_every_result_file():
    r = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True)
    for name in ("scaling.csv", "processes.csv", "months.csv", "output.csv", "national.csv", "machine.md",
                 "time_vs_agents.svg", "--national", "--large"):
        assert name in r.stdout, name


def test_refuses_to_run_without_a_build(tmp_path):
    r = subprocess.run([sys.executable, str(SCRIPT), "--build", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode != 0
    assert "build first" in r.stderr
