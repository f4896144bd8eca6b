"""plan.json as plain data, and what one cloud's stack builds up to one wave (no Pulumi here).

Stacks consume data, not planner internals: this module reads the JSON with the standard library
only and turns it into small frozen specs. Two rules shape everything:

- Wave gating. `build_view(plan, cloud, wave)` keeps what is cut over in waves <= `wave`. Every
  spec's own wave and every logical name come from the *whole* plan, so raising the wave only adds
  resources (or updates a rule's source address when its source system moves), never renames or
  drops one.
- Nothing classified. Classified systems, classified or intranet networks, and exits or
  publications that touch them are dropped here, even if the plan wrongly lists them as migrating.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "egov-plan/1"
SHARED = "shared"  # planner:department of resources serving several departments (VPC, NAT gateway)
INTERNET = "0.0.0.0/0"
DOMAINS = {"public": "extranet-public", "admin": "extranet-admin"}


class PlanDataError(ValueError):
    """plan.json cannot be applied as it stands; the message names the object and the fix."""


def load_plan(path: str | Path) -> dict[str, Any]:
    """Read plan.json (the only input of the stacks besides their config)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PlanDataError(f"{path}: cannot be read as JSON ({exc}); give the plan.json written by `planner plan`") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PlanDataError(f"{path}: is not a {FORMAT} plan; give the plan.json written by `planner plan`")
    return data


def slug(identifier: str) -> str:
    """A plan id as a logical-name part (`county:taishan` -> `county-taishan`).

    >>> slug("county:taishan")
    'county-taishan'
    """
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in identifier)


@dataclass(frozen=True)
class Trace:
    """What a resource traces back to in the plan: department, wave, and system where it is one's."""

    department: str
    wave: int
    system: str | None = None

    def tags(self) -> dict[str, str]:
        tags = {"planner:department": self.department, "planner:wave": str(self.wave)}
        if self.system:
            tags["planner:system"] = self.system
        return tags

    def text(self) -> str:
        """The trace for resources without tags (rules, NAT entries): `planner:key=value ...`."""
        return " ".join(f"{k}={v}" for k, v in self.tags().items())


@dataclass(frozen=True)
class SystemSpec:
    id: str
    name: str
    department: str
    wave: int
    vcpu: float
    memory_gb: float
    storage_tb: float

    @property
    def trace(self) -> Trace:
        return Trace(self.department, self.wave, self.id)


@dataclass(frozen=True)
class IngressSpec:
    """Ingress to `system` on `port` from `cidr` (the source system's address, or the internet)."""

    name: str
    system: str
    department: str
    source: str  # a system id, or "internet" for a published port
    port: int
    cidr: str
    wave: int

    @property
    def trace(self) -> Trace:
        return Trace(self.department, self.wave, self.system)


@dataclass(frozen=True)
class LandingZoneSpec:
    department: str
    prefix: str
    wave: int  # the first cutover of the department onto this cloud
    systems: tuple[SystemSpec, ...]
    ingress: tuple[IngressSpec, ...]

    @property
    def trace(self) -> Trace:
        return Trace(self.department, self.wave)


@dataclass(frozen=True)
class SnatSpec:
    department: str
    cidr: str
    wave: int
    landing_zone_wave: int | None  # None: the department has no landing zone on this cloud


@dataclass(frozen=True)
class DnatSpec:
    system: str
    department: str
    port: int
    wave: int


@dataclass(frozen=True)
class PlatformSpec:
    id: str
    slug: str
    name: str
    wave: int
    carriers: tuple[str, ...]
    bandwidth_mbps: float
    public_cidrs: tuple[str, ...]
    snat: tuple[SnatSpec, ...]
    dnat: tuple[DnatSpec, ...]

    def system_wave(self, system: str) -> int:
        """The wave the system's first port is published here (its DNAT address appears then)."""
        return min(d.wave for d in self.dnat if d.system == system)


@dataclass(frozen=True)
class InterconnectSpec:
    network: str
    department: str
    wave: int
    prefixes: tuple[str, ...]  # the network's addresses in the domain (NAT outside addresses included)
    peer_ip: str  # its border router: the first host of its first prefix unless config says otherwise

    @property
    def trace(self) -> Trace:
        return Trace(self.department, self.wave)


