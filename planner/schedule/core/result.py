"""What solving returns, and an independent checker of schedules.

:func:`violations` re-reads the constraint semantics of :mod:`planner.schedule.core.problem` from
scratch (no code shared with the solvers) so that tests and the solvers can trust a schedule only
after it passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from planner.errors import PlanBugError
from planner.schedule.core.problem import Kind, Objective, Problem


class Status(StrEnum):
    """Outcome of a solve, independent of the solver."""

    OPTIMAL = "OPTIMAL"  # proven best (for every objective stage)
    FEASIBLE = "FEASIBLE"  # a valid schedule, not proven best
    INFEASIBLE = "INFEASIBLE"  # proven: no schedule meets the hard constraints
    UNKNOWN = "UNKNOWN"  # no schedule found, nothing proven (time limit, greedy gave up)
    MODEL_INVALID = "MODEL_INVALID"  # the solver rejected the model: a bug in the adapter


@dataclass(frozen=True)
class MilestoneOutcome:
    """How far a schedule gets with one milestone."""

    name: str
    required: int
    achieved: int
    hard: bool

    @property
    def met(self) -> bool:
        return self.achieved >= self.required


@dataclass
class Result:
    """A solve's outcome; ``starts``/``ends`` are empty unless ``status`` is OPTIMAL or FEASIBLE."""

    status: Status
    solver: str  # "greedy" | "cp-sat"
    starts: dict[str, int] = field(default_factory=dict)
    ends: dict[str, int] = field(default_factory=dict)
    objective: int | None = None  # value of Problem.objective
    bound: int | None = None  # proven lower bound of the objective (None when unknown)
    seconds: float = 0.0
    work: float = 0.0  # CP-SAT deterministic seconds (machine-load independent effort)
    milestones: dict[str, MilestoneOutcome] = field(default_factory=dict)
    shortfall: int = 0  # summed unmet weight of the soft milestones
    deviation: int | None = None  # from Problem.reference, measured as it says
    reason: str = ""  # why INFEASIBLE / UNKNOWN, in one sentence

    @property
    def feasible(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)

    @property
    def gap(self) -> float | None:
        """Relative gap ``(objective - bound) / max(1, |objective|)``; 0.0 when proven optimal."""
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, (self.objective - self.bound) / max(1, abs(self.objective)))


def objective_value(problem: Problem, ends: Mapping[str, int]) -> int:
    """Value of ``problem.objective`` for the given ends."""
    if problem.objective is Objective.MAKESPAN:
        return max(ends.values(), default=0)
    return sum(a.weight * ends[a.id] for a in problem.activities)


def milestone_outcomes(problem: Problem, ends: Mapping[str, int]) -> dict[str, MilestoneOutcome]:
    """Achieved weight of every milestone."""
    return {
        m.name: MilestoneOutcome(m.name, m.required, sum(w for aid, w in m.weights.items() if ends[aid] <= m.time), m.hard)
        for m in problem.milestones
    }


def deviation_value(problem: Problem, ends: Mapping[str, int]) -> int | None:
    """Distance from the reference schedule, or None when the problem has none."""
    ref = problem.reference
    if ref is None:
        return None
    if ref.measure == "changed":
        return sum(1 for aid, e in ref.ends.items() if ends[aid] != e)
    return sum(abs(ends[aid] - e) for aid, e in ref.ends.items())


def completed(problem: Problem, result: Result) -> Result:
    """Fill ends, objective, milestones, shortfall and deviation of a result from its starts
    (a feasible result of a problem without activities has none, and its milestones are still judged)."""
    if result.starts or result.feasible:
        dur = {a.id: a.duration for a in problem.activities}
        result.ends = {aid: s + dur[aid] for aid, s in result.starts.items()}
        result.objective = objective_value(problem, result.ends)
        result.milestones = milestone_outcomes(problem, result.ends)
        result.shortfall = sum(max(0, o.required - o.achieved) for o in result.milestones.values() if not o.hard)
        result.deviation = deviation_value(problem, result.ends)
    return result


def violations(problem: Problem, schedule: Mapping[str, int] | Result) -> list[str]:
    """Every hard constraint the schedule (activity id -> start, or a Result) breaks, one sentence each.

    An empty list means the schedule is valid. Soft milestones are never violations.
    """
    starts = schedule.starts if isinstance(schedule, Result) else schedule
    out: list[str] = []
    missing = [a.id for a in problem.activities if a.id not in starts]
    if missing:
        return [f"activity '{aid}' is not scheduled" for aid in missing]
    end = {a.id: starts[a.id] + a.duration for a in problem.activities}
    out += _activity_windows(problem, starts, end)
    out += _renewables(problem, starts, end)
    out += _precedences(problem, starts, end)
    out += _syncs(problem, end)
    out += _forbidden(problem, end)
    out += _stocks(problem, end)
    out += _volumes(problem, end)
    out += _hard_milestones(problem, end)
    return out


