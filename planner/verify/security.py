"""Rule 2: classified systems and networks go to the intranet; nothing classified targets a cloud,
the extranet or an exit platform."""

from __future__ import annotations

from .base import Context, rule


@rule("R02-classified-intranet",
      "Classified systems and networks go to the intranet (or are decommissioned), never to a cloud, "
      "the extranet or an exit platform.")
def classified_intranet(ctx: Context, r):
    for s, p in ctx.planned_systems():
        if not s.classified:
            continue
        if p.action not in ("intranet", "decommission"):
            yield r.violation([s.id], f"classified system {s.id} is planned '{p.action}'; it must go to the intranet "
                                      f"or be decommissioned")
        elif p.target is not None and p.target != "intranet":
            yield r.violation([s.id], f"classified system {s.id} targets {p.target}; only the intranet is allowed")
    for n in ctx.inventory.networks:
        p = ctx.pnet.get(n.id)
        if not n.classified or p is None:
            continue
        if p.action != "intranet" or (p.domain not in (None, "intranet")):
            yield r.violation([n.id], f"classified network {n.id} is planned '{p.action}' into "
                                      f"{p.domain or 'no domain'}; it must move to the intranet")
    for e in ctx.inventory.exits:
        p = ctx.pexit.get(e.id)
        net = ctx.networks.get(e.network) if e.network else None
        if p is not None and net is not None and net.classified and p.platform:
            yield r.violation([e.id, net.id], f"exit {e.id} of classified network {net.id} goes to exit platform "
                                              f"{p.platform}")
    published = {(pub.system, e.id) for e in ctx.plan.exits for pub in e.published}
    for sid, eid in sorted(published):
        s = ctx.systems.get(sid)
        if s is not None and s.classified:
            yield r.violation([sid, eid], f"classified system {sid} is published on the internet through exit {eid}")
    for plat in ctx.plan.platforms:
        for pub in plat.published:
            s = ctx.systems.get(pub.system)
            if s is not None and s.classified:
                yield r.violation([pub.system, plat.id],
                                  f"classified system {pub.system} is published on exit platform {plat.id}")
