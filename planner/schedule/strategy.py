"""The general solving strategy: how a time budget is spent on a weighted-end problem (the planner's waves).

:func:`solve` (the entry point's ``solve``) — milestones are soft: as many as possible are met
first, then the objective is minimised:

1. the milestone-aware greedy (:mod:`planner.schedule.heuristics.repair`) gives a valid schedule
   in seconds, meeting every milestone it can; unless the time limit is 0, the greedy ordered by the
   LPs' target ends (:func:`_lp_guided`: slice LPs, and the time-indexed LP, whole on small problems
   or with ``prove``, by column generation up to ~20,000 activities) replaces it when better (at
   10,000 systems 22 % cheaper), and those LPs bound the cost;
2. when it misses one and the problem is small, the interval model (milestones soft: the first
   stage minimises their shortfall) searches for a schedule that meets more;
3. the milestones met so far become hard and the cost is minimised from that schedule: by one
   time-indexed model when activities x periods <= TIME_INDEXED_MAX_CELLS (better bounds than the
   interval model), else part by part (:mod:`planner.schedule.cpsat.decompose`: one part per team
   pool, the shared cloud capacity, data transfer and milestones split by the first schedule, the
   bound from the parts without those ties) unless the LPs already prove the schedule within
   PARTS_ABOVE_GAP of optimal.

Budgets (:class:`Budget`): CP-SAT stops on its *deterministic* time, which is the same on every
run; the wall clock only caps a run on a machine far slower than expected. Measured on the
project's 2-core machines: one deterministic second takes ~10 wall seconds of these models
(0.06-0.1 per wall second).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from planner.schedule.bounds import slice_lp, time_indexed_lp
from planner.schedule.bounds.weighted_ends import weighted_end_lower_bound
from planner.schedule.core.problem import Problem
from planner.schedule.core.result import Result, Status, completed
from planner.schedule.cpsat import decompose, time_indexed
from planner.schedule.cpsat import interval as interval_model
from planner.schedule.cpsat.stages import ProgressFn, Settings
from planner.schedule.heuristics import repair

DETERMINISTIC_PER_SECOND = 0.1
TIME_INDEXED_PER_SECOND = 0.2  # time-indexed: 18.8 deterministic s in 58 wall s idle, 9 in 133 s loaded (1,000 systems)
WALL_CAP = 10.0  # a run stops by this many times its limit whatever happens (then it may not repeat)
TIME_INDEXED_MAX_CELLS = 250_000  # activities x horizon up to which one time-indexed model is used
PARTS_ABOVE_GAP = 0.05  # the CP-SAT parts polish large plans only when proven further than this from optimal
LP_STRIDE_ACTIVITIES = 100_000  # the slice LPs solve every k-th wave, k = 1 + activities // this (50,000 systems: k = 1)
BOTH_ORDERS_ACTIVITIES = 20_000  # up to this many, the greedy also runs in the slices' own order (50,000 systems: +35 s)


@dataclass(frozen=True)
class Budget:
    """What a solve may spend, and whom it tells: seconds (0: the greedy only), workers, seed, ``prove``
    (the time-indexed LP whole whatever the size), the progress display and the stage timer."""

    time_limit: float = 30.0
    workers: int = 2
    seed: int = 0
    prove: bool = False
    on_progress: ProgressFn | None = None
    on_stage: Callable[[str, float], None] | None = None

    def settings(self, share: float, rate: float = DETERMINISTIC_PER_SECOND) -> Settings:
        """CP-SAT settings for ``share`` of the time limit: deterministic time binds, the wall clock is a cap."""
        seconds = self.time_limit * share
        return Settings(time_limit=seconds * WALL_CAP, deterministic_time=seconds * rate,
                        num_workers=self.workers, seed=self.seed)


@contextmanager
def stage(budget: Budget, name: str) -> Iterator[None]:
    """Tell the budget's stage timer (benchmarks, progress display) how long the stage took."""
    t0 = time.perf_counter()
    yield
    if budget.on_stage:
        budget.on_stage(name, time.perf_counter() - t0)


def solve(problem: Problem, budget: Budget | None = None) -> Result:
    """The best schedule the budget buys (module doc): milestones first, then the objective; always a Result."""
    b = budget or Budget()
    began = time.perf_counter()
    with stage(b, "greedy"):
        start = repair.schedule(problem, seed=b.seed)
    with stage(b, "bound"):
        start = dataclasses.replace(start, bound=best_bound(start.bound, weighted_end_lower_bound(problem)))
    _report(b, start, began)
    if b.time_limit > 0:
        with stage(b, "lp-guided greedy"):
            guided, lp_bound = _lp_guided(problem, start, b.time_limit, prove=b.prove)
            start = dataclasses.replace(guided, bound=best_bound(start.bound, lp_bound))
        _report(b, start, began)
    if b.time_limit <= 0 or not start.feasible:
        return start
    small = len(problem.activities) * problem.horizon <= TIME_INDEXED_MAX_CELLS
    polish = 1.0
    if small and start.shortfall > 0:
        with stage(b, "cp-sat"):
            first = interval_model.solve(problem, b.settings(0.5), on_progress=b.on_progress)
        polish = 0.5
        if first.feasible and (first.shortfall, first.objective) < (start.shortfall, start.objective):
            start = first
    met = {name for name, outcome in start.milestones.items() if outcome.met}
    keep = dataclasses.replace(problem, milestones=tuple(
        dataclasses.replace(m, hard=m.name in met) for m in problem.milestones))
    if small:
        with stage(b, "time-indexed"):
            better = time_indexed.solve(keep, b.settings(polish, TIME_INDEXED_PER_SECOND),
                                        on_progress=b.on_progress, start=start)
    elif start.shortfall == 0 and start.gap is not None and start.gap <= PARTS_ABOVE_GAP:
        # proven close enough: the parts gained < 0.1 % in 11-15 s (10,000 systems)
        return dataclasses.replace(start, status=Status.OPTIMAL) if start.gap == 0.0 else start
    else:
        with stage(b, "parts"):
            better = decompose.solve(keep, start, b.settings(polish, TIME_INDEXED_PER_SECOND),
                                     on_progress=b.on_progress)
    if not better.feasible or (better.shortfall, better.objective) > (start.shortfall, start.objective):
        return start
    better = completed(problem, better)
    bound = best_bound(start.bound, better.bound)
    proven = bound is not None and bound >= better.objective
    return dataclasses.replace(better, bound=bound, status=Status.OPTIMAL if proven else better.status)


