"""Rules 14–16 and 18: every piece of planned work, its kind, length, crew pool and earliest cut-over, as one reading.

The problem builder (:mod:`planner.waves.build`) schedules exactly these pieces and the verifier
(:mod:`planner.verify.work`) judges a plan by them, so the two can only disagree through a bug here.

- rule 14, kinds of work: a migration, an integration and a move to the intranet last their effort in
  whole waves (:func:`planner.rules.durations.migration_waves`); a network consolidation (or move to the
  intranet) ``max(1, ceil(sites / network_sites_per_wave))`` waves (1 without that key); an exit's
  move or closure, a decommission and a replacement one wave. Each takes one slot of its kind's crew
  pool for the department, when any team works on that kind (:func:`crew_pools`).
- rule 15, dates: the cut-over wave of a piece starts on or after ``not_before`` of its kind, and an
  exit moving onto a platform on or after the platform's ``ready`` (a replacement: its service's).
- rule 16, limits: migration cut-overs per wave follow the ``cutovers_per_wave`` ramp (the step in
  force on the wave's first day) and at most ``cutovers_per_department_per_wave`` per department.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Inventory, Policy, Topology, WorkKind
from ..vocabulary import EXIT, NETWORK, activity_key, cutover_key
from .durations import migration_waves
from .orders import NETWORK_WORK
from .teams import TeamPools, team_pools

# A system's action -> the kind of work it is (rule 14); "replace" is done by the decommission crews.
SYSTEM_WORK = {"migrate": WorkKind.migrations, "integrate": WorkKind.integrations, "intranet": WorkKind.intranet,
               "decommission": WorkKind.decommissions, "replace": WorkKind.decommissions}


@dataclass(frozen=True)
class Work:
    """One piece of planned work: its activity key, kind, department, length in waves and earliest cut-over wave."""

    key: str
    kind: WorkKind
    department: str
    waves: int
    earliest_end: int = 1  # rule 15: the first wave its cut-over may fall in
    why_not_earlier: str = ""  # the date behind earliest_end, for sentences ("not_before.networks 2018-02-01")


def network_waves(sites: int, sites_per_wave: int | None) -> int:
    """Rule 14: how many waves consolidating a network of ``sites`` sites takes.

    >>> network_waves(14, 6), network_waves(0, 6), network_waves(14, None)
    (3, 1, 1)
    """
    return max(1, math.ceil(sites / sites_per_wave)) if sites_per_wave else 1


def first_wave_from(policy: Policy, day) -> int:
    """The first wave whose first day is on or after ``day`` (1 when the plan starts on or after it)."""
    return max(1, policy.first_wave_starting_on_or_after(day))


def planned_work(inventory: Inventory, topology: Topology, policy: Policy, systems: Iterable, networks: Iterable,
                 exits: Iterable) -> list[Work]:
    """Every piece of work of the planned rows (anything with ``id`` and ``action``; exits also ``platform``)."""
    inv_sys = {s.id: s for s in inventory.systems}
    inv_net = {n.id: n for n in inventory.networks}
    inv_exit = {e.id: e for e in inventory.exits}
    services = {s.id: s for s in topology.shared_services}
    out: list[Work] = []

    def dated(key: str, kind: WorkKind, department: str, waves: int, *ready: tuple[str, object]) -> Work:
        limits = [(f"not_before.{kind.value} {policy.not_before[kind]}", policy.not_before[kind])] \
            if kind in policy.not_before else []
        limits += [(what, day) for what, day in ready if day is not None]
        earliest, why = 1, ""
        for what, day in limits:
            wave = first_wave_from(policy, day)
            if wave > earliest:
                earliest, why = wave, what
        return Work(key, kind, department, waves, earliest, why)

    for p in systems:
        kind, key, s = SYSTEM_WORK.get(p.action), cutover_key(p.id, p.action), inv_sys.get(p.id)
        if kind is None or key is None or s is None:
            continue
        waves = migration_waves(s.migration.effort_days, policy.wave_days) \
            if kind in (WorkKind.migrations, WorkKind.integrations, WorkKind.intranet) else 1
        ready = []
        if p.action == "replace" and getattr(p, "target", None) in services:
            ready = [(f"service {p.target} ready {services[p.target].ready}", services[p.target].ready)]
        out.append(dated(key, kind, s.department, waves, *ready))
    for p in networks:
        n = inv_net.get(p.id)
        if p.action in NETWORK_WORK and n is not None:
            out.append(dated(activity_key(NETWORK, n.id), WorkKind.networks, n.department,
                             network_waves(n.sites, topology.network_sites_per_wave)))
    for p in exits:
        e = inv_exit.get(p.id)
        if e is None or p.action not in ("consolidate", "close"):
            continue
        ready = []
        if p.action == "consolidate":
            platform = topology.exit_platforms.county if (getattr(p, "platform", "") or "").startswith("county") \
                else topology.exit_platforms.region
            which = "the county platforms" if platform is topology.exit_platforms.county else "the region platform"
            ready = [(f"{which} ready {platform.ready}", platform.ready)]
        out.append(dated(activity_key(EXIT, e.id), WorkKind.exits, e.department, 1, *ready))
    return out


def crew_pools(inventory: Inventory, topology: Topology) -> dict[WorkKind, TeamPools]:
    """Rule 14: each kind that some team works on -> its pools (migrations keep version 1's ``team:<place>``)."""
    department_county = {d.id: d.county for d in inventory.departments}
    counties = [c.id for c in inventory.region.counties]
    out = {}
    for kind in WorkKind:
        teams = topology.teams_on(kind)
        if teams or kind is WorkKind.migrations:
            pools = team_pools(department_county, counties, teams)
            out[kind] = pools if kind is WorkKind.migrations else _renamed(pools, kind.value)
    return out


def _renamed(pools: TeamPools, prefix: str) -> TeamPools:
    """The same pools under ``<prefix>:<place>`` instead of ``team:<place>``."""
    def name(pool: str) -> str:
        return f"{prefix}:{pool.split(':', 1)[1]}"
    return TeamPools({d: name(p) for d, p in pools.pool_of.items()}, {name(p): n for p, n in pools.slots.items()},
                     {name(p): n for p, n in pools.names.items()})


def ramp(policy: Policy, horizon: int) -> list[tuple[int, int]]:
    """Rule 16: (first wave, at most) of every ``cutovers_per_wave`` step, by the wave whose first day it is in
    force on; a later-dated step that comes into force in the same wave wins."""
    out: dict[int, int] = {}
    for step in sorted(policy.limits.cutovers_per_wave, key=lambda s: s.from_):
        wave = first_wave_from(policy, step.from_)
        if wave <= horizon:
            out[wave] = step.at_most
    return sorted(out.items())


def ramp_limit(policy: Policy, wave: int) -> int | None:
    """The ``cutovers_per_wave`` step in force on the first day of ``wave`` (None: no step yet, unlimited)."""
    first = policy.wave_start(wave)
    in_force = [s for s in policy.limits.cutovers_per_wave if s.from_ <= first]
    return max(in_force, key=lambda s: s.from_).at_most if in_force else None
