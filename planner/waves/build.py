"""Decisions + topology + policy -> a scheduling problem (FORMATS.md rules 5–9, 12, 13).

Time is the wave: an activity occupies waves ``start+1 .. end``; ``end`` is the cutover wave.
Activities (ids prefixed by kind):
- ``system:<id>``   a migration; lasts max(1, ceil(effort_days / wave_days)) waves, takes a team slot,
                    fills its cloud from the cutover on, moves its data_tb in the cutover wave;
- ``integrate:<id>`` a section system merged into its department's system (same duration, no slot);
- ``network:<id>``  a private network consolidated (or moved to the intranet) in one wave;
- ``exit:<id>``     an internet exit moved to its platform in one wave;
- ``done:<dept>``   a zero-length marker that ends after all integrations of a department
                    (so that "departments integrated" is a weighted count like the others).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from ..model import Inventory, Policy, Topology
from ..plan import ExitPlan, NetworkPlan, SystemPlan
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
from .measures import MilestoneTerms, milestone_terms

MEMORY_UNIT, STORAGE_UNIT, DATA_UNIT = 1, 100, 100  # GB, 0.01 TB, 0.01 TB: the solver counts integers


@dataclass(frozen=True)
class Pins:
    """What actuals fix: ends (cut over / consolidated), starts (under way), and the first free wave."""

    ends: dict[str, int] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)
    release: int = 0  # nothing not yet done may start before this wave index (0 = wave 1)


@dataclass
class WaveProblem:
    """The problem and what is needed to read its result back."""

    problem: Problem
    terms: dict[str, MilestoneTerms]
    team_of: dict[str, str]  # department -> team resource name
    team_names: dict[str, str]  # team resource name -> the topology teams behind it
    horizon: int


def migration_waves(effort_days: int, wave_days: int) -> int:
    """Rule 5: a migration lasts max(1, ceil(effort_days / wave_days)) waves.

    >>> migration_waves(5, 7), migration_waves(15, 7), migration_waves(0, 7)
    (1, 3, 1)
    """
    return max(1, math.ceil(effort_days / wave_days))


def team_resources(inventory: Inventory, topology: Topology) -> tuple[dict[str, str], dict[str, int], dict[str, str]]:
    """Rule 6: each department's team pool (teams serving the same departments add up).

    Returns (department -> pool name, pool name -> slots, pool name -> team ids).
    """
    counties = [c.id for c in inventory.region.counties]
    slots: dict[str, int] = defaultdict(int)
    names: dict[str, list[str]] = defaultdict(list)
    for team in topology.teams:
        served = ["region"] if team.serves == "region" else counties if team.serves == "counties" else [team.serves]
        for key in served:
            pool = "team:region" if key == "region" else f"team:{key}"
            slots[pool] += team.slots
            names[pool].append(team.id if team.serves != "counties" else f"{team.id}@{key}")
    team_of = {d.id: ("team:region" if d.county is None else f"team:{d.county}") for d in inventory.departments}
    return team_of, dict(slots), {k: ", ".join(v) for k, v in names.items()}


def build_problem(inventory: Inventory, topology: Topology, policy: Policy, systems: list[SystemPlan],
                  networks: list[NetworkPlan], exits: list[ExitPlan], *, horizon: int, pins: Pins | None = None,
                  reference: dict[str, int] | None = None, hard_milestones: bool | set[str] = True) -> WaveProblem:
    """`hard_milestones`: all (True), none (False), or the ids of those that must hold."""
    pins = pins or Pins()
    inv_sys = {s.id: s for s in inventory.systems}
    inv_net = {n.id: n for n in inventory.networks}
    inv_exit = {e.id: e for e in inventory.exits}
    team_of, slots, team_names = team_resources(inventory, topology)
    per_wave = policy.wave_days / 365

    def cost(yearly: float) -> int:
        return round(yearly * per_wave)

    activities: list[Activity] = []

    def add(aid: str, duration: int, **kw) -> None:
        release = kw.pop("release", 0)
        fixed_end = pins.ends.get(aid)
        fixed_start = pins.starts.get(aid) if fixed_end is None else None
        if fixed_end is None and fixed_start is None:
            release = max(release, pins.release)
        activities.append(Activity(aid, duration, release=release, fixed_end=fixed_end, fixed_start=fixed_start,
                                   forbidden_label="freeze", pin_label=f"done:{aid}", **kw))

    migrating = [p for p in systems if p.action == "migrate"]
    clouds = {c.id: c for c in topology.clouds}
    for plan in migrating:
        s = inv_sys[plan.id]
        cloud = plan.target
        add(f"system:{s.id}", migration_waves(s.migration.effort_days, policy.wave_days),
            weight=cost(s.funding.yearly_om_cny),
            demands={team_of[s.department]: 1} if team_of[s.department] in slots else {},
            uses={f"cloud:{cloud}:vcpu": s.resources.vcpu,
                  f"cloud:{cloud}:memory": math.ceil(s.resources.memory_gb * MEMORY_UNIT),
                  f"cloud:{cloud}:storage": math.ceil(s.resources.storage_tb * STORAGE_UNIT)},
            volumes={"transfer": math.ceil(s.data_tb * DATA_UNIT)} if topology.transfer_tb_per_wave else {})
    for plan in systems:
        if plan.action == "integrate":
            s = inv_sys[plan.id]
            add(f"integrate:{s.id}", migration_waves(s.migration.effort_days, policy.wave_days))
    departments_integrating = sorted({inv_sys[p.id].department for p in systems if p.action == "integrate"})
    for dept in departments_integrating:
        add(f"done:{dept}", 0)
    for plan in networks:
        if plan.action in ("consolidate", "intranet"):
            yearly = inv_net[plan.id].yearly_cost_cny if plan.action == "consolidate" else 0  # rule 13
            add(f"network:{plan.id}", 1, weight=cost(yearly))
    for plan in exits:
        add(f"exit:{plan.id}", 1, weight=cost(inv_exit[plan.id].yearly_cost_cny))

    ids = {a.id for a in activities}
    precedences = _connect_first(inventory, ids, inv_sys) + _integrations_done(systems, inv_sys)
    sync = _tight_groups(migrating, inv_sys)
    terms = {m.id: milestone_terms(m, inventory, systems, networks, exits) for m in policy.milestones}
    milestones = []
    for m in policy.milestones:
        t = terms[m.id]
        wave = policy.last_wave_ending_by(m.by)
        weights = {aid: w for aid, w in t.weights.items() if aid in ids and w}
        if t.needed > 0:
            hard = hard_milestones if isinstance(hard_milestones, bool) else m.id in hard_milestones
            milestones.append(Milestone(m.id, weights, wave, t.needed, hard=hard, label=f"milestone:{m.id}"))
    stocks = []
    for cloud in clouds.values():
        for dim, unit, attr in (("vcpu", 1, "vcpu"), ("memory", MEMORY_UNIT, "memory_gb"), ("storage", STORAGE_UNIT, "storage_tb")):
            steps = tuple(sorted({(policy.first_wave_starting_on_or_after(step.from_), math.floor(getattr(step, attr) * unit))
                                  for step in cloud.capacity}))
            steps = _dedupe_steps(steps)
            stocks.append(StockResource(f"cloud:{cloud.id}:{dim}", steps, label=f"cloud:{cloud.id}:{dim}"))
    volume = ([VolumeLimit("transfer", math.floor(topology.transfer_tb_per_wave * DATA_UNIT), label="transfer")]
              if topology.transfer_tb_per_wave else [])
    frozen = frozenset(w for w in range(1, horizon + 1) if policy.is_frozen(w))
    problem = Problem(
        activities=tuple(activities), horizon=horizon,
        resources=tuple(Resource(name, cap, label=name) for name, cap in sorted(slots.items())),
        stocks=tuple(stocks), volume_limits=tuple(volume), precedences=tuple(precedences),
        sync_groups=tuple(sync), milestones=tuple(milestones), forbidden_ends=frozen,
        # re-planning: what was announced is kept where possible, before the cost is minimised
        reference=Reference({k: v for k, v in reference.items() if k in ids}, before_objective=True) if reference else None,
        forbidden_label="freeze",
    )
    return WaveProblem(problem, terms, team_of, team_names, horizon)


def _dedupe_steps(steps: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Keep the last capacity of steps that fall in the same wave."""
    out: dict[int, int] = {}
    for t, cap in steps:
        out[t] = cap
    return tuple(sorted(out.items()))


