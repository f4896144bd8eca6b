"""What one cloud's stack builds up to one wave, as a :class:`~.plan_data.StackView` (no Pulumi here).

Wave gating: `build_view(plan, cloud, wave)` keeps what is cut over in waves <= `wave`. Every
spec's own wave and every logical name come from the *whole* plan, so raising the wave only adds
resources (or updates a rule's source address when its source system moves), never renames or
drops one. Nothing classified reaches a view: :class:`~.plan_index.PlanIndex` filters it out.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from .exit_platform_specs import exit_platforms, gate_platform, platform_cloud
from .interconnect_specs import interconnects
from .landing_zone_specs import gate_zone, landing_zones, systems_on
from .plan_data import PlanDataError, StackView
from .plan_index import PlanIndex


def build_view(plan: dict[str, Any], cloud: str, wave: int) -> StackView:
    """The stack of `cloud` at `wave`: a table of contents of the pieces built in the *_specs modules."""
    p = PlanIndex(plan)
    if cloud not in p.clouds:
        known = ", ".join(sorted(p.clouds)) or "none"
        raise PlanDataError(f"plan.json clouds: no cloud {cloud!r} (the plan has {known}); set the stack's `cloud` config")
    domain = p.domain_of(cloud)
    if domain is None:
        raise PlanDataError(f"plan.json clouds[{cloud}].domain: must be public or admin")
    warnings: list[str] = []
    systems = systems_on(p, cloud)
    zones_all = landing_zones(p, cloud, domain, systems)
    hosts = platform_cloud(p) == cloud
    platforms_all = exit_platforms(p, cloud, zones_all, warnings) if hosts else []
    vpc_cidr = _supernet([z.prefix for z in zones_all] + [s.cidr for pl in platforms_all for s in pl.snat])
    used = [pfx for d in p.departments.values() for dom, pfx in d.get("prefixes", {}).items() if dom == domain]
    used += [pfx for n in p.networks.values() if n.get("domain") == domain for pfx in n.get("prefixes", [])]
    if vpc_cidr is None and used:  # no landing zone here, only an interconnection: a VPC of the edge alone
        vpc_cidr = _edge_subnet(_supernet(used), used)
    edge = _edge_subnet(vpc_cidr, used) if vpc_cidr else None
    if edge and not ipaddress.ip_network(edge).subnet_of(ipaddress.ip_network(vpc_cidr)):
        vpc_cidr = _supernet([vpc_cidr, edge])
    interconnects_all = interconnects(p, domain, [z.prefix for z in zones_all] + ([edge] if edge else []), warnings)
    waves = [z.wave for z in zones_all] + [pl.wave for pl in platforms_all] + [i.wave for i in interconnects_all]
    vpn_waves = [i.wave for i in interconnects_all]
    return StackView(
        cloud=cloud,
        domain=domain,
        wave=wave,
        core_wave=min(waves) if waves else None,
        vpc_cidr=vpc_cidr,
        edge_cidr=edge,
        hosts_platforms=hosts,
        landing_zones=tuple(gate_zone(p, z, wave) for z in zones_all if z.wave <= wave),
        platforms=tuple(gate_platform(pl, wave) for pl in platforms_all if pl.wave <= wave),
        interconnects=tuple(i for i in interconnects_all if i.wave <= wave),
        vpn_wave=min(vpn_waves) if vpn_waves else None,
        local_cidrs=tuple(str(n) for n in ipaddress.collapse_addresses(
            ipaddress.ip_network(x) for x in [z.prefix for z in zones_all] + ([edge] if edge else []))),
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- addresses


def _supernet(cidrs: Iterable[str]) -> str | None:
    """The smallest network covering all of `cidrs`.

    >>> _supernet(["59.255.48.0/27", "59.255.49.0/27"])
    '59.255.48.0/23'
    >>> _supernet([]) is None
    True
    """
    nets = [ipaddress.ip_network(c) for c in cidrs]
    if not nets:
        return None
    top = nets[0]
    while not all(n.subnet_of(top) for n in nets):
        top = top.supernet()
    return str(top)


def _edge_subnet(vpc_cidr: str, used: Iterable[str], prefixlen: int = 28) -> str:
    """The highest /28 of the VPC (widened one bit at a time if full) that overlaps no used prefix.

    >>> _edge_subnet("10.0.0.0/27", ["10.0.0.0/28"])
    '10.0.0.16/28'
    >>> _edge_subnet("10.0.0.0/28", ["10.0.0.0/28"])
    '10.0.0.16/28'
    """
    taken = [ipaddress.ip_network(u) for u in used]
    space = ipaddress.ip_network(vpc_cidr)
    while True:
        if space.prefixlen <= prefixlen:
            for candidate in reversed(list(space.subnets(new_prefix=prefixlen))[-4096:]):
                if not any(candidate.overlaps(t) for t in taken):
                    return str(candidate)
        if space.prefixlen == 0:
            raise PlanDataError(f"no free /{prefixlen} near {vpc_cidr} for the NAT and VPN gateways")
        space = space.supernet()
