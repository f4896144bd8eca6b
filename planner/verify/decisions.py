"""Rules 3 and 4: decommission, integrate, migrate and stay only where the decision rules allow them."""

from __future__ import annotations

from planner.model import System
from planner.rules.integration import merge_targets
from planner.rules.zombies import may_switch_off, own_criteria

from .base import Context, rule


def _in_service(ctx: Context, sid: str) -> bool:
    row = ctx.psys.get(sid)
    return row is not None and row.action != "decommission"


def _tight_dependents_in_service(ctx: Context, sid: str) -> list[str]:
    return [d for d in ctx.tight_dependents.get(sid, ()) if _in_service(ctx, d)]


def _kept_zombie(ctx: Context, s: System) -> bool:
    """A zombie or shadow that stays only for a tight dependent in service (rule 3)."""
    if not _in_service(ctx, s.id) or not _tight_dependents_in_service(ctx, s.id):
        return False
    replacement = bool(s.replaceable_by) and _in_service(ctx, s.replaceable_by)
    return bool(own_criteria(s, ctx.policy)) or replacement


@rule("R03-decommission-integrate",
      "Only zombie or shadow systems are decommissioned, and none that a system in service depends on tightly; "
      "integrations stay within a department, and section systems are integrated.")
def decommission_integrate(ctx: Context, r):
    for s, _ in ctx.planned_systems("decommission"):
        replacement = bool(s.replaceable_by) and _in_service(ctx, s.replaceable_by)
        why = may_switch_off(s, ctx.policy, replacement, _tight_dependents_in_service(ctx, s.id))
        if why:
            yield r.violation([s.id], f"{s.id} is decommissioned but {why}")
    for s, p in ctx.planned_systems("integrate"):
        target = ctx.systems.get(p.target or "")
        if target is None or target.id == s.id:
            yield r.violation([s.id], f"{s.id} is integrated into {p.target!r}, which is not another system of the inventory")
        elif target.department != s.department:
            yield r.violation([s.id, target.id], f"{s.id} ({s.department}) is integrated into {target.id} of another "
                                                 f"department ({target.department})")
    for s, p in ctx.planned_systems():
        if s.scope != "section" or s.classified or p.action in ("integrate", "decommission"):
            continue
        if p.action == "stay" and (_kept_zombie(ctx, s) or not _merge_targets(ctx, s)):
            continue
        yield r.violation([s.id], f"section system {s.id} is planned '{p.action}'; it must be integrated into a system "
                                  f"of {s.department} (or stay only when there is none to merge into)")


def _merge_targets(ctx: Context, s: System) -> list[str]:
    action_of = lambda sid: ctx.psys[sid].action if sid in ctx.psys else None  # noqa: E731
    return merge_targets(s, ctx.inventory.systems, action_of, lambda sid: _kept_zombie(ctx, ctx.systems[sid]))


@rule("R04-cloud-domain-and-stay",
      "A migrating system goes to the public cloud when public-facing, else the admin cloud; every other "
      "non-classified system that does not move says why it stays and what comes next.")
def cloud_domain_and_stay(ctx: Context, r):
    for s, p in ctx.planned_systems():
        if s.classified:
            continue
        if p.action == "migrate":
            cloud = ctx.clouds.get(p.target or "")
            want = "public" if s.public_facing else "admin"
            if cloud is None:
                yield r.violation([s.id], f"{s.id} migrates to {p.target!r}, which is not a cloud of the topology")
            elif cloud.domain != want:
                yield r.violation([s.id], f"{s.id} ({'public-facing' if s.public_facing else 'not public-facing'}) "
                                          f"migrates to {cloud.id} ({cloud.domain}); it belongs on a {want} cloud")
        elif p.action == "on-cloud":
            if s.hosting != "gov-cloud":
                yield r.violation([s.id], f"{s.id} is marked on-cloud but is hosted '{s.hosting}', not on the gov-cloud")
        elif p.action not in ("decommission", "integrate", "replace"):  # replace: judged by R17
            if p.action != "stay":
                yield r.violation([s.id], f"non-classified system {s.id} is planned '{p.action}'; it must migrate, be "
                                          f"decommissioned/integrated/replaced, or stay")
            elif not p.reasons or not (p.next_step or "").strip() or not any(x.strip() for x in p.reasons):
                missing = " and ".join(x for x, ok in (("reasons", any(x.strip() for x in p.reasons)),
                                                        ("next_step", (p.next_step or "").strip())) if not ok)
                yield r.violation([s.id], f"{s.id} stays without {missing}")
