"""The package's surface: everything in __all__ exists and is documented, the type stubs of the
compiled module match it, and the report module imports without the engine."""

import ast
import functools
import inspect
import os
import subprocess
import sys

from conftest import BINDINGS, ROOT


def public_members(obj):
    for name, member in inspect.getmembers(obj):
        if name.startswith("_"):
            continue
        if inspect.isfunction(member) or isinstance(member, (property, functools.cached_property)):
            yield name, member


def test_everything_public_is_documented(kunlun):
    assert set(kunlun.__all__) <= set(dir(kunlun))
    for name in kunlun.__all__:
        value = getattr(kunlun, name)
        if name == "__version__":
            assert value == kunlun._engine.core().version
            continue
        assert inspect.getdoc(value), f"kunlun.{name} has no docstring"
        if inspect.isclass(value):
            for member_name, member in public_members(value):
                assert inspect.getdoc(member), f"kunlun.{name}.{member_name} has no docstring"


def stub_names(node):
    return {n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))} | {
        n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}


def test_the_stubs_describe_the_compiled_module(kunlun):
    core = kunlun._engine.core()
    stubs = ast.parse((BINDINGS / "kunlun" / "_core.pyi").read_text(encoding="utf-8"))
    assert stub_names(stubs) == {n for n in dir(core) if not n.startswith("_")}
    for cls in (n for n in stubs.body if isinstance(n, ast.ClassDef)):
        compiled = getattr(core, cls.name)
        assert stub_names(cls) - {"__init__"} == {n for n in dir(compiled) if not n.startswith("_")}, cls.name
    assert (BINDINGS / "kunlun" / "py.typed").exists()


def test_the_report_module_needs_no_engine():
    env = {**os.environ, "PYTHONPATH": str(BINDINGS)}
    done = subprocess.run([sys.executable, "-c", "import kunlun, kunlun.html_report; print(kunlun.ScenarioError)"],
                          env=env, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    missing = subprocess.run([sys.executable, "-c", "import kunlun; kunlun.Scenario.load('x.yaml')"], env=env, capture_output=True,
                             text=True, cwd=ROOT)
    assert missing.returncode == 1 and "PYTHONPATH=build/python" in missing.stderr
