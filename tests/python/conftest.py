"""Puts the built kunlun package first on sys.path: KUNLUN_PYTHON_PATH (set by ctest), else
build/python when it holds the engine module, else the source tree (the report tests need only
that; the engine tests then fail with a message that says how to build)."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINDINGS = ROOT / "bindings" / "python"
BUILT = Path(os.environ.get("KUNLUN_PYTHON_PATH") or ROOT / "build" / "python")

sys.path.insert(0, str(BINDINGS))
if list(BUILT.glob("kunlun/_core*.so")):
    sys.path.insert(0, str(BUILT))

os.environ.setdefault("MPLBACKEND", "Agg")
SMALL = ROOT / "tests" / "data" / "sim" / "small.yaml"


@pytest.fixture(scope="session")
def kunlun():
    """The kunlun package with its engine module; fails (not skips) when the module is missing."""
    import kunlun as package
    try:
        from kunlun import _engine
        _engine.core()
    except ImportError as error:
        pytest.fail(str(error))
    return package


@pytest.fixture(scope="session")
def small(kunlun):
    """The small test scenario: 2% of the Qinghai stock, 2026-01 to 2027-12, 2 replications."""
    return kunlun.Scenario.load(SMALL)


@pytest.fixture(scope="session")
def small_housing(kunlun, small, tmp_path_factory):
    """The small scenario with a 2,000 CNY/month rent subsidy for mid and junior talents in the
    grassroots counties of Yushu and Golog, as a file (so the CLI can run it too)."""
    folder = tmp_path_factory.mktemp("scenarios")
    path = folder / "small-housing.yaml"
    path.write_text(f"""extends: {SMALL}
name: test-small-housing
policies:
  rent:
    type: housing_rent_subsidy
    monthly_cny: 2000
    target:
      regions: [yushu, golog]
      county_types: [grassroots]
      levels: [mid, junior]
""", encoding="utf-8")
    return kunlun.Scenario.load(path)


def kunlun_cli():
    """The built kunlun executable: KUNLUN_CLI (set by ctest), else build/kunlun."""
    cli = os.environ.get("KUNLUN_CLI") or str(ROOT / "build" / "kunlun")
    if not Path(cli).exists():
        pytest.fail(f"no kunlun executable at {cli}; build it with ./setup.sh --build-only or set KUNLUN_CLI")
    return cli
