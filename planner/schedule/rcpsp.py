"""Makespan path for plain RCPSP problems: prove ``makespan <= UB - 1`` infeasible (destructive bound).

Used by :func:`planner.schedule.cpsat.solve` when the problem is a plain resource-constrained
project (makespan objective; renewable resources, finish-to-start precedences, releases and
deadlines only: see :func:`eligible`). Measured on PSPLIB j30 (benchmarks/psplib.py):

1. optional: **optimise** with CP-SAT (hinted with the greedy, ``num_workers``) for
   ``Settings.rcpsp_share`` of the budget. Off by default: on j30 it proved fewer instances
   (9-10 vs 12 of the 16 hardest) because its LP bound stalls while the decisions below move.
2. **Destructive bound** (top-down): from the greedy's makespan UB, while ``LB < UB``, solve the
   *decision* problem ``makespan <= UB - 1``. Its time windows are ``[earliest start, UB - 1 - tail]``,
   so propagation is far stronger than in an optimisation model, and CP-SAT's LP (useless for this
   proof: a 3-5x slowdown measured) is off. Infeasible: UB is optimal. Feasible: a better
   schedule, repeat. Without a deterministic budget and with 2+ workers, two single-worker
   solves race on each decision (with and without the clique constraints, which win on different
   instances); with one, a single deterministic solve (the planner's reproducible mode).

Variables: ``start[i]`` (domain = its time window for the current horizon), ``run[i]`` the fixed-size
interval ``[start, start + duration)``, ``makespan`` (optimisation only).
Redundant constraints: a no_overlap per maximal clique (size >= 3) of activities that pairwise
exceed some capacity together (they can never run in parallel), and the precedence-energy lags
and tails of :func:`planner.schedule.bounds.precedence_energy` (in the windows).
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.schedule.bounds import (
    critical_path_ends,
    makespan_lower_bound,
    precedence_energy,
    topological_order,
)
from planner.schedule.problem import Kind, Objective, Problem
from planner.schedule.result import Result, Status, completed

MAX_CLIQUES = 2000  # maximal cliques enumerated for the no_overlap redundancy (exponential worst case)
DECISION_PARAMETERS = {"linearization_level": 0, "use_strong_propagation_in_disjunctive": True}


def eligible(problem: Problem) -> bool:
    """Plain RCPSP: makespan, renewable resources, finish-to-start links; releases/deadlines allowed."""
    p = problem
    return (p.objective is Objective.MAKESPAN and not p.stocks and not p.volume_limits and not p.milestones
            and p.reference is None and not p.sync_groups and not p.forbidden_ends
            and all(x.kind is Kind.FINISH_TO_START for x in p.precedences)
            and all(a.fixed_start is None and a.fixed_end is None and not a.forbidden_ends for a in p.activities))


@dataclass
class _Data:
    """The problem as index lists (built once, reused by every horizon's model)."""

    dur: list[int]
    est: list[int]  # earliest start
    tail: list[int]  # least time from the start of i to the makespan (path and energy)
    deadline: list[int | None]
    succ: list[list[tuple[int, int]]]  # (j, lag): start(j) >= end(i) + lag
    users: list[list[tuple[int, int]]]  # per resource: (i, demand)
    caps: list[int]
    cliques: list[list[int]]
    extra: list[tuple[int, int, int]]  # (i, j, lag) from precedence energy


def _data(p: Problem) -> _Data:
    acts = p.activities
    n = len(acts)
    dur = [a.duration for a in acts]
    ends = critical_path_ends(p)
    succ: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for x in p.precedences:
        succ[p.index[x.before]].append((p.index[x.after], x.lag))
    extra, energy_tail = precedence_energy(p)
    tail = [0] * n
    for i in reversed(topological_order(succ)):
        tail[i] = dur[i] + max([energy_tail[i], *(lag + tail[j] for j, lag in succ[i])])
    users = [[(i, a.demands[r.name]) for i, a in enumerate(acts) if a.duration and a.demands.get(r.name, 0) > 0]
             for r in p.resources]
    caps = [r.capacity for r in p.resources]
    return _Data(dur, [e - d for e, d in zip(ends, dur, strict=True)], tail, [a.deadline for a in acts], succ,
                 users, caps, _incompatible_cliques(p), extra)


def _incompatible_cliques(p: Problem) -> list[list[int]]:
    """Maximal sets (size >= 3) of activities no two of which fit together on some resource."""
    import networkx as nx

    acts = p.activities
    g = nx.Graph()
    busy = [i for i, a in enumerate(acts) if a.duration and any(a.demands.values())]
    g.add_nodes_from(busy)
    for i, j in itertools.combinations(busy, 2):
        if any(acts[i].demands.get(r.name, 0) + acts[j].demands.get(r.name, 0) > r.capacity for r in p.resources):
            g.add_edge(i, j)
    return [sorted(c) for c in itertools.islice(nx.find_cliques(g), MAX_CLIQUES) if len(c) >= 3]


class _Model:
    """CP-SAT model of the problem with every activity ending by ``horizon``."""

    def __init__(self, d: _Data, horizon: int, *, optimise: bool, lower: int = 0, cliques: bool = True) -> None:
        m = self.model = cp_model.CpModel()
        n = len(d.dur)
        self.start = []
        for i in range(n):
            hi = horizon - d.tail[i]
            if d.deadline[i] is not None:
                hi = min(hi, d.deadline[i] - d.dur[i])
            self.start.append(m.new_int_var(d.est[i], max(d.est[i], hi), f"start[{i}]"))
            if hi < d.est[i]:
                m.add_bool_or([])  # empty window: infeasible at this horizon
        run = [m.new_fixed_size_interval_var(self.start[i], d.dur[i], f"run[{i}]") for i in range(n)]
        for i, out in enumerate(d.succ):
            for j, lag in out:
                m.add(self.start[i] + d.dur[i] + lag <= self.start[j])
        for i, j, lag in d.extra:
            m.add(self.start[i] + d.dur[i] + lag <= self.start[j])
        for users, cap in zip(d.users, d.caps, strict=True):
            if users:
                m.add_cumulative([run[i] for i, _ in users], [q for _, q in users], cap)
        for clique in d.cliques if cliques else ():
            m.add_no_overlap([run[i] for i in clique])
        if optimise:
            self.makespan = m.new_int_var(lower, horizon, "makespan")
            for i in range(n):
                m.add(self.start[i] + d.tail[i] <= self.makespan)
            m.minimize(self.makespan)


def _race(jobs: list[tuple[_Model, cp_model.CpSolver]], run) -> tuple[_Model, int, cp_model.CpSolver]:
    """Solve the models in parallel threads (CP-SAT releases the GIL); the first definite answer
    stops the others. Not deterministic: used only without a deterministic budget."""
    answers: list[tuple[_Model, int, cp_model.CpSolver]] = []
    lock = threading.Lock()

    def one(model: _Model, solver: cp_model.CpSolver) -> None:
        code = run(model, solver)
        with lock:
            answers.append((model, code, solver))
            if code in _DECIDED:
                for _, other in jobs:
                    if other is not solver:
                        other.stop_search()

    threads = [threading.Thread(target=one, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    decided = [a for a in answers if a[1] in _DECIDED]
    return (decided or answers)[0]


_DECIDED = (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE)


def solve(problem: Problem, settings, start: Result | None, t0: float, on_progress=None) -> Result:
    """Optimise, then prove the incumbent optimal by refuting ``makespan <= UB - 1`` (module doc)."""
    s = settings
    p = problem
    d = _data(p)
    lb = makespan_lower_bound(p)
    best = start if start is not None and start.feasible else None
    ub = best.objective if best is not None else p.horizon + 1
    dtime = s.dtime_budget
    work = 0.0

    def left() -> float:
        return s.time_limit - (time.perf_counter() - t0)

    def run(model: _Model, wall: float, dt: float | None, workers: int, extra: dict,
            solver: cp_model.CpSolver | None = None) -> tuple[int, cp_model.CpSolver]:
        nonlocal work
        solver = solver or cp_model.CpSolver()
        prm = solver.parameters
        prm.num_workers = workers
        prm.random_seed = s.seed
        prm.max_time_in_seconds = max(0.01, wall)
        prm.log_search_progress = s.log
        if dt is not None:
            prm.interleave_search = workers > 1
            prm.max_deterministic_time = max(0.01, dt)
        for key, value in {**extra, **s.parameters}.items():
            setattr(prm, key, value)
        code = solver.solve(model.model)
        work += solver.deterministic_time
        return code, solver

    def keep(model: _Model, solver: cp_model.CpSolver) -> Result:
        starts = {a.id: solver.value(model.start[i]) for i, a in enumerate(p.activities)}
        found = completed(p, Result(Status.FEASIBLE, "cp-sat", starts=starts))
        if on_progress is not None:
            obj = found.objective
            on_progress(obj, lb, max(0.0, (obj - lb) / max(1, obj)), time.perf_counter() - t0)
        return found

    # 1. optimise briefly (most instances end here)
    share = s.rcpsp_share
    if lb < ub and share > 0:
        model = _Model(d, min(ub, p.horizon), optimise=True, lower=lb)
        if best is not None:
            for i, a in enumerate(p.activities):
                model.model.add_hint(model.start[i], best.starts[a.id])
        code, solver = run(model, left() * share, None if dtime is None else dtime * share,
                           s.num_workers, {})
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = keep(model, solver)
            if found.objective < ub:
                best, ub = found, found.objective
            lb = max(lb, round(solver.best_objective_bound))
        elif code == cp_model.INFEASIBLE:
            lb = ub  # nothing better than the hint (or nothing at all) within the horizon
    # 2. destructive bound: refute makespan <= ub - 1 until it holds or time runs out
    while lb < ub and left() > 0.01 and (dtime is None or work < dtime):
        horizon = min(ub, p.horizon + 1) - 1
        if dtime is None and s.num_workers > 1:  # race two models on two cores, keep the first answer
            jobs = [(_Model(d, horizon, optimise=False, cliques=c), cp_model.CpSolver()) for c in (True, False)]
            model, code, solver = _race(jobs, lambda mdl, slv: run(mdl, left(), None, 1, DECISION_PARAMETERS, slv)[0])
        else:
            model = _Model(d, horizon, optimise=False)
            code, solver = run(model, left(), None if dtime is None else dtime - work, 1, DECISION_PARAMETERS)
        if code == cp_model.INFEASIBLE:
            lb = ub
        elif code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best = keep(model, solver)
            ub = best.objective
        else:
            break
    if best is None:
        status = Status.INFEASIBLE if lb >= ub else Status.UNKNOWN
        reason = ("no schedule meets the hard constraints" if status is Status.INFEASIBLE
                  else "CP-SAT found no schedule within the time limit")
        return Result(status, "cp-sat", reason=reason, work=work)
    result = Result(Status.OPTIMAL if lb >= ub else Status.FEASIBLE, "cp-sat", starts=dict(best.starts))
    result = completed(p, result)
    result.bound = min(lb, ub)
    result.work = work
    return result
