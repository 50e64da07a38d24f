"""The output folder survives whatever happens to the command writing it: `run`, `compare` and
`sweep` killed (SIGKILL, SIGTERM, SIGHUP) at named moments (KUNLUN_PAUSE_AT holds the command there)
and in mid-simulation leave the folder complete or absent, and nothing else changed; what they
leave is removed by the next run. Also: two commands writing one folder, a full disk, Ctrl-C while
the report is drawn, and a scenario named like a file the comparison writes."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import kunlun_cli

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "sim" / "small.yaml"
STAGING = re.compile(r"^\..+\.(partial|replaced)-\d+$")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Two tiny scenarios (three months, 1% of the stock) and two small ones, a user's own files
    and an earlier run's outputs."""
    root = tmp_path_factory.mktemp("template")
    for name in ("tiny", "tiny-b"):
        (root / f"{name}.yaml").write_text(
            f"extends: {SMALL}\nname: {name}\nhorizon: {{start: 2026-01, end: 2026-03}}\nreplications: 1\n"
            "population: {scale: 0.01}\n", encoding="utf-8")
    (root / "small-b.yaml").write_text(f"extends: {SMALL}\nname: small-b\n", encoding="utf-8")
    (root / "notes").mkdir()
    (root / "notes" / "thesis.tex").write_text("years of work\n", encoding="utf-8")
    (root / ".hidden").write_text("mine\n", encoding="utf-8")
    subprocess.run([kunlun_cli(), "run", str(root / "tiny.yaml"), "-q", "-t", "1", "--out", str(root / "earlier")],
                   check=True, capture_output=True)
    return root


@pytest.fixture
def work(template, tmp_path):
    """A fresh copy of the template, none of whose files a command writing elsewhere may touch."""
    shutil.copytree(template, tmp_path / "work")
    return tmp_path / "work"


def command(kind, work, out, seed=1, *extra, size="tiny"):
    """The command on the tiny scenarios (a tenth of a second), or on the small ones ("small":
    long enough to be caught simulating)."""
    first, second = (work / "tiny.yaml", work / "tiny-b.yaml") if size == "tiny" else (SMALL, work / "small-b.yaml")
    args = {"run": ["run", str(first)],
            "compare": ["compare", str(first), str(second)],
            "sweep": ["sweep", str(first), "--set", "behaviour.titles.evaluation_month=9,10,11,12"]}[kind]
    more = ["-r", "4"] if size == "small" else []
    return [kunlun_cli(), *args, *more, "-q", "-t", "1", "--seed", str(seed), "--out", str(out), *extra]


def snapshot(root, leave_out=()):
    """Every path under root with its size and modification time, but those named in leave_out,
    their staging folders and their journals (.NAME.resume, kept for --resume)."""
    def skipped(rel):
        top = rel.split(os.sep)[0]
        return any(top == name or top == f".{name}.resume" or (STAGING.match(top) and top[1:].startswith(name + "."))
                   for name in leave_out)
    seen = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if skipped(rel):
            continue
        stat = path.lstat()
        seen[rel] = "folder" if path.is_dir() else (stat.st_size, stat.st_mtime_ns)
    return seen


