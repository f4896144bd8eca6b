"""The settings of a CP-SAT solve and the one staged solve loop both CP-SAT models use.

Objectives are solved lexicographically in stages (the model's ``stages``: the shortfall of the
soft milestones, the problem's objective, the deviation from a reference schedule). Each stage
fixes the previous stage's value (``==`` when proven, ``<=`` otherwise) and is hinted with its
solution. A model taking part provides ``model`` (a ``cp_model.CpModel``), ``p`` (the problem),
``stages``, ``hint(ends)`` and ``ends(solver)``: :class:`~planner.schedule.cpsat.interval_model.CpModel`
and :class:`~planner.schedule.cpsat.time_indexed.TimeIndexedModel`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ortools.sat.python import cp_model

from planner.schedule.core.problem import Problem
from planner.schedule.core.result import Result, Status, completed

ProgressFn = Callable[[float, float, float, float], None]  # (best objective, bound, gap, seconds)

# CP-SAT's status codes as ours (shared by every CP-SAT adapter)
STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
    cp_model.MODEL_INVALID: Status.MODEL_INVALID,
}


@dataclass
class Settings:
    """Solver settings; the same problem and settings give the same result when ``deterministic``.

    deterministic: CP-SAT's interleaved search (deterministic whatever the number of workers;
        the default parallel portfolio is not, its threads race) stopped by a *deterministic*
        time budget, ``deterministic_time`` (default ``time_limit / 8``). ``time_limit`` stays a
        hard wall-clock cap; it binds first only on a machine much slower than measured here
        (0.2–0.6 deterministic s per wall s on 2 shared, loaded cores), and then the Result says so in
        ``reason`` because the schedule may differ between runs.
    """

    time_limit: float = 10.0  # wall seconds, whole solve (all stages)
    num_workers: int = 2
    seed: int = 0
    deterministic: bool = True
    deterministic_time: float | None = None  # deterministic seconds; None: time_limit / 8
    hint: bool = True  # run the greedy first and hint its schedule
    greedy_passes: int = 1  # passes of the hinting greedy (see greedy.schedule)
    redundant: bool = True  # add the precedence-energy constraints (bounds.precedence_energy)
    log: bool = False
    relative_gap: float = 0.0
    parameters: dict = field(default_factory=dict)  # extra SatParameters fields, for experiments

    @property
    def dtime_budget(self) -> float | None:
        if not self.deterministic:
            return None
        return self.deterministic_time if self.deterministic_time is not None else self.time_limit / 8


class StagedModel(Protocol):
    p: Problem
    model: cp_model.CpModel
    stages: list[tuple[str, cp_model.LinearExprT]]

    def hint(self, ends: Mapping[str, int]) -> None: ...

    def ends(self, solver: cp_model.CpSolver) -> dict[str, int]: ...


class Progress(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution of the objective stage: (objective, bound, gap, seconds)."""

    def __init__(self, fn: ProgressFn, t0: float) -> None:
        super().__init__()
        self.fn, self.t0 = fn, t0

    def on_solution_callback(self) -> None:
        obj, bound = self.objective_value, self.best_objective_bound
        self.fn(obj, bound, gap(obj, bound), time.perf_counter() - self.t0)


def gap(obj: float, bound: float) -> float:
    """The relative distance of an objective from its bound.

    >>> gap(110, 100)
    0.09090909090909091
    """
    return max(0.0, (obj - bound) / max(1.0, abs(obj)))


def parameters(solver: cp_model.CpSolver, s: Settings, wall: float, dtime: float | None) -> None:
    """Set the solver's parameters for one stage: its wall and deterministic share, workers, seed, extras."""
    prm = solver.parameters
    prm.num_workers = s.num_workers
    prm.random_seed = s.seed
    prm.max_time_in_seconds = max(0.01, wall)
    prm.log_search_progress = s.log
    prm.relative_gap_limit = s.relative_gap
    if s.deterministic:
        prm.interleave_search = s.num_workers > 1
        prm.max_deterministic_time = max(0.01, dtime)
    for key, value in s.parameters.items():
        if isinstance(value, list | tuple):  # repeated fields (subsolvers, ...)
            getattr(prm, key).extend(value)
        else:
            setattr(prm, key, value)


def solve_stages(model: StagedModel, s: Settings, t0: float, on_progress: ProgressFn | None, *, engine: str,
                 dtime_total: float) -> Result:
    """Lexicographic solve over the model's stages; the Result carries the 'objective' stage's value and bound.

    ``dtime_total``: the deterministic seconds of all stages together, shared out evenly over the
    stages still to run.
    """
    p, m = model.p, model.model
    dtime_used = 0.0
    wall_stop = False
    statuses: list[Status] = []
    bound = None
    ends: dict[str, int] | None = None
    for k, (name, expr) in enumerate(model.stages):
        left = len(model.stages) - k
        solver = cp_model.CpSolver()
        wall = (s.time_limit - (time.perf_counter() - t0)) / left
        parameters(solver, s, wall, (dtime_total - dtime_used) / left)
        m.minimize(expr)
        callback = Progress(on_progress, t0) if on_progress and name == "objective" else None
        status = STATUS[solver.solve(m, callback)]
        dtime_used += solver.deterministic_time
        wall_stop |= status is not Status.OPTIMAL and solver.wall_time >= 0.98 * wall
        if status is Status.MODEL_INVALID:
            return Result(status, engine, reason=f"CP-SAT rejected the model: {m.validate()}")
        if status not in (Status.OPTIMAL, Status.FEASIBLE):
            if ends is None:
                reason = ("no schedule meets the hard constraints" if status is Status.INFEASIBLE
                          else "CP-SAT found no schedule within the time limit")
                return Result(status, engine, reason=reason)
            break  # a later stage ran out of time: keep the previous stage's schedule
        statuses.append(status)
        value = round(solver.objective_value)
        if name == "objective":
            bound = round(solver.best_objective_bound)
        ends = model.ends(solver)
        # fix this stage, hint the next one with this solution
        m.add(expr == value) if status is Status.OPTIMAL else m.add(expr <= value)
        model.hint(ends)
    overall = Status.OPTIMAL if len(statuses) == len(model.stages) and all(
        x is Status.OPTIMAL for x in statuses) else Status.FEASIBLE
    durations = {a.id: a.duration for a in p.activities}
    result = completed(p, Result(overall, engine, starts={aid: e - durations[aid] for aid, e in (ends or {}).items()}))
    result.bound = bound
    result.work = dtime_used
    if wall_stop and s.deterministic:
        result.reason = "stopped by the wall-clock limit before the deterministic one: may differ between runs"
    return result
