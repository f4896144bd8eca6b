"""Measures over time, and the monthly progress report (Xinxiang §9: due by the 3rd of each month).

The measures of FORMATS.md are recomputed from plan.json alone, for any date and for any record
of *when* things are done: the plan's waves (:func:`planned_done`), what really happened
(:func:`actual_done`) or a simulated run (planner.confidence). The report compares the plan with
the actuals up to the end of a month: systems integrated, shared data items, collaborative
applications, the connectivity rate (系统联通率), the key tasks (milestones) and what slipped.

The plan carries what the measures need: each system's `eligible`, `shares` and
`connected_to_sharing`; the dates of its waves are planner.timeline's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, Issue
from .plan import Plan, SystemPlan
from .rules.measures import scope_ids
from .timeline import as_date, plan_start, wave_end
from .vocabulary import EXTRANET_DOMAINS

CLOUD = "eligible_systems_on_cloud"
EXTRANET = "systems_on_extranet"
SHARING = "systems_connected_to_sharing"
NETWORKS = "private_networks_consolidated"
EXITS = "exits_consolidated"
INTEGRATED = "departments_integrated"
DECOMMISSIONED = "systems_decommissioned"  # version 2
MEASURES = (CLOUD, NETWORKS, EXITS, EXTRANET, SHARING, INTEGRATED, DECOMMISSIONED)

CUTOVER_ACTIONS = {"migrate", "integrate", "intranet"}


# --------------------------------------------------------------------------- when things are done


@dataclass(frozen=True)
class Done:
    """When each object is done (system cut over or decommissioned, network or exit consolidated).

    An id that is absent is not done. The same measures read a plan, actuals or a simulated run.
    """

    systems: Mapping[str, dt.date] = field(default_factory=dict)
    networks: Mapping[str, dt.date] = field(default_factory=dict)
    exits: Mapping[str, dt.date] = field(default_factory=dict)


def planned_done(plan: Plan, system_waves: Mapping[str, int | None] | None = None,
                 exit_waves: Mapping[str, int | None] | None = None) -> Done:
    """The plan's own time line: each object is done at the end of its wave (waves may be overridden)."""
    sw = system_waves if system_waves is not None else {s.id: s.wave for s in plan.systems}
    ew = exit_waves if exit_waves is not None else {e.id: e.wave for e in plan.exits}
    ends: dict[int, dt.date] = {}

    def end(w: int) -> dt.date:
        if w not in ends:
            ends[w] = wave_end(plan, w)
        return ends[w]

    return Done(
        systems={sid: end(w) for sid, w in sw.items() if w is not None},
        networks={n.id: end(n.wave) for n in plan.networks if n.wave is not None and n.action != "retain"},
        exits={eid: end(w) for eid, w in ew.items() if w is not None},
    )


def actual_done(actuals: Any) -> Done:
    """What really happened, from a validated planner.model.actuals.Actuals."""
    systems = {}
    for f in actuals.systems:
        when = f.cut_over or f.decommissioned
        if when is not None:
            systems[f.id] = when
    return Done(systems=systems,
                networks={f.id: f.consolidated for f in actuals.networks},
                exits={f.id: f.consolidated for f in actuals.exits})


# --------------------------------------------------------------------------- the measures


def _done(done: Mapping[str, dt.date], key: str, when: dt.date) -> bool:
    d = done.get(key)
    return d is not None and d <= when


def extranet_population(plan: Plan) -> list[SystemPlan]:
    return [s for s in plan.systems if not s.classified and s.action not in ("decommission", "integrate")]


def cloud_population(plan: Plan) -> list[SystemPlan]:
    """Non-classified systems whose migration.eligible is not false, less decommissioned and integrated."""
    return [s for s in extranet_population(plan) if s.eligible]


def on_extranet(plan: Plan, s: SystemPlan, when: dt.date, done: Done, networks: Mapping[str, Any]) -> bool:
    """Reachable on the extranet by `when`: on a cloud, on an extranet domain already, or on a consolidated network."""
    if s.action == "on-cloud" or s.network in EXTRANET_DOMAINS:
        return True
    if s.action == "migrate" and _done(done.systems, s.id, when):
        return True
    net = networks.get(s.network)
    return net is not None and net.action == "consolidate" and _done(done.networks, net.id, when)


