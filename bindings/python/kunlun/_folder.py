"""What every results object that reads a kunlun output folder shares: the folder, the check
that it is one of its kind, and its manifest."""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path
from typing import Any


class OutputFolder:
    """A kunlun output folder; subclasses name the file that marks their kind."""

    _marker = "manifest.json"  # a file only this kind of folder has
    _kind = "kunlun"           # the command that writes it, for the error

    def __init__(self, path: str | os.PathLike):
        self._path = Path(path)
        if not (self._path / self._marker).is_file():
            raise FileNotFoundError(f"{self._path} is not a kunlun {self._kind} folder (no {self._marker})")

    @property
    def path(self) -> Path:
        """The output folder (temporary unless `out` was given; it lives as long as this object)."""
        return self._path

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """manifest.json: the command, version, seeds, sizes and run time."""
        return json.loads((self._path / "manifest.json").read_text(encoding="utf-8"))
