#!/usr/bin/env python3
"""Validates kunlun calibrate on synthetic truth: data simulated at known parameter values are
calibrated, and the posterior's 90% intervals should hold the truth about 90% of the time.

    /usr/bin/python3 benchmarks/calibration_coverage.py [--truths 20] [--build build]

For each truth, two parameters of the small test scenario (2% of the Qinghai stock, 2026-2027)
are drawn from their priors: behaviour.mobility.annual_move_rate and
behaviour.destination.leave_province. One run at the truth, on a seed of its own, gives the
"observed" turnover, outflow from the province and internal moves; each gets a 5% observation
error, added to it as noise and declared as its sd. The calibration (2 waves of 20 runs, 100
posterior sets) must then recover the truth.

Writes benchmarks/results/calibration/coverage.csv (one row per truth and parameter) and
coverage.md (the coverage, its binomial 95% interval, and the run time).
"""
import argparse
import csv
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "sim" / "small.yaml"
PARAMETERS = {"behaviour.mobility.annual_move_rate": (0.06, 0.2), "behaviour.destination.leave_province": (0.0, 4.0)}
TARGETS = [("turnover_2026", "turnover", "2026-01", "2026-12"),
           ("outflow_2026_2027", "outflow_external", "2026-01", "2027-12"),
           ("internal_2026_2027", "outflow_internal", "2026-01", "2027-12")]


def targets_yaml(values: dict, sds: dict) -> str:
    out = ["targets:"]
    for name, quantity, start, end in TARGETS:
        out += [f"  {name}:", f"    quantity: {quantity}", f"    from: {start}", f"    to: {end}",
                f"    value: {values[name]!r}", f"    sd: {sds[name]!r}", "    reasoning: synthetic, 5% observation error",
                "    source: benchmarks/calibration_coverage.py"]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truths", type=int, default=20)
    parser.add_argument("--build", default=str(ROOT / "build"))
    args = parser.parse_args()
    sys.path.insert(0, str(Path(args.build) / "python"))
    sys.path.insert(1, str(ROOT / "bindings" / "python"))
    import kunlun

    rng = np.random.default_rng(2026)
    rows, started = [], time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shape = tmp / "shape.yaml"
        shape.write_text(targets_yaml({n: 1.0 for n, *_ in TARGETS}, {n: 1.0 for n, *_ in TARGETS}))
        design = tmp / "design.yaml"
        design.write_text("parameters: [" + ", ".join(PARAMETERS) + "]\nwaves: 2\npoints_per_wave: 20\n"
                          "repeats_per_wave: 4\ncandidates: 5000\nposterior: {size: 100, chains: 4, steps: 2000}\n")
        for k in range(args.truths):
            truth = {key: float(rng.uniform(low, high)) for key, (low, high) in PARAMETERS.items()}
            sc = kunlun.Scenario.load(SMALL)
            for key, value in truth.items():
                sc.set(key, value)
            # The observed world: one history at the truth, on a seed of its own.
            observed = kunlun.run(sc, replications=1, seed=1000 + k, targets=shape).fit.set_index("target")
            values, sds = {}, {}
            for name, *_ in TARGETS:
                y = float(observed.loc[name, "simulated_mean"])
                sds[name] = 0.05 * abs(y)
                values[name] = y + float(rng.normal(0, sds[name]))
            targets = tmp / f"targets-{k}.yaml"
            targets.write_text(targets_yaml(values, sds))
            cal = kunlun.calibrate(str(SMALL), targets, design=design, seed=k + 1)
            for key, value in truth.items():
                sample = cal.posterior[key].to_numpy()
                low, high = np.quantile(sample, [0.05, 0.95])
                rows.append({"truth": k, "parameter": key, "true_value": value, "posterior_median": float(np.median(sample)),
                             "low_90": float(low), "high_90": float(high), "covered": int(low <= value <= high),
                             "prior_width": PARAMETERS[key][1] - PARAMETERS[key][0], "width_90": float(high - low)})
            print(f"truth {k + 1}/{args.truths}: " + ", ".join(
                f"{r['parameter'].rsplit('.', 1)[1]} {r['true_value']:.3g} in [{r['low_90']:.3g}, {r['high_90']:.3g}]"
                f"{'' if r['covered'] else ' MISSED'}" for r in rows[-2:]), flush=True)
    seconds = time.monotonic() - started
    out = ROOT / "benchmarks" / "results" / "calibration"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "coverage.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    n, covered = len(rows), sum(r["covered"] for r in rows)
    # Wilson's 95% interval of a binomial proportion.
    p, z = covered / n, 1.959964
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    lines = [f"# Calibration coverage on synthetic truth", "",
             f"{args.truths} truths x {len(PARAMETERS)} parameters = {n} posterior 90% intervals; "
             f"{covered} hold the truth: coverage {p:.2f} (Wilson 95% interval {centre - half:.2f} to {centre + half:.2f}; "
             f"nominal 0.90).", ""]
    for key in PARAMETERS:
        mine = [r for r in rows if r["parameter"] == key]
        lines.append(f"- `{key}`: {sum(r['covered'] for r in mine)} of {len(mine)} covered; mean 90% width "
                     f"{np.mean([r['width_90'] for r in mine]):.3g} of a prior range {mine[0]['prior_width']:.3g}.")
    lines += ["", f"Run time {seconds:.0f} s (`/usr/bin/python3 benchmarks/calibration_coverage.py --truths {args.truths}`)."]
    (out / "coverage.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
