"""Every declared parameter as a data frame: what `kunlun parameters` prints, for a notebook."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kunlun._engine import core

if TYPE_CHECKING:
    from kunlun.scenario import Scenario

__all__ = ["parameters"]


def parameters(scenario: Scenario | None = None) -> pd.DataFrame:
    """Every behaviour and policy parameter, one row each, as `kunlun parameters --format csv` gives.

    Columns: section ("behaviour", "policy NAME (TYPE)" for the scenario's policies, "policy type
    TYPE" for the reference of each type), key, type, value (as written in a scenario file; the
    default without a scenario), default, by_default (the scenario left the key out), required,
    unit, range, evidence (a source, or "assumption, to calibrate") and meaning. Values stay text,
    as in the file: ``pd.to_numeric(frame.value, errors="coerce")`` gives numbers where they are."""
    document = None if scenario is None else scenario._document
    return pd.DataFrame(core().parameters(document),
                        columns=["section", "key", "type", "value", "default", "by_default", "required", "unit",
                                 "range", "evidence", "meaning"])
