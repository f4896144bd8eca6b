"""Decisions + topology + policy -> a scheduling problem (FORMATS.md rules 5–9, 12–16, 18).

Time is the wave: an activity occupies waves ``start+1 .. end``; ``end`` is the cutover wave.
Every piece of work is one activity (:func:`planner.rules.work.planned_work`: kind, length, earliest
cut-over), keyed by kind (:mod:`planner.vocabulary`):
- ``system:<id>``   a migration; lasts max(1, ceil(effort_days / wave_days)) waves, takes a team slot,
                    fills its cloud from the cutover on, moves its data_tb in the cutover wave, counts
                    against the cut-over limits (rule 16);
- ``integrate:<id>`` a section system merged into its department's system (same duration);
- ``decommission:<id>``, ``replace:<id>`` a system switched off (one wave);
- ``intranet:<id>`` a classified system moved to the intranet node (its effort);
- ``network:<id>``  a private network consolidated (or moved to the intranet), its sites / sites per wave;
- ``exit:<id>``     an internet exit moved to its platform (after the platform is ready), or closed;
- ``done:<dept>``   a zero-length marker that ends after all integrations of a department
                    (so that "departments integrated" is a weighted count like the others).
Each takes a slot of its kind's crews when some team works on that kind (rule 14), starts late enough
to cut over no earlier than its kind's ``not_before`` (rule 15), and weighs what the old system,
network or exit costs per wave until it ends (rules 13, 18).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ..model import Inventory, Policy, Topology, WorkKind
from ..plan import ExitPlan, NetworkPlan, SystemPlan
from ..rules.cost import retired_yearly, wave_weight
from ..rules.durations import migration_waves
from ..rules.orders import connect_first, tight_groups, tight_pairs
from ..rules.teams import TeamPools
from ..rules.work import Work, crew_pools, planned_work, ramp
from ..schedule import (
    Activity,
    Kind,
    Milestone,
    Precedence,
    Problem,
    Reference,
    Resource,
    StockResource,
    SyncGroup,
    VolumeLimit,
)
from ..vocabulary import MIGRATION, activity_key
from .facts import Parts, settle_facts
from .milestone_weights import MilestoneTerms, markers, milestone_terms

MEMORY_UNIT, STORAGE_UNIT, DATA_UNIT = 1, 100, 100  # GB, 0.01 TB, 0.01 TB: the solver counts integers
CUTOVERS = "cutovers"  # rule 16's volume: one per migration cut-over; "cutovers:<department>" per department


@dataclass(frozen=True)
class Pins:
    """What actuals fix: ends (cut over / consolidated), starts (under way), and the first free wave.

    ``release`` is also the last wave of history: the wave that contains ``as_of`` (0: no actuals).
    """

    ends: dict[str, int] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)
    release: int = 0  # nothing not yet done may start before this wave index (0 = wave 1)


@dataclass
class WaveProblem:
    """The problem and what is needed to read its result back."""

    problem: Problem
    terms: dict[str, MilestoneTerms]
    team_of: dict[str, str]  # department -> team resource name
    team_names: dict[str, str]  # team or crew resource name -> the topology teams behind it
    horizon: int
    work: dict[str, Work] = field(default_factory=dict)  # activity key -> the piece of work it schedules
    sites_per_wave: int | None = None  # the topology's network_sites_per_wave, for sentences


def team_resources(inventory: Inventory, topology: Topology) -> TeamPools:
    """Rule 6: each department's migration team pool (:func:`planner.rules.work.crew_pools`)."""
    return crew_pools(inventory, topology)[WorkKind.migrations]


def build_problem(inventory: Inventory, topology: Topology, policy: Policy, systems: list[SystemPlan],
                  networks: list[NetworkPlan], exits: list[ExitPlan], *, horizon: int, pins: Pins | None = None,
                  reference: dict[str, int] | None = None, hard_milestones: bool | set[str] = True) -> WaveProblem:
    """The scheduling problem of the planned work; `hard_milestones`: all (True), none (False), or the ids of
    those that must hold; `pins`: the facts of re-planning (:mod:`planner.waves.facts`)."""
    b = _Builder(inventory, topology, policy, systems, networks, exits, pins or Pins(), horizon)
    b.migrations()
    b.other_work()
    b.milestones(hard_milestones)
    b.connect_first()
    b.tight_groups()
    b.cloud_stocks()
    parts = settle_facts(b.parts(), b.pins.release, horizon)
    ids = {a.id for a in parts.activities}
    problem = Problem(
        activities=tuple(parts.activities), horizon=horizon,
        resources=tuple(parts.resources), stocks=tuple(parts.stocks), volume_limits=tuple(parts.volumes),
        precedences=tuple(parts.precedences), sync_groups=tuple(parts.groups), milestones=tuple(b.goals),
        forbidden_ends=parts.frozen,
        # re-planning: what was announced is kept where possible, before the cost is minimised
        reference=Reference({k: v for k, v in reference.items() if k in ids}, before_objective=True) if reference else None,
        forbidden_label="freeze",
    )
    names = {pool: who for pools in b.crews.values() for pool, who in pools.names.items()}
    return WaveProblem(problem, b.terms, b.teams.pool_of, names, horizon, b.work, topology.network_sites_per_wave)


