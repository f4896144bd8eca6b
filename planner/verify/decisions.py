"""Rules 3 and 4: decommission, integrate, migrate and stay only where the decision rules allow them."""

from __future__ import annotations

from planner.model import Policy, System

from .base import Context, rule

SMALL_SCOPES = ("section", "department")


def zombie_reasons(system: System, policy: Policy) -> list[str]:
    """The zombie rules (DOMAIN.md §2) that hold for ``system``, thresholds from the policy.

    Read leniently, any one suffices: replaceable by another system, resources idle, O&M stopped,
    no functional change or update for ``stale_days`` before the policy start, no users at all
    (disconnected from the business), or a small scope (section/department) with fewer than
    ``low_monthly_users`` monthly users.
    """
    reasons = []
    if system.replaceable_by:
        reasons.append(f"replaceable by {system.replaceable_by}")
    if system.idle:
        reasons.append("resources idle")
    if not system.om_active:
        reasons.append("O&M stopped")
    if system.last_change is not None and (policy.start - system.last_change).days >= policy.zombie.stale_days:
        reasons.append(f"unchanged since {system.last_change}")
    if system.monthly_users == 0:
        reasons.append("no users")
    elif system.scope in SMALL_SCOPES and system.monthly_users < policy.zombie.low_monthly_users:
        reasons.append(f"{system.scope} scope with {system.monthly_users} monthly users")
    return reasons


@rule("R03-decommission-integrate",
      "Only zombie or shadow systems are decommissioned, integrations stay within a department, and "
      "section systems are integrated.")
def decommission_integrate(ctx: Context, r):
    for s, _ in ctx.planned_systems("decommission"):
        if s.in_ledger and not zombie_reasons(s, ctx.policy):
            yield r.violation([s.id], f"{s.id} is decommissioned but is in the ledger and no zombie rule holds")
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
        if p.action == "stay" and not _merge_candidates(ctx, s):
            continue
        yield r.violation([s.id], f"section system {s.id} is planned '{p.action}'; it must be integrated into a system "
                                  f"of {s.department} (or stay only when there is none to merge into)")


def _merge_candidates(ctx: Context, s: System) -> list[str]:
    """Other non-classified systems of the department that live on (not decommissioned or integrated)."""
    out = []
    for o in ctx.inventory.systems:
        row = ctx.psys.get(o.id)
        if o.id != s.id and o.department == s.department and not o.classified and \
                (row is None or row.action not in ("decommission", "integrate")):
            out.append(o.id)
    return out


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
        elif p.action not in ("decommission", "integrate"):
            if p.action != "stay":
                yield r.violation([s.id], f"non-classified system {s.id} is planned '{p.action}'; it must migrate, be "
                                          f"decommissioned/integrated, or stay")
            elif not p.reasons or not (p.next_step or "").strip() or not any(x.strip() for x in p.reasons):
                missing = " and ".join(x for x, ok in (("reasons", any(x.strip() for x in p.reasons)),
                                                        ("next_step", (p.next_step or "").strip())) if not ok)
                yield r.violation([s.id], f"{s.id} stays without {missing}")