def counts(plan: Plan, measure: str, when: dt.date, done: Done, scope: Any = None) -> tuple[int, int] | None:
    """(counted, population) of a measure at `when` (within a milestone's `scope`); None when plan.json lacks
    the data it needs."""
    nets = {n.id: n for n in plan.networks}
    keep = in_scope(plan, measure, scope)
    if measure == CLOUD:
        pop = [s for s in cloud_population(plan) if keep(s.id)]
        hit = [s for s in pop if s.action == "on-cloud" or (s.action == "migrate" and _done(done.systems, s.id, when))]
        return len(hit), len(pop)
    if measure == EXTRANET:
        pop = [s for s in extranet_population(plan) if keep(s.id)]
        return sum(on_extranet(plan, s, when, done, nets) for s in pop), len(pop)
    if measure == SHARING:
        pop = [s for s in extranet_population(plan) if s.shares and keep(s.id)]
        hit = [s for s in pop if s.connected_to_sharing or on_extranet(plan, s, when, done, nets)]
        return len(hit), len(pop)
    if measure == NETWORKS:
        pop = [n for n in plan.networks if n.action != "retain" and keep(n.id)]
        return sum(_done(done.networks, n.id, when) for n in pop), len(pop)
    if measure == EXITS:
        pop = [e for e in plan.exits if keep(e.id)]
        return sum(_done(done.exits, e.id, when) for e in pop), len(pop)
    if measure == INTEGRATED:
        by_dept: dict[str, list[SystemPlan]] = {}
        for s in plan.systems:
            if s.action == "integrate" and keep(s.department):
                by_dept.setdefault(s.department, []).append(s)
        hit = [d for d, ss in by_dept.items() if all(_done(done.systems, s.id, when) for s in ss)]
        return len(hit), len(by_dept)
    if measure == DECOMMISSIONED:  # systems decommissioned or replaced, counted by their switch-off
        pop = [s for s in plan.systems if s.action in ("decommission", "replace") and keep(s.id)]
        return sum(_done(done.systems, s.id, when) for s in pop), len(pop)
    return None


def in_scope(plan: Plan, measure: str, scope: Any) -> Callable[[str], bool]:
    """Whether a member of ``measure``'s population (a system, network, exit or department id) is in a
    milestone's ``scope``, from plan.json alone (:func:`planner.rules.measures.scope_ids`)."""
    ids = scope_ids(measure, plan.departments, plan.systems, plan.networks, plan.exits, scope)
    return (lambda _: True) if ids is None else ids.__contains__


def share(plan: Plan, measure: str, when: dt.date, done: Done, scope: Any = None) -> float | None:
    """A measure's share in [0, 1] at `when` (within `scope`; an empty population counts as 1.0)."""
    c = counts(plan, measure, when, done, scope)
    if c is None:
        return None
    return 1.0 if c[1] == 0 else c[0] / c[1]


def burn_up(plan: Plan, measures: list[str], waves: int | None = None) -> dict[str, list[float | None]]:
    """Planned share of each measure at the end of each wave (index 0 = before wave 1).

    The horizon is the plan's waves, or longer (`waves`, or the latest milestone's wave) so that
    every milestone has its point.
    """
    done = planned_done(plan)
    n = max(len(plan.waves), waves or 0, max((m.wave for m in plan.milestones), default=0))
    days = [plan_start(plan) - dt.timedelta(days=1)] + [wave_end(plan, w) for w in range(1, n + 1)]
    return {m: [share(plan, m, d, done) for d in days] for m in measures}


# --------------------------------------------------------------------------- actuals


def read_actuals(source: Path | str | Mapping[str, Any] | Any, plan: Plan, where: str = "actuals") -> Any:
    """Actuals from a YAML file, a dict (`{"actuals": {...}}`) or a model, checked against the plan's objects by
    the one reader of actuals (:func:`planner.load.load_actuals`), exactly as ``planner plan --actuals`` checks them."""
    from .load import load_actuals

    return load_actuals(dict(source) if isinstance(source, Mapping) else source, plan, where)


# --------------------------------------------------------------------------- the monthly report


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of 'YYYY-MM'.

    >>> month_bounds("2018-02")
    (datetime.date(2018, 2, 1), datetime.date(2018, 2, 28))
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})", month or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InputError([Issue("", "month", "", f"'{month}' is not a month", "write it as YYYY-MM, e.g. 2018-03")])
    y, mo = int(m.group(1)), int(m.group(2))
    return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])


@dataclass(frozen=True)
class Versus:
    planned: int
    actual: int


@dataclass(frozen=True)
class KeyTask:
    id: str
    name: str
    name_en: str
    measure: str
    by: str
    required: float
    planned_now: float | None  # planned share at the month's end
    actual_now: float | None  # actual share at the month's end
    planned_at_by: float  # the plan's share at the milestone date (plan.json)
    status: str  # met | on-track | behind | missed | unknown


@dataclass(frozen=True)
class Slip:
    kind: str  # system | network | exit
    id: str
    name: str
    department: str
    action: str
    wave: int
    planned: str  # planned end date of its wave
    started: str | None = None


