"""CP-SAT adapter: solves the model of a :class:`Problem`, returns a :class:`Result`.

The model is built in :mod:`planner.schedule.cpsat_model`.

Objectives are solved lexicographically in stages: (1) the shortfall of the soft milestones,
(2) the problem's objective, (3) the deviation from the reference schedule. Each stage fixes the
previous stage's value (``==`` when proven, ``<=`` otherwise) and is hinted with its solution.

Determinism: see :func:`solve`. Explanation of infeasibility: see :func:`explain`
(in :mod:`planner.schedule.cpsat_explain`, re-exported here).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.schedule import greedy, rcpsp
from planner.schedule.cpsat_explain import Explanation, explain
from planner.schedule.cpsat_model import STATUS, CpModel
from planner.schedule.problem import Problem
from planner.schedule.result import Result, Status, completed, settle

__all__ = ["CpModel", "Explanation", "ProgressFn", "Settings", "explain", "solve"]

ProgressFn = Callable[[float, float, float, float], None]  # (best objective, bound, gap, seconds)


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
    rcpsp: bool = True  # plain makespan problems: interval, then time-indexed models (see rcpsp)
    log: bool = False
    relative_gap: float = 0.0
    parameters: dict = field(default_factory=dict)  # extra SatParameters fields, for experiments

    @property
    def dtime_budget(self) -> float | None:
        if not self.deterministic:
            return None
        return self.deterministic_time if self.deterministic_time is not None else self.time_limit / 8


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, fn: ProgressFn, t0: float) -> None:
        super().__init__()
        self.fn, self.t0 = fn, t0

    def on_solution_callback(self) -> None:
        obj, bound = self.objective_value, self.best_objective_bound
        self.fn(obj, bound, _gap(obj, bound), time.perf_counter() - self.t0)


def solve(problem: Problem, settings: Settings | None = None, *, on_progress: ProgressFn | None = None,
          check: bool = True) -> Result:
    """Solve with CP-SAT; always returns a Result, checked against :func:`violations`."""
    s = settings or Settings()
    t0 = time.perf_counter()
    start = greedy.schedule(problem, passes=s.greedy_passes, seed=s.seed) if s.hint else None
    if start is not None and (start.status is Status.INFEASIBLE or start.status is Status.OPTIMAL):
        start.solver, start.seconds = "cp-sat", time.perf_counter() - t0
        return start  # proven by propagation alone, or the greedy meets a lower bound
    if s.rcpsp and rcpsp.eligible(problem):
        result = rcpsp.solve(problem, s, start, t0, on_progress)
    else:
        model = CpModel(problem, redundant=s.redundant)
        if start is not None and start.feasible:
            model.hint(start)
        result = _solve_stages(model, s, t0, on_progress)
    return settle(problem, result, start, "cp-sat", time.perf_counter() - t0, check)


def _parameters(solver: cp_model.CpSolver, s: Settings, wall: float, dtime: float | None) -> None:
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


def _solve_stages(model: CpModel, s: Settings, t0: float, on_progress: ProgressFn | None) -> Result:
    """Lexicographic solve over the stages; the Result carries the 'objective' stage's value/bound."""
    p, m = model.p, model.model
    dtime_total = s.dtime_budget or 0.0
    dtime_used = 0.0
    wall_stop = False
    statuses: list[Status] = []
    bound = None
    starts: dict[str, int] = {}
    for k, (name, expr) in enumerate(model.stages):
        left = len(model.stages) - k
        solver = cp_model.CpSolver()
        wall = (s.time_limit - (time.perf_counter() - t0)) / left
        _parameters(solver, s, wall, (dtime_total - dtime_used) / left)
        m.minimize(expr)
        callback = _Progress(on_progress, t0) if on_progress and name == "objective" else None
        code = solver.solve(m, callback)
        dtime_used += solver.deterministic_time
        status = STATUS[code]
        wall_stop |= status is not Status.OPTIMAL and solver.wall_time >= 0.98 * wall
        if status is Status.MODEL_INVALID:
            return Result(status, "cp-sat", reason=f"CP-SAT rejected the model: {m.validate()}")
        if not (status is Status.OPTIMAL or status is Status.FEASIBLE):
            if not starts:
                reason = ("no schedule meets the hard constraints" if status is Status.INFEASIBLE
                          else "CP-SAT found no schedule within the time limit")
                return Result(status, "cp-sat", reason=reason)
            break  # a later stage ran out of time: keep the previous stage's schedule
        statuses.append(status)
        value = round(solver.objective_value)
        if name == "objective":
            bound = round(solver.best_objective_bound)
        starts = {a.id: solver.value(model.end[i]) - a.duration for i, a in enumerate(p.activities)}
        # fix this stage, hint the next one with this solution
        if status is Status.OPTIMAL:
            m.add(expr == value)
        else:
            m.add(expr <= value)
        m.clear_hints()
        for i, a in enumerate(p.activities):
            m.add_hint(model.end[i], starts[a.id] + a.duration)
    overall = Status.OPTIMAL if len(statuses) == len(model.stages) and all(
        x is Status.OPTIMAL for x in statuses) else Status.FEASIBLE
    result = completed(p, Result(overall, "cp-sat", starts=starts))
    result.bound = bound
    result.work = dtime_used
    if wall_stop and s.deterministic:
        result.reason = "stopped by the wall-clock limit before the deterministic one: may differ between runs"
    return result


def _gap(obj: float, bound: float) -> float:
    return max(0.0, (obj - bound) / max(1.0, abs(obj)))