@dataclass(frozen=True)
class StackView:
    """What the stack of `cloud` builds at `wave`: the gated specs plus the plan-wide anchors."""

    cloud: str
    domain: str
    wave: int
    core_wave: int | None  # first wave anything exists on this cloud; None: nothing ever does
    vpc_cidr: str | None
    edge_cidr: str | None  # a /28 for the NAT and VPN gateways, free of every department prefix
    hosts_platforms: bool
    landing_zones: tuple[LandingZoneSpec, ...]
    platforms: tuple[PlatformSpec, ...]
    interconnects: tuple[InterconnectSpec, ...]
    vpn_wave: int | None
    local_cidrs: tuple[str, ...] = ()  # this cloud's side of the interconnection
    warnings: tuple[str, ...] = field(default=())

    @property
    def core_due(self) -> bool:
        return self.core_wave is not None and self.core_wave <= self.wave

    @property
    def systems(self) -> list[SystemSpec]:
        return [s for lz in self.landing_zones for s in lz.systems]


# --------------------------------------------------------------------------- classification


def _is_classified_system(system: dict) -> bool:
    return bool(system.get("classified")) or system.get("action") == "intranet"


def _is_classified_network(network: dict) -> bool:
    return bool(network.get("classified")) or network.get("action") == "intranet" or network.get("domain") == "intranet"


class _Plan:
    """Indexes over the plan with everything classified filtered out."""

    def __init__(self, plan: dict[str, Any]):
        self.raw = plan
        self.clouds = {c["id"]: c for c in plan.get("clouds", [])}
        self.departments = {d["id"]: d for d in plan.get("departments", [])}
        self.systems = {s["id"]: s for s in plan.get("systems", []) if not _is_classified_system(s)}
        self.networks = {n["id"]: n for n in plan.get("networks", []) if not _is_classified_network(n)}
        self.classified_networks = {n["id"] for n in plan.get("networks", []) if _is_classified_network(n)}
        self.exits = {e["id"]: e for e in plan.get("exits", [])
                      if e.get("network") not in self.classified_networks}
        self.flows_into: dict[str, list[dict]] = {}
        for flow in plan.get("flows", []):
            self.flows_into.setdefault(flow.get("to"), []).append(flow)
        self._publications: list[tuple[str, dict]] | None = None

    def domain_of(self, cloud_id: str) -> str | None:
        cloud = self.clouds.get(cloud_id)
        return DOMAINS.get(cloud.get("domain", "")) if cloud else None

    def prefix(self, department: str, domain: str) -> str | None:
        return (self.departments.get(department) or {}).get("prefixes", {}).get(domain)

    def migration(self, system_id: str) -> tuple[str, int] | None:
        """(cloud, cutover wave) of a scheduled migration to a known cloud, else None."""
        s = self.systems.get(system_id)
        if not s or s.get("action") != "migrate" or s.get("wave") is None or s.get("target") not in self.clouds:
            return None
        return s["target"], int(s["wave"])


def build_view(plan: dict[str, Any], cloud: str, wave: int) -> StackView:
    """The stack of `cloud` at `wave`: a table of contents of the pieces below."""
    p = _Plan(plan)
    if cloud not in p.clouds:
        known = ", ".join(sorted(p.clouds)) or "none"
        raise PlanDataError(f"plan.json clouds: no cloud {cloud!r} (the plan has {known}); set the stack's `cloud` config")
    domain = p.domain_of(cloud)
    if domain is None:
        raise PlanDataError(f"plan.json clouds[{cloud}].domain: must be public or admin")
    warnings: list[str] = []
    systems = _systems_on(p, cloud)
    zones_all = _landing_zones(p, cloud, domain, systems)
    hosts = _platform_cloud(p) == cloud
    platforms_all = _platforms(p, cloud, zones_all, warnings) if hosts else []
    vpc_cidr = _supernet([z.prefix for z in zones_all] + [s.cidr for pl in platforms_all for s in pl.snat])
    used = [pfx for d in p.departments.values() for dom, pfx in d.get("prefixes", {}).items() if dom == domain]
    used += [pfx for n in p.networks.values() if n.get("domain") == domain for pfx in n.get("prefixes", [])]
    if vpc_cidr is None and used:  # no landing zone here, only an interconnection: a VPC of the edge alone
        vpc_cidr = _edge_subnet(_supernet(used), used)
    edge = _edge_subnet(vpc_cidr, used) if vpc_cidr else None
    if edge and not ipaddress.ip_network(edge).subnet_of(ipaddress.ip_network(vpc_cidr)):
        vpc_cidr = _supernet([vpc_cidr, edge])
    interconnects_all = _interconnects(p, domain, [z.prefix for z in zones_all] + ([edge] if edge else []), warnings)
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
        landing_zones=tuple(_gate_zone(p, z, wave) for z in zones_all if z.wave <= wave),
        platforms=tuple(_gate_platform(pl, wave) for pl in platforms_all if pl.wave <= wave),
        interconnects=tuple(i for i in interconnects_all if i.wave <= wave),
        vpn_wave=min(vpn_waves) if vpn_waves else None,
        local_cidrs=tuple(str(n) for n in ipaddress.collapse_addresses(
            ipaddress.ip_network(x) for x in [z.prefix for z in zones_all] + ([edge] if edge else []))),
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- systems and landing zones


