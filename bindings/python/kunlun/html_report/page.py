"""The HTML page, its tables and the command line (python3 -m kunlun.html_report)."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
import tempfile
from html import escape
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from kunlun.html_report.frames import prefecture_order
from kunlun.html_report.loading import (
    Comparison,
    ReportInputError,
    ScenarioData,
    load_comparison,
    load_scenario,
)
from kunlun.html_report.formatting import (
    format_estimate,
    format_interval,
    format_number,
    indicator_kind,
    indicator_label,
    indicator_unit,
)
from kunlun.html_report.charts import (
    draw_difference_forest,
    draw_flow_maps,
    draw_prefecture_panels,
    draw_retention_curves,
    draw_stock_chart,
    figure_image,
)


PROG = "kunlun.html_report"

CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #f4f5f7; color: #1f2328;
       font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", Arial,
             sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 36px 48px; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 .7rem; padding-bottom: .25rem; border-bottom: 1px solid #d8dce0; }
.lead { color: #57606a; margin: 0 0 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem; margin: 0; }
dl.facts dt { color: #57606a; } dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
caption { caption-side: bottom; text-align: left; color: #57606a; font-size: .85rem; padding-top: .4rem; }
th, td { padding: .3rem .55rem; border-bottom: 1px solid #e3e6e9; text-align: left; vertical-align: top; }
thead th { background: #eef1f4; border-bottom: 2px solid #c9ced4; font-weight: 600; }
thead tr:first-child th { text-align: center; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.unit { color: #57606a; font-size: .8rem; }
tbody th, td.name { white-space: nowrap; font-weight: 600; }
td.sig { font-weight: 700; }
sup a { text-decoration: none; }
figure.chart { margin: 1rem 0 2rem; }
figure.chart img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-size: .88rem; color: #3d444d; margin-top: .5rem; }
.note { background: #fff8e1; border-left: 4px solid #e0a800; padding: .6rem .9rem; margin: .5rem 0; }
.footnotes { font-size: .85rem; color: #57606a; padding-left: 1.2rem; }
footer { margin-top: 2.5rem; font-size: .8rem; color: #8b949e; }
@media print { body { background: #fff; } main { padding: 0; } figure, table { break-inside: avoid; } }
"""

# Lets a headless browser check that every chart image decoded: "loaded/total" on <body>. A chart
# replaced by a note has no image and is not counted.
LOAD_CHECK = """
window.addEventListener("load", function () {
  var charts = document.querySelectorAll("figure.chart img");
  var loaded = Array.prototype.filter.call(charts, function (img) {
    return img.complete && img.naturalWidth > 0;
  }).length;
  document.body.dataset.chartsLoaded = loaded + "/" + charts.length;
});
"""


def render_header(comparison: Comparison, data: list[ScenarioData]) -> str:
    months = data[0].months
    scale = comparison.population_scale
    replications = f"{comparison.replications:,}"
    if comparison.replications < 2:
        replications += " (intervals need at least two, so none are shown)"
    facts = [
        ("Baseline", escape(comparison.baseline)),
        ("Variants", ", ".join(escape(v) for v in comparison.variants) or "none"),
        ("Replications", replications),
        ("Seed", f"{comparison.seed}"),
        ("Horizon", f"{escape(comparison.start)} to {escape(comparison.end)} ({months:,} months)"),
        ("Population scale", f"{scale:g} ({scale * 100:g}% of the talent stock is simulated)"),
        ("Intervals", escape(comparison.interval)),
        ("kunlun version", escape(comparison.version)),
    ]
    rows = "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    variants = len(comparison.variants)
    return (f"<header>\n<h1>Scenario comparison: {escape(comparison.baseline)}</h1>\n"
            f'<p class="lead">{variants} variant{"" if variants == 1 else "s"} '
            f"against the baseline, for the province, its prefectures and the grassroots counties "
            f"of the autonomous prefectures.</p>\n<dl class=\"facts\">\n{rows}\n</dl>\n</header>")


