#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/) from the shipped
scenarios and tables and the tests' data. Run it again when those files change; the fuzzers add
their own finds to a working corpus, not to this one.

Scenario seeds are rewritten to the fuzz target's folder layout (fuzz_scenario_loader.cpp): the
first base a file extends becomes the input's second file, base.yaml, and table paths point at the
copies the target provides."""
import hashlib
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests/fuzz/corpus"
SECOND_FILE = "\n#%% second file\n"  # kSecondFile in fuzz_input.h
MAX_BYTES = 64 * 1024  # small files only: the corpus is run by every test run

SCENARIO_DIRS = ["scenarios/qinghai", "tests/data/scenarios", "tests/data/scenarios/bases",
                 "tests/data/sim", "tests/data/rules", "tests/data/golden"]
REGION_TABLES = ["scenarios/data/qinghai_regions.csv", "tests/data/regions/*.csv",
                 "tests/data/*/regions.csv", "tests/data/scenarios/data/*.csv",
                 "tests/data/rules/two_counties.csv"]
# Margins files with the region table they are checked against (None: the target's Qinghai table).
MARGINS = [("scenarios/data/qinghai_population_margins.csv", None),
           ("tests/data/population/*.csv", "tests/data/population/regions.csv"),
           ("tests/data/rules/margins.csv", "tests/data/rules/regions.csv"),
           ("tests/data/scenarios/data/margins.csv", "tests/data/scenarios/data/regions.csv")]


# Small hand-written seeds for what the shipped files do not show: anchors and aliases, extending
# one base twice or itself, and the CSV syntax (BOM, CRLF, quotes, comments).
EXTRA = {
    "scenario_loader": {
        "anchors": "name: anchors\nd: &d {a: 1, b: [1, 2]}\ne: [*d, *d]\nbehaviour: {mobility: *d}\n"
                   "extends: base.yaml" + SECOND_FILE + "f: &f [x, y]\ng: [*f, *f]\n",
        "extends_twice": "extends: [base.yaml, base.yaml]\nname: twice" + SECOND_FILE
                         + "regions: small/regions.csv\n",
        "extends_itself": "extends: scenario.yaml\nname: itself\n",
        "base_extends_back": "extends: base.yaml\nname: back" + SECOND_FILE + "extends: scenario.yaml\n",
    },
    "csv_reader": {
        "syntax": "\ufeff# comment\r\ncode, \"name, quoted\" ,value\r\n\n a ,\"b \"\"c\"\"\",1e3\r\n"
                  "  # indented comment\nx,\"multi\nline\",-2.5\n",
    },
}


def files(pattern):
    return sorted(ROOT.glob(pattern))


def table_path(written, kind):
    """The fuzz target's copy of the table a scenario names."""
    if "qinghai" in written:
        return "regions.csv" if kind == "regions" else "margins.csv"
    return "small/regions.csv" if kind == "regions" else "small/margins.csv"


def rewrite_scenario(text):
    """Table paths to the target's copies; `extends` to base.yaml (its first base only)."""
    text = re.sub(r"^(regions:\s*)(\S+)", lambda m: m[1] + table_path(m[2], "regions"), text, flags=re.M)
    text = re.sub(r"^(\s+margins:\s*)(\S+)", lambda m: m[1] + table_path(m[2], "margins"), text, flags=re.M)
    return re.sub(r"^extends:.*(\n\s+-.*)*", "extends: base.yaml", text, flags=re.M)


def first_base(path, text):
    m = re.search(r"^extends:\s*\[?\s*([^\s,\]]+)", text, flags=re.M) or \
        re.search(r"^extends:\s*\n\s+-\s*(\S+)", text, flags=re.M)
    if not m:
        return None
    base = (path.parent / m[1]).resolve()
    return base if base.is_file() else None


def write(target, name, data):
    if len(data) > MAX_BYTES:
        return
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()[:8]
    (folder / f"{name}-{digest}").write_bytes(data)


def seed_name(path):
    return str(path.relative_to(ROOT)).replace("/", "_").rsplit(".", 1)[0]


def main():
    shutil.rmtree(CORPUS, ignore_errors=True)
    for d in SCENARIO_DIRS:
        for path in files(d + "/*.yaml"):
            text = path.read_text()
            data = rewrite_scenario(text)
            base = first_base(path, text)
            if base is not None:
                base_text = re.sub(r"^extends:.*(\n\s+-.*)*\n", "", rewrite_scenario(base.read_text()), flags=re.M)
                data += SECOND_FILE + base_text
            write("scenario_loader", seed_name(path), data.encode())
    tables = sorted({p for pattern in REGION_TABLES for p in files(pattern)})
    for path in tables:
        write("region_table", seed_name(path), path.read_bytes())
    for pattern, regions in MARGINS:
        for path in files(pattern):
            if regions and path == ROOT / regions:
                continue
            data = path.read_bytes()
            if regions:
                data += SECOND_FILE.encode() + (ROOT / regions).read_bytes()
            write("population_margins", seed_name(path), data)
    csvs = sorted({p for p in ROOT.glob("tests/data/**/*.csv")} | set(files("scenarios/data/*.csv")))
    for path in csvs:
        write("csv_reader", seed_name(path), path.read_bytes())
    for target, seeds in EXTRA.items():
        for name, text in seeds.items():
            write(target, "extra_" + name, text.encode())


if __name__ == "__main__":
    main()
