"""Unmet milestones in words a manager understands, with what would make them feasible.

The constraints to blame come from the CP-SAT explanation (a small infeasible set of labelled
constraint groups); remedies are found by re-running the fast greedy scheduler on relaxed copies
of the problem (more team slots, more cloud capacity, a later date), so each one is a plan that
was actually found, not a guess.
"""

from __future__ import annotations

import dataclasses

from ..model import Inventory, Policy
from ..plan import Conflict, MilestoneResult
from ..rules.measures import share
from ..schedule import (
    DETERMINISTIC_PER_SECOND,
    WALL_CAP,
    Problem,
    Resource,
    Result,
    Status,
    StockResource,
    explain,
    greedy_schedule,
)
from .build import WaveProblem

MEASURE_WORDS = {
    "eligible_systems_on_cloud": ("of the eligible systems on cloud", "可迁移系统上云"),
    "systems_on_extranet": ("of the systems on the extranet", "系统接入电子政务外网"),
    "systems_connected_to_sharing": ("of the systems with shared data connected to the sharing platform", "系统接入共享交换平台"),
    "private_networks_consolidated": ("of the private networks consolidated", "业务专网完成整合"),
    "exits_consolidated": ("of the internet exits consolidated", "互联网出口完成整合"),
    "departments_integrated": ("of the departments integrated", "部门完成内部整合"),
    "systems_decommissioned": ("of the zombie and shadow systems switched off", "僵尸、影子系统完成清理"),
}


def describe_conflicts(policy: Policy, inventory: Inventory, hard: WaveProblem, milestones: list[MilestoneResult],
                       result: Result, explain_seconds: float = 10.0) -> list[Conflict]:
    out = []
    names = {c.id: c.name for c in inventory.region.counties}
    for ms in milestones:
        if ms.met:
            continue
        terms = hard.terms[ms.id]
        got = len(share(terms.reading, result.ends, ms.wave).counted)
        head_en = (f"{ms.name_en or ms.id}: {pct(ms.required)} {MEASURE_WORDS[ms.measure][0]} by {ms.by} needs "
                   f"{terms.required_count} of {terms.population}; the best plan reaches {got} ({pct(ms.planned)})")
        head_zh = (f"{ms.name or ms.id}：{ms.by}前{MEASURE_WORDS[ms.measure][1]}比例需达{pct(ms.required)}"
                   f"（{terms.required_count}/{terms.population}），最优方案只能达到{got}（{pct(ms.planned)}）")
        if terms.reachable < terms.required_count:
            short = terms.required_count - terms.reachable
            out.append(Conflict(
                milestone=ms.id, constraints=[f"milestone:{ms.id}", "decisions"],
                text=f"{head_en}. Even with everything done in time only {terms.reachable} can count: {short} more "
                     f"must be moved instead of staying (see the stay list and its next steps).",
                text_zh=f"{head_zh}。即使全部按时完成也只有{terms.reachable}个可计入，还需将{short}个暂留系统改为迁移（见暂留清单及下一步）。",
                remedies=[f"resolve the blockers of {short} staying systems", f"or lower the share to {pct(terms.reachable / max(1, terms.population))}"]))
            continue
        problem = _only(hard.problem, ms.id)
        explanation = explain(problem, keep=[a.pin_tag for a in problem.activities if a.fixed_end is not None],
                              time_limit=explain_seconds * WALL_CAP,
                              deterministic_time=explain_seconds * DETERMINISTIC_PER_SECOND)
        if explanation.status is Status.FEASIBLE:
            out.append(Conflict(
                milestone=ms.id, constraints=[f"milestone:{ms.id}"],
                text=f"{head_en}. It can be met on its own, but not together with the other milestones within the "
                     f"time the solver was given: give the solver more time (--time-limit) or relax another milestone.",
                text_zh=f"{head_zh}。单独可以满足，但在给定求解时间内无法与其他里程碑同时满足：请增加求解时间或放宽其他里程碑。",
                remedies=["a longer --time-limit", "relax another milestone"]))
            continue
        labels = explanation.labels
        blamed = [x for x in labels if x != f"milestone:{ms.id}"]
        words_en = [label_words(x, hard, policy, names)[0] for x in blamed]
        words_zh = [label_words(x, hard, policy, names)[1] for x in blamed]
        for key in _too_long(problem, ms.id):
            a = problem.activity(key)
            kind, ident = key.split(":", 1)
            words_en.append(f"{kind} {ident} lasts {a.duration} waves and cannot end before wave {a.release + a.duration}")
            words_zh.append(f"{ident}需{a.duration}个批次，最早第{a.release + a.duration}批次完成")
        dates = _dates(hard, problem, ms.id)
        if dates:
            words_en.append("the dates before which work may not cut over (" + ", ".join(dates) + ")")
            words_zh.append("工作准备日期（" + "，".join(_date_zh(d) for d in dates) + "）")
        remedies = find_remedies(problem, ms.id, blamed, hard, policy, names)
        out.append(Conflict(
            milestone=ms.id, constraints=[f"milestone:{ms.id}", *blamed],
            text=f"{head_en}. " + ("It is blocked by: " + "; ".join(words_en) + "." if words_en else
                                   "No small set of constraints was isolated in the time allowed."),
            text_zh=f"{head_zh}。" + ("受限于：" + "；".join(words_zh) + "。" if words_zh else ""),
            remedies=remedies))
    return out


