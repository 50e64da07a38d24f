#!/usr/bin/env python3
"""Runs kunlun's scaling series and keeps the results per machine.

    /usr/bin/python3 benchmarks/scaling.py [--build build] [--machine NAME] [--large] [--national]

Writes benchmarks/results/<machine>/:
  machine.md      the machine (CPU, cores, memory, OS, compiler) and the kunlun commit
  scaling.csv     every benchmark: agents, threads, milliseconds per month, agent-steps per second
  processes.csv   each process's share of a month at 1M agents, 1 and 2 threads (ns per agent-step)
  months.csv      time against months simulated at 1M agents
  output.csv      a 1M-agent, 10-year run: month time against output time (kunlun run --profile)
  national.csv    with --national: 220 million agents, 12 months, peak memory (GNU time)
  throughput_vs_agents.svg, throughput_vs_threads.svg, time_vs_agents.svg, time_vs_months.svg
--large adds 10^8 agents to the series (about 6 GB and several minutes).
"""
import argparse
import csv
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def describe_machine(build):
    lines = []
    try:
        cpu = sh(["lscpu"]).stdout
        for key in ("Model name", "CPU(s)", "Thread(s) per core", "L2 cache", "L3 cache", "Hypervisor vendor"):
            m = re.search(rf"^{re.escape(key)}:\s*(.+)$", cpu, re.M)
            if m:
                lines.append(f"- {key}: {m.group(1).strip()}")
    except (OSError, subprocess.CalledProcessError):
        pass
    with open("/proc/meminfo") as f:
        total = int(re.search(r"MemTotal:\s*(\d+)", f.read()).group(1))
    lines.append(f"- Memory: {total / 1024 / 1024:.1f} GiB")
    lines.append(f"- OS: {platform.platform()}")
    try:
        lines.append(f"- Compiler: {sh(['c++', '--version']).stdout.splitlines()[0]}")
    except (OSError, subprocess.CalledProcessError):
        pass
    try:
        commit = sh(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).stdout.strip()
        lines.append(f"- kunlun commit: {commit}")
    except (OSError, subprocess.CalledProcessError):
        pass
    lines.append(f"- Build: {build} (CMake Release, -O3)")
    return "\n".join(lines) + "\n"


def run_benchmarks(binary, flt, env=None):
    out = sh([str(binary), f"--benchmark_filter={flt}", "--benchmark_format=json",
              "--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true"],
             env={**os.environ, **(env or {})}).stdout
    return [b for b in json.loads(out)["benchmarks"] if b.get("aggregate_name") == "median"]


