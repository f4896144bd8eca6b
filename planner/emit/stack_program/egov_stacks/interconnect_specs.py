"""The interconnection of one cloud with the networks consolidated into its domain, from the plan index."""

from __future__ import annotations

import ipaddress

from .plan_data import SHARED, InterconnectSpec
from .plan_index import PlanIndex


def interconnects(p: PlanIndex, domain: str, local: list[str], warnings: list[str]) -> list[InterconnectSpec]:
    """Networks consolidated into this cloud's domain, reached through the cloud's gateway.

    A prefix that overlaps a landing zone of this cloud cannot be routed to the network (the
    department's block is shared by its network and its landing zone): it is left out, with a warning.
    """
    local_nets = [ipaddress.ip_network(x) for x in local]
    out = []
    for nid, n in sorted(p.networks.items()):
        if n.get("action") != "consolidate" or n.get("domain") != domain or n.get("wave") is None:
            continue
        wanted = sorted(set(n.get("prefixes", [])) | {x["outside"] for x in n.get("nat", [])})
        keep = [x for x in wanted if not any(ipaddress.ip_network(x).overlaps(lz) for lz in local_nets)]
        for x in sorted(set(wanted) - set(keep)):
            warnings.append(f"network {nid}: prefix {x} overlaps a landing zone on this cloud; not routed")
        if not keep:
            continue
        peer = str(next(ipaddress.ip_network(keep[0]).hosts(), ipaddress.ip_network(keep[0]).network_address))
        out.append(InterconnectSpec(nid, n.get("department") or SHARED, int(n["wave"]), tuple(keep), peer))
    return out
