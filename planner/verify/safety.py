"""Safety invariants of the planned state (checked on :func:`graph.planned_graph`), pybatfish-style."""

from __future__ import annotations

import networkx as nx

from planner.addresses.ranges import Row, norm, overlaps

from .addressing import handed_out, network_domain
from .base import Context, rule
from .planned_state import exit_source, planned_graph


def _graph(ctx: Context) -> nx.Graph:
    if not hasattr(ctx, "_planned_graph"):
        ctx._planned_graph = planned_graph(ctx)
    return ctx._planned_graph


@rule("S1-classified-isolated",
      "Nothing classified has any path to a cloud, the extranet, an exit platform or the internet.")
def classified_isolated(ctx: Context, r):
    g = _graph(ctx)
    for component in nx.connected_components(g):
        secret = sorted(n for n in component if g.nodes[n]["classified"])
        forbidden = [n for n in component if g.nodes[n]["forbidden"]]
        if not secret or not forbidden:
            continue
        paths = nx.multi_source_dijkstra_path(g.subgraph(component), set(forbidden))
        for node in secret:
            path = list(reversed(paths[node]))
            yield r.violation([node.split(":", 1)[1]], f"{node} reaches {path[-1]}: {' — '.join(path)}")


@rule("S2-department-reaches-exit-platform",
      "Every department whose exit is consolidated reaches its exit platform over the extranet.")
def department_reaches_platform(ctx: Context, r):
    g = _graph(ctx)
    component = {n: i for i, c in enumerate(nx.connected_components(g)) for n in c}
    for e in ctx.inventory.exits:
        p = ctx.pexit.get(e.id)
        if p is None or p.wave is None or p.action != "consolidate":
            continue
        source, target = exit_source(e), f"platform:{p.platform}"
        if target not in component:
            yield r.violation([e.department, e.id], f"{e.department}'s exit {e.id} is consolidated into {p.platform}, "
                                                    f"which the plan does not build")
        elif component.get(source) != component[target]:
            yield r.violation([e.department, e.id], f"{source} behind exit {e.id} has no path to {target} once the "
                                                    f"exit is consolidated (is it on the extranet?)")


def visible_ranges(ctx: Context) -> list[Row]:
    """Addresses seen in each domain in the planned state: handed-out blocks and original CIDRs not translated."""
    rows = [row for row in handed_out(ctx) if norm(row.cidr) is not None]
    for n in ctx.plan.networks:
        inv = ctx.networks.get(n.id)
        domain = network_domain(n)
        if inv is None or domain is None:
            continue
        translated = {norm(e.inside) for e in n.nat}
        rows += [Row(domain, inv.department, c, n.id) for c in inv.cidrs if c not in translated]
    return rows


@rule("S3-no-prefix-overlap-in-domain",
      "No address in a domain belongs to two departments once the plan is carried out (blocks, and CIDRs not NATed).")
def no_overlap_in_domain(ctx: Context, r):
    rows = visible_ranges(ctx)
    for i, j in overlaps(rows).items():
        a, b = rows[i], rows[j]
        yield r.violation([a.label, b.label], f"{a.cidr} of {a.label} ({a.owner}) overlaps {b.cidr} of {b.label} "
                                              f"({b.owner}) in {a.domain}")