# A crew pool's prefix (planner.rules.work.crew_pools) -> the crews and their work, in English and Chinese
CREW_WORDS = {
    "team": ("teams", "运维团队", "migration", "迁移{}个系统"),
    "networks": ("network crews", "专网整合队伍", "network", "整合{}个专网"),
    "exits": ("exit crews", "出口整合队伍", "exit", "迁移{}个互联网出口"),
    "decommissions": ("clean-up crews", "清理队伍", "switch-off", "下线{}个系统"),
    "integrations": ("integration teams", "整合团队", "integration", "整合{}个系统"),
    "intranet": ("intranet teams", "内网迁移团队", "intranet move", "迁移{}个涉密系统"),
}


def _too_long(problem: Problem, milestone: str, most: int = 5) -> list[str]:
    """Work the milestone counts that cannot end by its wave whatever else happens (its length from its release)."""
    ms = next(m for m in problem.milestones if m.name == milestone)
    late = [k for k in sorted(ms.weights) if problem.activity(k).release + problem.activity(k).duration > ms.time]
    return late[:most]


def _dates(wp: WaveProblem, problem: Problem, milestone: str) -> list[str]:
    """Rule 15's dates (not_before, a platform's ready) that hold back work the milestone counts."""
    ms = next(m for m in problem.milestones if m.name == milestone)
    found = {wp.work[k].why_not_earlier for k in ms.weights if k in wp.work and wp.work[k].earliest_end > 1}
    return sorted(found)


_KIND_ZH = {"migrations": "系统迁移", "integrations": "系统整合", "networks": "专网整合", "exits": "出口整合",
            "decommissions": "系统清理", "intranet": "涉密系统迁入内网"}


def _date_zh(why: str) -> str:
    """A date that holds work back, in Chinese ("not_before.networks 2018-02-01" -> "专网整合不早于2018-02-01")."""
    what, _, day = why.rpartition(" ")
    if what.startswith("not_before."):
        return f"{_KIND_ZH.get(what.split('.', 1)[1], what)}不早于{day}"
    if what == "the county platforms ready":
        return f"县级互联网出口平台{day}建成"
    if what == "the region platform ready":
        return f"市级互联网出口平台{day}建成"
    if what.startswith("service "):
        return f"共享服务{what.split()[1]}于{day}就绪"
    return why


def pct(share: float) -> str:
    return f"{share * 100:.0f} %"


def _only(problem: Problem, milestone: str) -> Problem:
    """The hard problem with one milestone (hard) and none of the others."""
    keep = tuple(dataclasses.replace(m, hard=True) for m in problem.milestones if m.name == milestone)
    return dataclasses.replace(problem, milestones=keep, reference=None)