def _lp_guided(problem: Problem, start: Result, time_limit: float, *, prove: bool = False) -> tuple[Result, int | None]:
    """The greedy ordered by LP target ends if it beats ``start`` by :func:`_rank`, with the LPs'
    best bound of the cost. The slice LPs (:mod:`planner.schedule.bounds.slice_lp`) give targets at any
    size (their bound only at stride 1); up to :data:`time_indexed_lp.MAX_CELLS` columns the
    time-indexed LP gives better ones and a far better bound (1,000 systems: 17.33 M against the
    slices' 17.61 M, bound 16.97 M against 15.80 M); up to GENERATION_MAX_CELLS the same LP by
    column generation around the greedy's schedule, instead of the slices (10,000 systems, version 2:
    bound 685.53 M, plan 705.23 M in 34 s; the slices first, then columns around their guided plan:
    704.29 M in 77 s); with ``prove`` whole at any size and without a time limit. Up to
    BOTH_ORDERS_ACTIVITIES the order of the slices alone is tried too: the greedy's response to targets
    is uneven (the example: 6.71 M by the coupled LP's order, 6.63 M by the slices'; 10,000 systems:
    160.9 M vs 171.4 M)."""
    cells = time_indexed_lp.cells(problem)
    whole = prove or cells <= time_indexed_lp.MAX_CELLS
    by_columns = not whole and cells <= time_indexed_lp.GENERATION_MAX_CELLS and start.feasible
    bounds: list[int | None] = []
    if by_columns:  # around the greedy's plan; the slice LPs only if it finds no fractional schedule
        strong = time_indexed_lp.solve_by_columns(problem, start.ends)
        if strong.targets:
            return _strong_guided(problem, start, strong, bounds)
    stride = 1 + len(problem.activities) // LP_STRIDE_ACTIVITIES
    lp = slice_lp.solve(problem, stride=stride)
    orders, bounds = [t for t in (lp.targets,) if t], [lp.bound if stride == 1 else None]
    if lp.targets and lp.slice_targets != lp.targets and len(problem.activities) <= BOTH_ORDERS_ACTIVITIES:
        orders.append(lp.slice_targets)
    start = _best_guided(problem, start, orders)
    if whole:
        strong = time_indexed_lp.solve(problem, time_limit=None if prove else max(1.0, time_limit))
        return _strong_guided(problem, start, strong, bounds)
    return start, best_bound(*bounds)


def _strong_guided(problem: Problem, start: Result, strong: time_indexed_lp.TimeIndexedLP,
                   bounds: list[int | None]) -> tuple[Result, int | None]:
    """The best of ``start`` and the greedy guided by the time-indexed LP's targets, with the best bound."""
    start = _best_guided(problem, start, [strong.targets] if strong.targets else [])
    # the milestones come first (_rank), so once a plan meets them all the best plan does too
    met = start.feasible and start.shortfall == 0 and strong.bound_if_met is not None
    return start, best_bound(*bounds, strong.bound_if_met if met else strong.bound)


def _best_guided(problem: Problem, start: Result, orders: list[list[float]]) -> Result:
    """The best by :func:`_rank` of ``start`` and the greedy guided by each order of target ends."""
    for targets in orders:
        guided = repair.guided(problem, targets)
        if guided.feasible and (not start.feasible or _rank(problem, guided) < _rank(problem, start)):
            start = guided
    return start


def best_bound(*bounds: int | None) -> int | None:
    """The strongest of the lower bounds that were proven (None: none was)."""
    return max((b for b in bounds if b is not None), default=None)


def _rank(problem: Problem, result: Result) -> tuple:
    """Milestone shortfall, then (re-planning) the changes to announced waves, then the cost."""
    ref = problem.reference
    kept = (result.deviation or 0) if ref is not None and ref.before_objective else 0
    return result.shortfall, kept, result.objective


def _report(b: Budget, result: Result, since: float) -> None:
    """Show the best schedule so far on the progress display (the greedy stages run before CP-SAT)."""
    if b.on_progress and result.feasible and result.gap is not None:
        b.on_progress(result.objective, result.bound, result.gap, time.perf_counter() - since)