def complete(folder):
    """The manifest of a complete output folder: every file it lists is there, and a comparison's
    scenario folders are complete too. Fails otherwise."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name in manifest["files"]:
        assert (folder / name).is_file(), f"{folder} lacks {name}"
        if name.endswith(".csv"):
            assert (folder / name).read_bytes().endswith(b"\n"), f"{folder / name} is cut short"
    for scenario in manifest.get("scenarios", []):
        complete(folder / scenario["folder"])
    return manifest


def leftovers(root):
    return sorted(p.name for p in root.iterdir() if STAGING.match(p.name))


def paused(args, point, stderr_path, seconds=10):
    """Starts the command, held at the pause point; returns it once it is there."""
    env = dict(os.environ, KUNLUN_PAUSE_AT=point, KUNLUN_PAUSE_SECONDS=str(seconds))
    with open(stderr_path, "w") as err:
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, env=env)
    deadline = time.monotonic() + 20
    while f"paused at {point}" not in stderr_path.read_text():
        assert process.poll() is None, f"ended before {point}: {stderr_path.read_text()}"
        assert time.monotonic() < deadline, f"never reached {point}"
        time.sleep(0.01)
    return process


# (command, pause point or a delay in seconds, signal, an older folder to replace with --force)
CASES = [
    ("run", "staged", signal.SIGKILL, False),
    ("run", "staged", signal.SIGTERM, False),
    ("run", 0.25, signal.SIGKILL, False),
    ("run", 0.25, signal.SIGHUP, False),
    ("run", "before-rename", signal.SIGKILL, False),
    ("run", "before-rename", signal.SIGTERM, True),
    ("run", "before-cleanup", signal.SIGKILL, True),
    ("run", "during-cleanup", signal.SIGKILL, True),
    ("compare", "staged", signal.SIGHUP, False),
    ("compare", 0.3, signal.SIGKILL, True),
    ("compare", "before-rename", signal.SIGKILL, True),
    ("compare", "during-cleanup", signal.SIGKILL, True),
    ("compare", "during-cleanup", signal.SIGTERM, True),
    ("sweep", 0.3, signal.SIGTERM, False),
    ("sweep", "staged", signal.SIGTERM, False),
    ("sweep", "before-rename", signal.SIGKILL, False),
    ("sweep", "before-cleanup", signal.SIGKILL, True),
]


@pytest.mark.parametrize("kind,when,sig,replacing", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2].name}{'-force' if c[3] else ''}" for c in CASES])
def test_a_killed_command_leaves_its_folder_complete_or_absent(work, kind, when, sig, replacing):
    out = work / "out"
    extra = []
    if replacing:
        subprocess.run(command(kind, work, out, seed=1), check=True, capture_output=True)
        extra = ["--force"]
    before = snapshot(work, leave_out=["out"])
    if isinstance(when, str):
        process = paused(command(kind, work, out, 2, *extra), when, work.parent / "stderr")
    else:  # in mid-simulation
        process = subprocess.Popen(command(kind, work, out, 2, *extra, size="small"), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(when)
    process.send_signal(sig)
    code = process.wait(timeout=30)

    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
        if isinstance(when, str):
            assert leftovers(work), "the kill left a staging folder behind (for the next run to remove)"
    else:
        # As Ctrl-C: 130 while simulating; past the last month the outputs are finished and kept.
        assert code in (130, 0), code
        assert leftovers(work) == [], "an interrupted command removes its staging folder"
    if out.exists():
        seed = complete(out)["seed"]
        assert seed in ((1, 2) if replacing else (2,))
        if when in ("before-cleanup", "during-cleanup"):
            assert seed == 2, "the new folder is in place before the old one goes"
    else:
        assert not replacing, "a forced replacement never leaves the folder absent"
    assert snapshot(work, leave_out=["out"]) == before, "nothing outside the output folder changed"
    print(f"OUTCOME {kind} {when} {sig.name} force={replacing}: exit {code}, folder "
          f"{'seed %s' % complete(out)['seed'] if out.exists() else 'absent'}, left {leftovers(work)}")

    # The next run into the same folder removes what the killed one left, and nothing else.
    subprocess.run(command("run", work, work / "next"), check=True, capture_output=True)
    assert leftovers(work) == []
    assert snapshot(work, leave_out=["out", "next"]) == before


def test_two_commands_writing_one_folder_one_wins_the_other_says_why(work, tmp_path):
    out = work / "out"
    first = paused(command("run", work, out), "staged", tmp_path / "first.err", seconds=1)
    second = subprocess.run(command("run", work, out, 3, "--force"), capture_output=True, text=True)
    assert second.returncode == 2
    assert f"another command (process {first.pid}) is writing output directory '{out}' now" in second.stderr
    assert first.wait(timeout=30) == 0
    assert complete(out)["seed"] == 1

    # Started together, with and without --force: never an internal error, and the folder complete.
    for force in ([], ["--force"]):
        shutil.rmtree(out)
        runs = [subprocess.Popen(command("run", work, out, seed, *force), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True) for seed in range(1, 5)]
        results = [(r.wait(timeout=60), r.stderr.read()) for r in runs]
        assert {code for code, _ in results} <= {0, 2}, results
        assert any(code == 0 for code, _ in results)
        for code, err in results:
            if code == 2:
                assert "is writing output directory" in err or "was written by another command" in err \
                    or "already exists" in err, err
        complete(out)
        assert leftovers(work) == []


def can_mount_a_small_disk():
    if not shutil.which("unshare") or not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(["unshare", "-r", "-m", "sh", "-c", "mount -t tmpfs -o size=32k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not can_mount_a_small_disk(), reason="cannot mount a tmpfs in a user namespace here")
@pytest.mark.parametrize("kind", ["run", "compare", "sweep"])
def test_a_full_disk_is_exit_code_3_naming_the_folder_and_leaves_nothing(work, kind):
    disk = work / "disk"
    disk.mkdir()
    out = disk / "out"
    args = " ".join(f"'{a}'" for a in command(kind, work, out))
    # In a mount namespace of its own: the 32 KB disk is seen by this command only.
    script = f"mount -t tmpfs -o size=32k tmpfs '{disk}' && {args}; echo \"exit=$?\"; ls -A '{disk}'"
    result = subprocess.run(["unshare", "-r", "-m", "sh", "-c", script], capture_output=True, text=True)
    lines = result.stdout.split()
    assert lines[0] == "exit=3", result.stderr
    # No partial output, the staging folder removed; the journal of the replications that finished
    # may stay, for --resume once there is room.
    assert [name for name in lines[1:] if name != ".out.resume"] == [], "no partial output, the staging folder removed"
    assert result.stderr.startswith(f"kunlun: {out}: the disk is full (No space left on device) while writing ")
    assert f"on the file system mounted at {disk} with " in result.stderr
    assert "internal error" not in result.stderr


def test_a_scenario_named_like_a_comparison_file_is_refused_before_any_work(work):
    named = work / "named.yaml"
    named.write_text(f"extends: {work / 'tiny-b.yaml'}\nname: comparison.csv\n", encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([kunlun_cli(), "compare", str(work / "tiny.yaml"), str(named), "--out",
                             str(work / "cmp")], capture_output=True, text=True)
    assert result.returncode == 2
    assert f"{named}:2: name: the scenario name 'comparison.csv' is the name of a file the comparison writes" \
        in result.stderr
    assert not (work / "cmp").exists() and leftovers(work) == []
    assert time.monotonic() - started < 5


def report_drawable():
    try:
        import matplotlib  # noqa: F401
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not report_drawable(), reason="the report needs matplotlib and pandas")
def test_ctrl_c_while_the_report_is_drawn_exits_130_and_keeps_the_comparison(work):
    out = work / "cmp"
    process = subprocess.Popen(command("compare", work, out, 1, "--report"), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    # The folder appears, then the drawing starts in a Python child; Ctrl-C at a terminal reaches
    # the whole process group.
    deadline = time.monotonic() + 30
    while not out.exists():
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=30) == 130
    err = process.stderr.read()
    assert f"the comparison is complete in {out}, without report.html; draw it with: " in err, err
    complete(out)
    assert not (out / "report.html").exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


# The Python face: Results.save(force=True) replaces only what kunlun wrote, as --force does, and a
# full disk under kunlun.run is an OSError (errno ENOSPC) naming the folder, with nothing left.

def test_results_save_with_force_replaces_only_a_folder_kunlun_wrote(kunlun, work, monkeypatch):
    results = kunlun.Results(work / "earlier")
    mine = work / "notes"
    with pytest.raises(kunlun.ScenarioError) as caught:
        results.save(mine, force=True)
    e = caught.value
    assert (e.file, e.key) == ("Results.save", "force")
    assert e.problem == f"will not replace '{mine}': it has no manifest.json, so kunlun did not write it"
    assert "out=" in e.hint and "--" not in str(e)
    assert (mine / "thesis.tex").read_text(encoding="utf-8") == "years of work\n"
    monkeypatch.chdir(work)
    with pytest.raises(kunlun.ScenarioError, match="the working folder"):
        results.save(work, force=True)
    assert (work / "notes" / "thesis.tex").exists()
    # An earlier kunlun output is replaced, and nothing else is left beside it.
    copy = results.save(work / "copy")
    results.save(copy, force=True)
    assert sorted(p.name for p in copy.iterdir()) == sorted(p.name for p in (work / "earlier").iterdir())
    assert leftovers(work) == []


@pytest.mark.skipif(not can_mount_a_small_disk(), reason="cannot mount a tmpfs in a user namespace here")
def test_a_full_disk_under_kunlun_run_is_an_oserror_naming_the_folder(work):
    disk = work / "disk"
    disk.mkdir()
    out = disk / "out"
    paths = [os.environ.get("KUNLUN_PYTHON_PATH") or str(ROOT / "build" / "python"), str(ROOT / "bindings" / "python")]
    program = (f"import errno, sys; sys.path[:0] = {paths!r}; import kunlun\n"
               "try:\n"
               f"    kunlun.run({str(work / 'tiny.yaml')!r}, threads=1, out={str(out)!r})\n"
               "except OSError as e:\n"
               "    print(type(e).__name__, errno.errorcode[e.errno], e.filename == " + repr(str(out)) + ")\n"
               "    print(e.strerror, file=sys.stderr)\n")
    (work / "program.py").write_text(program, encoding="utf-8")
    script = f"mount -t tmpfs -o size=32k tmpfs '{disk}' && '{sys.executable}' '{work / 'program.py'}'; ls -A '{disk}'"
    result = subprocess.run(["unshare", "-r", "-m", "sh", "-c", script], capture_output=True, text=True,
                            env=dict(os.environ))
    assert result.stdout.split() == ["OSError", "ENOSPC", "True"], result.stderr
    assert result.stderr.startswith(f"{out}: the disk is full (No space left on device) while writing ")
    assert f"on the file system mounted at {disk} with " in result.stderr
