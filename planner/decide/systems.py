"""What happens to each system: decommission, intranet, integrate, on-cloud, migrate or stay.

The rules run in this order and the first that applies decides (FORMATS.md rules 2-4):

1. decommission — a shadow (`in_ledger: false`) or a zombie (DOMAIN.md §2): O&M stopped, idle,
   unchanged for more than `policy.zombie.stale_days` before `policy.start`, fewer monthly users
   than `policy.zombie.low_monthly_users` with scope section or department, or replaceable by a
   system that itself stays in service. Every criterion that holds is a reason.
2. intranet — classified (涉密); never a cloud.
3. integrate — scope section: merged into the department system with the best integration score
   (`integration_candidates`), or stay when the department has nothing left to merge into.
4. on-cloud — hosting gov-cloud.
5. migrate — eligible (true, or auto and `auto_blockers` finds nothing): to the topology's cloud of
   domain public when public-facing, else admin.
6. stay — everything else, with the reasons and a concrete next step.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..graph import RegionGraph
from ..model import Domain, Inventory, Network, Policy, System, Topology
from ..rules.zombies import clean_up, own_criteria
from .decisions import SystemDecision

# Generic words of system names that say nothing about the function.
_STOP_TERMS = frozenset({"系统", "平台", "信息", "管理", "服务", "网站"})
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+")


def function_terms(system: System) -> frozenset[str]:
    """The terms compared by the integration score: character bigrams of Chinese text, words otherwise.

    Taken from `function`, or from `name` when the function is empty; generic terms (系统, 平台, …) dropped.

    >>> sorted(_terms("投资项目审批"))
    ['审批', '投资', '目审', '资项', '项目']
    """
    return _terms(system.function or system.name)


def _terms(text: str) -> frozenset[str]:
    for word in _STOP_TERMS:  # cut the text at generic words, so no bigram straddles one
        text = text.replace(word, " ")
    terms = set(_WORD.findall(text.lower()))
    for run in _CJK_RUN.findall(text):
        terms |= {run[i:i + 2] for i in range(len(run) - 1)} if len(run) > 1 else {run}
    return frozenset(terms)


def review_date(policy: Policy) -> dt.date:
    """The date a stay's next step must be done by: 12 weeks after the start, or the first cloud milestone if earlier.

    Tai'an wants the migration list and timetable within about three months (by 2018-02-28).
    """
    dates = [m.by for m in policy.milestones if m.measure == "eligible_systems_on_cloud"]
    return min([policy.start + dt.timedelta(weeks=12), *dates])


@dataclass
class Context:
    inventory: Inventory
    topology: Topology
    policy: Policy
    graph: RegionGraph
    systems: dict[str, System]
    networks: dict[str, Network]
    review_by: dt.date


# --------------------------------------------------------------------------- 1. decommission


def zombie_evidence(s: System, policy: Policy) -> list[str]:
    """The shadow / zombie criteria that hold for `s` by itself, in words (replaceable_by is resolved by clean_up)."""
    return [c.text for c in own_criteria(s, policy)]


def kept_zombie(sid: str, criteria: list[str], dependents: list[str], ctx: Context) -> SystemDecision:
    """A zombie or shadow that a system in service depends on tightly: it stays while that dependent lives."""
    names = ", ".join(f"{d} ({ctx.systems[d].name})" for d in dependents)
    return SystemDecision("stay", None, [
        *criteria, f"not switched off: {names} in service depend{'s' if len(dependents) == 1 else ''} on it tightly "
                   f"(rule 3)"], next_step=(
        f"move {', '.join(dependents)} off it (or make the coupling loose) by {ctx.review_by}, then switch it off"))


# --------------------------------------------------------------------------- 3. integrate


# The department's own big system (大系统) is department-wide; wider systems serve others first.
SCOPE_RANK = {"department": 0, "cross-department": 1, "region": 2, "public": 3}


@dataclass(frozen=True)
class Candidate:
    """A system a section system could merge into, with the parts of its score."""

    id: str
    shared: tuple[str, ...]  # function terms in common
    same_audience: bool  # public-facing exactly when the section system is
    scope: str
    users: int

    @property
    def key(self) -> tuple[int, bool, int, int, str]:
        """Sort key, best first (see `integration_candidates`)."""
        return (-len(self.shared), not self.same_audience, SCOPE_RANK.get(self.scope, 9), -self.users, self.id)


def integration_candidates(s: System, pool: list[System]) -> list[Candidate]:
    """The systems of `pool` that `s` could merge into, best first.

    The integration score, compared in this order:
    1. the number of function terms shared with `s` (the same business);
    2. the same audience: public-facing exactly when `s` is (the merged system keeps one domain);
    3. the narrowest scope, department first (the department's own big system, 大系统);
    4. the most monthly users (the department's main system); then the smallest id.
    The pool holds the department's other systems that are not classified, not decommissioned and of
    scope department or wider (so never integrated themselves).
    """
    mine = function_terms(s)
    found = [Candidate(c.id, tuple(sorted(mine & function_terms(c))), c.public_facing == s.public_facing,
                       str(c.scope), c.monthly_users)
             for c in pool if c.id != s.id]
    return sorted(found, key=lambda c: c.key)


def describe(c: Candidate) -> str:
    terms = f" ({', '.join(c.shared)})" if c.shared else ""
    audience = "same audience" if c.same_audience else "other audience"
    return f"{len(c.shared)} shared function terms{terms}, {audience}, scope {c.scope}, {c.users} monthly users"


def integrate(s: System, live_pool: list[System], hub: str | None, ctx: Context) -> SystemDecision:
    """A section system: merge it into the best live candidate of its department, or say why it stays."""
    head = (f"scope section ({s.section}): a system that exists in the name of one section is integrated "
            f"into its department's system (rule 3)")
    ranked = integration_candidates(s, live_pool)
    if ranked:
        best = ranked[0]
        reasons = [head, f"merged into {best.id} ({ctx.systems[best.id].name}), the best of {len(ranked)} "
                         f"candidates of department {s.department}: {describe(best)}"]
        if len(ranked) > 1:
            reasons.append(f"runner-up {ranked[1].id}: {describe(ranked[1])}")
        return SystemDecision("integrate", best.id, reasons)
    if hub is not None and hub != s.id:
        return SystemDecision("integrate", hub, [
            head, f"merged into {hub} ({ctx.systems[hub].name}): department {s.department} has no system of scope "
                  f"department or wider left, and {hub} is its section system with the most monthly users"])
    if hub == s.id:
        why = (f"department {s.department} has no other non-classified system to merge into: the other section "
               f"systems merge into this one")
    else:
        why = f"department {s.department} has no other non-classified system in service to merge into"
    return SystemDecision("stay", None, [head, why], next_step=(
        f"make it the department's integrated system (大系统): record scope department in the ledger by "
        f"{ctx.review_by}, then put it on the migration list"))


# --------------------------------------------------------------------------- 4-6. the cloud


def auto_blockers(s: System, ctx: Context) -> list[tuple[str, str]]:
    """Why `eligible: auto` does not make `s` eligible, as (reason, next step) pairs; empty = eligible.

    The auto rule: a system is eligible unless it is run by an upper level (hosting vertical),
    runs on a network kept with approval, runs on a classified network, or has protection level 4
    or above (the government cloud is rated for level 3).
    """
    out, net, by = [], ctx.networks.get(s.network), ctx.review_by
    if s.hosting == "vertical":
        out.append(("hosting vertical: run by an upper-level department (垂直系统), which decides where it runs",
                    f"ask the upper-level department (上级主管部门) of {s.department} for the vertical system's "
                    f"cloud and extranet plan by {by}"))
    if net is not None and net.retain is not None:
        out.append((f"runs on {net.id}, kept with the approval of {net.retain.approved_by} ({net.retain.reason})",
                    f"connect it through {net.id}'s temporary interconnection (网络对接) with the extranet; "
                    f"re-assess when the retention approved by {net.retain.approved_by} ends"))
    if net is not None and net.classified:
        out.append((f"runs on the classified network {net.id}, which moves to the intranet",
                    f"have the secrecy office (保密办) confirm by {by} whether {s.id} is classified; if not, move it "
                    f"off {net.id} to the extranet and put it on the migration list"))
    if s.protection_level >= 4:
        out.append((f"protection level {s.protection_level} is above level 3, the highest the government cloud "
                    f"is rated for",
                    f"have the government cloud assessed for protection level {s.protection_level} (等保测评) "
                    f"or keep it in its hardened room; decide by {by}"))
    return out


# Blocker keywords -> the concrete next step; the first match wins.
BLOCKER_STEPS = (
    (("垂直", "vertical", "上级"), "ask the upper-level department (上级主管部门) of {dept} for the system's cloud and "
                                  "extranet plan by {by}"),
    (("加密", "硬件", "hardware", "encrypt"), "replace the special hardware ({blocker}) with a cloud-hosted equivalent "
                                               "(e.g. a cloud cipher machine 云密码机) or keep it as an appliance "
                                               "on the extranet; decide by {by}"),
    (("厂商", "vendor", "licen", "授权"), "ask the vendor for a cloud-ready version or licence ({blocker}) by {by}"),
)


def blocker_step(s: System, by: dt.date) -> str:
    """A concrete next step for a stated blocker, chosen by its keywords; a generic one otherwise."""
    blocker = s.migration.blocker or ""
    for words, step in BLOCKER_STEPS:
        if any(w in blocker.lower() for w in words):
            return step.format(dept=s.department, by=by, blocker=blocker)
    return f"resolve the blocker ({blocker}) with the system's owner and re-assess its eligibility by {by}"


def cloud_path(s: System, ctx: Context) -> SystemDecision:
    """on-cloud, migrate or stay for a live, non-classified system that is not integrated."""
    if s.hosting == "gov-cloud":
        return SystemDecision("on-cloud", None, ["already on the government cloud (hosting gov-cloud)"])
    eligible = s.migration.eligible
    if eligible is False:
        blocker = s.migration.blocker
        return SystemDecision("stay", None, [f"not eligible for the cloud (migration.eligible false): {blocker}"],
                              next_step=blocker_step(s, ctx.review_by))
    if eligible is True:
        reasons = ["eligible for the cloud: the ledger says migration.eligible true"]
    else:
        blockers = auto_blockers(s, ctx)
        if blockers:
            return SystemDecision("stay", None, [f"eligibility auto, not eligible: {why}" for why, _ in blockers],
                                  next_step="; ".join(step for _, step in blockers))
        reasons = [f"eligibility auto, eligible: hosting {s.hosting}, protection level {s.protection_level} "
                   f"(at most 3), not run by an upper level, not on a retained or classified network"]
    domain = Domain.public if s.public_facing else Domain.admin
    cloud = ctx.topology.cloud_of(domain)
    if cloud is None:
        return SystemDecision("stay", None, [*reasons, f"the topology has no cloud of domain {domain}"],
                              next_step=f"add a cloud of domain {domain} to the topology, then plan again",
                              findings=["no-cloud-for-domain"])
    if s.public_facing:
        reasons.append(f"public-facing: goes to {cloud.id}, the cloud of the public service domain (公共服务云)")
    else:
        reasons.append(f"not public-facing: goes to {cloud.id}, the cloud of the administrative domain (行政服务云)")
    return SystemDecision("migrate", cloud.id, reasons)


# --------------------------------------------------------------------------- all systems


def decide_systems(ctx: Context) -> tuple[dict[str, SystemDecision], list[list[str]]]:
    """One decision per system, in id order; also the replaceable_by cycles (for the findings)."""
    cleaned = clean_up(ctx.systems, ctx.policy, lambda sid: ctx.graph.dependents_of(sid, "tight"))
    out: dict[str, SystemDecision] = {}
    for sid, criteria in cleaned.gone.items():
        out[sid] = SystemDecision("decommission", None, [c.text for c in criteria])
    for sid, (criteria, dependents) in cleaned.kept.items():
        if not ctx.systems[sid].classified:
            out[sid] = kept_zombie(sid, [c.text for c in criteria], dependents, ctx)
    for sid, s in sorted(ctx.systems.items()):
        if sid not in out and s.classified:
            out[sid] = SystemDecision("intranet", "intranet", [
                "classified (涉密): goes to the e-government intranet node, never to a cloud, the extranet "
                "or an exit platform"])
    pools, hubs = _integration_pools(ctx, out)
    for sid, s in sorted(ctx.systems.items()):
        if sid in out:
            continue
        if s.scope == "section":
            out[sid] = integrate(s, pools.get(s.department, []), hubs.get(s.department), ctx)
        else:
            out[sid] = cloud_path(s, ctx)
    for sid, note in cleaned.notes.items():
        out[sid].reasons.insert(0, note)
    for sid in out:
        out[sid].group = ctx.graph.group_of(sid)
    return dict(sorted(out.items())), cleaned.cycles


def _integration_pools(ctx: Context, settled: dict[str, SystemDecision]) -> tuple[dict[str, list[System]], dict[str, str]]:
    """Per department, the live systems a section system may merge into, and the hub of an all-section department.

    `settled` holds the decommissioned and intranet systems, which are never targets.
    """
    pools: dict[str, list[System]] = {}
    sections: dict[str, list[System]] = {}
    for sid, s in sorted(ctx.systems.items()):
        if sid in settled:
            continue
        (sections if s.scope == "section" else pools).setdefault(s.department, []).append(s)
    hubs = {dept: min(members, key=lambda m: (-m.monthly_users, m.id)).id
            for dept, members in sections.items() if dept not in pools and len(members) > 1}
    return pools, hubs
