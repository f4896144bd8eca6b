"""Rule 10: exits go to their platform, platforms are sized by the bandwidth step rule, carriers are the topology's."""

from __future__ import annotations

from collections import defaultdict

from planner.errors import InfeasibleError
from planner.sizing import platform_bandwidth, platform_id

from .base import Context, rule


@rule("R10-exit-platforms",
      "County departments' exits go to their county's platform and all others to the region's (an exit behind a "
      "classified network is closed instead); each platform has the smallest bandwidth step covering concurrency × "
      "its summed peaks and the topology's carriers.")
def exit_platforms(ctx: Context, r):
    peaks: dict[str, list[float]] = defaultdict(list)
    for e in ctx.inventory.exits:
        p = ctx.pexit.get(e.id)
        if p is None:
            continue
        behind_classified = e.network is not None and e.network in ctx.networks and ctx.networks[e.network].classified
        if (p.action == "close") != behind_classified:
            yield r.violation([e.id], f"exit {e.id} is planned '{p.action}'; an exit is closed exactly when it sits "
                                      f"behind a classified network, else consolidated")
        if p.action == "close":
            continue
        want = platform_id(ctx.county_of(e.department))
        if p.platform != want:
            yield r.violation([e.id], f"exit {e.id} of {e.department} goes to platform {p.platform}; it belongs on {want}")
        if p.platform not in ctx.platforms:
            yield r.violation([e.id], f"exit {e.id} goes to platform {p.platform}, which the plan does not list")
        peaks[p.platform].append(e.peak_mbps)
    topo = ctx.topology.exit_platforms
    counties = {c.id for c in ctx.inventory.region.counties}
    for plat in ctx.plan.platforms:
        if plat.id == "region":
            carriers = topo.region.carriers
        elif plat.id.startswith("county:") and plat.id[len("county:"):] in counties:
            carriers = topo.county.carriers
        else:
            yield r.violation([plat.id], f"platform {plat.id} is neither 'region' nor 'county:<county id>' of the inventory")
            continue
        if sorted(map(str, plat.carriers)) != sorted(str(c) for c in carriers):
            yield r.violation([plat.id], f"platform {plat.id} has carriers {', '.join(plat.carriers)}; the topology "
                                         f"gives {', '.join(map(str, carriers))}")
        try:
            want = platform_bandwidth(peaks.get(plat.id, []), topo.concurrency, topo.bandwidth_steps_mbps,
                                      platform=plat.id)
        except InfeasibleError as exc:
            yield r.violation([plat.id], str(exc))
            continue
        if abs(plat.bandwidth_mbps - want) > 1e-9:
            total = sum(peaks.get(plat.id, []))
            yield r.violation([plat.id], f"platform {plat.id} has {plat.bandwidth_mbps:g} Mbps; {topo.concurrency:g} × "
                                         f"{total:g} Mbps of peaks needs the step {want:g} Mbps")
