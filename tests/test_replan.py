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
    """Unknown ids, dates after as_of and classified cut-overs are refused with a clear sentence."""
    inventory = inputs[0]
    classified = next(s.id for s in inventory.systems if s.classified)
    path = tmp_path / "actuals.yaml"
    path.write_text(
        "actuals:\n  as_of: 2018-03-01\n  systems:\n"
        "    - {id: no-such-system, cut_over: 2018-01-05}\n"
        f"    - {{id: {classified}, cut_over: 2018-01-05}}\n"
        "  exits:\n    - {id: " + inventory.exits[0].id + ", consolidated: 2018-04-01}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_actuals(path, inventory)
    texts = [str(i).split(" ", 1)[1] for i in caught.value.issues]
    assert texts == [
        "actuals.systems[0] no-such-system.id: unknown system 'no-such-system' — fix: name one of the inventory's systems",
        f"actuals.systems[1] {classified}.cut_over: a classified (涉密) system cannot have been cut over to a cloud — "
        "fix: record it as moved to the intranet outside this file, or correct the id",
        f"actuals.exits[0] {inventory.exits[0].id}.consolidated: 2018-04-01 is after as_of (2018-03-01) — "
        "fix: only record what has happened by as_of",
    ]


def test_cut_over_before_its_network_is_an_input_error(inputs, tmp_path):
    """Connect first: a system recorded as cut over before its private network was consolidated is refused."""
    inventory = inputs[0]
    nets = {n.id: n for n in inventory.networks}
    system = next(s for s in inventory.systems if s.network in nets and not nets[s.network].classified
                  and nets[s.network].retain is None and not s.classified)
    path = tmp_path / "actuals.yaml"
    path.write_text(f"actuals:\n  as_of: 2018-03-01\n  systems:\n    - {{id: {system.id}, cut_over: 2018-01-10}}\n"
                    f"  networks:\n    - {{id: {system.network}, consolidated: 2018-02-01}}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_actuals(path, inventory)
    assert [str(i).split(" ", 1)[1] for i in caught.value.issues] == [
        f"actuals.systems[0] {system.id}.cut_over: 2018-01-10 is before its network {system.network} was consolidated "
        f"(2018-02-01) — fix: connect first (先联通): record {{id: {system.network}, consolidated: <date on or before "
        "2018-01-10>} under networks"]