def render_differences_table(comparison: Comparison) -> str:
    groups = comparison.report_groups
    head = ('<tr><th rowspan="2">Scenario</th><th rowspan="2">Indicator</th><th rowspan="2">Unit</th>'
            + "".join(f'<th colspan="3">{escape(g.name)}</th>' for g in groups) + "</tr>\n<tr>"
            + "<th>Baseline</th><th>Difference</th><th>95% interval</th>" * len(groups) + "</tr>")
    rows = []
    for scenario in comparison.variants:
        for k, indicator in enumerate(comparison.headline):
            kind = indicator_kind(indicator)
            cells = []
            if k == 0:
                cells.append(f'<th rowspan="{len(comparison.headline)}" scope="rowgroup">'
                             f"{escape(scenario)}</th>")
            cells.append(f"<td>{escape(indicator_label(indicator))}</td>")
            cells.append(f'<td class="unit">{escape(indicator_unit(indicator))}</td>')
            for g in groups:
                found = comparison.differences.get((scenario, g.code, indicator))
                if found is None:
                    cells.append('<td class="num">n/a</td>' * 3)
                    continue
                base, _ = format_estimate(kind, found.baseline, signed=False)
                diff, interval = format_estimate(kind, found.difference, signed=True)
                sig = " sig" if found.difference.excludes_zero else ""
                cells.append(f'<td class="num">{base}</td><td class="num{sig}">{diff}</td>'
                             f'<td class="num">{interval}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        columns = 3 + 3 * len(groups)
        rows.append(f'<tr><td colspan="{columns}">No variants or no headline indicators to compare.'
                    f"</td></tr>")
    caption = ("Difference = variant minus baseline, mean over replications with its 95% interval; "
               "bold where the interval excludes zero. Shares are in %, their differences in "
               "percentage points; costs in millions of CNY.")
    return (f'<table id="table-differences">\n<caption>{caption}</caption>\n<thead>\n{head}\n</thead>\n'
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


CE_NOTES = {
    1: "No cost per talent-year: the variant adds no grassroots talent-years over the baseline.",
    2: ("No bounded 95% interval: the gain in grassroots talent-years is not clearly above zero "
        "(Fieller's interval is unbounded), or there is only one replication."),
}


def render_cost_table(comparison: Comparison) -> str:
    used_notes: set[int] = set()

    def na(note: int) -> str:
        used_notes.add(note)
        return f'n/a<sup><a href="#ce-note-{note}">{note}</a></sup>'

    head = ("<tr><th>Scenario</th><th>Group</th><th>Extra cost, CNY m</th><th>95% interval</th>"
            "<th>Extra grassroots talent-years</th><th>95% interval</th>"
            "<th>CNY per extra grassroots talent-year</th><th>95% interval</th></tr>")
    rows = []
    for c in comparison.cost_effectiveness:
        cost, cost_ci = format_estimate("cny", c.extra_cost_cny, signed=False)
        years, years_ci = format_estimate("count", c.extra_grassroots_talent_years, signed=False)
        ratio = c.cny_per_grassroots_talent_year
        if not math.isfinite(ratio.mean):
            per_year, per_year_ci = na(1), "n/a"
        else:
            per_year = format_number(ratio.mean, 0)
            per_year_ci = format_interval(ratio.low, ratio.high, 0) if ratio.has_interval else na(2)
        rows.append(f'<tr><td class="name">{escape(c.scenario)}</td>'
                    f"<td>{escape(comparison.group_name(c.group))}</td>"
                    f'<td class="num">{cost}</td><td class="num">{cost_ci}</td>'
                    f'<td class="num">{years}</td><td class="num">{years_ci}</td>'
                    f'<td class="num">{per_year}</td><td class="num">{per_year_ci}</td></tr>')
    if not rows:
        rows.append('<tr><td colspan="8">No policy costs in this comparison.</td></tr>')
    table = (f'<table id="table-cost-effectiveness">\n<caption>Extra cost and extra grassroots '
             f"talent-years are variant minus baseline over the horizon, means over replications with "
             f"95% intervals; the cost per talent-year is their ratio with Fieller's interval.</caption>\n"
             f"<thead>\n{head}\n</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    if used_notes:
        notes = "".join(f'<li id="ce-note-{n}" value="{n}">{escape(CE_NOTES[n])}</li>'
                        for n in sorted(used_notes))
        table += f'\n<ol class="footnotes">{notes}</ol>'
    return table


def render_chart(chart_id: str, title: str, fig: Figure | None, alt: str, caption: str,
                 note: str = "") -> str:
    """A titled <figure>: the chart image, or the note when there is nothing to draw."""
    body = figure_image(fig, alt) if fig is not None else f'<p class="note">{escape(note)}</p>'
    return (f"<h2>{escape(title)}</h2>\n<figure class=\"chart\" id=\"{chart_id}\">\n{body}\n"
            f"<figcaption>{escape(caption)}</figcaption>\n</figure>")


def _band_sentence(replications: int) -> str:
    if replications < 2:
        return "with one replication there is no interval"
    return (f"the shaded band is the 95% confidence interval of that mean over the {replications} "
            f"replications (Student t)")


def _group_names(comparison: Comparison) -> str:
    names = [g.name for g in comparison.report_groups]
    return " and ".join([names[0]] + [n[:1].lower() + n[1:] for n in names[1:]])


def render_stock_chart(comparison: Comparison, data: list[ScenarioData]) -> str:
    province = comparison.groups[0].name
    return render_chart(
        "chart-stock", "Talent stock over time", draw_stock_chart(comparison, data),
        f"Line chart of the {province} talent stock by scenario",
        f"Talent stock of {province} at the end of each month, one line per scenario giving the mean "
        f"over replications; {_band_sentence(min(s.replications for s in data))}.")


def render_difference_chart(comparison: Comparison) -> str:
    fig = draw_difference_forest(comparison) if comparison.variants and comparison.headline else None
    return render_chart(
        "chart-differences", "Differences from the baseline", fig,
        "Forest plot of headline differences from the baseline",
        f"Each panel is one headline indicator: the marker is the mean difference from the baseline "
        f"(variant minus baseline) for {_group_names(comparison)}, the whiskers its 95% confidence "
        f"interval, and whiskers that do not cross the zero line mark a clear difference (no whiskers: "
        f"one replication).",
        note="No differences to draw: comparison.json lists no variants or no headline indicators.")


def render_prefecture_chart(comparison: Comparison, data: list[ScenarioData], prefectures: list[str]) -> str:
    return render_chart(
        "chart-prefectures", "Talent stock by prefecture",
        draw_prefecture_panels(comparison, data, prefectures),
        "Small multiples of the talent stock per prefecture",
        f"Talent stock at the end of each month in each prefecture (own vertical scale per panel), mean "
        f"over replications per scenario; {_band_sentence(min(s.replications for s in data))}.")


def render_retention_chart(comparison: Comparison, data: list[ScenarioData]) -> str:
    missing = [s.name for s in data if s.retention is None]
    note = (f"No retention curves: retention.csv is missing for {', '.join(missing)}." if missing else
            "No retention curves: retention.csv has no rows, as no cohort of entrants has been "
            "followed for a full year within the horizon.")
    band = ("the shaded band is the 95% interval from the spread across replications"
            if min(s.replications for s in data) > 1 else "with one replication there is no interval")
    return render_chart(
        "chart-retention", "Retention of entrants", draw_retention_curves(comparison, data),
        "Retention curves of entrants",
        f"Share of entrants still working in the province (solid) and still in their county of entry "
        f"(dashed) by years since entry, pooled over cohorts and replications, for "
        f"{_group_names(comparison)}; {band}.",
        note=note)


def render_flow_chart(comparison: Comparison, data: list[ScenarioData], prefectures: list[str]) -> str:
    missing = [s.name for s in data if s.flows is None]
    return render_chart(
        "chart-flows", "Moves between prefectures",
        None if missing else draw_flow_maps(comparison, data, prefectures),
        "Heat maps of moves between prefectures",
        "Mean moves per year (over replications and the horizon) from the row's prefecture to the "
        "column's, with arrivals into the province in the Outside row and departures out of it in the "
        "Outside column; the first map is the baseline and each further map the variant minus the "
        "baseline (red: more moves, blue: fewer), point estimates without intervals.",
        note=f"No flow matrices: od_flows.csv is missing for {', '.join(missing)}.")


def render_page(comparison: Comparison, data: list[ScenarioData]) -> str:
    prefectures = prefecture_order(comparison, data)
    sections = [
        render_header(comparison, data),
        "<h2>Headline differences at a glance</h2>",
        render_differences_table(comparison),
        "<h2>Cost-effectiveness</h2>",
        render_cost_table(comparison),
        render_stock_chart(comparison, data),
        render_difference_chart(comparison),
        render_prefecture_chart(comparison, data, prefectures),
        render_retention_chart(comparison, data),
        render_flow_chart(comparison, data, prefectures),
        f"<footer>Generated by {PROG} from the compare folder {escape(comparison.folder.name)}.</footer>",
    ]
    title = f"kunlun comparison: {comparison.baseline}"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(sections) + f"\n</main>\n<script>{LOAD_CHECK}</script>\n</body>\n</html>\n")


# ----------------------------------------------------------------------------------------
# Entry point

CHART_STYLE = {
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e4e4e4",
    "grid.linewidth": 0.6,
    "axes.titlesize": 10,
    "svg.hashsalt": "kunlun-report",  # fixed SVG ids: the same inputs give the same report bytes
}


def build_report(folder: Path) -> str:
    comparison = load_comparison(folder)
    data = [load_scenario(comparison, name) for name in comparison.scenarios]
    with matplotlib.rc_context(CHART_STYLE):
        return render_page(comparison, data)


def write_atomically(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp creates 0600; a report is for sharing
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"python3 -m {PROG}",
                                     description="Write the HTML report of a `kunlun compare` output folder.")
    parser.add_argument("compare_dir", type=Path, metavar="COMPARE_DIR",
                        help="output folder of `kunlun compare`")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="report file (default COMPARE_DIR/report.html)")
    args = parser.parse_args(argv)
    out = args.out or args.compare_dir / "report.html"
    try:
        if out.is_dir():
            raise ReportInputError(out, "is a folder; --out takes a file name")
        if not out.parent.is_dir():
            raise ReportInputError(out.parent, "no such folder for the report")
        write_atomically(out, build_report(args.compare_dir))
    except ReportInputError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{PROG}: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0

