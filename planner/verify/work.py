"""Rules 14–18 (FORMATS.md version 2): all the work, its dates, the cut-over limits, replacements, switch-offs.

Every piece of work is read by :func:`planner.rules.work.planned_work` — the reading the problem builder
schedules with — over the plan's rows: its kind, department, length and earliest cut-over.
Migrations' lengths and slots stay with rules 5 and 6 (:mod:`.timing`, :mod:`.capacity`); rule 14 judges
every other kind. A version-1 plan (``egov-plan/1``) may leave the start of non-migration work unset and a
switch-off without a wave (when it costs nothing); a version-2 plan may not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from planner.model import WorkKind
from planner.plan import FORMAT_2
from planner.rules.work import Work, crew_pools, planned_work, ramp_limit
from planner.vocabulary import DECOMMISSION, EXIT, INTEGRATION, NETWORK, REPLACEMENT, split_key

from .base import Context, rule

SWITCH_OFFS = ("integrate", "decommission", "replace")  # system actions that switch the old system off (rule 18)
SWITCH_OFF_WORK = (INTEGRATION, DECOMMISSION, REPLACEMENT)  # their activity keys' kinds

_KIND_WORDS = {WorkKind.migrations: "migration", WorkKind.integrations: "integration", WorkKind.networks: "network work",
               WorkKind.exits: "exit work", WorkKind.decommissions: "switch-off", WorkKind.intranet: "intranet move"}


@dataclass(frozen=True)
class Piece:
    """One piece of planned work and the plan's waves for it (an exit's work is its one wave)."""

    work: Work
    row_kind: str  # the activity key's kind (planner.vocabulary): system, integrate, network, exit, ...
    id: str
    start: int | None
    end: int | None

    @property
    def words(self) -> str:
        return f"{_KIND_WORDS[self.work.kind]} of {self.id}"


def version_2(ctx: Context) -> bool:
    """Whether the plan says ``egov-plan/2`` (every piece of work then has its waves)."""
    return ctx.plan.format == FORMAT_2


def pieces(ctx: Context) -> Iterator[Piece]:
    """Every piece of the plan's work (first row wins), with its start and cut-over waves."""
    for work in planned_work(ctx.inventory, ctx.topology, ctx.policy, ctx.psys.values(), ctx.pnet.values(),
                             ctx.pexit.values()):
        prefix, ident = split_key(work.key)
        if prefix == EXIT:
            row = ctx.pexit[ident]
            yield Piece(work, prefix, ident, row.wave, row.wave)
        else:
            row = ctx.pnet[ident] if prefix == NETWORK else ctx.psys[ident]
            yield Piece(work, prefix, ident, row.start_wave, row.wave)


@rule("R14-kinds-of-work",
      "Every piece of network, exit, integration, switch-off and intranet work lasts its waves from start_wave to "
      "wave, and no crew works on more pieces of its kind at once than its slots.")
def kinds_of_work(ctx: Context, r):
    history, v2 = ctx.history, version_2(ctx)
    pools = crew_pools(ctx.inventory, ctx.topology)
    busy: dict[tuple[WorkKind, str, int], list[str]] = defaultdict(list)
    under_way: dict[tuple[WorkKind, str, int], int] = defaultdict(int)
    for p in pieces(ctx):
        kind = p.work.kind
        if kind is WorkKind.migrations:
            continue  # rules 5 and 6
        if p.start is None or p.end is None:
            unscheduled_intranet = kind is WorkKind.intranet and p.start is None and p.end is None
            switch_off_without_wave = p.end is None and p.row_kind in SWITCH_OFF_WORK  # rule 18 says so
            if v2 and not (unscheduled_intranet or switch_off_without_wave):
                has = "has no wave" if p.row_kind == EXIT else f"has start_wave {p.start} and wave {p.end}; both must be set"
                yield r.violation([p.id], f"{p.words} {has}")
            continue
        if p.end > history:  # done by as_of: a fact
            if p.start < 1:
                yield r.violation([p.id], f"{p.words} starts in wave {p.start}; waves are numbered from 1")
            took = p.end - p.start + 1
            if took != p.work.waves and not (p.start <= history and took > p.work.waves):
                yield r.violation([p.id], f"{p.words} runs waves {p.start}..{p.end} ({took} waves); it takes "
                                          f"{p.work.waves}")
        crew = pools.get(kind)
        if crew is None:
            continue  # no team works on this kind: it uses no slots
        pool = crew.pool_of.get(p.work.department)
        if pool is None:
            continue
        for w in range(max(p.start, history + 1, 1), p.end + 1):
            if p.start <= history:
                under_way[(kind, pool, w)] += 1
            else:
                busy[(kind, pool, w)].append(p.id)
    for (kind, pool, w), ids in sorted(busy.items()):
        have = pools[kind].slots.get(pool, 0)
        running = under_way[(kind, pool, w)]
        if len(ids) + running > have:  # work under way may overrun the slots, new work may not
            county = pools[kind].county(pool)
            who = "the region's departments" if county is None else f"county {county}"
            besides = f" besides {running} under way since before as_of" if running else ""
            crews = pools[kind].names.get(pool) or "no team"
            yield r.violation(sorted(ids), f"wave {w}: {len(ids)} pieces of {kind.value} work of {who} in progress"
                                           f"{besides}; its {kind.value} crews ({crews}) have {have} slots")


