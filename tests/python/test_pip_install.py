"""`pip install .` into a fresh venv that sees Debian's packages (--system-site-packages,
--no-build-isolation, offline), then kunlun imported and run from outside the source tree.

The module is built by setup.py's CMake step in the suite's own build folder (KUNLUN_CMAKE_BUILD_DIR),
where it is already up to date, so that the suite does not compile the engine a second time; a
build from scratch (no KUNLUN_CMAKE_BUILD_DIR) runs the same setup.py with its own CMake configure."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("KUNLUN_PYTHON_PATH") or ROOT / "build" / "python").parent

SCRIPT = textwrap.dedent("""
    import json, sys, kunlun
    s = (kunlun.Scenario.load(sys.argv[1]).set("population.scale", 0.01).set("horizon.end", "2026-03")
         .set("replications", 1))
    summary = kunlun.run(s, threads=1).summary
    stock = summary[(summary.group == "qinghai") & (summary.indicator == "stock_start")]["mean"].iloc[0]
    print(json.dumps({"module": kunlun.__file__, "core": kunlun._engine.core().__file__, "stock_start": stock}))
""")


def test_pip_installs_a_working_package_into_a_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KUNLUN_PYTHON_PATH")}
    env["KUNLUN_CMAKE_BUILD_DIR"] = str(BUILD)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-build-isolation", "--no-index", "--quiet",
                          str(ROOT)], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert pip.returncode == 0, pip.stdout + pip.stderr

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    run = subprocess.run([str(venv / "bin" / "python"), "-c", SCRIPT, str(ROOT / "scenarios/qinghai/baseline.yaml")],
                         env=env, capture_output=True, text=True, cwd=outside)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    site = venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages" / "kunlun"
    assert Path(result["module"]).parent == site  # the installed package, not the source tree
    assert Path(result["core"]).parent == site
    # 1% of the baseline's 467,346 talents, as the same run from the build tree gives.
    assert result["stock_start"] == 4673
