"""What happens to each private network and internet exit.

Networks (DOMAIN.md §4): classified -> intranet; kept with approval -> retain; every other one is
consolidated into an extranet domain by the domain rule (`extranet_domain`). A vertical network is
consolidated for its part below the region (the city, or the province).

Exits (rule 10): consolidated onto `county:<county>` for county departments, else `region`; an exit behind a
classified network is closed instead (rule 2).
"""

from __future__ import annotations

from ..graph import RegionGraph, platform_of
from ..model import Inventory, Network
from .decisions import ExitDecision, NetworkDecision, SystemDecision


def some_ids(ids: list[str], limit: int = 3) -> str:
    """A short list of ids for a sentence.

    >>> some_ids(["a", "b", "c", "d"])
    'a, b, c, …'
    """
    return ", ".join(ids[:limit]) + (", …" if len(ids) > limit else "")


def extranet_domain(net: Network, graph: RegionGraph, systems: dict[str, SystemDecision],
                    public_facing: dict[str, bool]) -> tuple[str, str]:
    """The extranet domain a network is consolidated into, and the sentence saying why.

    The domain rule: extranet-public when a system in service on the network (not decommissioned,
    not classified) is public-facing, or one of its exits publishes such a system to the internet —
    citizens must reach those services through the public service domain (公共服务域); otherwise
    extranet-admin (行政服务域). A network holding both kinds goes to the public domain as a whole,
    since its address block cannot be split between domains.
    """
    live = [s for s in graph.systems_of_network(net.id) if systems[s].action not in ("decommission", "intranet")]
    public = [s for s in live if public_facing[s]]
    published = sorted({p for e in graph.exits_of_network(net.id)
                        for p in (pub.system for pub in graph.exits[e].published) if p in live})
    if public:
        return "extranet-public", (f"consolidate into extranet-public: {len(public)} of its {len(live)} systems in "
                                   f"service are public-facing ({some_ids(public)})")
    if published:
        return "extranet-public", (f"consolidate into extranet-public: its exits publish {some_ids(published)} "
                                   f"to the internet")
    return "extranet-admin", (f"consolidate into extranet-admin: none of its {len(live)} systems in service is "
                              f"public-facing and none is published to the internet")


def decide_networks(inventory: Inventory, graph: RegionGraph,
                    systems: dict[str, SystemDecision]) -> dict[str, NetworkDecision]:
    """One decision per network, in id order."""
    public_facing = {s.id: s.public_facing for s in inventory.systems}
    below = "the province" if inventory.region.level == "province" else "the city"
    out: dict[str, NetworkDecision] = {}
    for net in sorted(inventory.networks, key=lambda n: n.id):
        if net.classified:
            reasons = ["classified (涉密) network: moves to the e-government intranet node (rule 2)"]
            if net.retain is not None:
                reasons.append(f"the retention approved by {net.retain.approved_by} does not apply: classified "
                               f"networks go to the intranet")
            out[net.id] = NetworkDecision("intranet", "intranet", reasons)
            continue
        if net.retain is not None:
            out[net.id] = NetworkDecision("retain", None, [
                f"retained with the approval of {net.retain.approved_by}: {net.retain.reason}",
                "connected to the extranet by a temporary interconnection (网络对接)"])
            continue
        domain, why = extranet_domain(net, graph, systems, public_facing)
        reasons = ["a non-classified business private network (业务专网) moves into the e-government extranet", why]
        if net.vertical:
            reasons.append(f"vertical network run by an upper-level department: only its part below {below} "
                           f"({net.sites} sites) is consolidated; the upper-level trunk stays with its owner")
        out[net.id] = NetworkDecision("consolidate", domain, reasons)
    return out


def decide_exits(inventory: Inventory) -> dict[str, ExitDecision]:
    """One decision per exit, in id order: consolidated onto its platform (rule 10), or closed when it sits
    behind a classified network (rule 2: nothing classified reaches the internet or an exit platform)."""
    county = {d.id: d.county for d in inventory.departments}
    classified = {n.id for n in inventory.networks if n.classified}
    out: dict[str, ExitDecision] = {}
    for ex in sorted(inventory.exits, key=lambda e: e.id):
        if ex.network in classified:
            out[ex.id] = ExitDecision(None, [
                f"behind the classified (涉密) network {ex.network}: closed, never moved onto an exit platform — the "
                f"network moves to the e-government intranet, which has no internet access (rule 2)"], action="close")
            continue
        platform = platform_of(county.get(ex.department))
        if platform == "region":
            where = (f"department {ex.department} is a region-level department: its exits go to the region "
                     f"platform (region)")
        else:
            where = (f"department {ex.department} belongs to county {county[ex.department]}: its exits go to "
                     f"the county platform ({platform})")
        reasons = ["every department internet exit moves onto a shared internet access platform (互联网接入平台)", where]
        if ex.published:
            services = some_ids(sorted(f"{p.system}:{p.port}" for p in ex.published))
            reasons.append(f"its published services ({services}) are re-published on the platform")
        out[ex.id] = ExitDecision(platform, reasons)
    return out
