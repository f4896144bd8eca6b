"""Version 2's milestone ``scope`` (FORMATS.md "Measures and scope"): the population is restricted to a level,
named departments or named systems — in the reading the optimiser schedules, the verifier's recomputation,
plan.json's copy and the measures recomputed from plan.json alone (progress, confidence).

The inputs are the verifier's miniature Tai'an (tests/verify_fixture.py): region departments fgw, rsj, gaj
and the county department ts-jyj (泰山区教育局).
"""

from __future__ import annotations

import verify_fixture as fx

from planner.decide import decide
from planner.graph import RegionGraph
from planner.model import MilestoneScope, Policy
from planner.pipeline import PlanSettings, make_plan
from planner.progress import planned_done, share
from planner.rules.measures import read
from planner.verify import verify


def _reading(measure: str, **scope):
    inventory, topology, policy = fx.inventory(), fx.topology(), fx.policy()
    d = decide(inventory, topology, policy, RegionGraph(inventory, topology))
    rows = d.system_plans(inventory), d.network_plans(inventory), d.exit_plans(inventory)
    return (read(measure, inventory, *rows), read(measure, inventory, *rows, MilestoneScope(**scope) if scope else None))


def test_level_region_keeps_the_city_departments_and_county_the_others():
    whole, region = _reading("eligible_systems_on_cloud", level="region")
    _, county = _reading("eligible_systems_on_cloud", level="county")
    assert "ts-edu" in whole.population and "ts-edu" not in region.population
    assert county.population == ("ts-edu",)
    assert sorted(region.population + county.population) == sorted(whole.population)
    assert region.needs.keys() <= set(region.population) and region.already <= set(region.population)


def test_named_departments_and_systems_restrict_every_measure():
    _, networks = _reading("private_networks_consolidated", departments=["rsj"])
    assert set(networks.population) <= {"net-rsj", "net-keep"} and "net-rsj" in networks.population
    _, exits = _reading("exits_consolidated", level="county")
    assert exits.population == ("exit-ts-1",)
    _, one = _reading("systems_on_extranet", systems=["rsj-social"])
    assert one.population == ("rsj-social",)
    _, on_its_network = _reading("private_networks_consolidated", systems=["rsj-social"])
    assert on_its_network.population == ("net-rsj",)
    _, both = _reading("systems_on_extranet", level="county", systems=["rsj-social"])  # criteria combine (and)
    assert both.population == ()


def _scoped_policy(**scope) -> Policy:
    data = fx.policy().model_dump(by_alias=True)
    data["milestones"].append({"id": "city-cloud", "measure": "eligible_systems_on_cloud", "at_least": 1.0,
                               "by": "2018-06-30", "scope": scope})
    return Policy.model_validate(data)


def test_a_scoped_milestone_is_planned_verified_and_recomputed_from_plan_json():
    inventory, topology, policy = fx.inventory(), fx.topology(), _scoped_policy(level="county")
    plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0))
    row = next(m for m in plan.milestones if m.id == "city-cloud")
    assert row.scope is not None and row.scope.level == "county"
    assert verify(plan, inventory, topology, policy) == []
    ts_edu = next(s for s in plan.systems if s.id == "ts-edu")
    by_wave = row.wave >= ts_edu.wave if ts_edu.wave is not None else False
    assert row.planned == (1.0 if by_wave else 0.0) and row.met is by_wave
    import datetime as dt
    assert share(plan, row.measure, dt.date.fromisoformat(row.by), planned_done(plan), row.scope) == row.planned


def test_the_verifier_catches_a_plan_that_drops_or_changes_the_scope():
    inventory, topology, policy = fx.inventory(), fx.topology(), _scoped_policy(departments=["fgw"])
    plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0))
    for scope in (None, {"departments": ["rsj"]}):
        milestones = [m.model_copy(update={"scope": None if scope is None else type(m.scope)(**scope)})
                      if m.id == "city-cloud" else m for m in plan.milestones]
        broken = verify(plan.model_copy(update={"milestones": milestones}), inventory, topology, policy)
        assert any(v.rule == "R12-milestones" and "scope" in v.details for v in broken), broken


