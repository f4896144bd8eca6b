"""The landing zones of one cloud, their systems and their security group rules, from the plan index."""

from __future__ import annotations

from .plan_data import DOMAINS, INTERNET, SHARED, IngressSpec, LandingZoneSpec, PlanDataError, SystemSpec
from .plan_index import PlanIndex, publication_wave, publications


def systems_on(p: PlanIndex, cloud: str) -> dict[str, SystemSpec]:
    """Every non-classified system scheduled to migrate to `cloud`, over all waves."""
    out = {}
    for sid, s in sorted(p.systems.items()):
        if p.migration(sid) is None or s["target"] != cloud:
            continue
        r = s.get("resources") or {}
        out[sid] = SystemSpec(sid, s.get("name", ""), s.get("department") or SHARED, int(s["wave"]),
                              float(r.get("vcpu", 0)), float(r.get("memory_gb", 0)), float(r.get("storage_tb", 0)))
    return out


def landing_zones(p: PlanIndex, cloud: str, domain: str, systems: dict[str, SystemSpec]) -> list[LandingZoneSpec]:
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


def gate_zone(p: PlanIndex, zone: LandingZoneSpec, wave: int) -> LandingZoneSpec:
    members = tuple(s for s in zone.systems if s.wave <= wave)
    ingress = tuple(rule for s in members for rule in _ingress_for(p, s, wave))
    return LandingZoneSpec(zone.department, zone.prefix, zone.wave, members, ingress)


# --------------------------------------------------------------------------- security group rules


def _ingress_for(p: PlanIndex, system: SystemSpec, wave: int) -> list[IngressSpec]:
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


def source_address(p: PlanIndex, source_id: str, wave: int) -> tuple[str, int] | None:
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


def _network_address(p: PlanIndex, s: dict) -> tuple[str, int] | None:
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


def _published_ports(p: PlanIndex, system: SystemSpec) -> dict[int, int]:
    """port -> first wave it is published through an exit platform (DNAT), for this system."""
    ports: dict[int, int] = {}
    for _platform, pub in publications(p):
        if pub["system"] == system.id:
            w = publication_wave(p, pub, system.wave)
            if w is not None:
                ports[int(pub["port"])] = min(w, ports.get(int(pub["port"]), w))
    return ports
