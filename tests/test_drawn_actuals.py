"""Re-planning over drawn facts: whatever the record says happened (rules broken or not), the re-plan keeps it,
verifies, and reports what the facts broke — or says in words why no plan can follow (never a planner bug)."""

from __future__ import annotations

import os

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from region_strategy import facts_for, regions

from planner.errors import InfeasibleError, InputError
from planner.load import load_actuals, load_inventory, load_policy, load_topology
from planner.pipeline import PlanSettings, make_plan
from planner.verify import verify

EXAMPLES = int(os.environ.get("DRAWN_ACTUALS", "30"))


def _load(region, where):
    paths = []
    for name, data in zip(("inventory", "topology", "policy"), region, strict=True):
        path = where / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    inventory = load_inventory(paths[0])
    return inventory, load_topology(paths[1], inventory), load_policy(paths[2])


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(region=regions(), data=st.data())
def test_replan_over_drawn_facts_keeps_them_and_verifies(region, data, tmp_path_factory):
    """Every drawn fact keeps its wave; the re-plan verifies (rules bind after as_of), or is infeasible in words."""
    where = tmp_path_factory.mktemp("facts")
    try:
        inventory, topology, policy = _load(region, where)
        plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0))
    except (InputError, InfeasibleError):
        assume(False)
    facts = load_actuals(data.draw(facts_for(plan, policy)), inventory)
    try:
        replan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0), actuals=facts)
    except InfeasibleError as exc:
        assert "system:" not in str(exc) and "network:" not in str(exc)
        return
    assert verify(replan, inventory, topology, policy) == []
    rows = {s.id: s for s in replan.systems}
    for fact in facts.systems:
        if fact.cut_over:
            assert rows[fact.id].wave == policy.wave_containing(fact.cut_over)
        elif fact.started:
            assert rows[fact.id].start_wave == policy.wave_containing(fact.started)
    nets = {n.id: n for n in replan.networks}
    assert all(nets[f.id].wave == policy.wave_containing(f.consolidated) for f in facts.networks)
    ex = {e.id: e for e in replan.exits}
    assert all(ex[f.id].wave == policy.wave_containing(f.consolidated) for f in facts.exits)