def test_without_scope_the_whole_region_counts_as_before():
    whole, same = _reading("exits_consolidated")
    assert whole == same


def _example_reading(preset: str, milestone: str):
    """A preset milestone's reading over the bundled example (Tai'an's 400 systems, six counties)."""
    from pathlib import Path

    from planner.load import load_inventory, load_policy, load_topology

    root = Path(__file__).parents[1]
    inventory = load_inventory(root / "inventory" / "example-taian")
    topology = load_topology(root / "topologies" / "example-taian.yaml", inventory)
    policy = load_policy(preset)
    d = decide(inventory, topology, policy, RegionGraph(inventory, topology))
    rows = d.system_plans(inventory), d.network_plans(inventory), d.exit_plans(inventory)
    m = next(m for m in policy.milestones if m.id == milestone)
    return inventory, rows, m, read(m.measure, inventory, *rows, m.scope), read(m.measure, inventory, *rows)


def test_xinxiang_extranet_all_counts_the_city_departments_systems_only():
    """"所有市直部门非涉密政务信息系统全部接入市电子政务外网" by 2017-11-25: the population is the non-classified systems of
    the departments with county null that are not switched off or integrated; no county system is in it (before
    scopes it was every system of the region, and each county system counted as late)."""
    inventory, (systems, _, _), m, scoped_reading, whole = _example_reading("xinxiang-2017", "extranet-all")
    county_of = {d.id: d.county for d in inventory.departments}
    action = {p.id: p.action for p in systems}
    expected = sorted(s.id for s in inventory.systems if county_of[s.department] is None and not s.classified
                      and action[s.id] not in ("decommission", "integrate"))
    assert list(scoped_reading.population) == expected and 0 < len(expected) < len(whole.population)
    dept = {s.id: s.department for s in inventory.systems}
    assert any(county_of[dept[s]] is not None for s in whole.population)


def test_chongqing_city_sharing_is_due_2017_12_31_for_the_city_departments_only():
    """"2017年12月底前…市政府各部门整合后的政务信息系统…接入市级…共享交换平台": a milestone of its own, scoped to the city
    departments' systems with data to share; the counties' stay with sharing-all (2018-06-30), whole."""
    inventory, _, m, scoped_reading, whole = _example_reading("chongqing-2017", "city-sharing")
    county_of = {d.id: d.county for d in inventory.departments}
    dept = {s.id: s.department for s in inventory.systems}
    assert str(m.by) == "2017-12-31"
    assert list(scoped_reading.population) == [s for s in whole.population if county_of[dept[s]] is None]
    assert 0 < len(scoped_reading.population) < len(whole.population)


def test_the_report_names_a_milestones_scope_in_both_languages_and_escapes_it():
    from planner.emit.report import render_report

    inventory, topology = fx.inventory(), fx.topology()
    data = fx.policy().model_dump(by_alias=True)
    data["milestones"].append({"id": "fgw-cloud", "measure": "eligible_systems_on_cloud", "at_least": 1.0,
                               "by": "2018-06-30", "scope": {"departments": ["fgw"]}})
    policy = Policy.model_validate(data)
    plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0))
    zh, en = render_report(plan, "zh"), render_report(plan, "en")
    assert 'data-key="milestone.fgw-cloud.scope">范围：市发展改革委</div>' in zh
    assert 'data-key="milestone.fgw-cloud.scope">Scope: 市发展改革委</div>' in en
    assert zh.count('.scope">') == 1  # the unscoped milestones say nothing
    renamed = plan.model_copy(update={"departments": [d.model_copy(update={"name": "<b>fgw</b>"}) if d.id == "fgw"
                                                      else d for d in plan.departments]})
    assert "范围：&lt;b&gt;fgw&lt;/b&gt;" in render_report(renamed, "zh")
