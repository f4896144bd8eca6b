"""Every FORMATS.md field of every system, drawn to fit its role.

Zombies get the evidence the planner looks for (no O&M, idle, stale, few users, replaceable);
shadows have no approval and are missing from the ledger; the scope sets the users, the protection
level and the size; the dates lead up to `PLAN_START`, the start of the taian-2017 policy.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from . import names
from .draws import below, between, one, pick
from .records import Draft, Sys

PLAN_START = date(2017, 12, 4)
_STALE_BEFORE = PLAN_START - timedelta(days=730)


def fill_system_records(draft: Draft) -> None:
    """Every FORMATS.md field of every system, in FORMATS.md key order."""
    rng = draft.rng
    for s in draft.systems:
        d, role = s.dept, s.role
        if role == "zombie":
            _zombie_rules(draft, s)
        scope = _scope(draft, s)
        users = _monthly_users(draft, s, scope)
        rec: dict[str, Any] = {"id": s.id, "name": s.name, "department": d.id}
        if s.section:
            rec["section"] = s.section
        rec["function"] = s.function
        rec["scope"] = scope
        rec["monthly_users"] = users
        last_change = _last_change(draft, s)
        if role != "shadow" and (rng.random() < 0.88 or role in ("base", "classified")):
            latest = last_change or date(2017, 6, 30)
            span = (latest - date(2006, 1, 1)).days
            rec["approved"] = {"by": one(rng, d.approvers),
                               "date": date(2006, 1, 1) + timedelta(days=below(rng, max(1, span)))}
        rec["funding"] = _funding(draft, s)
        rec["classified"] = role == "classified"
        rec["protection_level"] = _protection_level(draft, s, scope)
        rec["public_facing"] = s.public
        rec["hosting"] = s.hosting
        resources, data_tb = _resources(draft, s, scope)
        rec["resources"] = resources
        rec["data_tb"] = data_tb
        rec["network"] = s.network
        if role == "shadow":
            rec["in_ledger"] = False
        if "om" in s.zombie_rules:
            rec["om_active"] = False
        if "idle" in s.zombie_rules:
            rec["idle"] = True
        if last_change is not None:
            rec["last_change"] = last_change
        if s.replace is not None:
            rec["replaceable_by"] = s.replace.id
        rec["migration"] = _migration(draft, s)
        s.record = rec


def _zombie_rules(draft: Draft, s: Sys) -> None:
    rng = draft.rng
    keepers = [o for o in s.dept.systems if o is not s and o.role in ("normal", "tight", "oncloud")]
    options = ["om", "idle", "stale", "low"] + (["replace"] * 2 if keepers else [])
    s.zombie_rules = rng.sample(options, one(rng, (1, 1, 2)))
    if "replace" in s.zombie_rules:
        s.replace = one(rng, keepers)


def _scope(draft: Draft, s: Sys) -> str:
    if s.role == "section":
        return "section"
    if "low" in s.zombie_rules or s.companion:
        return "department"
    if s.role == "base" or "r" in s.flags:
        return "region"
    if s.public:
        return "public"
    if "x" in s.flags:
        return "cross-department"
    return "cross-department" if draft.rng.random() < 0.25 else "department"


def _monthly_users(draft: Draft, s: Sys, scope: str) -> int:
    rng = draft.rng
    if "low" in s.zombie_rules:
        return between(rng, 0, 19)
    low, high = {"section": (30, 150), "department": (30, 1500), "cross-department": (200, 6000),
                 "region": (2000, 60000), "public": (3000, 300000)}[scope]
    if not s.dept.is_region:
        high = max(low + 10, high // 4)
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def _last_change(draft: Draft, s: Sys) -> date | None:
    rng = draft.rng
    if "stale" in s.zombie_rules:
        return date(2011, 1, 1) + timedelta(days=below(rng, (_STALE_BEFORE - date(2011, 1, 1)).days - 30))
    if rng.random() < 0.1 and s.role != "base":
        return None
    start = _STALE_BEFORE + timedelta(days=45)
    return start + timedelta(days=below(rng, (date(2017, 11, 30) - start).days))


def _funding(draft: Draft, s: Sys) -> dict[str, Any]:
    rng = draft.rng
    source = "self" if s.role == "shadow" else pick(
        rng, ("fiscal", "joint", "purchased-service", "self"), (60, 10, 18, 12))
    big = s.role == "base" or "r" in s.flags or "x" in s.flags
    build = math.exp(rng.uniform(math.log(3e5 if big else 5e4), math.log(2e7 if big else 3e6)))
    om = min(800_000, max(20_000, build * rng.uniform(0.06, 0.15)))
    if source == "purchased-service":
        build = build * 0.2
    return {"source": source, "build_cny": int(round(build, -3)), "yearly_om_cny": int(round(om, -3))}


def _protection_level(draft: Draft, s: Sys, scope: str) -> int:
    rng = draft.rng
    if s.role == "classified":
        return one(rng, (3, 3, 4))
    if s.role == "base" or s.dept.template == "gaj" and scope != "section" and rng.random() < 0.3:
        # level 4 is above what the government cloud is rated for: only where the system stays anyway
        return 4 if s.role == "blocked" and rng.random() < 0.5 else 3
    if scope in ("public", "region", "cross-department"):
        return 3 if rng.random() < 0.8 else 2
    if scope == "section":
        return one(rng, (1, 2))
    return pick(rng, (1, 2, 3), (15, 65, 20))


def _resources(draft: Draft, s: Sys, scope: str) -> tuple[dict[str, Any], float]:
    rng = draft.rng
    if s.role == "base":
        vcpu = one(rng, (32, 64))
    elif scope in ("public", "region") or "x" in s.flags:
        vcpu = pick(rng, (4, 8, 16, 32, 64), (15, 30, 30, 18, 7))
    elif scope == "section" or s.role in ("zombie", "shadow"):
        vcpu = pick(rng, (2, 4, 8), (45, 40, 15))
    else:
        vcpu = pick(rng, (2, 4, 8, 16, 32), (15, 35, 30, 15, 5))
    memory = min(256, max(4, vcpu * one(rng, (2, 4, 4, 8 if s.companion == "db" else 4))))
    median = 4.0 if s.role == "base" else (1.2 if s.companion == "db" else 0.6)
    storage = round(min(20.0, max(0.1, rng.lognormvariate(math.log(median), 0.9))), 1)
    data = round(max(0.01, storage * rng.uniform(0.2, 0.9)), 2)
    return {"vcpu": vcpu, "memory_gb": memory, "storage_tb": storage}, min(data, storage)


def _migration(draft: Draft, s: Sys) -> dict[str, Any]:
    rng = draft.rng
    if s.role == "base":
        effort = between(rng, 20, 40)
    elif s.companion:
        effort = between(rng, 3, 14)
    else:
        band = pick(rng, ((3, 7), (8, 14), (15, 21), (22, 40)), (58, 27, 9, 6))
        effort = between(rng, *band)
    blocker = None
    if s.role == "blocked":
        blocker = names.BLOCKERS["v" if "v" in s.flags else "h" if "h" in s.flags else ""]
        if s.network.startswith("net-") and draft.net(s.network).retained:
            blocker = names.BLOCKERS["v"]
    eligible: bool | str = False if blocker else ("auto" if rng.random() < 0.85 else True)
    return {"eligible": eligible, "blocker": blocker, "effort_days": effort,
            "cutover_hours": one(rng, (2, 4, 8, 8, 8, 12, 24, 48))}
