"""Key figures of a plan that several reports show: systems per action and yearly savings."""

from __future__ import annotations

from typing import Any

from ..plan import Plan


def counts(plan: Plan) -> list[dict[str, Any]]:
    """Number of systems per action, in the order the reports show them."""
    order = ["migrate", "integrate", "decommission", "replace", "intranet", "on-cloud", "stay"]
    n = {a: 0 for a in order}
    for s in plan.systems:
        n[s.action] += 1
    return [{"action": a, "count": n[a]} for a in order]


def savings(plan: Plan) -> dict[str, float]:
    """Yearly cost each kind of change retires; exits net of the platforms' yearly cost (cloud fees not included)."""
    out = {k: 0.0 for k in ("decommission", "migrate", "integrate", "networks", "exits")}
    for s in plan.systems:
        if s.action in ("decommission", "replace", "migrate", "integrate"):
            out["decommission" if s.action == "replace" else s.action] += s.yearly_om_cny
    out["networks"] = sum(n.yearly_cost_cny for n in plan.networks if n.action != "retain")
    out["exits"] = exits_before(plan) - exits_after(plan)
    out["total"] = sum(out.values())
    return {k: round(v, 2) for k, v in out.items()}


def exits_before(plan: Plan) -> float:
    """Yearly cost of the departments' exits today."""
    return plan.cost.exits_before_yearly_cny or sum(e.yearly_cost_cny for e in plan.exits)


def exits_after(plan: Plan) -> float:
    """Yearly cost of the access platforms that replace them."""
    return plan.cost.exits_after_yearly_cny or sum(getattr(p, "yearly_cost_after_cny", 0) for p in plan.platforms)
