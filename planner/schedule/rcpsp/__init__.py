"""The makespan path for plain resource-constrained projects (PSPLIB): :func:`solve`.

The planner's wave problems minimise a weighted end and take the general path
(:func:`planner.schedule.solve`); the benchmarks call this one directly. It races interval models
against their mirror image, then time-indexed Boolean models (:mod:`.staged`, :mod:`.sat_model`).
"""

from __future__ import annotations

import time

from planner.schedule.core.problem import Problem
from planner.schedule.core.result import Result, settle
from planner.schedule.cpsat.stages import ProgressFn, Settings
from planner.schedule.heuristics import greedy
from planner.schedule.rcpsp import staged
from planner.schedule.rcpsp.staged import eligible

__all__ = ["Settings", "eligible", "solve"]


def solve(problem: Problem, settings: Settings | None = None, *, on_progress: ProgressFn | None = None,
          check: bool = True) -> Result:
    """Minimise the makespan of a plain RCPSP (:func:`eligible`); always returns a Result, checked by default."""
    if not eligible(problem):
        raise ValueError("planner.schedule.rcpsp.solve takes plain makespan problems only (see eligible); "
                         "use planner.schedule.solve for the others")
    s = settings or Settings()
    t0 = time.perf_counter()
    start, settled = greedy.hint_for(problem, s.greedy_passes, s.seed, solver="cp-sat") if s.hint else (None, False)
    if settled:
        return start  # proven by propagation alone, or the greedy meets a lower bound
    result = staged.solve(problem, s, start, t0, on_progress)
    return settle(problem, result, start, "cp-sat", time.perf_counter() - t0, check)
