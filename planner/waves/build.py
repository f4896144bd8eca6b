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
from dataclasses import dataclass, field

import networkx as nx

from ..model import Inventory, Policy, Topology
from ..plan import ExitPlan, NetworkPlan, SystemPlan
from ..rules.cost import retired_yearly, wave_weight
from ..rules.orders import NETWORK_WORK, connect_first, tight_pairs
from ..rules.teams import TeamPools, team_pools
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
from ..vocabulary import EXIT, INTEGRATION, MIGRATION, NETWORK, activity_key
from .measures import MilestoneTerms, markers, milestone_terms

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


def team_resources(inventory: Inventory, topology: Topology) -> TeamPools:
    """Rule 6: each department's team pool (:func:`planner.rules.teams.team_pools`)."""
    return team_pools({d.id: d.county for d in inventory.departments}, [c.id for c in inventory.region.counties],
                      topology.teams)


def build_problem(inventory: Inventory, topology: Topology, policy: Policy, systems: list[SystemPlan],
                  networks: list[NetworkPlan], exits: list[ExitPlan], *, horizon: int, pins: Pins | None = None,
                  reference: dict[str, int] | None = None, hard_milestones: bool | set[str] = True) -> WaveProblem:
    """`hard_milestones`: all (True), none (False), or the ids of those that must hold."""
    pins = pins or Pins()
    inv_sys = {s.id: s for s in inventory.systems}
    teams = team_resources(inventory, topology)
    retired = retired_yearly(inventory, systems, networks, exits)

    activities: list[Activity] = []

    def add(aid: str, duration: int, **kw) -> None:
        release = kw.pop("release", 0)
        fixed_end = pins.ends.get(aid)
        fixed_start = pins.starts.get(aid) if fixed_end is None else None
        if fixed_end is None and fixed_start is None:
            release = max(release, pins.release)
        activities.append(Activity(aid, duration, release=release, fixed_end=fixed_end, fixed_start=fixed_start,
                                   weight=wave_weight(retired.get(aid, 0), policy.wave_days),
                                   forbidden_label="freeze", pin_label=f"done:{aid}", **kw))

    migrating = [p for p in systems if p.action == "migrate"]
    clouds = {c.id: c for c in topology.clouds}
    for plan in migrating:
        s = inv_sys[plan.id]
        cloud = plan.target
        add(activity_key(MIGRATION, s.id), migration_waves(s.migration.effort_days, policy.wave_days),
            demands={teams.pool_of[s.department]: 1},
            uses={f"cloud:{cloud}:vcpu": s.resources.vcpu,
                  f"cloud:{cloud}:memory": math.ceil(s.resources.memory_gb * MEMORY_UNIT),
                  f"cloud:{cloud}:storage": math.ceil(s.resources.storage_tb * STORAGE_UNIT)},
            volumes={"transfer": math.ceil(s.data_tb * DATA_UNIT)} if topology.transfer_tb_per_wave else {})
    for plan in systems:
        if plan.action == "integrate":
            s = inv_sys[plan.id]
            add(activity_key(INTEGRATION, s.id), migration_waves(s.migration.effort_days, policy.wave_days))
    for plan in networks:
        if plan.action in NETWORK_WORK:
            add(activity_key(NETWORK, plan.id), 1)
    for plan in exits:
        add(activity_key(EXIT, plan.id), 1)
    terms = {m.id: milestone_terms(m, inventory, systems, networks, exits) for m in policy.milestones}
    precedences = []
    for key, needs in markers(terms).items():
        add(key, 0)
        precedences += [Precedence(k, key, Kind.END_TO_END, label="integration") for k in needs]

    ids = {a.id for a in activities}
    actions = {p.id: p.action for p in systems}
    orders = connect_first(inventory, actions, {p.id: p.action for p in networks}, {p.id: p.action for p in exits})
    precedences += [Precedence(o.first, o.then, Kind.END_TO_END, label=o.label) for o in orders]
    sync = _tight_groups(inventory, actions)
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
            steps = _dedupe_steps(tuple((policy.first_wave_starting_on_or_after(step.from_),
                                         math.floor(getattr(step, attr) * unit)) for step in cloud.capacity))
            stocks.append(StockResource(f"cloud:{cloud.id}:{dim}", steps, label=f"cloud:{cloud.id}:{dim}"))
    volume = ([VolumeLimit("transfer", math.floor(topology.transfer_tb_per_wave * DATA_UNIT), label="transfer")]
              if topology.transfer_tb_per_wave else [])
    frozen = frozenset(w for w in range(1, horizon + 1) if policy.is_frozen(w))
    problem = Problem(
        activities=tuple(activities), horizon=horizon,
        resources=tuple(Resource(name, cap, label=name) for name, cap in teams.slots.items()),
        stocks=tuple(stocks), volume_limits=tuple(volume), precedences=tuple(precedences),
        sync_groups=tuple(sync), milestones=tuple(milestones), forbidden_ends=frozen,
        # re-planning: what was announced is kept where possible, before the cost is minimised
        reference=Reference({k: v for k, v in reference.items() if k in ids}, before_objective=True) if reference else None,
        forbidden_label="freeze",
    )
    return WaveProblem(problem, terms, teams.pool_of, teams.names, horizon)


def _dedupe_steps(steps: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Steps in date order -> (first wave, capacity), keeping the latest-dated of steps that fall in one wave.

    >>> _dedupe_steps(((0, 5000), (0, 0), (3, 800)))
    ((0, 0), (3, 800))
    """
    out: dict[int, int] = {}
    for t, cap in steps:
        out[t] = cap
    return tuple(sorted(out.items()))


def _tight_groups(inventory: Inventory, actions: dict[str, str]) -> list[SyncGroup]:
    """Rule 7: migrating systems joined by tight dependencies (:func:`tight_pairs`) cut over in the same wave."""
    graph = nx.Graph()
    graph.add_edges_from(tight_pairs(inventory, actions))
    groups = []
    for component in sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: c[0]):
        groups.append(SyncGroup(f"tight:{component[0]}", tuple(activity_key(MIGRATION, x) for x in component),
                                label=f"tight:{component[0]}"))
    return groups
