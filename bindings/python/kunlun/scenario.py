"""Scenarios from Python: load a file, build one from a dict, change keys, write YAML.

A `Scenario` is always valid: every change is checked at once with the same rules and messages
as `kunlun validate`, and a rejected change leaves the scenario as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Mapping

from kunlun._engine import core

__all__ = ["Scenario"]


class Scenario:
    """A validated scenario: its merged tree (after `extends:`) and everything checked about it.

    Make one with `Scenario.load`, `Scenario.from_dict` or `Scenario.from_yaml`; change it with
    `set`. Keys are dotted paths into the YAML tree, e.g. ``"horizon.end"`` or
    ``"policies.grassroots_rent_subsidy.monthly_cny"`` (docs/scenarios.md lists them all).
    """

    __slots__ = ("_document",)

    def __init__(self, document: Any):
        """Wraps an engine scenario document; use the class methods to make one."""
        if not isinstance(document, core().ScenarioDocument):
            raise TypeError("use Scenario.load, Scenario.from_dict or Scenario.from_yaml to make a Scenario")
        self._document = document

    # -- making one ------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike) -> Scenario:
        """Loads a scenario file with everything it extends, and validates it.

        Raises ScenarioError naming the file, line and key of the first problem."""
        return cls(core().ScenarioDocument.load(os.fspath(path)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], base_dir: str | os.PathLike | None = None) -> Scenario:
        """A scenario from a dict shaped like a scenario file (without `extends`).

        Relative file paths (regions, population.margins) are resolved against `base_dir`,
        by default the current directory. Values may be numbers, strings, bools, None, lists,
        dicts, numpy values and dates (written as YYYY-MM)."""
        return cls(core().ScenarioDocument.from_python(data, os.fspath(base_dir or os.getcwd())))

    @classmethod
    def from_yaml(cls, text: str, base_dir: str | os.PathLike | None = None) -> Scenario:
        """A scenario from YAML text, as in a file (without `extends`); see `from_dict` for base_dir."""
        return cls(core().ScenarioDocument.from_yaml(text, os.fspath(base_dir or os.getcwd()), "<yaml text>"))

    def copy(self) -> Scenario:
        """An independent copy, to change without changing this one."""
        return Scenario(self._document.copy())

    __copy__ = copy

    def __deepcopy__(self, memo) -> Scenario:
        return self.copy()

    # -- reading and changing ----------------------------------------------------------------

    def set(self, key: str, value: Any) -> Scenario:
        """Sets the value at a dotted key and validates the scenario again; returns self.

        A value may be a whole subtree (a dict), e.g. a new policy:
        ``sc.set("policies.rent", {"type": "housing_rent_subsidy", "monthly_cny": 2000})``.
        Raises ScenarioError (file "Scenario.set", the key, the problem and a hint) and leaves
        the scenario unchanged when the result is not a valid scenario."""
        if not isinstance(key, str):
            raise TypeError(f"key must be a dotted string such as 'horizon.end', got {type(key).__name__}")
        self._document.set(key, value)
        return self

    def get(self, key: str) -> Any:
        """The value at a dotted key: numbers, bools, None and strings as YAML reads them
        (months stay "YYYY-MM" strings), maps as dicts. KeyError when the key is absent."""
        return self._document.get(key)

    def __getitem__(self, key: str) -> Any:
        return self.get(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.set(key, value)

    def to_dict(self) -> dict[str, Any]:
        """The whole merged tree as Python values (file paths resolved to absolute ones)."""
        return self._document.to_python()

    def to_yaml(self) -> str:
        """The merged tree as YAML: the resolved scenario that run manifests record."""
        return self._document.to_yaml()

    def save(self, path: str | os.PathLike) -> Path:
        """Writes `to_yaml()` to `path`, atomically (a temporary file renamed into place)."""
        target = Path(path)
        fd, temporary = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(self.to_yaml())
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, target)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        return target

    # -- what it is ------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The scenario's name, which also names its output folder."""
        return self._document.name

    @property
    def file(self) -> Path | None:
        """The file it was loaded from, or None when built from a dict or YAML text."""
        f = self._document.file
        return None if f is None else Path(f)

    @property
    def start(self) -> str:
        """First simulated month, "YYYY-MM"."""
        return self._document.start

    @property
    def end(self) -> str:
        """Last simulated month, "YYYY-MM" (inclusive)."""
        return self._document.end

    @property
    def months(self) -> int:
        """Months from start to end, both included."""
        return self._document.months

    @property
    def seed(self) -> int:
        """The random seed: with the same seed, the same results on any thread count."""
        return self._document.seed

    @property
    def replications(self) -> int:
        """Replications a run makes (each with its own random numbers)."""
        return self._document.replications

    @property
    def policies(self) -> list[str]:
        """The names of the scenario's policies, in order."""
        return list(self._document.policies)

    def __repr__(self) -> str:
        where = f" from {self.file}" if self.file else ""
        policies = ", ".join(self.policies) or "no policies"
        return (f"<Scenario {self.name}{where}: {self.start} to {self.end}, seed {self.seed}, "
                f"{self.replications} replication{'s' if self.replications != 1 else ''}, {policies}>")

    def __eq__(self, other: object) -> bool:
        """The same keys and values (0.60 equals 0.6), wherever they came from."""
        return isinstance(other, Scenario) and self.to_dict() == other.to_dict()

    __hash__ = None  # mutable
