"""The exit platforms (SNAT for departments, DNAT for published ports), from the plan index."""

from __future__ import annotations

from .landing_zone_specs import systems_on
from .plan_data import DOMAINS, DnatSpec, LandingZoneSpec, PlatformSpec, SnatSpec, slug
from .plan_index import PlanIndex, publication_wave, publications


def platform_cloud(p: PlanIndex) -> str | None:
    """The exit platforms live in the stack of the (first, by id) public-domain cloud."""
    public = sorted(cid for cid, c in p.clouds.items() if c.get("domain") == "public")
    return public[0] if public else None


def exit_platforms(p: PlanIndex, cloud: str, zones: list[LandingZoneSpec], warnings: list[str]) -> list[PlatformSpec]:
    zone_wave = {z.department: z.wave for z in zones}
    here = systems_on(p, cloud)
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
        for platform_id, pub in publications(p):
            if platform_id != pid:
                continue
            system = here.get(pub["system"])
            if system is None:
                warnings.append(f"platform {pid}: {pub['system']}:{pub['port']} is published but does not "
                                f"migrate to {cloud}; DNAT to it is left to the network team")
                continue
            w = publication_wave(p, pub, system.wave)
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


def gate_platform(platform: PlatformSpec, wave: int) -> PlatformSpec:
    return PlatformSpec(platform.id, platform.slug, platform.name, platform.wave, platform.carriers,
                        platform.bandwidth_mbps, platform.public_cidrs,
                        tuple(s for s in platform.snat if s.wave <= wave),
                        tuple(d for d in platform.dnat if d.wave <= wave))