def _activity_windows(problem: Problem, starts: Mapping[str, int], end: Mapping[str, int]) -> list[str]:
    out = []
    for a in problem.activities:
        s, e = starts[a.id], end[a.id]
        if s < a.release:
            out.append(f"activity '{a.id}' starts at {s}, before its release {a.release}")
        if a.deadline is not None and e > a.deadline:
            out.append(f"activity '{a.id}' ends at {e}, after its deadline {a.deadline}")
        if e > problem.horizon:
            out.append(f"activity '{a.id}' ends at {e}, after the horizon {problem.horizon}")
        if a.fixed_start is not None and s != a.fixed_start:
            out.append(f"activity '{a.id}' starts at {s}, not at its pinned start {a.fixed_start}")
        if a.fixed_end is not None and e != a.fixed_end:
            out.append(f"activity '{a.id}' ends at {e}, not at its pinned end {a.fixed_end}")
    return out


def _renewables(problem: Problem, starts: Mapping[str, int], end: Mapping[str, int]) -> list[str]:
    delta: dict[str, dict[int, int]] = {r.name: {} for r in problem.resources}
    for a in problem.activities:
        if a.duration:
            for name, q in a.demands.items():
                if q:
                    d = delta[name]
                    d[starts[a.id]] = d.get(starts[a.id], 0) + q
                    d[end[a.id]] = d.get(end[a.id], 0) - q
    out = []
    for r in problem.resources:
        load = 0
        for t in sorted(delta[r.name]):
            load += delta[r.name][t]
            if load > r.capacity:
                out.append(f"resource '{r.name}' is used {load} > capacity {r.capacity} from period {t}")
    return out


def _precedences(problem: Problem, starts: Mapping[str, int], end: Mapping[str, int]) -> list[str]:
    out = []
    for p in problem.precedences:
        if p.kind is Kind.FINISH_TO_START and end[p.before] + p.lag > starts[p.after]:
            out.append(f"'{p.after}' starts at {starts[p.after]}, before '{p.before}' ends at "
                       f"{end[p.before]} + lag {p.lag}")
        if p.kind is Kind.END_TO_END and end[p.before] + p.lag > end[p.after]:
            out.append(f"'{p.after}' ends at {end[p.after]}, before '{p.before}' ends at {end[p.before]} + lag {p.lag}")
    return out


def _syncs(problem: Problem, end: Mapping[str, int]) -> list[str]:
    out = []
    for g in problem.sync_groups:
        values = {end[m] for m in g.members}
        if len(values) > 1:
            out.append(f"sync group '{g.name}' ends at several times {sorted(values)}")
    return out


def _forbidden(problem: Problem, end: Mapping[str, int]) -> list[str]:
    out = []
    for a in problem.activities:
        if end[a.id] in problem.end_forbidden(a):
            out.append(f"activity '{a.id}' ends at forbidden time {end[a.id]}")
    return out


def _stocks(problem: Problem, end: Mapping[str, int]) -> list[str]:
    added = _amounts_by_end(problem, end, "uses", [s.name for s in problem.stocks])
    out = []
    for s in problem.stocks:
        checkpoints = sorted(set(added[s.name]) | {t for t, _ in s.steps})
        used = 0
        for t in checkpoints:
            used += added[s.name].get(t, 0)
            if t <= problem.horizon and used > s.capacity_at(t):
                out.append(f"stock '{s.name}' holds {used} > capacity {s.capacity_at(t)} at time {t}")
    return out


def _volumes(problem: Problem, end: Mapping[str, int]) -> list[str]:
    at = _amounts_by_end(problem, end, "volumes", [v.name for v in problem.volume_limits])
    out = []
    for v in problem.volume_limits:
        for t in sorted(at[v.name]):
            if at[v.name][t] > v.limit_at(t):  # the limit in force at t
                out.append(f"volume '{v.name}' ending at {t} is {at[v.name][t]} > limit {v.limit_at(t)}")
    return out


def _amounts_by_end(problem: Problem, end: Mapping[str, int], table: str, names: list[str]) -> dict[str, dict[int, int]]:
    """name -> end time -> summed amount of ``Activity.<table>[name]``."""
    out: dict[str, dict[int, int]] = {name: {} for name in names}
    for a in problem.activities:
        for name, q in getattr(a, table).items():
            if q:
                at = out[name]
                at[end[a.id]] = at.get(end[a.id], 0) + q
    return out


def _hard_milestones(problem: Problem, end: Mapping[str, int]) -> list[str]:
    out = []
    for o in milestone_outcomes(problem, end).values():
        if o.hard and not o.met:
            out.append(f"milestone '{o.name}' reaches {o.achieved} < required {o.required}")
    return out


def settle(problem: Problem, result: Result, start: Result | None, solver: str, seconds: float,
           check: bool = True) -> Result:
    """A solver's last step: fall back to its greedy start when it found nothing, time it, check it.

    A schedule that breaks a hard constraint is a bug of the solver, never returned.
    """
    if not result.feasible and start is not None and start.feasible:
        start.status, start.solver = Status.FEASIBLE, solver
        start.reason = f"CP-SAT found no schedule ({result.status}); this is the greedy one"
        result = start
    result.seconds = seconds
    if check and result.feasible:
        found = violations(problem, result)
        if found:
            raise PlanBugError(f"{result.solver} schedule breaks {len(found)} hard constraint(s): {found[:3]}")
    return result