def label_words(label: str, wp: WaveProblem, policy: Policy, county_names: dict[str, str]) -> tuple[str, str]:
    """One label as an English and a Chinese phrase."""
    p = wp.problem
    kind, _, rest = label.partition(":")
    if kind in CREW_WORDS:
        cap = next(r.capacity for r in p.resources if r.name == label)
        crews, crews_zh, work, work_zh = CREW_WORDS[kind]
        place = county_names.get(rest, rest)
        who = f"the region-level {crews}" if rest == "region" else f"the county {crews} of {place}"
        who_zh = f"市级{crews_zh}" if rest == "region" else f"{place}{crews_zh}"
        pace = pace_zh = ""
        if kind == "networks" and wp.sites_per_wave:
            pace, pace_zh = f", {wp.sites_per_wave} sites a wave each", f"，每个专网每批次接入{wp.sites_per_wave}个站点"
        return (f"{who} ({wp.team_names.get(label, '')}) can work on at most {cap} {work}{'s' if cap != 1 else ''} at once{pace}",
                f"{who_zh}同时最多{work_zh.format(cap)}{pace_zh}")
    if kind == "cutovers":
        limit = next(v for v in p.volume_limits if v.name == label)
        if rest:
            return (f"at most {limit.limit} cut-overs of department {rest} per wave",
                    f"部门{rest}每批次最多割接{limit.limit}个系统")
        steps = ", ".join(f"{cap} from wave {max(1, t)}" for t, cap in limit.steps)
        return f"the cut-overs allowed per wave ({steps})", f"每批次割接数量上限（{steps}）"
    if kind == "cloud":
        stock = next(s for s in p.stocks if s.name == label)
        cloud, dim = rest.rsplit(":", 1)
        steps = ", ".join(f"{_amount(dim, cap)} from wave {max(1, t)}" for t, cap in stock.steps)
        return f"the {dim} capacity of {cloud} ({steps})", f"{cloud}的{_DIM_ZH[dim]}容量（{steps}）"
    if kind == "transfer":
        limit = next(v for v in p.volume_limits if v.name == "transfer").limit / 100
        return f"at most {limit:g} TB of data can move to the clouds per wave", f"每批次最多迁移{limit:g} TB数据"
    if kind == "freeze":
        windows = ", ".join(f"{w.why or 'freeze'} {w.from_}–{w.to}" for w in policy.freeze)
        return f"no cutover during the freeze windows ({windows})", f"封网期内不割接（{windows}）"
    if kind == "tight":
        group = next(g for g in p.sync_groups if g.tag == label)
        members = ", ".join(m.split(":", 1)[1] for m in group.members)
        return f"{members} must cut over in the same wave (tight dependencies)", f"{members}须同批割接（紧耦合）"
    if kind == "connect-first":
        return (f"systems on {rest} cut over only after {rest} is consolidated (connect first)",
                f"{rest}上的系统须在该专网整合后割接（先联通）")
    if kind == "published":
        return f"exit {rest} moves only after the systems it publishes", f"出口{rest}须在其发布的系统割接后整合"
    if kind == "horizon":
        return f"the planning horizon of {p.horizon} waves", f"规划期{p.horizon}个批次"
    if kind == "integration":
        return "a department counts as integrated only when all its integrations are done", "部门全部整合完成才计入"
    return label, label


_DIM_ZH = {"vcpu": "vCPU", "memory": "内存", "storage": "存储"}


def _amount(dim: str, cap: int) -> str:
    return {"vcpu": f"{cap} vCPU", "memory": f"{cap} GB", "storage": f"{cap / 100:g} TB"}[dim]


def _meets(problem: Problem) -> bool:
    return greedy_schedule(problem).feasible


def _least(steps: tuple, meets) -> object | None:
    """The first of ``steps`` (growing relaxations) with which ``meets`` holds, by bisection: the largest
    first, so a remedy costs a few greedy runs, not one per step (each one checked, none assumed)."""
    if not meets(steps[-1]):
        return None
    lo, hi = 0, len(steps) - 1  # steps[hi] meets; none below lo is known to
    while lo < hi:
        mid = (lo + hi) // 2
        if meets(steps[mid]):
            hi = mid
        else:
            lo = mid + 1
    return steps[hi]


def find_remedies(problem: Problem, milestone: str, blamed: list[str], wp: WaveProblem, policy: Policy,
                  county_names: dict[str, str]) -> list[str]:
    """Relaxations with which the fast greedy scheduler finds a plan meeting the milestone."""
    remedies = []
    for label in blamed:
        if label.split(":", 1)[0] in CREW_WORDS:
            res = next(r for r in problem.resources if r.name == label)
            extra = _least((1, 2, 3, 4, 6, 8, 12, 16), lambda k, res=res: _meets(
                _with_resource(problem, Resource(res.name, res.capacity + k, res.label))))
            if extra is not None:
                remedies.append(f"{label_words(label, wp, policy, county_names)[0].split(' can ')[0]}: "
                                f"{res.capacity + extra} slots instead of {res.capacity} (+{extra})")
        elif label.startswith("cloud:"):
            stock = next(s for s in problem.stocks if s.name == label)
            factor = _least((1.1, 1.25, 1.5, 2.0, 3.0), lambda f, stock=stock: _meets(_with_stock(
                problem, StockResource(stock.name, tuple((t, int(cap * f)) for t, cap in stock.steps), stock.label))))
            if factor is not None:
                cloud, dim = label.split(":", 1)[1].rsplit(":", 1)
                remedies.append(f"{cloud}: {round((factor - 1) * 100)} % more {dim} capacity")
    ms = next(m for m in problem.milestones if m.name == milestone)
    later = _least((1, 2, 4, 6, 8, 13, 26), lambda k: _meets(dataclasses.replace(
        problem, milestones=(dataclasses.replace(ms, time=ms.time + k),))))
    if later is not None:
        remedies.append(f"a later date: {policy.wave_end(ms.time + later)} ({later} more wave{'s' if later > 1 else ''})")
    return remedies


def _with_resource(problem: Problem, res: Resource) -> Problem:
    return dataclasses.replace(problem, resources=tuple(res if r.name == res.name else r for r in problem.resources))


def _with_stock(problem: Problem, stock: StockResource) -> Problem:
    return dataclasses.replace(problem, stocks=tuple(stock if s.name == stock.name else s for s in problem.stocks))
