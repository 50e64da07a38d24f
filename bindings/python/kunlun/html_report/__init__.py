"""HTML comparison report for a `kunlun compare` output folder.

    PYTHONPATH=bindings/python /usr/bin/python3 -m kunlun.html_report COMPARE_DIR [--out FILE]

Reads COMPARE_DIR/comparison.json and each scenario's folder (timeseries.csv, od_flows.csv,
retention.csv) and writes one HTML page, by default COMPARE_DIR/report.html, that opens
without a network: the CSS, the script and every chart are inline. The page is written to a
temporary file next to the target and renamed into place, so a failed run leaves no partial
report. Exit codes: 0 ok, 2 bad input (the message names the file), 1 internal error or the
report could not be written, 130 interrupted.

One module an idea: loading (the folder's files), frames (what the charts draw), formatting
(numbers for planners), charts, and page (the HTML and the command line).
"""

from __future__ import annotations

from kunlun.html_report.loading import ReportInputError, load_comparison, load_scenario
from kunlun.html_report.page import build_report, main, write_atomically
from kunlun.intervals import t_quantile_975

__all__ = ["ReportInputError", "build_report", "load_comparison", "load_scenario", "main", "t_quantile_975",
           "write_atomically"]