@rule("R15-dates",
      "No work cuts over in a wave that starts before its kind's not_before, its exit platform's ready date or "
      "its shared service's ready date.")
def dates(ctx: Context, r):
    for p in pieces(ctx):
        if p.end is None or p.end <= ctx.history or p.end >= p.work.earliest_end:
            continue
        yield r.violation([p.id], f"{p.words} cuts over in wave {p.end} (from {ctx.policy.wave_start(p.end)}), "
                                  f"before {p.work.why_not_earlier}: wave {p.work.earliest_end} is the first allowed")


@rule("R16-cutover-limits",
      "No wave has more migration cut-overs than the cutovers_per_wave step in force on its first day, nor more "
      "for one department than cutovers_per_department_per_wave.")
def cutover_limits(ctx: Context, r):
    per_wave: dict[int, list[str]] = defaultdict(list)
    per_department: dict[tuple[int, str], list[str]] = defaultdict(list)
    for s, p in ctx.planned_systems("migrate"):
        if p.wave is not None and p.wave > ctx.history:  # cut over by as_of: a fact
            per_wave[p.wave].append(s.id)
            per_department[(p.wave, s.department)].append(s.id)
    for w, ids in sorted(per_wave.items()):
        limit = ramp_limit(ctx.policy, w)
        if limit is not None and len(ids) > limit:
            yield r.violation(sorted(ids), f"wave {w} ({ctx.policy.wave_start(w)}) has {len(ids)} migration "
                                           f"cut-overs; the cutovers_per_wave step in force allows {limit}")
    most = ctx.policy.limits.cutovers_per_department_per_wave
    if most is not None:
        for (w, department), ids in sorted(per_department.items()):
            if len(ids) > most:
                yield r.violation(sorted(ids), f"wave {w}: department {department} has {len(ids)} migration "
                                               f"cut-overs; cutovers_per_department_per_wave is {most}")


@rule("R17-replacements",
      "A system is replaced only when it is not classified and names a shared service of the topology, which is "
      "its target; a system that names one and is not replaced says why.")
def replacements(ctx: Context, r):
    services = {s.id for s in ctx.topology.shared_services}
    for s, p in ctx.planned_systems():
        if p.action == "replace":
            if s.classified:
                yield r.violation([s.id], f"{s.id} is classified; it goes to the intranet, never replaced by a "
                                          f"shared service")
            if s.replace_with is None:
                yield r.violation([s.id], f"{s.id} is replaced but its inventory names no replace_with service")
            elif s.replace_with not in services:
                yield r.violation([s.id], f"{s.id} is replaced by {s.replace_with}, which is not a shared service "
                                          f"of the topology")
            elif p.target != s.replace_with:
                yield r.violation([s.id], f"{s.id} is replaced by {s.replace_with} but its target is {p.target}")
        elif s.replace_with is not None and not any(x.strip() for x in p.reasons):
            yield r.violation([s.id], f"{s.id} names replace_with {s.replace_with} but is {p.action}, with no "
                                      f"reasons saying why it is not replaced")


@rule("R18-switch-off-cost",
      "Every integrated, decommissioned or replaced system has the wave it is switched off in, so that its O&M "
      "counts in cost.legacy_cny until then.")
def switch_off_cost(ctx: Context, r):
    v2 = version_2(ctx)
    for s, p in ctx.planned_systems(*SWITCH_OFFS):
        om = s.funding.yearly_om_cny
        if p.wave is None and (v2 or om > 0):  # version 1 let a switch-off that costs nothing go without a wave
            yield r.violation([s.id], f"{p.action} of {s.id} has no wave: it is never switched off, and "
                                      f"cost.legacy_cny leaves out its {om:,.0f} CNY a year of O&M")
