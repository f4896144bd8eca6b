"""Rule 11 on a plan: prefixes inside their pools, no overlap between departments in a domain, NAT for overlapping CIDRs.

This module gathers the plan's rows and words the violations; the judgments are
:mod:`planner.addresses.checks` (shared with check_allocation and check_nat).
"""

from __future__ import annotations

from planner.addresses.checks import Placement, TranslatedNetwork, missing_nat, placement
from planner.addresses.ranges import Row, overlaps

from .base import Context, rule


def pools(ctx: Context) -> dict[str, list[str]]:
    """Address pool of each domain as the plan names it."""
    t = ctx.topology
    return {"extranet-public": list(t.extranet.public.pool), "extranet-admin": list(t.extranet.admin.pool),
            "intranet": list(t.intranet.pool)}


def network_domain(row) -> str | None:
    """The domain a planned network lands in: its ``domain``, or the intranet when moved there."""
    if row.action == "consolidate":
        return row.domain
    if row.action == "intranet":
        return row.domain or "intranet"
    return None


def handed_out(ctx: Context) -> list[Row]:
    """Every block the plan hands out in a domain: departments' blocks and networks' prefixes."""
    rows = []
    for d in ctx.plan.departments:
        blocks = dict(getattr(d, "blocks", {}) or {})
        for domain, block in sorted(blocks.items()):
            rows.append(Row(domain, d.id, block, f"department {d.id}"))
        for domain, block in sorted(d.prefixes.items()):
            if blocks.get(domain) != block:
                rows.append(Row(domain, d.id, block, f"department {d.id}"))
    for n in ctx.plan.networks:
        inv = ctx.networks.get(n.id)
        domain = network_domain(n) or n.domain or ""
        for prefix in n.prefixes:
            rows.append(Row(domain, inv.department if inv else n.department, prefix, n.id))
    return rows


def _platform_pool(ctx: Context, platform_id: str) -> list[str] | None:
    ep = ctx.topology.exit_platforms
    if platform_id == "region":
        return list(ep.region.public_cidrs)
    if platform_id.startswith("county:"):
        return list(ep.county.public_cidrs)
    return None


def consolidated_originals(ctx: Context) -> list[Row]:
    """Original CIDRs of the networks consolidated into a domain, each network the owner of its own (rule 11:
    two networks collide whether or not they belong to one department)."""
    rows = []
    for n in ctx.plan.networks:
        inv = ctx.networks.get(n.id)
        if n.action == "consolidate" and inv is not None and n.domain:
            rows += [Row(n.domain, n.id, c, n.id) for c in inv.cidrs]
    return rows


@rule("R11-prefixes-and-nat",
      "Prefixes lie inside their pool and never overlap another department's in a domain, and every original "
      "CIDR overlapping another consolidated network's (of any department) has a NAT entry.")
def prefixes_and_nat(ctx: Context, r):
    domain_pools = pools(ctx)
    rows = handed_out(ctx)
    valid = []
    for row in rows:
        where = placement(row.cidr, domain_pools.get(row.domain))
        if where is Placement.NOT_A_CIDR:
            yield r.violation([row.label], f"{row.label}: {row.cidr!r} is not a CIDR")
        elif where is Placement.NO_POOL:
            yield r.violation([row.label], f"{row.label}: {row.cidr} is handed out in {row.domain!r}, which has no pool")
        elif where is Placement.OUTSIDE:
            yield r.violation([row.label], f"{row.label}: prefix {row.cidr} lies outside the {row.domain} pool "
                                           f"{', '.join(domain_pools[row.domain])}")
        else:
            valid.append(row)
    for i, j in overlaps(valid).items():
        a, b = valid[i], valid[j]
        yield r.violation([a.label, b.label], f"{a.label} ({a.owner}) {a.cidr} overlaps {b.label} ({b.owner}) "
                                              f"{b.cidr} in {a.domain}")
    plats = []
    for p in ctx.plan.platforms:
        pool = _platform_pool(ctx, p.id)
        for c in p.public_cidrs:
            where = placement(c, pool)
            if where is Placement.NOT_A_CIDR:
                yield r.violation([p.id], f"platform {p.id}: {c!r} is not a CIDR")
            elif where is Placement.OUTSIDE:
                yield r.violation([p.id], f"platform {p.id}: public prefix {c} lies outside {', '.join(pool)}")
            else:  # inside, or no pool to judge it by (a platform id the topology does not name)
                plats.append(Row("internet", p.id, c, p.id))
    for i, j in overlaps(plats).items():
        yield r.violation([plats[i].label, plats[j].label],
                          f"platform {plats[i].label} {plats[i].cidr} overlaps platform {plats[j].label} {plats[j].cidr}")
    yield from _nat(ctx, r)


def _nat(ctx: Context, r):
    originals = consolidated_originals(ctx)
    translated = {row.label: TranslatedNetwork(ctx.pnet[row.label].prefixes,
                                               [(e.inside, e.outside) for e in ctx.pnet[row.label].nat])
                  for row in originals}
    for a, b in missing_nat(originals, translated):
        prefixes = translated[a.label].prefixes
        outside = prefixes[0] if prefixes else "<its prefix>"
        yield r.violation([a.label, b.label],
                          f"{a.label}'s {a.cidr} overlaps {b.cidr} of {b.label} ({ctx.networks[b.label].department}) in "
                          f"{a.domain} but has "
                          f'no nat entry {{"inside": "{a.cidr}", "outside": "{outside}"}}')
