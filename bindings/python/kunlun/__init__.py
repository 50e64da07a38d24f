"""kunlun: Python tools around the kunlun talent-flow simulation engine.

`python -m kunlun.report COMPARE_DIR` turns a `kunlun compare` output folder into one
self-contained HTML report. The package imports nothing compiled, so the report works
without the engine's extension module.
"""

__all__: list[str] = []
