"""Rule 1: the plan covers the inventory, once each."""

from __future__ import annotations

from collections import Counter

from .base import Context, rule


@rule("R01-coverage", "Every system, network and exit of the inventory appears exactly once in the plan.")
def coverage(ctx: Context, r):
    for kind, known, rows in (
        ("system", ctx.systems, ctx.plan.systems),
        ("network", ctx.networks, ctx.plan.networks),
        ("exit", ctx.exits, ctx.plan.exits),
    ):
        counts = Counter(row.id for row in rows)
        for oid in known:
            if counts[oid] == 0:
                yield r.violation([oid], f"{kind} {oid} of the inventory is missing from the plan")
            elif counts[oid] > 1:
                yield r.violation([oid], f"{kind} {oid} appears {counts[oid]} times in the plan")
        for oid in sorted(set(counts) - set(known)):
            yield r.violation([oid], f"the plan lists {kind} {oid}, which is not in the inventory")
