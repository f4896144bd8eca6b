"""The planned state as a networkx graph: where every system, network and exit ends up, and what talks to what.

Nodes are strings: ``system:<id>``, ``network:<id>``, ``cloud:<id>`` (``cloud:existing`` for systems already
on the government cloud), ``lan:<department>`` (an office LAN), ``exit:<id>`` (an exit not consolidated),
``platform:<id>`` and the places ``extranet``, ``extranet-public``, ``extranet-admin``, ``intranet``,
``internet``. Node attribute ``classified`` marks classified systems and networks; ``forbidden`` marks
what nothing classified may reach (clouds, the extranet, platforms, the internet).

The edges follow the plan's final state: a cloud sits in its extranet domain, an exit platform on the
extranet public domain and the internet, a consolidated network in its domain, a retained one on the
extranet through its temporary interconnection, a network moved to the intranet on the intranet (which
connects to nothing else); a system at its target (cloud, intranet, the system it is integrated into) or,
when it stays, on its network; a decommissioned system is gone; flows join systems; an exit not yet
consolidated joins its network (or office LAN) to the internet.
"""

from __future__ import annotations

import networkx as nx

from planner.vocabulary import SHARED_NETWORKS

from .base import Context

PLACES = ("extranet", *SHARED_NETWORKS)


def _place(name: str) -> str:
    return name if name in PLACES else "extranet"


def planned_graph(ctx: Context) -> nx.Graph:
    g = nx.Graph()
    for place in PLACES:
        g.add_node(place, forbidden=place != "intranet", classified=False)
    g.add_edge("extranet-public", "extranet")
    g.add_edge("extranet-admin", "extranet")
    for c in ctx.topology.clouds:
        g.add_node(f"cloud:{c.id}", forbidden=True, classified=False)
        g.add_edge(f"cloud:{c.id}", f"extranet-{c.domain}")
    g.add_node("cloud:existing", forbidden=True, classified=False)
    g.add_edge("cloud:existing", "extranet")
    for p in ctx.plan.platforms:
        g.add_node(f"platform:{p.id}", forbidden=True, classified=False)
        g.add_edges_from([(f"platform:{p.id}", "extranet-public"), (f"platform:{p.id}", "internet")])
        for pub in p.published:
            g.add_edge(f"platform:{p.id}", f"system:{pub.system}")
    _networks(ctx, g)
    gone = _systems(ctx, g)
    for f in ctx.plan.flows:
        if f.source not in gone and f.target not in gone:
            g.add_edge(f"system:{f.source}", f"system:{f.target}", flow=True)
    _lans_and_exits(ctx, g)
    for _, data in g.nodes(data=True):
        data.setdefault("classified", False)
        data.setdefault("forbidden", False)
    return g


def _networks(ctx: Context, g: nx.Graph) -> None:
    for n in ctx.inventory.networks:
        node = f"network:{n.id}"
        g.add_node(node, classified=n.classified, forbidden=False)
        p = ctx.pnet.get(n.id)
        if p is None:
            continue
        if p.action == "consolidate" and p.domain:
            g.add_edge(node, _place(p.domain))
        elif p.action == "intranet":
            g.add_edge(node, _place(p.domain or "intranet"))
        elif p.action == "retain":
            g.add_edge(node, "extranet")  # 网络对接: a temporary interconnection with the extranet


def _systems(ctx: Context, g: nx.Graph) -> set[str]:
    gone = set()
    for s in ctx.inventory.systems:
        node = f"system:{s.id}"
        g.add_node(node, classified=s.classified, forbidden=False)
        p = ctx.psys.get(s.id)
        if p is None:
            continue
        if p.action == "decommission":
            gone.add(s.id)
            continue
        if p.target in ctx.clouds:
            g.add_edge(node, f"cloud:{p.target}")
        if p.action == "on-cloud" and p.target not in ctx.clouds:
            g.add_edge(node, "cloud:existing")
        elif p.action == "intranet":
            g.add_edge(node, "intranet")
        elif p.action == "integrate" and p.target in ctx.systems:
            g.add_edge(node, f"system:{p.target}")
        elif p.action == "stay":
            g.add_edge(node, _place(s.network) if s.network in SHARED_NETWORKS else f"network:{s.network}")
    return gone


def _lans_and_exits(ctx: Context, g: nx.Graph) -> None:
    on_extranet = {d.id for d in ctx.plan.departments
                   if any(k.startswith("extranet") for k in (*d.prefixes, *(getattr(d, "blocks", {}) or {})))}
    for n in ctx.plan.networks:
        inv = ctx.networks.get(n.id)
        if inv is not None and n.action in ("consolidate", "retain") and (n.domain or "extranet").startswith("extranet"):
            on_extranet.add(inv.department)
    for d in ctx.inventory.departments:
        g.add_node(f"lan:{d.id}", classified=False, forbidden=False)
        if d.id in on_extranet:
            g.add_edge(f"lan:{d.id}", "extranet")
    for e in ctx.inventory.exits:
        p = ctx.pexit.get(e.id)
        if p is not None and p.wave is not None:
            continue  # consolidated: the department now leaves through its platform
        node = f"exit:{e.id}"
        g.add_node(node, forbidden=True, classified=False)
        g.add_edge(node, "internet")
        g.add_edge(node, exit_source(e))
        for pub in e.published:
            g.add_edge(node, f"system:{pub.system}")


def exit_source(e) -> str:
    """The node behind an exit: its private network, or its department's office LAN."""
    return f"network:{e.network}" if e.network else f"lan:{e.department}"
