"""kunlun.Scenario: loading, building from dicts and YAML, set/get, and the errors, which carry the
file, line, key and hint of the command line's messages."""

import os
import subprocess
from pathlib import Path

from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, SMALL


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_load_reads_the_merged_scenario(kunlun, small):
    assert small.name == "test-small"
    assert small.file == SMALL
    assert (small.start, small.end, small.months) == ("2026-01", "2027-12", 24)
    assert small.replications == 2 and small.seed == 20261124
    assert small.policies == []
    assert small.get("population.scale") == 0.02
    assert small["horizon"] == {"start": "2026-01", "end": "2027-12"}
    # from the base it extends, with the region table's path resolved
    assert Path(small.get("regions")).is_absolute()
    assert small.get("behaviour.retirement.male_age_years") == 60


def test_loading_a_file_with_a_typo_names_file_line_and_key(kunlun, tmp_path):
    bad = write(tmp_path / "typo.yaml", f"extends: {SMALL}\nname: typo\nbehaviour:\n  mobility:\n"
                                        "    annual_mov_rate: 0.1\n")
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.Scenario.load(bad)
    e = caught.value
    assert e.file == str(bad) and e.line == 5
    assert e.key == "behaviour.mobility.annual_mov_rate"
    assert "did you mean 'annual_move_rate'" in e.hint
    assert isinstance(e, ValueError) and isinstance(e, kunlun.KunlunError)


def test_the_message_is_the_command_lines(kunlun, tmp_path):
    bad = write(tmp_path / "negative.yaml", f"extends: {SMALL}\nname: neg\npolicies:\n  rent:\n"
                                            "    type: housing_rent_subsidy\n    monthly_cny: -500\n")
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.Scenario.load(bad)
    cli = subprocess.run([os.environ.get("KUNLUN_CLI", str(ROOT / "build" / "kunlun")), "validate", str(bad)],
                         capture_output=True, text=True)
    assert cli.returncode == 2
    assert cli.stderr.strip() == f"kunlun: {caught.value}"
    assert caught.value.key == "policies.rent.monthly_cny" and caught.value.line == 6


def test_yaml_syntax_and_missing_files_are_scenario_errors(kunlun, tmp_path):
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.Scenario.load(write(tmp_path / "syntax.yaml", "name: x\nhorizon: [2026-01\n"))
    assert caught.value.file.endswith("syntax.yaml") and caught.value.line is not None
    with pytest.raises(kunlun.ScenarioError, match="not found"):
        kunlun.Scenario.load(tmp_path / "absent.yaml")


def test_set_changes_one_key_and_validates(kunlun, small):
    sc = small.copy()
    assert sc.set("population.scale", 0.01).set("horizon.end", "2026-06") is sc
    assert sc.get("population.scale") == 0.01 and sc.end == "2026-06" and sc.months == 6
    assert small.get("population.scale") == 0.02  # the copy is independent
    sc["seed"] = np.int64(7)  # numpy values are plain values
    assert sc.seed == 7

    class Float64Like(float):  # what numpy 2's float64 is: a float subclass with its own repr
        def __repr__(self):
            return f"np.float64({float(self)})"

    sc.set("population.scale", Float64Like(0.03))
    assert sc.get("population.scale") == 0.03
    sc.set("horizon.end", np.datetime64("2026-09-15T10:00:00.000000000"))
    assert sc.end == "2026-09"
    sc.set("policies.rent", MappingProxyType({"type": "housing_rent_subsidy",
                                               "monthly_cny": np.float64(100.0),
                                               "target": {"regions": pd.Series(["yushu", "golog"])}}))
    assert sc.get("policies.rent.target.regions") == ["yushu", "golog"]


def test_a_rejected_set_leaves_the_scenario_as_it_was(kunlun, small):
    sc = small.copy()
    before = sc.to_yaml()
    with pytest.raises(kunlun.ScenarioError) as caught:
        sc.set("population.scale", -1)
    e = caught.value
    assert (e.file, e.line, e.key) == ("Scenario.set", None, "population.scale")
    assert "out of range" in e.problem
    assert sc.to_yaml() == before
    with pytest.raises(kunlun.ScenarioError, match="did you mean 'annual_move_rate'"):
        sc.set("behaviour.mobility.annual_mov_rate", 0.1)
    with pytest.raises(kunlun.ScenarioError, match="a number"):
        sc.set("population.scale", "0.5")  # a string, as "0.5" quoted in YAML
    with pytest.raises(kunlun.ScenarioError, match="cannot be written in a scenario"):
        sc.set("population.scale", object())
    with pytest.raises(kunlun.ScenarioError, match="finite"):
        sc.set("population.scale", float("nan"))
    assert sc.to_yaml() == before


