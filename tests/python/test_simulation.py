"""kunlun.Simulation: stepping, zero-copy read-only agent views, aggregates, policies changed
between months, the same rows as kunlun.run, and the errors."""

import gc
import os
import signal
import threading
import time

import numpy as np
import pytest

from conftest import ROOT


@pytest.fixture
def sim(kunlun, small):
    return kunlun.Simulation(small, threads=2)


def test_stepping_moves_through_the_horizon(kunlun, sim):
    assert (sim.steps_done, sim.next_month, sim.last_month, sim.months) == (0, "2026-01", None, 24)
    sim.step()
    assert (sim.steps_done, sim.next_month, sim.last_month) == (1, "2026-02", "2026-01")
    sim.run_until("2026-06")
    assert (sim.steps_done, sim.last_month) == (6, "2026-06")
    sim.run()
    assert sim.finished and sim.next_month is None and sim.last_month == "2027-12"
    with pytest.raises(kunlun.ScenarioError) as caught:
        sim.step()
    assert caught.value.key == "horizon.end" and caught.value.file == "Simulation.step"


def test_run_until_errors(kunlun, sim):
    sim.run_until("2026-03")
    for date, words in [("2026-13", "not a month"), ("2031-01", "outside the horizon"),
                        ("2026-02", "already simulated")]:
        with pytest.raises(kunlun.ScenarioError, match=words) as caught:
            sim.run_until(date)
        assert caught.value.file == "Simulation.run_until"
    assert sim.steps_done == 3
    sim.run_until("2026-03")  # already there: nothing to do
    assert sim.steps_done == 3


def test_agents_are_read_only_views_of_the_store(sim):
    agents = sim.agents()
    age = agents["age_months"]
    assert agents.count == sim.active_agents == len(age)
    assert age.dtype == np.uint16 and agents.id.dtype == np.uint64 and agents["net_income"].dtype == np.float32
    assert not age.flags.writeable and not age.flags.owndata
    assert type(age.base).__name__ == "AgentColumns" and age.base.simulation is sim._core
    assert all(column.base is age.base for column in agents.values())
    again = sim.agents()
    assert np.shares_memory(again["age_months"], age)  # the same memory, not a copy
    with pytest.raises(ValueError, match="read-only"):
        age[0] = 1
    with pytest.raises(KeyError, match="age_months"):
        agents["age"]


def test_a_view_shows_the_next_months_values(sim):
    agents = sim.agents()
    ids, age, tenure = agents.id.copy(), agents.age_months.copy(), agents.months_in_county.copy()
    sim.step()
    # The same rows hold the same agents (the store drops departed agents only when they are many).
    assert np.array_equal(agents.id, ids)
    active = agents.status == 0
    assert active.mean() > 0.9
    assert np.array_equal(agents.age_months[active], age[active] + 1)  # everyone still here aged a month
    assert (agents.months_in_county[active] >= np.minimum(tenure[active] + 1, 0)).all()
    assert (agents.net_income[active] > 0).all()  # paid this month


def test_views_keep_the_simulation_alive(kunlun, small):
    sim = kunlun.Simulation(small, threads=1)
    sim.step()
    agents = sim.agents()
    expected = int(agents.age_months.astype(np.int64).sum())
    del sim
    gc.collect()
    assert int(agents.age_months.astype(np.int64).sum()) == expected


def test_to_frame_names_the_codes(sim):
    sim.step()
    frame = sim.agents().to_frame()
    assert len(frame) == sim.active_agents
    assert set(frame["level"].cat.categories) == {"high_end", "mid", "junior"}
    assert set(frame["status"]) == {"active"}
    assert frame["prefecture"].iloc[0] in set(frame["prefecture"].cat.categories)
    counts = frame.groupby("prefecture", observed=True).size()
    assert counts["xining"] > counts["golog"] > 0
    raw = sim.agents().to_frame(decode=False)
    assert raw["county"].dtype == np.uint16


def test_aggregates_are_the_months_rows(sim):
    assert sim.aggregates().empty
    sim.run_until("2026-03")
    month = sim.aggregates()
    assert set(month["date"].dt.strftime("%Y-%m")) == {"2026-03"}
    assert month["stock"].sum() == sim.active_agents
    assert len(sim.timeseries()) == 3 * len(month)


def test_stepping_gives_the_rows_of_a_run(kunlun, small, tmp_path):
    one = small.copy().set("replications", 1)
    results = kunlun.run(one, threads=1, out=tmp_path / "run")
    sim = kunlun.Simulation(one, threads=2)
    sim.run()
    assert sim.timeseries_csv().encode() == (results.path / "timeseries.csv").read_bytes()