def line_chart(path, series, xlabel, ylabel, title, log_x=False, log_y=False, extra=None):
    """One SVG line chart: `series` maps a label to (x, y) points; `extra(ax)` adds reference lines."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for label, pts in series.items():
        pts = sorted(pts)
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
    if extra:
        extra(ax)
    if log_x:
        ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot(rows, folder):
    whole = [r for r in rows if r["benchmark"] == "BM_WholeStep"]
    thread_counts = sorted({r["threads"] for r in whole})
    by_threads = lambda key, scale=1.0: {  # noqa: E731
        f"{t} thread(s)": [(r["agents"], r[key] * scale) for r in whole if r["threads"] == t] for t in thread_counts}

    line_chart(folder / "throughput_vs_agents.svg", by_threads("agent_steps_per_s", 1e-6), "agents",
               "million agent-steps per second", "kunlun: one month of the Qinghai baseline", log_x=True,
               extra=lambda ax: ax.axhline(100, color="grey", linestyle="--", linewidth=1, label="target, 2 threads"))

    # Linear cost: time per month against agents on log-log axes, with lines of slope 1 through
    # the largest size (a linear cost lies on them; a fixed cost per month bends the curve up at
    # small sizes).
    times = by_threads("ms_per_month")

    def proportional(ax):
        for pts in times.values():
            pts = sorted(pts)
            (n0, _), (n, t) = pts[0], pts[-1]
            ax.plot([n0, n], [t * n0 / n, t], color="grey", linestyle=":", linewidth=1)

    line_chart(folder / "time_vs_agents.svg", times, "agents", "milliseconds per month",
               "kunlun: cost against agents (dotted: proportional)", log_x=True, log_y=True, extra=proportional)

    scaling = {f"{n:,} agents": [(r["threads"], r["agent_steps_per_s"] / 1e6) for r in whole if r["agents"] == n]
               for n in sorted({r["agents"] for r in whole})}
    line_chart(folder / "throughput_vs_threads.svg", {k: v for k, v in scaling.items() if len(v) > 1}, "threads",
               "million agent-steps per second", "kunlun: thread scaling",
               extra=lambda ax: ax.set_xticks(thread_counts))


def profile_run(kunlun, scale, end, threads, out):
    """Runs kunlun run --profile; returns (month seconds, output seconds, total seconds)."""
    r = subprocess.run([str(kunlun), "run", str(ROOT / "scenarios/qinghai/baseline.yaml"), "--set",
                        f"population.scale={scale}", "--set", f"horizon.end={end}", "-r", "1", "-t", str(threads),
                        "-o", out, "-f", "-q", "--profile"], check=True, capture_output=True, text=True)
    months = float(re.search(r"all months\s+([\d.]+)", r.stderr).group(1))
    output = float(re.search(r"all output\s+([\d.]+)", r.stderr).group(1))
    total = float(re.search(r"share of the run \(([\d.]+) s\)", r.stderr).group(1))
    return months, output, total, r.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--machine", default=None, help="results folder name (default: CPU model and cores)")
    ap.add_argument("--large", action="store_true", help="add 10^8 agents")
    ap.add_argument("--national", action="store_true", help="run 220 million agents for 12 months")
    args = ap.parse_args()
    build = Path(args.build)
    bench, kunlun = build / "benchmarks/step_benchmark", build / "kunlun"
    if not bench.exists() or not kunlun.exists():
        sys.exit(f"scaling.py: build first (./setup.sh --build-only); {bench} or {kunlun} is missing")
    machine = args.machine
    if not machine:
        model = re.search(r"^Model name:\s*(.+)$", sh(["lscpu"]).stdout, re.M)
        name = model.group(1) if model else platform.machine()
        machine = re.sub(r"[^a-z0-9]+", "-", f"{name} {os.cpu_count()} cores".lower()).strip("-")
    folder = ROOT / "benchmarks/results" / machine
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "machine.md").write_text(f"# {machine}\n\n" + describe_machine(build))

    rows = []
    for b in run_benchmarks(bench, "BM_WholeStep", {"KUNLUN_BENCH_LARGE": "1"} if args.large else None):
        rows.append({"benchmark": "BM_WholeStep", "agents": int(b["run_name"].split("/")[1]),
                     "threads": int(b["run_name"].split("/")[2]), "ms_per_month": b["real_time"],
                     "agent_steps_per_s": b["agent_steps_per_s"]})
    with open(folder / "scaling.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    plot(rows, folder)

    procs = []
    for b in run_benchmarks(bench, "BM_Process"):
        _, p, agents, threads = b["run_name"].split("/")[:4]
        procs.append({"process": b.get("label", p), "agents": int(agents), "threads": int(threads),
                      "ms_per_month": b["real_time"], "ns_per_agent_step": b["ns_per_agent_step"]})
    with open(folder / "processes.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(procs[0]))
        w.writeheader()
        w.writerows(procs)

    months = [{"months": int(b["run_name"].split("/")[1]), "ms": b["real_time"]} for b in run_benchmarks(bench, "BM_Months")]
    last = months[-1]
    line_chart(folder / "time_vs_months.svg",
               {"1M agents, 2 threads": [(m["months"], m["ms"] / 1000) for m in months]}, "months simulated",
               "seconds", "kunlun: cost against months",
               extra=lambda ax: ax.plot([0, last["months"]], [0, last["ms"] / 1000], color="grey", linestyle=":",
                                        linewidth=1, label="proportional"))
    with open(folder / "months.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["months", "ms", "ms_per_month"])
        w.writeheader()
        for m in months:
            w.writerow({**m, "ms_per_month": m["ms"] / m["months"]})

    month_s, output_s, total_s, text = profile_run(kunlun, 1_000_000 / 495700, "2035-12", 2, "/tmp/kunlun-scaling-output")
    (folder / "output_profile.txt").write_text(text)
    with open(folder / "output.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["agents", "months", "threads", "month_seconds", "output_seconds", "run_seconds", "output_share"])
        w.writerow([1_000_000, 120, 2, month_s, output_s, total_s, output_s / total_s])

    if args.national:
        r = subprocess.run(["/usr/bin/time", "-v", str(kunlun), "run", str(ROOT / "scenarios/qinghai/baseline.yaml"),
                            "--set", "population.scale=444", "--set", "horizon.end=2026-12", "-r", "1", "-t", "2",
                            "-o", "/tmp/kunlun-national", "-f", "-q", "--profile", "--verbose"],
                           check=True, capture_output=True, text=True)
        (folder / "national_profile.txt").write_text(r.stderr)
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
        wall = re.search(r"Elapsed \(wall clock\) time.*: (.+)", r.stderr).group(1)
        agents = int(re.search(r"agents at start:\s+(\d+)", r.stderr).group(1))
        month_s = float(re.search(r"all months\s+([\d.]+)", r.stderr).group(1))
        with open(folder / "national.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["agents", "months", "threads", "max_rss_gib", "wall", "month_seconds", "agent_steps_per_s"])
            w.writerow([agents, 12, 2, f"{rss / 1024 / 1024:.2f}", wall, month_s, agents * 12 / month_s])
    print(f"results in {folder}")


if __name__ == "__main__":
    main()
