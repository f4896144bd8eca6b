"""Milestone confidence: how likely is each milestone met when efforts and cutovers go less well than planned.

A seeded Monte Carlo over plan.json alone. Each run replays the plan's migrations in the plan's
order (by planned start wave, then cutover wave, then id) with:

- effort: the planned length of each migration (``wave - start_wave + 1`` waves) is scaled by a
  lognormal factor with median 1 and ``effort_sigma`` (0.35: one migration in eight of one wave
  takes two), rounded to whole waves, at least 1; finishing early does not move the booked
  cutover earlier (the change window, the users and the network are planned around it);
- rollback: a cutover fails with probability ``rollback_rate`` and is retried in the next
  non-frozen wave (and may fail again).

Simplifications (plan.json does not carry the whole problem):

- a team's slots are taken as the most migrations the plan runs at once for that team (the plan
  fits the real slots, so this never exceeds them); a migration never starts earlier than planned,
  and starts at the first wave from there on where its team has a slot free for its whole length;
  the slot is held until the (possibly retried) cutover;
- networks keep their planned waves; a migration on a private network still cuts over no earlier
  than that network; an exit is consolidated no earlier than planned nor than the cutover of the
  systems it publishes; systems of one move group (``group``) cut over together, at the latest
  member's cutover (without re-checking slots);
- cloud capacity and the transfer limit are not re-checked; decommissions keep their waves.

Same plan, same parameters, same seed: same output.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass

from .plan import Plan
from .progress import planned_done, share
from .timeline import as_date, frozen_waves

DEFAULT_RUNS = 500
DEFAULT_SEED = 20171123
DEFAULT_ROLLBACK = 0.10
DEFAULT_SIGMA = 0.35


@dataclass(frozen=True)
class MilestoneConfidence:
    id: str
    by: str
    required: float
    planned: float
    probability: float  # share of runs in which the milestone is met
    p10: float  # 10th / 50th / 90th percentile of the simulated share at the milestone date
    p50: float
    p90: float


@dataclass(frozen=True)
class Confidence:
    runs: int
    seed: int
    rollback_rate: float
    effort_sigma: float
    milestones: list[MilestoneConfidence]

    def of(self, milestone_id: str) -> MilestoneConfidence | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)


@dataclass(frozen=True)
class _Job:
    id: str
    team: str
    start: int
    length: int
    not_before: int  # the planned cutover (a booked change window does not move earlier), or its network's wave


def _jobs(plan: Plan) -> list[_Job]:
    depts = {d.id: d for d in plan.departments}
    nets = {n.id: n for n in plan.networks}
    jobs = []
    for s in plan.systems:
        if s.action not in ("migrate", "integrate", "intranet") or s.wave is None:
            continue
        start = s.start_wave if s.start_wave is not None else s.wave
        d = depts.get(s.department)
        team = (d.team if d and d.team else None) or (f"county:{d.county}" if d and d.county else "region")
        net = nets.get(s.network)
        not_before = net.wave if net is not None and net.wave is not None and s.action == "migrate" else 0
        not_before = max(not_before, s.wave)
        jobs.append(_Job(s.id, team, start, max(1, s.wave - start + 1), not_before))
    jobs.sort(key=lambda j: (j.start, j.start + j.length, j.id))
    return jobs


def _slots(jobs: list[_Job]) -> dict[str, int]:
    """The most migrations the plan runs at once for each team."""
    use: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for j in jobs:
        for w in range(j.start, j.start + j.length):
            use[j.team][w] += 1
    return {team: max(per.values()) for team, per in use.items()}


def _next_open(w: int, frozen: set[int]) -> int:
    while w in frozen:
        w += 1
    return w


def simulate(plan: Plan, rng: random.Random, rollback_rate: float = DEFAULT_ROLLBACK,
             effort_sigma: float = DEFAULT_SIGMA, jobs: list[_Job] | None = None,
             slots: dict[str, int] | None = None) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """One run: the simulated cutover wave of every system and the consolidation wave of every exit."""
    jobs = jobs if jobs is not None else _jobs(plan)
    slots = slots if slots is not None else _slots(jobs)
    frozen = frozen_waves(plan)
    busy: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    waves: dict[str, int | None] = {s.id: s.wave for s in plan.systems}
    for j in jobs:
        length = max(1, int(j.length * rng.lognormvariate(0.0, effort_sigma) + 0.5))
        team, cap = busy[j.team], slots.get(j.team, 1)
        start = j.start
        while any(team[w] >= cap for w in range(start, start + length)):
            start += 1
        cut = _next_open(max(start + length - 1, j.not_before), frozen)
        while rng.random() < rollback_rate:
            cut = _next_open(cut + 1, frozen)
        for w in range(start, cut + 1):
            team[w] += 1
        waves[j.id] = cut
    groups: dict[str, list[str]] = defaultdict(list)
    for s in plan.systems:
        if s.group and waves.get(s.id) is not None and s.action in ("migrate", "integrate", "intranet"):
            groups[s.group].append(s.id)
    for members in groups.values():
        last = max(waves[m] for m in members)  # type: ignore[type-var]
        for m in members:
            waves[m] = last
    exits: dict[str, int | None] = {}
    for e in plan.exits:
        w = e.wave
        if w is not None:
            pubs = [waves.get(p.system) for p in e.published]
            w = _next_open(max([w] + [p for p in pubs if p is not None]), frozen)
        exits[e.id] = w
    return waves, exits


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def milestone_confidence(plan: Plan, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED,
                         rollback_rate: float = DEFAULT_ROLLBACK, effort_sigma: float = DEFAULT_SIGMA) -> Confidence:
    """For each milestone of the plan, the probability of meeting it over `runs` seeded simulations."""
    rng = random.Random(seed)
    jobs = _jobs(plan)
    slots = _slots(jobs)
    shares: dict[str, list[float]] = {m.id: [] for m in plan.milestones}
    hits: dict[str, int] = {m.id: 0 for m in plan.milestones}
    bys = {m.id: as_date(m.by) for m in plan.milestones}
    for _ in range(runs):
        waves, exits = simulate(plan, rng, rollback_rate, effort_sigma, jobs, slots)
        done = planned_done(plan, waves, exits)
        for m in plan.milestones:
            value = share(plan, m.measure, bys[m.id], done, m.scope)
            if value is None:  # the plan lacks the data: keep the plan's own figure
                value = m.planned
            shares[m.id].append(value)
            hits[m.id] += value >= m.required - 1e-9
    out = [MilestoneConfidence(m.id, m.by, m.required, m.planned,
                               round(hits[m.id] / runs, 3) if runs else 0.0,
                               round(_percentile(shares[m.id], 0.1), 4), round(_percentile(shares[m.id], 0.5), 4),
                               round(_percentile(shares[m.id], 0.9), 4))
           for m in plan.milestones]
    return Confidence(runs, seed, rollback_rate, effort_sigma, out)