def test_policies_are_set_whole_or_by_parameter(kunlun, small, small_housing):
    sc = small.copy()
    sc.set("policies.rent", {"type": "housing_rent_subsidy", "monthly_cny": 1500,
                             "target": {"regions": ["yushu"]}})
    assert sc.policies == ["rent"] and sc.get("policies.rent.monthly_cny") == 1500
    with pytest.raises(kunlun.ScenarioError) as caught:
        sc.set("policies.rnt.monthly_cny", 10)
    assert "no policy 'rnt'" in caught.value.problem and "did you mean 'rent'" in caught.value.hint
    with pytest.raises(kunlun.ScenarioError) as caught:
        sc.set("policies.rent.target.regions", ["atlantis"])
    assert caught.value.key.startswith("policies.rent.target")
    with pytest.raises(kunlun.ScenarioError, match="monthly_cny"):
        sc.set("policies.rent.amount", 5)  # unknown parameter, with the allowed ones listed
    housing = small_housing.copy().set("policies.rent.monthly_cny", 2500)
    assert housing.get("policies.rent.monthly_cny") == 2500


def test_get_of_an_absent_key_suggests_the_closest(kunlun, small):
    with pytest.raises(KeyError, match="did you mean 'horizon.end'"):
        small.get("horizon.edn")


def test_from_dict_round_trip_and_relative_paths(kunlun, small, tmp_path):
    again = kunlun.Scenario.from_dict(small.to_dict())
    assert again.to_dict() == small.to_dict() and again == small  # the same values ("0.60" is 0.6)
    assert again.file is None
    data = small.to_dict()
    data["regions"] = "scenarios/data/qinghai_regions.csv"
    data["population"]["margins"] = "scenarios/data/qinghai_population_margins.csv"
    relative = kunlun.Scenario.from_dict(data, base_dir=ROOT)
    assert relative.get("regions") == str(ROOT / "scenarios" / "data" / "qinghai_regions.csv")
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.Scenario.from_dict(data, base_dir=tmp_path)  # no such table there
    assert caught.value.key == "regions"
    with pytest.raises(kunlun.ScenarioError, match="keys must be strings"):
        kunlun.Scenario.from_dict({**data, 3: "x"})
    with pytest.raises(kunlun.ScenarioError, match="must be a dict"):
        kunlun.Scenario.from_dict(["not", "a", "dict"])
    missing = dict(data)
    del missing["seed"]
    with pytest.raises(kunlun.ScenarioError) as caught:
        kunlun.Scenario.from_dict(missing, base_dir=ROOT)
    assert caught.value.key == "seed" and caught.value.file == "Scenario.from_dict"


def test_yaml_text_and_save_round_trip(kunlun, small_housing, tmp_path):
    text = small_housing.to_yaml()
    assert "monthly_cny: 2000" in text and "extends" not in text
    assert kunlun.Scenario.from_yaml(text) == small_housing
    saved = small_housing.save(tmp_path / "saved.yaml")
    assert saved.read_text(encoding="utf-8") == text
    assert kunlun.Scenario.load(saved) == small_housing
    assert [p.name for p in tmp_path.iterdir()] == ["saved.yaml"]  # no temporary left
    with pytest.raises(kunlun.ScenarioError, match="extends"):
        kunlun.Scenario.from_yaml(f"extends: {SMALL}\nname: x\n")


def test_making_a_scenario_needs_the_class_methods(kunlun):
    with pytest.raises(TypeError, match="Scenario.load"):
        kunlun.Scenario({"name": "x"})
    with pytest.raises(TypeError, match="dotted string"):
        kunlun.Scenario.load(SMALL).set(3, 1)


def test_parameters_lists_every_declaration_with_the_scenarios_values(kunlun, small):
    frame = kunlun.parameters(small)
    behaviour = frame[frame.section == "behaviour"]
    assert len(behaviour) == 160
    row = behaviour.set_index("key").loc["behaviour.mobility.annual_move_rate"]
    assert (row.value, row.default, row.unit, row.range) == ("0.12", "0.12", "probability a year", "0 to 0.99")
    assert "assumption" in row.evidence
    # A value set from Python shows at once, and the defaults-only listing has no scenario policies.
    changed = small.copy().set("behaviour.mobility.annual_move_rate", 0.2)
    assert kunlun.parameters(changed).set_index("key").loc["behaviour.mobility.annual_move_rate"].value == "0.2"
    reference = kunlun.parameters()
    assert not reference.section.str.match(r"policy (?!type )").any()
    assert list(frame.columns) == list(reference.columns)
