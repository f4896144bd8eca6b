"""Rule 12: milestones recomputed from the plan; conflicts explain any unmet one."""

from __future__ import annotations

from planner.plan import scope_row

from .base import Context, rule
from .recomputed import is_met, measure

TOLERANCE = 1e-6  # plan.json rounds floats to 6 digits


@rule("R12-milestones", "Each milestone's planned share is recomputed from the plan, met means planned >= required, "
                        "and an unmet milestone comes with conflicts.")
def milestones(ctx: Context, r):
    rows = {}
    for m in ctx.plan.milestones:
        rows.setdefault(m.id, m)
    unmet = []
    for m in ctx.policy.milestones:
        row = rows.get(m.id)
        share = measure(m.measure, ctx.plan, ctx.inventory, ctx.policy, m.by, m.scope)
        if not is_met(share, m.at_least):
            unmet.append(m.id)
        if row is None:
            yield r.violation([m.id], f"milestone {m.id} of the policy is missing from the plan")
            continue
        if row.measure != str(m.measure) or row.by != m.by.isoformat() or abs(row.required - m.at_least) > TOLERANCE:
            yield r.violation([m.id], f"milestone {m.id} says {row.measure} >= {row.required} by {row.by}; the policy "
                                      f"says {m.measure} >= {m.at_least} by {m.by}")
        if row.scope != scope_row(m.scope):
            yield r.violation([m.id], f"milestone {m.id} says scope {_scope_words(row.scope)}; the policy says "
                                      f"{_scope_words(scope_row(m.scope))}")
        if abs(row.planned - share.value) > TOLERANCE:
            sample = ", ".join(share.missing[:5]) + (" …" if len(share.missing) > 5 else "")
            yield r.violation([m.id], f"milestone {m.id} plans {row.planned:g}; the plan gives {len(share.counted)}/"
                                      f"{share.population} = {share.value:.6g}" + (f" (not counted: {sample})" if sample else ""))
        if row.met != (row.planned >= row.required):
            yield r.violation([m.id], f"milestone {m.id} says met={row.met} but planned {row.planned:g} "
                                      f"{'>=' if row.planned >= row.required else '<'} required {row.required:g}")
    for mid in sorted(set(rows) - {m.id for m in ctx.policy.milestones}):
        yield r.violation([mid], f"milestone {mid} is not in the policy")
    unmet += [m.id for m in ctx.plan.milestones if not m.met and m.id not in unmet]
    if unmet and not ctx.plan.conflicts:
        yield r.violation(unmet, f"milestone{'s' * (len(unmet) > 1)} {', '.join(unmet)} not met, but the plan lists "
                                 f"no conflicts")


def _scope_words(scope) -> str:
    return "none (the whole region)" if scope is None else str(scope.model_dump(exclude_defaults=True))
