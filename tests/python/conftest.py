"""Puts bindings/python on sys.path so the tests import the kunlun package from the source tree."""

import sys
from pathlib import Path

BINDINGS = Path(__file__).resolve().parents[2] / "bindings" / "python"
sys.path.insert(0, str(BINDINGS))
