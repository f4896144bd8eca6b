"""The shipped policy presets (planner/presets/*.yaml) hold the seeds' dates."""

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

PRESETS = Path(__file__).resolve().parents[1] / "planner" / "presets"
D = dt.date

MEASURES = {
    "eligible_systems_on_cloud",
    "systems_on_extranet",
    "systems_connected_to_sharing",
    "private_networks_consolidated",
    "exits_consolidated",
    "departments_integrated",
    "systems_decommissioned",
}
DUTIES = ["self-inspection", "catalog", "clean-up", "integration", "connection", "sharing", "collaboration"]
KINDS = {"migrations", "integrations", "networks", "exits", "decommissions", "intranet"}
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")

EXPECTED = {
    "shaanxi-2017": ("陕政办发〔2017〕79号", D(2017, 9, 13)),
    "chongqing-2017": ("渝府办发〔2017〕154号", D(2017, 10, 9)),
    "tibet-2017": ("西藏自治区人民政府办公厅 2017年12月22日（无文号）", D(2017, 12, 22)),
    "xinxiang-2017": ("新乡市人民政府办公室 2017年11月23日（无文号）", D(2017, 11, 23)),
    "taian-2017": ("泰政办发〔2017〕17号", D(2017, 12, 4)),
}


def load(pid):
    with open(PRESETS / f"{pid}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)["policy"]


def milestones(policy):
    """(id, measure, at_least, by), and the scope when the milestone has one (version 2)."""
    return [(m["id"], m["measure"], m["at_least"], m["by"]) + ((m["scope"],) if "scope" in m else ())
            for m in policy["milestones"]]


@pytest.mark.parametrize("pid", sorted(EXPECTED))
def test_header(pid):
    p = load(pid)
    source, start = EXPECTED[pid]
    assert p["id"] == pid
    assert p["source"] == source
    assert p["start"] == start
    assert p["wave_days"] == 7


@pytest.mark.parametrize("pid", sorted(EXPECTED))
def test_shape(pid):
    with open(PRESETS / f"{pid}.yaml", encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    assert set(doc) == {"policy"}
    p = doc["policy"]
    assert set(p) == {"id", "name", "name_en", "source", "start", "wave_days", "milestones", "freeze", "zombie", "duties",
                      "not_before"}
    assert p["not_before"] and set(p["not_before"]) <= KINDS
    assert all(isinstance(day, dt.date) and day > p["start"] for day in p["not_before"].values())
    assert p["milestones"]
    ids = [m["id"] for m in p["milestones"]]
    assert len(ids) == len(set(ids))
    for m in p["milestones"]:
        assert set(m) - {"scope"} == {"id", "measure", "at_least", "by", "name", "name_en"}
        assert set(m.get("scope", {})) <= {"level", "departments", "systems"}
        assert SLUG.match(m["id"])
        assert m["measure"] in MEASURES
        assert 0.0 <= m["at_least"] <= 1.0
        assert isinstance(m["by"], dt.date) and p["start"] < m["by"]
    assert {"from": D(2018, 2, 10), "to": D(2018, 2, 24)}.items() <= p["freeze"][0].items()
    assert len(p["freeze"]) == 1
    assert p["zombie"] == {"low_monthly_users": 20, "stale_days": 730}
    assert [d["id"] for d in p["duties"]][:7] == DUTIES  # Xinxiang's seven first, then the seed's own
    ids = [d["id"] for d in p["duties"]]
    assert len(ids) == len(set(ids))
    for d in p["duties"]:
        assert set(d) == {"id", "name", "name_en", "by"}
        assert isinstance(d["by"], dt.date)


def test_taian_milestones():
    assert milestones(load("taian-2017")) == [
        ("sharing", "systems_connected_to_sharing", 1.0, D(2017, 12, 31)),
        ("cleanup", "systems_decommissioned", 1.0, D(2017, 12, 31)),
        ("cloud-70", "eligible_systems_on_cloud", 0.70, D(2018, 6, 30)),
        ("exits", "exits_consolidated", 1.0, D(2018, 6, 30)),
        ("cloud-all", "eligible_systems_on_cloud", 1.0, D(2018, 12, 31)),
        ("networks", "private_networks_consolidated", 1.0, D(2018, 12, 31)),
    ]


def test_xinxiang_milestones():
    city = {"level": "region"}  # 市直部门: the city departments only (version 2 scope)
    assert milestones(load("xinxiang-2017")) == [
        ("extranet-all", "systems_on_extranet", 1.0, D(2017, 11, 25), city),
        ("integration", "departments_integrated", 1.0, D(2017, 11, 30), city),
        ("cleanup", "systems_decommissioned", 1.0, D(2017, 11, 30), city),
        ("city-sharing", "systems_connected_to_sharing", 1.0, D(2017, 12, 15), city),
        ("networks", "private_networks_consolidated", 1.0, D(2018, 6, 30)),
        ("sharing-all", "systems_connected_to_sharing", 1.0, D(2018, 6, 30)),
    ]


def test_chongqing_milestones():
    city = {"level": "region"}  # 市政府各部门: the city departments only (version 2 scope)
    assert milestones(load("chongqing-2017")) == [
        ("cleanup", "systems_decommissioned", 1.0, D(2017, 11, 15), city),
        ("integration", "departments_integrated", 1.0, D(2017, 11, 30), city),
        ("city-sharing", "systems_connected_to_sharing", 1.0, D(2017, 12, 31), city),
        ("networks", "private_networks_consolidated", 1.0, D(2018, 6, 30)),
        ("sharing-all", "systems_connected_to_sharing", 1.0, D(2018, 6, 30)),
    ]


def test_duty_dates():
    by = {pid: [d["by"] for d in load(pid)["duties"]] for pid in EXPECTED}
    assert by["xinxiang-2017"] == [D(2017, 11, 25), D(2017, 11, 30), D(2017, 11, 30), D(2017, 11, 30),
                                   D(2017, 12, 15), D(2018, 6, 30), D(2017, 11, 30), D(2017, 12, 31)]
    assert by["taian-2017"] == [D(2017, 12, 31), D(2017, 12, 31), D(2017, 12, 31), D(2018, 12, 31),
                                D(2017, 12, 31), D(2018, 6, 30), D(2018, 12, 31),
                                # the seed's own: 30 working days from 2017-12-04, mail accounts, data channels,
                                # mail/IM shut-down, next steps of the systems not on cloud
                                D(2018, 1, 16), D(2018, 3, 31), D(2018, 3, 31), D(2018, 6, 30), D(2018, 6, 30)]


def test_not_before_readings():
    """The seeds' preparation dates, the day after each is due (Tai'an: 专网整合计划 01-31, 上云清单 02-28,
    出口整合方案 03-31)."""
    nb = {pid: load(pid)["not_before"] for pid in EXPECTED}
    assert nb["taian-2017"] == {"networks": D(2018, 2, 1), "migrations": D(2018, 3, 1), "exits": D(2018, 4, 1)}
    assert nb["chongqing-2017"] == {"networks": D(2018, 1, 1), "migrations": D(2018, 1, 1)}
    assert nb["shaanxi-2017"] == {"integrations": D(2017, 10, 1), "intranet": D(2018, 1, 1)}