def _connect_first(inventory: Inventory, ids: set[str], inv_sys) -> list[Precedence]:
    """Rule 9: a system cuts over after its network; an exit after its network and its published systems."""
    out = []
    for s in inventory.systems:
        sid, nid = f"system:{s.id}", f"network:{s.network}"
        if sid in ids and nid in ids:
            out.append(Precedence(nid, sid, Kind.END_TO_END, label=f"connect-first:{s.network}"))
    for e in inventory.exits:
        eid = f"exit:{e.id}"
        if eid not in ids:
            continue
        if e.network and f"network:{e.network}" in ids:
            out.append(Precedence(f"network:{e.network}", eid, Kind.END_TO_END, label=f"connect-first:{e.network}"))
        for pub in e.published:
            if f"system:{pub.system}" in ids:
                out.append(Precedence(f"system:{pub.system}", eid, Kind.END_TO_END, label=f"published:{e.id}"))
    return sorted(set(out), key=lambda p: (p.before, p.after))


def _integrations_done(systems: list[SystemPlan], inv_sys) -> list[Precedence]:
    return [Precedence(f"integrate:{p.id}", f"done:{inv_sys[p.id].department}", Kind.END_TO_END, label="integration")
            for p in systems if p.action == "integrate"]


def _tight_groups(migrating: list[SystemPlan], inv_sys) -> list[SyncGroup]:
    """Rule 7: migrating systems joined by tight dependencies cut over in the same wave."""
    moving = {p.id for p in migrating}
    graph = nx.Graph()
    for sid in sorted(moving):
        for dep in inv_sys[sid].depends_on:
            if dep.coupling == "tight" and dep.system in moving:
                graph.add_edge(sid, dep.system)
    groups = []
    for component in sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: c[0]):
        groups.append(SyncGroup(f"tight:{component[0]}", tuple(f"system:{x}" for x in component),
                                label=f"tight:{component[0]}"))
    return groups
