"""CP-SAT on the interval model of a :class:`Problem` (:mod:`planner.schedule.cpsat.interval_model`).

The greedy's schedule hints the model; the objectives are solved in stages
(:func:`planner.schedule.cpsat.stages.solve_stages`). Determinism: see
:class:`~planner.schedule.cpsat.stages.Settings`. The plain makespan problems of PSPLIB have their
own path, :mod:`planner.schedule.rcpsp`.
"""

from __future__ import annotations

import time

from planner.schedule.core.problem import Problem
from planner.schedule.core.result import Result, settle
from planner.schedule.cpsat.interval_model import CpModel
from planner.schedule.cpsat.stages import ProgressFn, Settings, solve_stages
from planner.schedule.heuristics import greedy

__all__ = ["CpModel", "ProgressFn", "Settings", "solve"]


def solve(problem: Problem, settings: Settings | None = None, *, on_progress: ProgressFn | None = None,
          check: bool = True) -> Result:
    """Solve with CP-SAT; always returns a Result, checked against :func:`violations`."""
    s = settings or Settings()
    t0 = time.perf_counter()
    start, settled = greedy.hint_for(problem, s.greedy_passes, s.seed, solver="cp-sat") if s.hint else (None, False)
    if settled:
        return start  # proven by propagation alone, or the greedy meets a lower bound
    model = CpModel(problem, redundant=s.redundant)
    if start is not None and start.feasible:
        model.hint(start.ends)
    result = solve_stages(model, s, t0, on_progress, engine="cp-sat", dtime_total=s.dtime_budget or 0.0)
    return settle(problem, result, start, "cp-sat", time.perf_counter() - t0, check)