def _systems_on(p: _Plan, cloud: str) -> dict[str, SystemSpec]:
    """Every non-classified system scheduled to migrate to `cloud`, over all waves."""
    out = {}
    for sid, s in sorted(p.systems.items()):
        if p.migration(sid) is None or s["target"] != cloud:
            continue
        r = s.get("resources") or {}
        out[sid] = SystemSpec(sid, s.get("name", ""), s.get("department") or SHARED, int(s["wave"]),
                              float(r.get("vcpu", 0)), float(r.get("memory_gb", 0)), float(r.get("storage_tb", 0)))
    return out


def _landing_zones(p: _Plan, cloud: str, domain: str, systems: dict[str, SystemSpec]) -> list[LandingZoneSpec]:
    """One per department with systems migrating here, on its block of the cloud's domain."""
    by_department: dict[str, list[SystemSpec]] = {}
    for s in systems.values():
        by_department.setdefault(s.department, []).append(s)
    zones = []
    for department, members in sorted(by_department.items()):
        prefix = p.prefix(department, domain)
        if not prefix:
            raise PlanDataError(
                f"plan.json departments[{department}].prefixes: no {domain} block, but system "
                f"{members[0].id} migrates to {cloud}; regenerate the plan with `planner plan`")
        zones.append(LandingZoneSpec(department, prefix, min(s.wave for s in members), tuple(members), ()))
    return zones


def _gate_zone(p: _Plan, zone: LandingZoneSpec, wave: int) -> LandingZoneSpec:
    members = tuple(s for s in zone.systems if s.wave <= wave)
    ingress = tuple(rule for s in members for rule in _ingress_for(p, s, wave))
    return LandingZoneSpec(zone.department, zone.prefix, zone.wave, members, ingress)


# --------------------------------------------------------------------------- security group rules


def _ingress_for(p: _Plan, system: SystemSpec, wave: int) -> list[IngressSpec]:
    """The flows into `system` (from where each source is at `wave`) plus its published ports."""
    rules: dict[str, IngressSpec] = {}
    for flow in p.flows_into.get(system.id, []):
        source = flow.get("from")
        if source == system.id:
            continue
        where = source_address(p, source, wave)
        if where is None:
            continue
        cidr, reachable_from = where
        rule_wave = max(system.wave, reachable_from)
        for port in sorted({int(x) for x in flow.get("ports", [443])}):
            name = f"in-{system.id}-from-{source}-{port}"
            rules[name] = IngressSpec(name, system.id, system.department, source, port, cidr, rule_wave)
    for port, published_wave in sorted(_published_ports(p, system).items()):
        if published_wave <= wave:
            name = f"in-{system.id}-internet-{port}"
            rules[name] = IngressSpec(name, system.id, system.department, "internet", port, INTERNET,
                                      max(system.wave, published_wave))
    return [rules[k] for k in sorted(rules)]


def source_address(p: _Plan, source_id: str, wave: int) -> tuple[str, int] | None:
    """(CIDR the source system talks from at `wave`, first wave it is reachable on the extranet).

    A migrated source talks from its department's landing zone; before that, from its network's
    prefix once the network is consolidated (or from its department's block when it already sits on
    an extranet domain). Classified, decommissioned, integrated and unreachable sources give None:
    no rule, so nothing is opened that the plan does not need.
    """
    s = p.systems.get(source_id)
    if s is None or s.get("action") in ("decommission", "integrate"):
        return None
    migration = p.migration(source_id)
    network_at = _network_address(p, s)  # (cidr, wave) on its current network, or None
    if migration and migration[1] <= wave:
        cloud_domain = p.domain_of(migration[0])
        prefix = p.prefix(s.get("department", ""), cloud_domain)
        if not prefix:
            raise PlanDataError(f"plan.json departments[{s.get('department')}].prefixes: no {cloud_domain} block "
                                f"for system {source_id} migrating to {migration[0]}; regenerate the plan")
        first = min(migration[1], network_at[1]) if network_at else migration[1]
        return prefix, first
    if network_at and network_at[1] <= wave:
        return network_at
    return None


def _network_address(p: _Plan, s: dict) -> tuple[str, int] | None:
    network = s.get("network", "")
    department = s.get("department", "")
    if network in DOMAINS.values():  # already on an extranet domain
        prefix = p.prefix(department, network)
        return (prefix, 1) if prefix else None
    n = p.networks.get(network)
    if not n or n.get("action") != "consolidate" or n.get("wave") is None or not n.get("prefixes"):
        return None
    prefixes = n["prefixes"]
    cidr = prefixes[0] if len(prefixes) == 1 else (p.prefix(department, n.get("domain", "")) or prefixes[0])
    return cidr, int(n["wave"])


