"""Re-planning: the actuals pin the past, and the changes against the announced plan are measured."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.errors import InputError
from planner.load import load_actuals, load_inventory, load_policy, load_topology
from planner.model import Actuals
from planner.pipeline import PlanSettings, make_plan
from planner.replan import pins_from_actuals

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def inputs():
    inventory = load_inventory(ROOT / "inventory" / "example-taian")
    return inventory, load_topology(ROOT / "topologies" / "example-taian.yaml", inventory), load_policy("taian-2017")


@pytest.fixture(scope="module")
def announced(inputs):
    return make_plan(*inputs, PlanSettings(time_limit=0))


def test_wave_of_a_day():
    """Wave 1 starts on the policy start; a day belongs to the wave that contains it."""
    policy = load_policy("taian-2017")  # starts 2017-12-04, weekly waves
    assert [policy.wave_containing(dt.date(2017, 12, d)) for d in (4, 10, 11)] == [1, 1, 2]


def test_actuals_pin_the_past(inputs, announced):
    """What was cut over stays in its wave; nothing not yet done is scheduled before as_of."""
    inventory, topology, policy = inputs
    migrating = [s for s in announced.systems if s.action == "migrate"]
    done, late = migrating[0], migrating[-1]
    net = next(n for n in announced.networks if n.action == "consolidate")
    facts = Actuals.model_validate({"as_of": "2018-03-01",
                                    "systems": [{"id": done.id, "cut_over": "2018-02-03"}],
                                    "networks": [{"id": net.id, "consolidated": "2018-01-10"}]})
    plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0), actuals=facts, previous=announced)
    by_id = {s.id: s for s in plan.systems}
    assert by_id[done.id].wave == policy.wave_containing(dt.date(2018, 2, 3)) == 9
    assert next(n for n in plan.networks if n.id == net.id).wave == policy.wave_containing(dt.date(2018, 1, 10)) == 6
    first_free = policy.wave_containing(dt.date(2018, 3, 1))
    assert all(s.start_wave >= first_free for s in plan.systems if s.action == "migrate" and s.id != done.id)
    assert by_id[late.id].wave >= first_free
    assert plan.replan is not None
    assert (plan.replan.as_of, plan.replan.pinned) == ("2018-03-01", 2)
    assert plan.replan.compared == sum(1 for s in announced.systems if s.wave) + sum(
        1 for n in announced.networks if n.wave) + sum(1 for e in announced.exits if e.wave)
    assert 0 < plan.replan.changed <= plan.replan.compared


def test_pins_from_actuals_are_ends_and_starts():
    """A cut-over fixes an end, a started migration its start, as_of the first free wave."""
    policy = load_policy("taian-2017")
    facts = Actuals.model_validate({"as_of": "2018-03-01", "systems": [
        {"id": "a", "cut_over": "2018-02-03"}, {"id": "b", "started": "2018-02-20"}]})
    pins = pins_from_actuals(facts, policy)
    assert pins.ends == {"system:a": 9}
    assert pins.starts == {"system:b": 11}
    assert pins.release == 13


def test_actuals_contradicting_the_inventory_are_input_errors(inputs, tmp_path):
    """Unknown ids, a fact listed twice and dates after as_of are refused, all at once, with the line of each."""
    inventory = inputs[0]
    system = inventory.systems[0].id
    path = tmp_path / "actuals.yaml"
    path.write_text(
        "actuals:\n  as_of: 2018-03-01\n  systems:\n"
        "    - {id: no-such-system, cut_over: 2018-01-05}\n"
        f"    - {{id: {system}, started: 2018-01-05}}\n"
        f"    - {{id: {system}, cut_over: 2018-02-05}}\n"
        "  exits:\n    - {id: " + inventory.exits[0].id + ", consolidated: 2018-04-01}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_actuals(path, inventory)
    texts = [str(i) for i in caught.value.issues]
    assert texts == [
        f"{path}:4 actuals.systems[0] no-such-system.id: unknown system 'no-such-system' — fix: name one of the "
        "systems of the inventory (plan.json lists the same ids)",
        f"{path}:6 actuals.systems[2] {system}.id: is listed twice — fix: keep one entry per id",
        f"{path}:8 actuals.exits[0] {inventory.exits[0].id}.consolidated: 2018-04-01 is after as_of (2018-03-01) — "
        "fix: only record what has happened by as_of",
    ]


def _facts_file(tmp_path, text: str):
    path = tmp_path / "actuals.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plan_and_progress_accept_and_refuse_the_same_actuals(inputs, announced, tmp_path):
    """One reader: every file `planner progress` refuses, `planner plan --actuals` refuses with the same issues."""
    from planner.progress import read_actuals

    inventory = inputs[0]
    good = inventory.systems[1].id
    files = [
        "actuals:\n  as_of: 2018-03-01\n  systems:\n    - {id: ghost, cut_over: 2018-01-05}\n",
        f"actuals:\n  as_of: 2018-03-01\n  systems:\n    - {{id: {good}}}\n",
        f"actuals:\n  as_of: 2018-03-01\n  systems:\n    - {{id: {good}, cut_over: 2018-05-01}}\n",
        "actuals:\n  as_of: 2018-03-01\n  sytems: []\n",
        f"actuals:\n  as_of: 2018-03-01\n  systems:\n    - {{id: {good}, cut_over: 2018-01-05}}\n",
    ]
    for i, text in enumerate(files):
        path = _facts_file(tmp_path, text)
        outcomes = []
        for read in (lambda p: load_actuals(p, inventory), lambda p: read_actuals(p, announced, str(p))):
            try:
                outcomes.append(("ok", read(path)))
            except InputError as exc:
                outcomes.append(("refused", [str(issue) for issue in exc.issues]))
        assert outcomes[0] == outcomes[1], f"file {i}"
        assert outcomes[0][0] == ("ok" if i == 4 else "refused"), f"file {i}"


def _first_county_migrations(inventory, topology, plan):
    """The example's first county, its migrating systems in the plan, and its team's slots."""
    county_of = {d.id: d.county for d in inventory.departments}
    county = next(c.id for c in inventory.region.counties)
    mine = [s.id for s in plan.systems if s.action == "migrate" and county_of[s.department] == county]
    slots = sum(t.slots for t in topology.teams if t.serves in ("counties", county) and t.works_on == "migrations")
    return county, mine, slots


def test_replan_keeps_cut_overs_that_overran_a_team_with_a_finding(inputs, announced):
    """The record shows more cut-overs in one week than the county team has slots: kept, reported, and the plan
    verifies (the rules bind only the waves after as_of)."""
    from planner.verify import verify

    inventory, topology, policy = inputs
    county, mine, cap = _first_county_migrations(inventory, topology, announced)
    assert len(mine) > cap
    overran = mine[:cap + 2]
    facts = Actuals.model_validate({"as_of": "2018-01-20", "systems": [
        {"id": sid, "cut_over": "2018-01-10"} for sid in overran]})
    plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0), actuals=facts)
    wave = policy.wave_containing(dt.date(2018, 1, 10))
    by_id = {s.id: s for s in plan.systems}
    assert all(by_id[sid].wave == wave for sid in overran)
    found = [f for f in plan.findings if f.kind == "fact-breaks-r06"]
    assert [sorted(f.objects) for f in found] == [sorted(overran)]
    assert f"wave {wave}: {len(overran)} migrations of county {county} in progress" in found[0].text
    assert verify(plan, inventory, topology, policy) == []
    assert all(s.start_wave > policy.wave_containing(dt.date(2018, 1, 20)) for s in plan.systems
               if s.action == "migrate" and s.id not in overran)


def test_replan_keeps_a_cut_over_before_its_network_with_a_finding(inputs):
    """Connect first broken by the record: a fact, kept; the plan says so and verifies."""
    from planner.verify import verify

    inventory, topology, policy = inputs
    nets = {n.id: n for n in inventory.networks}
    plan0 = make_plan(inventory, topology, policy, PlanSettings(time_limit=0))
    system = next(s for s in plan0.systems if s.action == "migrate" and s.network in nets
                  and not nets[s.network].classified and nets[s.network].retain is None)
    facts = Actuals.model_validate({"as_of": "2018-03-01", "systems": [{"id": system.id, "cut_over": "2018-01-10"}],
                                    "networks": [{"id": system.network, "consolidated": "2018-02-01"}]})
    plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0), actuals=facts)
    assert next(s for s in plan.systems if s.id == system.id).wave == policy.wave_containing(dt.date(2018, 1, 10))
    assert [f.objects for f in plan.findings if f.kind == "fact-breaks-r09"] == [[system.id, system.network]]
    assert verify(plan, inventory, topology, policy) == []


def test_replan_keeps_migrations_under_way_that_overrun_a_team(inputs, announced):
    """More migrations under way on as_of than the county team has slots: all keep running to their cut-over, no
    new migration of that county is in progress beside them, and the plan verifies."""
    from planner.verify import verify

    inventory, topology, policy = inputs
    policy = policy.model_copy(update={"not_before": {}})  # started in January: before the migrations' date
    _, mine, slots = _first_county_migrations(inventory, topology, announced)
    started = mine[:slots + 2]
    facts = Actuals.model_validate({"as_of": "2018-01-20", "systems": [
        {"id": sid, "started": "2018-01-15"} for sid in started]})
    plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0), actuals=facts)
    history = policy.wave_containing(dt.date(2018, 1, 20))
    rows = {s.id: s for s in plan.systems}
    assert all(rows[sid].start_wave == policy.wave_containing(dt.date(2018, 1, 15)) for sid in started)
    assert all(rows[sid].wave > history for sid in started)
    overrun_until = max(rows[sid].wave for sid in started)
    for w in range(history + 1, overrun_until + 1):
        running = [sid for sid in started if rows[sid].start_wave <= w <= rows[sid].wave]
        new = [sid for sid in mine if sid not in started and rows[sid].start_wave <= w <= rows[sid].wave]
        assert len(new) <= max(0, slots - len(running)), f"wave {w}"
    kinds = {f.kind for f in plan.findings if f.kind.startswith("fact-breaks")}
    assert "fact-breaks-r06" in kinds and kinds <= {"fact-breaks-r05", "fact-breaks-r06"}  # r05: they take longer
    assert verify(plan, inventory, topology, policy) == []


def test_replan_moves_the_cut_over_of_work_under_way_out_of_a_freeze(inputs, announced):
    """A migration started just before the Spring Festival freeze would cut over inside it: it cuts over after."""
    from planner.verify import verify

    inventory, topology, policy = inputs
    policy = policy.model_copy(update={"not_before": {}})  # the migrations' date (2018-03-01) would hold it longer
    one_wave = next(s for s in announced.systems if s.action == "migrate" and s.wave == s.start_wave)
    facts = Actuals.model_validate({"as_of": "2018-02-09", "systems": [{"id": one_wave.id, "started": "2018-02-08"}]})
    plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0), actuals=facts)
    row = next(s for s in plan.systems if s.id == one_wave.id)
    assert row.start_wave == policy.wave_containing(dt.date(2018, 2, 8))
    assert not policy.is_frozen(row.wave) and policy.is_frozen(row.wave - 1)
    assert verify(plan, inventory, topology, policy) == []