@dataclass(frozen=True)
class ProgressReport:
    month: str
    month_end: str
    as_of: str
    region: str
    region_name: str
    policy: str
    systems_integrated: Versus
    shared_items: int | None
    collaborative_apps: int | None
    connectivity: float  # 系统联通率, actual
    connectivity_planned: float
    connected: int
    population: int
    key_tasks: list[KeyTask]
    cutovers: Versus
    decommissions: Versus
    networks: Versus
    exits: Versus
    slipped: list[Slip]
    stale: bool  # the facts end before the month does


def progress_report(plan: Plan, actuals: Any, month: str) -> ProgressReport:
    """The monthly report (data): plan vs actuals up to the end of `month` ('YYYY-MM')."""
    actuals = read_actuals(actuals, plan)
    _, end = month_bounds(month)
    plan_d, act_d = planned_done(plan), actual_done(actuals)
    nets = {n.id: n for n in plan.networks}
    depts = {d.id: d.name for d in plan.departments}

    def versus(objs, done_p, done_a) -> Versus:
        return Versus(sum(_done(done_p, o, end) for o in objs), sum(_done(done_a, o, end) for o in objs))

    by_action = {a: [s.id for s in plan.systems if s.action == a] for a in
                 ("integrate", "decommission", "migrate", "intranet")}
    by_action["decommission"] += [s.id for s in plan.systems if s.action == "replace"]  # switched off too
    cut_ids = [s.id for s in plan.systems if s.action in CUTOVER_ACTIONS]
    pop = extranet_population(plan)
    connected = sum(on_extranet(plan, s, end, act_d, nets) for s in pop)
    connected_p = sum(on_extranet(plan, s, end, plan_d, nets) for s in pop)

    tasks = []
    for m in plan.milestones:
        p_now, a_now = share(plan, m.measure, end, plan_d, m.scope), share(plan, m.measure, end, act_d, m.scope)
        by = as_date(m.by)
        if a_now is None:
            status = "unknown"
        elif a_now >= m.required - 1e-9:
            status = "met"
        elif by <= end:
            status = "missed"
        elif p_now is not None and a_now + 1e-9 < p_now:
            status = "behind"
        else:
            status = "on-track"
        tasks.append(KeyTask(m.id, m.name, m.name_en, m.measure, m.by, m.required, p_now, a_now, m.planned, status))

    started = {f.id: f.started for f in actuals.systems}
    slipped = []
    for s in plan.systems:
        if s.wave is None or s.action not in CUTOVER_ACTIONS | {"decommission", "replace"}:
            continue
        due = wave_end(plan, s.wave)
        if due <= end and not _done(act_d.systems, s.id, end):
            st = started.get(s.id)
            slipped.append(Slip("system", s.id, s.name, depts.get(s.department, s.department), s.action, s.wave,
                                due.isoformat(), st.isoformat() if st else None))
    for n in plan.networks:
        if n.wave is not None and n.action != "retain" and wave_end(plan, n.wave) <= end \
                and not _done(act_d.networks, n.id, end):
            slipped.append(Slip("network", n.id, n.name, depts.get(n.department, n.department), n.action, n.wave,
                                wave_end(plan, n.wave).isoformat()))
    for e in plan.exits:
        if e.wave is not None and wave_end(plan, e.wave) <= end and not _done(act_d.exits, e.id, end):
            slipped.append(Slip("exit", e.id, e.id, depts.get(e.department, e.department), e.action, e.wave,
                                wave_end(plan, e.wave).isoformat()))
    slipped.sort(key=lambda x: (x.planned, x.kind, x.id))

    return ProgressReport(
        month=month, month_end=end.isoformat(), as_of=actuals.as_of.isoformat(), region=plan.region,
        region_name=plan.region_name, policy=plan.policy,
        systems_integrated=versus(by_action["integrate"], plan_d.systems, act_d.systems),
        shared_items=actuals.shared_items, collaborative_apps=actuals.collaborative_apps,
        connectivity=1.0 if not pop else connected / len(pop),
        connectivity_planned=1.0 if not pop else connected_p / len(pop),
        connected=connected, population=len(pop), key_tasks=tasks,
        cutovers=versus(cut_ids, plan_d.systems, act_d.systems),
        decommissions=versus(by_action["decommission"], plan_d.systems, act_d.systems),
        networks=versus([n.id for n in plan.networks if n.action != "retain"], plan_d.networks, act_d.networks),
        exits=versus([e.id for e in plan.exits], plan_d.exits, act_d.exits),
        slipped=slipped, stale=actuals.as_of < end,
    )