class _Builder:
    """Collects the activities and constraints of the planned work, one kind per method."""

    def __init__(self, inventory: Inventory, topology: Topology, policy: Policy, systems: list[SystemPlan],
                 networks: list[NetworkPlan], exits: list[ExitPlan], pins: Pins, horizon: int) -> None:
        self.inventory, self.topology, self.policy, self.pins, self.horizon = inventory, topology, policy, pins, horizon
        self.systems, self.networks, self.exits = systems, networks, exits
        self.inv_sys = {s.id: s for s in inventory.systems}
        self.actions = {p.id: p.action for p in systems}
        self.crews = crew_pools(inventory, topology)
        self.teams = team_resources(inventory, topology)
        self.work = {w.key: w for w in planned_work(inventory, topology, policy, systems, networks, exits)}
        self.retired = retired_yearly(inventory, systems, networks, exits)
        self.activities: list[Activity] = []
        self.precedences: list[Precedence] = []
        self.groups: list[SyncGroup] = []
        self.stocks: list[StockResource] = []
        self.goals: list[Milestone] = []
        self.terms: dict[str, MilestoneTerms] = {}

    def _add(self, aid: str, duration: int, **kw) -> None:
        """One activity; pinned when the actuals fix it, else released after as_of and late enough for its dates."""
        fixed_end = self.pins.ends.get(aid)
        fixed_start = self.pins.starts.get(aid) if fixed_end is None else None
        release, work = 0, self.work.get(aid)
        if fixed_end is None and fixed_start is None:
            release = max(self.pins.release, work.earliest_end - duration if work else 0)
        elif fixed_end is None and work is not None and work.earliest_end > 1:
            kw["forbidden_ends"] = frozenset(range(1, work.earliest_end))  # under way: its cut-over waits (rule 15)
        self.activities.append(Activity(aid, duration, release=release, fixed_end=fixed_end, fixed_start=fixed_start,
                                        weight=self._weight(aid, duration),
                                        forbidden_label="freeze", pin_label=f"done:{aid}", **kw))

    def _weight(self, aid: str, duration: int) -> int:
        """Rules 13/18: what a wave of delay costs; work that retires nothing weighs 1 a wave, so that it is done as
        early as the rest allows rather than anywhere before the horizon (a classified network's move, a free
        switch-off)."""
        weight = wave_weight(self.retired.get(aid, 0), self.policy.wave_days)
        return weight if weight or duration == 0 else 1

    def _crew(self, work: Work) -> dict[str, int]:
        """Rule 14: one slot of the crews of the work's kind for its department (none when no team works on it)."""
        pools = self.crews.get(work.kind)
        return {pools.pool_of[work.department]: 1} if pools and work.department in pools.pool_of else {}

    def migrations(self) -> None:
        """Rules 5/6/8/16: a migration lasts its effort, takes a team slot, fills its cloud, moves its data and
        counts against the cut-over limits at cut-over."""
        transfer = self.topology.transfer_tb_per_wave
        ramped = bool(self.policy.limits.cutovers_per_wave)
        per_department = self.policy.limits.cutovers_per_department_per_wave
        migrating = [self.inv_sys[p.id].department for p in self.systems if p.action == "migrate"]
        limited = {d for d, n in Counter(migrating).items() if per_department and n > per_department}
        for plan in self.systems:
            if plan.action != "migrate":
                continue
            s, cloud = self.inv_sys[plan.id], plan.target
            key = activity_key(MIGRATION, s.id)
            volumes = {"transfer": math.ceil(s.data_tb * DATA_UNIT)} if transfer else {}
            if ramped:
                volumes[CUTOVERS] = 1
            if s.department in limited:
                volumes[f"{CUTOVERS}:{s.department}"] = 1
            self._add(key, migration_waves(s.migration.effort_days, self.policy.wave_days),
                      demands=self._crew(self.work[key]),
                      uses={f"cloud:{cloud}:vcpu": s.resources.vcpu,
                            f"cloud:{cloud}:memory": math.ceil(s.resources.memory_gb * MEMORY_UNIT),
                            f"cloud:{cloud}:storage": math.ceil(s.resources.storage_tb * STORAGE_UNIT)},
                      volumes=volumes)

    def other_work(self) -> None:
        """Rule 14: integrations, switch-offs, intranet moves, network and exit work, each its length and crews."""
        for work in self.work.values():
            if work.kind is not WorkKind.migrations:
                self._add(work.key, work.waves, demands=self._crew(work))

    def milestones(self, hard_milestones: bool | set[str]) -> None:
        """Rule 12: each milestone's reading as weights; members needing several pieces of work get a marker."""
        self.terms = {m.id: milestone_terms(m, self.inventory, self.systems, self.networks, self.exits)
                      for m in self.policy.milestones}
        for key, needs in markers(self.terms).items():
            self._add(key, 0)
            self.precedences += [Precedence(k, key, Kind.END_TO_END, label="integration") for k in needs]
        ids = {a.id for a in self.activities}
        for m in self.policy.milestones:
            t = self.terms[m.id]
            weights = {aid: w for aid, w in t.weights.items() if aid in ids and w}
            if t.needed > 0:
                hard = hard_milestones if isinstance(hard_milestones, bool) else m.id in hard_milestones
                self.goals.append(Milestone(m.id, weights, self.policy.last_wave_ending_by(m.by), t.needed, hard=hard,
                                            label=f"milestone:{m.id}"))

    def connect_first(self) -> None:
        """Rule 9 (:func:`planner.rules.orders.connect_first`): networks first, exits after what they publish."""
        orders = connect_first(self.inventory, self.actions, {p.id: p.action for p in self.networks},
                               {p.id: p.action for p in self.exits})
        self.precedences += [Precedence(o.first, o.then, Kind.END_TO_END, label=o.label) for o in orders]

    def tight_groups(self) -> None:
        """Rule 7: migrating systems joined by tight dependencies (:func:`tight_pairs`) cut over in the same wave."""
        for group in tight_groups(tight_pairs(self.inventory, self.actions)):
            self.groups.append(SyncGroup(f"tight:{group[0]}", tuple(activity_key(MIGRATION, x) for x in group),
                                         label=f"tight:{group[0]}"))

    def cloud_stocks(self) -> None:
        """Rule 8: each cloud's capacity per dimension, a step function of the wave its steps come into force."""
        for cloud in self.topology.clouds:
            for dim, unit, attr in (("vcpu", 1, "vcpu"), ("memory", MEMORY_UNIT, "memory_gb"),
                                    ("storage", STORAGE_UNIT, "storage_tb")):
                steps = _dedupe_steps(tuple((self.policy.first_wave_starting_on_or_after(step.from_),
                                             math.floor(getattr(step, attr) * unit)) for step in cloud.capacity))
                self.stocks.append(StockResource(f"cloud:{cloud.id}:{dim}", steps, label=f"cloud:{cloud.id}:{dim}"))

    def volumes(self) -> list[VolumeLimit]:
        """Rule 8: the data moved to the clouds in one wave; rule 16: migration cut-overs per wave (the ramp) and per
        department and wave."""
        limit = self.topology.transfer_tb_per_wave
        out = [VolumeLimit("transfer", math.floor(limit * DATA_UNIT), label="transfer")] if limit else []
        migrations = [a for a in self.activities if a.volumes.get(CUTOVERS)]
        steps = ramp(self.policy, self.horizon)
        if migrations and steps:
            out.append(VolumeLimit(CUTOVERS, len(migrations), label=CUTOVERS, steps=tuple(steps)))
        per_department = self.policy.limits.cutovers_per_department_per_wave
        if per_department:
            count: dict[str, int] = {}
            for a in self.activities:
                for name in a.volumes:
                    if name.startswith(f"{CUTOVERS}:"):
                        count[name] = count.get(name, 0) + 1
            out += [VolumeLimit(name, per_department, label=name) for name in sorted(count)]
        return out

    def parts(self) -> Parts:
        frozen = frozenset(w for w in range(1, self.horizon + 1) if self.policy.is_frozen(w))
        resources = [Resource(name, cap, label=name) for pools in self.crews.values() for name, cap in pools.slots.items()]
        return Parts(self.activities, self.precedences, self.groups, self.stocks, resources, self.volumes(), frozen)


def _dedupe_steps(steps: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Steps in date order -> (first wave, capacity), keeping the latest-dated of steps that fall in one wave.

    >>> _dedupe_steps(((0, 5000), (0, 0), (3, 800)))
    ((0, 0), (3, 800))
    """
    out: dict[int, int] = {}
    for t, cap in steps:
        out[t] = cap
    return tuple(sorted(out.items()))
