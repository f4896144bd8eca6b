"""Decide what happens to every system, network and exit, each with its reasons (FORMATS.md rules 2-4).

    graph = RegionGraph(inventory, topology)
    decisions = decide(inventory, topology, policy, graph)
    decisions.system_plans(inventory), decisions.network_plans(inventory), decisions.exit_plans(inventory)
    decisions.flows, decisions.findings, decisions.unregistered_hosts

Same inputs, same decisions: everything is built in id order. The rules are documented where they
live: systems.py (zombie, integration score, auto eligibility), networks.py (the domain rule,
exit platforms), findings.py (what is reported instead of patched).
"""

from __future__ import annotations

import ipaddress

from .. import plan
from ..graph import RegionGraph, paused_gc
from ..model import Inventory, Policy, Topology
from .decisions import Decisions, ExitDecision, NetworkDecision, SystemDecision
from .findings import collect, on_intranet
from .networks import decide_exits, decide_networks, extranet_domain
from .systems import (
    Context,
    auto_blockers,
    decide_systems,
    function_terms,
    integration_candidates,
    review_date,
    zombie_evidence,
)

__all__ = [
    "Decisions", "ExitDecision", "NetworkDecision", "SystemDecision", "auto_blockers", "decide", "extranet_domain",
    "flows", "function_terms", "integration_candidates", "review_date", "unregistered_hosts", "zombie_evidence",
]


def decide(inventory: Inventory, topology: Topology, policy: Policy, graph: RegionGraph | None = None) -> Decisions:
    """One action with reasons for every system, network and exit, plus findings, unregistered hosts and flows."""
    graph = graph if graph is not None else RegionGraph(inventory, topology)
    ctx = Context(inventory=inventory, topology=topology, policy=policy, graph=graph, systems=graph.systems,
                  networks=graph.networks, review_by=review_date(policy))
    with paused_gc():  # tens of thousands of small objects, none cyclic (see paused_gc)
        systems, cycles = decide_systems(ctx)
        networks = decide_networks(inventory, graph, systems)
        network_actions = {nid: d.action for nid, d in networks.items()}
        findings = collect(ctx, systems, cycles, network_actions)
        return Decisions(
            systems=systems,
            networks=networks,
            exits=decide_exits(inventory),
            findings=findings,
            unregistered_hosts=unregistered_hosts(inventory),
            flows=flows(graph, systems, network_actions),
        )


def unregistered_hosts(inventory: Inventory) -> list[plan.UnregisteredHost]:
    """Scanned hosts that belong to no system of the ledger (candidate shadows), by network and address."""
    found = [a for a in inventory.assets if a.system is None]
    found.sort(key=lambda a: (a.network, int(ipaddress.ip_address(a.address))))
    return [plan.UnregisteredHost(address=a.address, network=a.network, ports=sorted(set(a.ports))) for a in found]


def flows(graph: RegionGraph, decisions: dict[str, SystemDecision],
          network_actions: dict[str, str] | None = None) -> list[plan.Flow]:
    """The dependencies that must keep working after the moves, sorted by (from, to).

    Only between two systems in service; an integrated system's calls go from and to its target;
    dependencies across the intranet boundary (:func:`planner.rules.places.ends_on_intranet`) get no
    flow (they are findings). Duplicates merge: ports are united, and the flow is tight when any of them is.
    """
    network_actions = network_actions or {}
    merged: dict[tuple[str, str], tuple[set[int], bool]] = {}
    for src, dst, coupling, ports in graph.dependencies():
        if decisions[src].action == "decommission" or decisions[dst].action == "decommission":
            continue
        a, b = _endpoint(src, decisions), _endpoint(dst, decisions)
        if a == b or on_intranet(src, graph, decisions, network_actions) != on_intranet(dst, graph, decisions,
                                                                                         network_actions):
            continue
        known, tight = merged.get((a, b), (set(), False))
        merged[(a, b)] = (known | set(ports), tight or coupling == "tight")
    # Built without re-validation: every value comes from validated inputs (10,000 flows take 0.5 s otherwise).
    return [plan.Flow.model_construct(source=a, target=b, ports=sorted(ports), coupling="tight" if tight else "loose")
            for (a, b), (ports, tight) in sorted(merged.items())]


def _endpoint(sid: str, decisions: dict[str, SystemDecision]) -> str:
    d = decisions[sid]
    return d.target if d.action == "integrate" and d.target else sid
