"""docs/python.md runs as written: every ```python block, in order, in one shared namespace, with
the repository root as the working directory (as a reader would run it). The ```text blocks
(output shown to the reader) and the set-up snippets are not run."""

import os
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "python.md"

# A fence that opens with exactly ```python at the start of a line, up to the next closing fence.
PYTHON_BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(line of the block's first code line in the file, code) for every ```python block."""
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in PYTHON_BLOCK.finditer(text)]


def test_python_blocks_are_found():
    blocks = python_blocks("text\n```python\na = 1\n```\n\n```text\nnot run\n```\n```python\nb = 2\n```\n")
    assert blocks == [(3, "a = 1\n"), (10, "b = 2\n")]


def test_tutorial_runs_top_to_bottom(kunlun, monkeypatch):
    blocks = python_blocks(TUTORIAL.read_text(encoding="utf-8"))
    assert len(blocks) >= 8, f"docs/python.md has only {len(blocks)} python blocks"

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    repository_before = sorted(os.listdir(ROOT))
    namespace: dict = {"__name__": "__tutorial__"}
    try:
        for i, (line, code) in enumerate(blocks, 1):
            exec(compile(code, f"docs/python.md block {i} (line {line})", "exec"), namespace)

        assert namespace["kunlun"] is kunlun

        # Sections 1 and 3: the small baseline and its results.
        sc = namespace["sc"]
        assert sc.get("population.scale") == 0.02 and sc.end == "2028-12" and sc.replications == 3
        assert sc.get("behaviour.mobility.annual_move_rate") == 0.12  # the rejected set changed nothing
        results = namespace["results"]
        assert results.replications == 3 and not results.timeseries.empty

        # Section 4: the comparison.
        comparison = namespace["comparison"]
        assert isinstance(comparison, kunlun.Comparison)
        assert comparison.scenarios == ["qinghai-baseline", "qinghai-housing", "qinghai-title-reform"]
        assert not comparison.differences.empty
        assert not namespace["province"].empty

        # Section 5: the chart and the report.
        chart = namespace["chart"]
        assert chart.is_file() and chart.stat().st_size > 1000
        assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        report = namespace["report_path"]
        assert report.is_file() and "<html" in report.read_text(encoding="utf-8")[:2000].lower()

        # Section 6: the sweep's three points.
        assert namespace["points"]["policies.grassroots_rent_subsidy.monthly_cny"].tolist() == [0, 1000, 2000]

        # Section 7: read-only views, and the rent subsidy's cost up after the change.
        assert not namespace["ages"].flags.writeable
        rent = namespace["rent"]
        assert rent.loc["2027-01-01"] > 2 * rent.loc["2026-12-01"] > 0

        # The tutorial writes only to its temporary folders.
        workdir = namespace["workdir"]
        assert ROOT not in workdir.resolve().parents
        assert sorted(os.listdir(ROOT)) == repository_before
    finally:
        import matplotlib.pyplot as plt
        plt.close("all")
        if isinstance(namespace.get("workdir"), Path):
            shutil.rmtree(namespace["workdir"], ignore_errors=True)