def test_a_policy_changed_between_months(kunlun, small_housing):
    sim = kunlun.Simulation(small_housing, threads=2)
    sim.run_until("2026-06")
    sim.set("policies.rent.monthly_cny", 0)
    assert sim.scenario.get("policies.rent.monthly_cny") == 0
    sim.run_until("2026-12")
    cost = sim.costs().groupby(sim.costs()["date"].dt.strftime("%Y-%m"))["cost_cny"].sum()
    assert (cost.loc["2026-01":"2026-06"] > 0).all() and len(cost.loc["2026-01":"2026-06"]) == 6
    assert "2026-07" not in cost.index  # no subsidy paid from the month after the change
    sim.set("policies.rent.monthly_cny", 3000)
    sim.step()
    assert sim.costs()["date"].max().strftime("%Y-%m") == "2027-01"


def test_only_policy_parameters_change_during_a_run(kunlun, small_housing):
    sim = kunlun.Simulation(small_housing, threads=1)
    sim.step()
    with pytest.raises(kunlun.ScenarioError, match="only policies") as caught:
        sim.set("behaviour.mobility.annual_move_rate", 0.2)
    assert caught.value.file == "Simulation.set"
    with pytest.raises(kunlun.ScenarioError, match="gain or lose"):
        sim.set("policies.rent2", {"type": "housing_rent_subsidy", "monthly_cny": 100})
    with pytest.raises(kunlun.ScenarioError, match="type of a policy"):
        sim.set("policies.rent.type", "hardship_allowance")
    with pytest.raises(kunlun.ScenarioError, match="paying level"):
        sim.set("policies.rent.payer", "county")
    with pytest.raises(kunlun.ScenarioError) as caught:
        sim.set("policies.rent.monthly_cny", -1)
    assert (caught.value.file, caught.value.key) == ("Simulation.set", "policies.rent.monthly_cny")
    sim.run_until("2026-06")
    with pytest.raises(kunlun.ScenarioError, match="last month simulated") as caught:
        sim.set("policies.rent.end", "2026-03")
    assert caught.value.key == "policies.rent.end"
    assert sim.scenario.get("policies.rent.monthly_cny") == 2000  # unchanged by the rejected sets


def test_simulation_arguments(kunlun, small):
    with pytest.raises(kunlun.ScenarioError, match="past the scenario's 2 replications"):
        kunlun.Simulation(small, replication=2)
    with pytest.raises(TypeError, match="replication"):
        kunlun.Simulation(small, replication=-1)
    second = kunlun.Simulation(small, replication=1, threads=1)
    second.step()
    first = kunlun.Simulation(small, replication=0, threads=1)
    first.step()
    assert not first.aggregates()["stock"].equals(second.aggregates()["stock"])  # its own random numbers


def test_ctrl_c_stops_run_until_after_a_whole_month(kunlun, small):
    sim = kunlun.Simulation(small.copy().set("horizon.end", "2040-12"), threads=1)

    def interrupt_after_two_months():  # steps_done is readable while a month runs
        while sim.steps_done < 2:
            time.sleep(0.001)
        os.kill(os.getpid(), signal.SIGINT)

    watcher = threading.Thread(target=interrupt_after_two_months)
    watcher.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            sim.run_until("2040-12")
    finally:
        watcher.join()
    done = sim.steps_done
    assert 2 <= done < sim.months
    assert len(sim.timeseries()["date"].unique()) == done
    sim.step()  # and it goes on from there
    assert sim.steps_done == done + 1


def test_a_simulations_threads_are_its_own(kunlun, small):
    before = kunlun._engine.default_threads()
    sim = kunlun.Simulation(small, threads=1)
    sim.step()
    assert kunlun._engine.default_threads() == before


def test_policies_with_instruments_only_move_their_dates(kunlun):
    finance = kunlun.Scenario.load(ROOT / "scenarios" / "qinghai" / "finance.yaml")
    finance.set("population.scale", 0.02).set("horizon.end", "2027-12").set("replications", 1)
    sim = kunlun.Simulation(finance, threads=2)
    sim.run_until("2026-06")
    with pytest.raises(kunlun.ScenarioError, match="only its dates") as caught:
        sim.set("policies.talent_loan.amount_cny", 0)
    assert caught.value.key == "policies.talent_loan"
    sim.set("policies.talent_loan.end", "2026-06")  # stopping it is fine
    sim.run_until("2026-09")
    loans = sim.costs()
    owed = loans[(loans["policy"] == "talent_loan") & (loans["date"] > "2026-06-01")]
    assert owed["cost_cny"].sum() > 0  # the loans given keep being paid for
