"""Exit consolidation: every exit to its platform, platforms sized by rule 10, costs before and after."""

from __future__ import annotations

from collections import defaultdict

from .addresses import allocate_county_platforms
from .addresses.address_plan import pool_too_small
from .errors import PoolExhaustedError
from .model import Inventory, Topology
from .plan import ExitPlan, NetworkPlan, Platform, Publication, SystemPlan
from .rules.places import ends_on_intranet
from .sizing import platform_bandwidth


def plan_platforms(inventory: Inventory, topology: Topology, exits: list[ExitPlan], systems: list[SystemPlan],
                   networks: list[NetworkPlan] = ()) -> tuple[list[ExitPlan], list[Platform]]:
    """The exit platforms and the exits re-published on them; exits keep their scheduled waves.

    A published service is re-published on the platform unless it is switched off or ends up on the
    intranet (classified, or staying on the intranet: :mod:`planner.rules.places`); findings say so.
    """
    ep = topology.exit_platforms
    action = {s.id: s for s in systems}
    inv_systems = {s.id: s for s in inventory.systems}
    network_actions = {n.id: n.action for n in networks}
    counties = [c.id for c in inventory.region.counties]
    county_names = {c.id: c.name for c in inventory.region.counties}
    try:
        county_cidrs = allocate_county_platforms(ep.county.public_cidrs, counties, county_prefix=ep.county.county_prefix,
                                                 name="county exit platforms") if counties else {}
    except PoolExhaustedError as exc:
        raise pool_too_small(exc) from None
    by_platform: dict[str, list[ExitPlan]] = defaultdict(list)
    out_exits = []
    for e in exits:
        if e.action == "close":
            out_exits.append(e.model_copy(update={"published": []}))  # nothing is re-published from a closed exit
            continue
        published = []
        for pub in e.published:
            s = action.get(pub.system)
            if s is None or s.action == "decommission" or s.classified:
                continue  # a decommissioned service is not re-published (a finding says so)
            system = s.target if s.action == "integrate" and s.target else pub.system
            if ends_on_intranet(inv_systems[system], action[system].action, network_actions):
                continue  # the intranet never reaches the internet (a finding says so)
            published.append(Publication(system=system, port=pub.port, exit=e.id))
        e = e.model_copy(update={"published": published})
        out_exits.append(e)
        by_platform[e.platform].append(e)
    platforms = []
    for pid in sorted(by_platform, key=lambda p: (p != "region", p)):
        members = by_platform[pid]
        county = pid.split(":", 1)[1] if pid.startswith("county:") else None
        conf = ep.region if county is None else ep.county
        bandwidth = platform_bandwidth([e.peak_mbps for e in members], ep.concurrency, ep.bandwidth_steps_mbps,
                                       platform=pid)
        publications = sorted({(p.system, p.port): p for e in members for p in e.published}.values(),
                              key=lambda p: (p.system, p.port))
        platforms.append(Platform(
            id=pid, name=f"{county_names[county]}互联网接入平台" if county else f"{inventory.region.name}互联网接入平台",
            county=county, carriers=[str(c) for c in conf.carriers], bandwidth_mbps=float(bandwidth),
            public_cidrs=[county_cidrs[county]] if county else list(conf.public_cidrs),
            summed_peak_mbps=round(sum(e.peak_mbps for e in members), 3), exits=sorted(e.id for e in members),
            departments=sorted({e.department for e in members}), published=publications,
            yearly_cost_before_cny=round(sum(e.yearly_cost_cny for e in members), 2),
            yearly_cost_after_cny=round(float(bandwidth) * ep.price_cny_per_mbps_year, 2)))
    return out_exits, platforms
