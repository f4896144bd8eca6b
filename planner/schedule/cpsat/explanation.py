"""Why a problem has no schedule: a small set of constraint labels that together admit none (CP-SAT)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.schedule.core.problem import Problem
from planner.schedule.core.result import Status
from planner.schedule.cpsat.interval_model import CpModel
from planner.schedule.cpsat.stages import STATUS


@dataclass
class Explanation:
    """Labels whose constraints together admit no schedule (hard constraints + all milestones)."""

    status: Status  # INFEASIBLE: ``labels`` explain it; FEASIBLE: nothing to explain; UNKNOWN: undecided
    labels: list[str] = field(default_factory=list)
    minimal: bool = False  # True: dropping any one label makes the rest feasible (proven)
    seconds: float = 0.0


def explain(problem: Problem, *, keep: Iterable[str] = (), relax: Iterable[str] = (), time_limit: float = 10.0,
            seed: int = 0, deterministic_time: float | None = None) -> Explanation:
    """A small (when ``minimal``, irreducible) set of labels that make the problem infeasible.

    Soft milestones count as hard here. Labels in ``keep`` are always enforced and never blamed
    (e.g. facts of the past); labels in ``relax`` are dropped (to look for a further, independent
    conflict once one is known); releases and durations are always enforced. Uses assumption
    literals and ``sufficient_assumptions_for_infeasibility``, then a deletion filter.
    With ``deterministic_time`` the solves stop on CP-SAT's deterministic time (the same answer on
    every run); ``time_limit`` then only caps the wall clock.
    """
    t0 = time.perf_counter()
    used = [0.0]  # deterministic time spent so far
    model = CpModel(problem, explain=True)
    m = model.model
    kept, relaxed = set(keep), set(relax)
    for label, lit in model.lit.items():
        if label in kept:
            m.add(lit == 1)
        elif label in relaxed:
            m.add(lit == 0)
    candidates = [label for label in model.lit if label not in kept and label not in relaxed]

    def infeasible(labels: list[str]) -> tuple[Status, list[str]]:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1  # cores come from the single-thread search
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = max(0.05, (time_limit - (time.perf_counter() - t0)) / 2)
        if deterministic_time is not None:
            solver.parameters.max_deterministic_time = max(0.01, (deterministic_time - used[0]) / 2)
        m.clear_assumptions()
        m.add_assumptions([model.lit[x] for x in labels])
        status = STATUS[solver.solve(m)]
        used[0] += solver.deterministic_time
        if status is not Status.INFEASIBLE:
            return status, labels
        core = {v for v in solver.sufficient_assumptions_for_infeasibility()}
        return status, [x for x in labels if model.lit[x].index in core]

    status, core = infeasible(candidates)
    if status is not Status.INFEASIBLE:
        return Explanation(Status.FEASIBLE if status in (Status.OPTIMAL, Status.FEASIBLE) else Status.UNKNOWN,
                           seconds=time.perf_counter() - t0)
    minimal = True
    for label in list(core):  # deletion filter
        if label not in core:
            continue
        rest = [x for x in core if x != label]
        out_of_time = (used[0] >= deterministic_time if deterministic_time is not None
                       else time.perf_counter() - t0 > time_limit)
        if out_of_time:
            minimal = False
            break
        sub, smaller = infeasible(rest)
        if sub is Status.INFEASIBLE:
            core = smaller
        elif sub is Status.UNKNOWN:
            minimal = False
    return Explanation(Status.INFEASIBLE, core, minimal, time.perf_counter() - t0)
