"""decide(): flows, unregistered hosts, plan parts, determinism, and the bundled example."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from decide_fixture import POLICY, exit_, region, run, system

from planner.decide import decide
from planner.graph import RegionGraph
from planner.load import load_inventory, load_topology

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- flows, hosts, plan parts


def test_flows_skip_decommissioned_and_follow_integration():
    """A call to an integrated system goes to its target; calls to or from zombies vanish; duplicates merge."""
    d = run(region([
        system("app", deps=[("sec-a", "loose"), ("hub", "tight"), ("old", "loose")]),
        system("sec-a", scope="section", section="投资科", deps=[("hub", "loose")]),
        system("hub", monthly_users=900),
        system("old", idle=True),
    ]))
    assert d.systems["sec-a"].target == "hub"
    assert [(f.source, f.target, f.ports, f.coupling) for f in d.flows] == [("app", "hub", [443], "tight")]


def test_unregistered_hosts_are_assets_without_system():
    """Assets with system null, sorted by network and address."""
    d = run(region([system("a")], assets=[
        {"address": "10.12.0.20", "network": "net-fgw", "ports": [443, 80]},
        {"address": "10.12.0.3", "network": "net-fgw"},
        {"address": "10.12.0.4", "network": "net-fgw", "system": "a"}]))
    assert [(h.address, h.ports) for h in d.unregistered_hosts] == [("10.12.0.3", []), ("10.12.0.20", [80, 443])]


def test_plan_parts_are_sorted_with_empty_waves():
    """SystemPlan/NetworkPlan/ExitPlan lists come sorted by id with no waves yet."""
    inv = region([system("b", deps=[("a", "tight")]), system("a")], exits=[exit_("z"), exit_("y")])
    d = run(inv)
    systems = d.system_plans(inv)
    assert [(s.id, s.action, s.target, s.group, s.wave, s.start_wave) for s in systems] == [
        ("a", "migrate", "admin-cloud", "a", None, None), ("b", "migrate", "admin-cloud", "a", None, None)]
    assert [n.domain for n in d.network_plans(inv)] == ["extranet-admin"]
    assert [(e.id, e.platform, e.wave) for e in d.exit_plans(inv)] == [("y", "region", None), ("z", "region", None)]
    assert d.counts() == {"migrate": 2}


def test_decide_same_input_same_output_in_any_order():
    """Shuffling the inventory's lists changes nothing in the decisions."""
    systems = [system("a", deps=[("b", "tight")]), system("b"), system("c", scope="section", section="投资科"),
               system("d", idle=True), system("e", public_facing=True), system("f", replaceable_by="a")]
    first = run(region(systems))
    shuffled = systems[:]
    random.Random(3).shuffle(shuffled)
    assert run(region(shuffled)) == first


# --------------------------------------------------------------------------- the bundled example


@pytest.fixture(scope="module")
def example():
    inv_dir, topo_file = ROOT / "inventory" / "example-taian", ROOT / "topologies" / "example-taian.yaml"
    if not inv_dir.exists() or not topo_file.exists():
        pytest.skip("the bundled example is not generated yet")
    inventory = load_inventory(inv_dir)
    topo = load_topology(topo_file, inventory)
    return inventory, decide(inventory, topo, POLICY, RegionGraph(inventory, topo))


def test_example_every_object_has_one_action_with_reasons(example):
    """Every system, network and exit of the example: exactly one decision, non-empty reasons; stays have next steps."""
    inventory, d = example
    assert sorted(d.systems) == sorted(s.id for s in inventory.systems)
    assert sorted(d.networks) == sorted(n.id for n in inventory.networks)
    assert sorted(d.exits) == sorted(e.id for e in inventory.exits)
    assert all(x.reasons for x in [*d.systems.values(), *d.networks.values(), *d.exits.values()])
    assert all(x.next_step for x in d.systems.values() if x.action == "stay")


def test_example_respects_rules_2_to_4(example):
    """Classified -> intranet or decommission; section -> integrate unless decommissioned or stay; cloud by domain."""
    inventory, d = example
    by_id = {s.id: s for s in inventory.systems}
    for sid, x in d.systems.items():
        s = by_id[sid]
        if s.classified:
            assert x.action in ("intranet", "decommission")
        if x.action == "integrate":
            assert by_id[x.target].department == s.department
            assert d.systems[x.target].action not in ("decommission", "integrate")
        if x.action == "migrate":
            assert x.target == ("public-cloud" if s.public_facing else "admin-cloud")
