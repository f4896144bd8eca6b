"""The address plan of a region: department blocks per domain, network prefixes, NAT (rule 11).

Wires the pure allocator (:mod:`.allocate`) and the NAT plan (:mod:`.overlaps`) to the decisions:
which department needs a block in which domain, how big, and which consolidated networks overlap.
The only module of :mod:`planner.addresses` that knows the planner's models.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import netaddr

from ..errors import InputError, Issue, PoolExhaustedError
from ..model import Inventory, Topology
from ..plan import ExitPlan, Nat, NetworkPlan, SystemPlan
from ..vocabulary import EXTRANET_DOMAINS, INTRANET
from .allocate import BlockRequest, allocate_blocks, allocate_intranet, department_prefixlen
from .overlaps import ConsolidatedNetwork, nat_plan

DOMAINS = (*EXTRANET_DOMAINS, INTRANET)


@dataclass
class AddressPlan:
    blocks: dict[str, dict[str, str]]  # department -> domain -> block
    landing_zones: dict[str, dict[str, str]]  # department -> domain -> first subnet of the block
    networks: list[NetworkPlan]  # with prefixes and nat filled in


# The topology key of each pool the allocator names, for an input error that points at it.
POOL_KEYS = {"extranet-public": "extranet.public.pool", "extranet-admin": "extranet.admin.pool",
             "intranet": "intranet.pool", "county exit platforms": "exit_platforms.county.public_cidrs"}


def pool_too_small(exc: PoolExhaustedError) -> InputError:
    """The allocator's finding as an input error naming the topology's pool and the size that fits."""
    key = POOL_KEYS.get(exc.pool, exc.pool)
    fix = (f"give topology {key} at least a /{exc.fits} (or add CIDRs to it)" if exc.fits is not None
           else f"give topology {key} more addresses")
    return InputError([Issue("", "topology", key, f"is too small: {exc}", fix)])


def plan_addresses(inventory: Inventory, topology: Topology, systems: list[SystemPlan],
                   networks: list[NetworkPlan], exits: list[ExitPlan] = ()) -> AddressPlan:
    """Blocks, landing zones, network prefixes and NAT; a pool too small is an :class:`InputError`.

    A department joins the extranet's administrative domain when it keeps a non-classified system in
    service or moves an exit onto a platform (its office LAN then leaves through the platform over the
    extranet: :mod:`planner.rules.places`)."""
    try:
        return _plan_addresses(inventory, topology, systems, networks, exits)
    except PoolExhaustedError as exc:
        raise pool_too_small(exc) from None


def _plan_addresses(inventory: Inventory, topology: Topology, systems: list[SystemPlan],
                    networks: list[NetworkPlan], exits: list[ExitPlan]) -> AddressPlan:
    county = {d.id: d.county for d in inventory.departments}
    cloud_domain = {c.id: f"extranet-{c.domain}" for c in topology.clouds}
    needs: dict[str, dict[str, list[str]]] = {d: defaultdict(list) for d in DOMAINS}  # domain -> dept -> networks
    for p in systems:
        if p.action == "migrate" and p.target in cloud_domain:
            needs[cloud_domain[p.target]][p.department]  # noqa: B018 - touch: the department needs a block
        elif p.action == "intranet":
            needs["intranet"][p.department]  # noqa: B018
        if p.action not in ("decommission", "intranet") and not p.classified:
            needs["extranet-admin"][p.department]  # noqa: B018 - every department in service joins the extranet
    for e in exits:
        if e.action == "consolidate":
            needs["extranet-admin"][e.department]  # noqa: B018
    for n in networks:
        if n.action in ("consolidate", "intranet") and n.domain in needs:
            needs[n.domain][n.department].append(n.id)
    unit = topology.extranet.department_prefix
    pools = {"extranet-public": topology.extranet.public.pool, "extranet-admin": topology.extranet.admin.pool}
    blocks: dict[str, dict[str, str]] = defaultdict(dict)
    landing: dict[str, dict[str, str]] = defaultdict(dict)
    net_prefix: dict[str, str] = {}
    for domain in DOMAINS:
        wanted = needs[domain]
        if not wanted:
            continue
        requests = [BlockRequest(county.get(d), d, department_prefixlen(networks=1 + len(nets), department_prefix=unit))
                    for d, nets in sorted(wanted.items())]
        if domain == "intranet":
            allocation = allocate_intranet(topology.intranet.pool, requests, department_prefix=unit)
        else:
            allocation = allocate_blocks(pools[domain], requests, domain=domain, department_prefix=unit)
        for dept, block in allocation.departments.items():
            subnets = list(netaddr.IPNetwork(block).subnet(unit))
            blocks[dept][domain] = block
            landing[dept][domain] = str(subnets[0])
            for i, nid in enumerate(sorted(wanted[dept]), start=1):
                net_prefix[nid] = str(subnets[i])
    sites = {n.id: n.sites for n in inventory.networks}
    consolidated = [ConsolidatedNetwork(n.id, n.department, tuple(n.cidrs), net_prefix[n.id], n.domain or "", sites[n.id])
                    for n in networks if n.id in net_prefix]
    nat = nat_plan(consolidated)
    advice = {(a.network, a.cidr): a for a in nat.advice}
    out = []
    for n in networks:
        entries = [Nat(inside=e["inside"], outside=e["outside"], advice=advice[(n.id, e["inside"])].action,
                       why=advice[(n.id, e["inside"])].reason) for e in nat.nat.get(n.id, [])]
        out.append(n.model_copy(update={"prefixes": [net_prefix[n.id]] if n.id in net_prefix else [], "nat": entries}))
    return AddressPlan(dict(blocks), dict(landing), out)
