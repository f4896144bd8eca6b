"""Rule 13: the legacy cost recomputed."""

from __future__ import annotations

from .base import Context, rule
from .recomputed import legacy_cost_cny

TOLERANCE_CNY = 1.0


@rule("R13-legacy-cost", "cost.legacy_cny is what the old systems, networks and exits cost until their cutover waves.")
def legacy_cost(ctx: Context, r):
    want = legacy_cost_cny(ctx.plan, ctx.inventory, ctx.policy)
    have = ctx.plan.cost.legacy_cny
    if abs(have - want) > TOLERANCE_CNY:
        yield r.violation(["cost"], f"cost.legacy_cny is {have:,.2f} CNY; recomputed from the waves it is {want:,.2f} CNY")
