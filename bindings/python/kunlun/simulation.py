"""One replication stepped month by month, with the agents visible as numpy arrays.

For researchers who want to look inside a run: step it, read the agent store without copying
it, change a policy's parameters between months, and read the month's aggregates.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any, Iterator

import numpy as np
import pandas as pd

from kunlun._engine import check_threads, core
from kunlun.results import read_costs, read_timeseries
from kunlun.scenario import Scenario

__all__ = ["Simulation", "Agents"]


class Agents(Mapping):
    """The agent store at one moment: a read-only numpy array per attribute, viewing the
    engine's columns without copying (`np.shares_memory` with the store; `.base` keeps the
    simulation alive).

    Columns (one element per agent, all the same length): id (stable across months and
    scenarios), county (slot), field, level, title, education, origin, sex, employer (codes;
    `codes` names them), age_months, months_in_county, months_in_title, status (0 active),
    net_income (CNY this month), performance (latent z-score x 32), flags (bits: 1 family,
    2 apartment, 4 loan, 8 funded venture, 16 moved from county of entry), bond_until,
    entry_month, venture_month, loan_until, grant_month (month indices year*12+month-1, 0 for
    none), home_prefecture (slot, 255 outside), entry_county, loan_cny, grant_cny,
    grant_vesting_months, grant_clawback_share.

    The arrays are a live window on the store: the next step changes the values they show. Rows
    belong to agents only until the store next drops departed agents (at a later step or call of
    `Simulation.agents()`), and if the store has to grow the arrays keep showing the old columns;
    take `agents()` again after stepping, and use `id` to follow agents. `to_frame()` copies
    into a pandas frame with names instead of codes.
    """

    def __init__(self, columns: dict[str, np.ndarray], simulation: Simulation):
        self._columns = columns
        self._simulation = simulation

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self._columns[name]
        except KeyError:
            raise KeyError(f"no agent column '{name}' (columns: {', '.join(self._columns)})") from None

    def __getattr__(self, name: str) -> np.ndarray:
        columns = self.__dict__.get("_columns", {})
        if name in columns:
            return columns[name]
        raise AttributeError(f"no agent column '{name}'")

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    @property
    def count(self) -> int:
        """How many agents (rows)."""
        return len(self._columns["id"])

    @property
    def codes(self) -> dict[str, list[str]]:
        """Names of the coded columns by code: level, title, education, origin, sex, employer,
        status, county, field and home_prefecture."""
        names = dict(core().categories())
        places = self._simulation._places
        names["county"] = places["county"]
        names["field"] = places["field"]
        names["home_prefecture"] = places["prefecture"]
        return names

    def to_frame(self, decode: bool = True) -> pd.DataFrame:
        """A copy as a pandas frame; with decode, coded columns become categories with their
        names and a prefecture column is added."""
        frame = pd.DataFrame({name: np.array(column) for name, column in self._columns.items()})
        if decode:
            codes = self.codes
            places = self._simulation._places
            order = places["prefecture"]
            of_county = np.array([order.index(p) for p in places["county_prefecture"]], dtype=np.int64)
            frame.insert(1, "prefecture", pd.Categorical.from_codes(of_county[frame["county"].to_numpy()],
                                                                    categories=order))
            for name in ("county", "field", "level", "title", "education", "origin", "sex", "employer", "status"):
                frame[name] = pd.Categorical.from_codes(frame[name].to_numpy().astype(np.int64), categories=codes[name])
            home = frame["home_prefecture"].to_numpy().astype(np.int64)
            home = np.where(home == 255, -1, home)
            frame["home_prefecture"] = pd.Categorical.from_codes(home, categories=codes["home_prefecture"])
        return frame

    def __repr__(self) -> str:
        return f"<Agents: {self.count} agents x {len(self)} columns (read-only views)>"


class Simulation:
    """One replication of a scenario, stepped month by month.

        sim = kunlun.Simulation(scenario)        # synthesises the starting population
        sim.step()                               # one month
        sim.run_until("2030-01")                 # every month up to and including 2030-01
        sim.agents()                             # numpy views of the agent store
        sim.aggregates()                         # the last month's time-series rows
        sim.set("policies.rent.monthly_cny", 3000)  # from the next month on

    The months are the same as in `kunlun.run` for the same scenario, seed and replication:
    `timeseries()` gives the rows of that replication in timeseries.csv, byte for byte.
    """

    def __init__(self, scenario: Scenario | str, replication: int = 0, threads: int | None = None):
        """scenario: a Scenario or a scenario file. replication: which of the scenario's
        replications (its random numbers) to simulate. threads: 1 to 4 per processor, default
        every core."""
        if not isinstance(scenario, Scenario):
            scenario = Scenario.load(scenario)
        if isinstance(replication, bool) or not isinstance(replication, (int, np.integer)) or replication < 0:
            raise TypeError(f"replication must be a non-negative int, got {replication!r}")
        threads = check_threads(threads, "kunlun.Simulation")
        self._core = core().Simulation(scenario._document, int(replication), threads)
        self._places = dict(core().region_order(scenario.get("regions")))  # codes in table order

    # -- stepping ---------------------------------------------------------------------------

    def step(self) -> None:
        """Simulates the next month. ScenarioError past the horizon's end."""
        self._core.step()

    def run_until(self, date: str) -> None:
        """Simulates every month up to and including `date` ("YYYY-MM"); nothing when `date` is
        the last month simulated. Ctrl-C stops after a whole month (KeyboardInterrupt); the
        simulation can go on from there."""
        self._core.run_until(str(date))

    def run(self) -> None:
        """Simulates every remaining month of the horizon."""
        if not self.finished:
            self._core.run_until(self.scenario.end)

    def set(self, key: str, value: Any) -> None:
        """Changes a policy parameter (a key under ``policies.``) from the next month on.

        The whole scenario is validated again (ScenarioError when invalid, nothing changed).
        Policies cannot be added, removed, renamed or change type or payer during a run:
        declare them in the scenario with a later start, and end them by setting their end (to
        the last month simulated or later). A policy that leaves loans, home-purchase grants or
        apartment tenancies behind may only move its dates. Months already simulated never
        change."""
        self._core.set(key, value)

    # -- reading --------------------------------------------------------------------------------

    def agents(self) -> Agents:
        """The agent store now, as read-only numpy arrays viewing it without a copy (see Agents)."""
        return Agents(self._core.agents(), self)

    def aggregates(self) -> pd.DataFrame:
        """The last simulated month's time-series rows (stock after it and flows during it, by
        county, field and level), as in timeseries.csv. Empty before the first step."""
        return read_timeseries(io.StringIO(self._core.timeseries_csv(True)), self._places)

    def timeseries(self) -> pd.DataFrame:
        """Every simulated month's time-series rows so far."""
        return read_timeseries(io.StringIO(self._core.timeseries_csv(False)), self._places)

    def timeseries_csv(self) -> str:
        """The time-series rows so far as CSV text with its header (the bytes of timeseries.csv)."""
        return self._core.timeseries_csv(False)

    def costs(self) -> pd.DataFrame:
        """Every policy cost so far, by month and county, as in costs.csv."""
        return read_costs(io.StringIO(self._core.costs_csv(False)), self._places, self._core.scenario.policies)

    @property
    def scenario(self) -> Scenario:
        """The scenario as it now stands (with policy changes made by `set`); a copy."""
        return Scenario(self._core.scenario)

    @property
    def next_month(self) -> str | None:
        """The month the next step simulates, or None when the horizon is done."""
        return self._core.next_month or None

    @property
    def last_month(self) -> str | None:
        """The last simulated month, or None before the first step."""
        return self._core.last_month or None

    @property
    def steps_done(self) -> int:
        """Months simulated so far."""
        return self._core.steps_done

    @property
    def months(self) -> int:
        """Months in the horizon."""
        return self._core.months

    @property
    def finished(self) -> bool:
        """True when every month of the horizon is simulated."""
        return self._core.finished

    @property
    def replication(self) -> int:
        """Which of the scenario's replications (its random numbers) this is."""
        return self._core.replication

    @property
    def active_agents(self) -> int:
        """Agents in the province now."""
        return self._core.active_agents

    @property
    def threads(self) -> int:
        """Threads the months run on; results do not depend on it."""
        return self._core.threads

    def __repr__(self) -> str:
        where = f"next month {self.next_month}" if self.next_month else "finished"
        return (f"<Simulation {self._core.scenario.name} replication {self.replication}: "
                f"{self.steps_done}/{self.months} months, {where}, {self.active_agents} agents>")
