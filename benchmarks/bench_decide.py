"""Graph + decisions on a generated 10,000-system region, against naive per-system scans.

    .venv/bin/python benchmarks/bench_decide.py [systems] [seed]

Prints the seconds to build the RegionGraph and to decide, and two ratios measured in the same run:
move groups by networkx connected components vs. a naive label propagation over the dependency
lists, and dependents_of on the graph vs. scanning every system's depends_on.
"""

from __future__ import annotations

import sys
import time

from planner.decide import decide
from planner.graph import RegionGraph
from planner.load import load_policy
from planner.model import Inventory, TopologyFile
from planner.synthetic import generate_region


def naive_move_groups(inventory: Inventory) -> list[tuple[str, ...]]:
    """Label propagation: every system takes the smallest label of its tight neighbours until nothing changes."""
    label = {s.id: s.id for s in inventory.systems}
    changed = True
    while changed:
        changed = False
        for s in inventory.systems:
            for dep in s.depends_on:
                if dep.coupling == "tight":
                    low = min(label[s.id], label[dep.system])
                    if label[s.id] != low or label[dep.system] != low:
                        label[s.id] = label[dep.system] = low
                        changed = True
    groups: dict[str, list[str]] = {}
    for sid, root in label.items():
        groups.setdefault(root, []).append(sid)
    return sorted(tuple(sorted(g)) for g in groups.values() if len(g) > 1)


def naive_dependents(inventory: Inventory, system: str) -> list[str]:
    return sorted({s.id for s in inventory.systems for d in s.depends_on if d.system == system})


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def main(systems: int = 10_000, seed: int = 1) -> None:
    (inv_data, top_data), gen_s = timed(generate_region, systems, seed)
    inventory = Inventory.model_validate(inv_data)
    topology = TopologyFile.model_validate(top_data).topology
    policy = load_policy("taian-2017")
    graph, graph_s = timed(RegionGraph, inventory, topology)
    decisions, decide_s = timed(decide, inventory, topology, policy, graph)
    print(f"{len(inventory.systems)} systems, {len(inventory.networks)} networks, {len(inventory.exits)} exits "
          f"(generated in {gen_s:.2f} s)")
    print(f"graph      {graph_s:.3f} s  ({graph.g.number_of_nodes()} nodes, {graph.g.number_of_edges()} edges)")
    print(f"decisions  {decide_s:.3f} s  {decisions.counts()}  findings {len(decisions.findings)}  "
          f"flows {len(decisions.flows)}")

    fresh = RegionGraph(inventory, topology)  # move groups are cached: time them on a fresh graph
    groups, groups_s = timed(fresh.move_groups)
    naive_groups, naive_groups_s = timed(naive_move_groups, inventory)
    assert groups == naive_groups, "move groups differ from the naive version"
    print(f"move groups  graph {groups_s:.4f} s  naive {naive_groups_s:.4f} s  "
          f"ratio {naive_groups_s / max(groups_s, 1e-9):.1f}x  ({len(groups)} groups)")

    sample = sorted(graph.systems)[:: max(1, len(graph.systems) // 200)]
    fast, fast_s = timed(lambda: [graph.dependents_of(s) for s in sample])
    slow, slow_s = timed(lambda: [naive_dependents(inventory, s) for s in sample])
    assert fast == slow, "dependents differ from the naive scan"
    print(f"dependents_of ({len(sample)} systems)  graph {fast_s:.4f} s  naive scan {slow_s:.4f} s  "
          f"ratio {slow_s / max(fast_s, 1e-9):.0f}x")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