def _published_ports(p: _Plan, system: SystemSpec) -> dict[int, int]:
    """port -> first wave it is published through an exit platform (DNAT), for this system."""
    ports: dict[int, int] = {}
    for _platform, pub in _publications(p):
        if pub["system"] == system.id:
            w = _publication_wave(p, pub, system.wave)
            if w is not None:
                ports[int(pub["port"])] = min(w, ports.get(int(pub["port"]), w))
    return ports


def _publications(p: _Plan) -> list[tuple[str, dict]]:
    """(platform id, publication) from the platforms and from the consolidated exits, deduplicated."""
    if p._publications is None:
        p._publications = _collect_publications(p)
    return p._publications


def _collect_publications(p: _Plan) -> list[tuple[str, dict]]:
    seen: dict[tuple[str, str, int], dict] = {}
    for platform in p.raw.get("platforms", []):
        for pub in platform.get("published", []):
            seen.setdefault((platform["id"], pub["system"], int(pub["port"])), pub)
    for exit_ in p.exits.values():
        for pub in exit_.get("published", []):
            seen.setdefault((exit_["platform"], pub["system"], int(pub["port"])), {**pub, "exit": exit_["id"]})
    return [(key[0], pub) for key, pub in sorted(seen.items()) if pub["system"] in p.systems]


def _publication_wave(p: _Plan, pub: dict, system_wave: int) -> int | None:
    exit_id = pub.get("exit")
    if exit_id is None:
        return system_wave
    exit_ = p.exits.get(exit_id)
    if exit_ is None or exit_.get("wave") is None:
        return None  # its exit is not consolidated (or was dropped as classified): not republished
    return max(system_wave, int(exit_["wave"]))


# --------------------------------------------------------------------------- exit platforms


def _platform_cloud(p: _Plan) -> str | None:
    """The exit platforms live in the stack of the (first, by id) public-domain cloud."""
    public = sorted(cid for cid, c in p.clouds.items() if c.get("domain") == "public")
    return public[0] if public else None


def _platforms(p: _Plan, cloud: str, zones: list[LandingZoneSpec], warnings: list[str]) -> list[PlatformSpec]:
    zone_wave = {z.department: z.wave for z in zones}
    here = _systems_on(p, cloud)
    out = []
    for platform in sorted(p.raw.get("platforms", []), key=lambda x: x["id"]):
        pid = platform["id"]
        exits = [e for e in p.exits.values() if e.get("platform") == pid and e.get("wave") is not None]
        snat = []
        for department in sorted(set(platform.get("departments", []))):
            waves = [int(e["wave"]) for e in exits if e.get("department") == department]
            cidr = p.prefix(department, DOMAINS["public"])
            if not waves:
                continue
            if not cidr:
                warnings.append(f"platform {pid}: department {department} has no extranet-public block; no SNAT")
                continue
            snat.append(SnatSpec(department, cidr, min(waves), zone_wave.get(department)))
        dnat = []
        for platform_id, pub in _publications(p):
            if platform_id != pid:
                continue
            system = here.get(pub["system"])
            if system is None:
                warnings.append(f"platform {pid}: {pub['system']}:{pub['port']} is published but does not "
                                f"migrate to {cloud}; DNAT to it is left to the network team")
                continue
            w = _publication_wave(p, pub, system.wave)
            if w is not None:
                dnat.append(DnatSpec(system.id, system.department, int(pub["port"]), w))
        waves = [int(e["wave"]) for e in exits] + [s.wave for s in snat] + [d.wave for d in dnat]
        if not waves:
            continue
        out.append(PlatformSpec(pid, slug(pid), platform.get("name", ""), min(waves),
                                tuple(platform.get("carriers", [])) or ("bgp",),
                                float(platform.get("bandwidth_mbps", 0)), tuple(platform.get("public_cidrs", [])),
                                tuple(snat), tuple(sorted(dnat, key=lambda d: (d.system, d.port)))))
    return out


def _gate_platform(platform: PlatformSpec, wave: int) -> PlatformSpec:
    return PlatformSpec(platform.id, platform.slug, platform.name, platform.wave, platform.carriers,
                        platform.bandwidth_mbps, platform.public_cidrs,
                        tuple(s for s in platform.snat if s.wave <= wave),
                        tuple(d for d in platform.dnat if d.wave <= wave))


# --------------------------------------------------------------------------- interconnection


def _interconnects(p: _Plan, domain: str, local: list[str], warnings: list[str]) -> list[InterconnectSpec]:
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
