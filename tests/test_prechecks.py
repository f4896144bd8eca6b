"""Hard limits no schedule can get around: said before any solve, in a manager's words with a fix (exit 4)."""

from __future__ import annotations

import io

import pytest
import yaml
from decide_fixture import POLICY, TOPOLOGY, region, system

from planner.cli import main
from planner.errors import InfeasibleError
from planner.pipeline import PlanSettings, hard_limit_reasons, make_plan


def _topology(**changes):
    return TOPOLOGY.model_copy(update=changes)


def _reasons(inventory, topology=TOPOLOGY) -> list[str]:
    return hard_limit_reasons(inventory, topology, POLICY)


def test_precheck_county_with_migrations_and_no_team():
    """A county department migrates but only the region has a team: name the county, the system and the fix."""
    topo = _topology(teams=[TOPOLOGY.teams[0]])
    inv = region([system("ny", department="ny-jyj", name="宁阳教育管理")])
    assert _reasons(inv, topo) == [
        "no team serves the departments of 宁阳县 (ningyang), and 1 of their systems is to migrate (宁阳教育管理 (ny)) — "
        "add a team to the topology's teams, e.g. {id: ningyang-ops, serves: ningyang, slots: 2}"]
    with pytest.raises(InfeasibleError):
        make_plan(inv, topo, POLICY, PlanSettings(time_limit=0))


def test_precheck_county_without_team_and_nothing_to_migrate_plans():
    """A county with no team needs none when none of its systems migrates."""
    topo = _topology(teams=[TOPOLOGY.teams[0]])
    inv = region([system("a"), system("ny", department="ny-jyj", migration={"eligible": False, "blocker": "厂商不支持"})])
    assert _reasons(inv, topo) == []
    assert make_plan(inv, topo, POLICY, PlanSettings(time_limit=0)).systems


def test_precheck_tight_pair_needs_more_slots_than_the_team_has():
    """Two systems joined tightly need two slots at once; the region's team has one."""
    topo = _topology(teams=[TOPOLOGY.teams[0].model_copy(update={"slots": 1}), TOPOLOGY.teams[1]])
    inv = region([system("app", name="审批平台", deps=(("db", "tight"),)), system("db", name="审批数据库")])
    assert _reasons(inv, topo) == [
        "the tight pair 审批平台 (app) + 审批数据库 (db) must cut over in one wave and needs 2 migration slots at once; "
        "the teams of the region-level departments (ops) have 1 — raise their slots to 2, or loosen the tight "
        "dependencies between them"]


def test_precheck_tight_pair_moves_more_data_than_the_transfer_limit():
    """The issue's case: 9 TB in one wave against 5 TB a wave, in TB and with the key to change."""
    topo = _topology(transfer_tb_per_wave=5)
    inv = region([system("gaj-jwzh", name="警务综合平台", data_tb=6, deps=(("gaj-jwzh-db", "tight"),)),
                  system("gaj-jwzh-db", name="警务综合数据库", data_tb=3)])
    assert _reasons(inv, topo) == [
        "the tight pair 警务综合平台 (gaj-jwzh) + 警务综合数据库 (gaj-jwzh-db) must cut over in one wave and move 9 TB "
        "of data; the transfer limit is 5 TB a wave — raise transfer_tb_per_wave to at least 9, or loosen the tight "
        "dependencies between them"]


def test_precheck_system_larger_than_its_cloud():
    """A system needing 600 vCPU on a cloud that offers 100 at most."""
    inv = region([system("big", name="大数据平台", resources={"vcpu": 600})])
    assert _reasons(inv) == [
        "大数据平台 (big) needs 600 vCPU on admin-cloud, which never offers more than 100 vCPU (its last capacity "
        "step, from 2017-12-01) — raise that step to at least 600 vCPU, or keep it off this cloud "
        "(migration.eligible: false with a blocker)"]


def test_precheck_all_migrations_together_larger_than_the_cloud():
    """Each fits, all of them do not: the sum is named."""
    inv = region([system(f"s{i}", resources={"vcpu": 40}) for i in range(3)])
    assert _reasons(inv) == [
        "the 3 migrations to admin-cloud need 120 vCPU in all, and it never offers more than 100 vCPU (its last "
        "capacity step, from 2017-12-01) — raise that step to at least 120 vCPU"]


def test_cli_plan_and_validate_both_say_the_hard_limits(tmp_path):
    """`planner validate` with topology and policy exits 4 with the same sentences as `planner plan`."""
    inv = region([system("big", name="大数据平台", resources={"vcpu": 600})])
    files = {}
    for name, data in (("inventory", inv.model_dump(mode="json", by_alias=True, exclude_none=True)),
                       ("topology", {"topology": TOPOLOGY.model_dump(mode="json", by_alias=True, exclude_none=True)}),
                       ("policy", {"policy": POLICY.model_dump(mode="json", by_alias=True, exclude_none=True)})):
        files[name] = tmp_path / f"{name}.yaml"
        files[name].write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    args = [str(files["inventory"]), "--topology", str(files["topology"]), "--policy", str(files["policy"])]
    outputs = []
    for command in (["validate", *args], ["plan", *args, "--out", str(tmp_path / "out"), "--time-limit", "0"]):
        out, err = io.StringIO(), io.StringIO()
        assert main(command, out=out, err=err) == 4
        outputs.append(err.getvalue())
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith("infeasible: no plan can respect the hard rules:\n  - 大数据平台 (big) needs 600 vCPU")
    assert not (tmp_path / "out").exists()
