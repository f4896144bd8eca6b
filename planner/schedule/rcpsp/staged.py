"""Makespan path for plain RCPSP problems: CP-SAT minimises the makespan in two stages.

Used by :func:`planner.schedule.rcpsp.solve` for a plain resource-constrained
project (makespan objective; renewable resources, finish-to-start precedences, releases and
deadlines only: see :func:`eligible`). From the greedy's schedule (hint, and the horizon ``UB``),
with the lower bound ``LB`` (path, energy, precedence energy, of the project and of its mirror)
and CP-SAT's LP off (:data:`SEARCH_PARAMETERS`: a 3-5x slowdown on these proofs):

1. **Interval models** (start variables, intervals, one cumulative per resource) for
   :data:`QUICK` seconds: most instances are proven here (j30: 464 of 480, 40 ms each).
2. **Time-indexed Boolean models** (:mod:`planner.schedule.rcpsp.sat_model`, order encoding) for the
   rest of the time, below the incumbent (``makespan <= UB - 1``). On the hardest j30 instances
   they refute ``optimum - 1`` 2-6x faster (j3029_3: 4.9 s against 15-30 s of one core), but cost
   40 ms to build and more to presolve, so they would slow the easy ones (all 480 by them alone:
   115.9 s, of which 72.2 s on the 469 easiest, against 22-32 s).

Without a deterministic budget and with 2+ workers, two single-worker searches race on the two
cores in each stage and the first proof stops the other: the project with a no_overlap per
maximal clique (size >= 3) of activities that pairwise exceed some capacity together, against,
in stage 1, its **mirror image** (every precedence reversed, :func:`_mirrored`; a schedule of the
mirror read backwards is one of the project, so both have the same optimum, but the searches
differ) without cliques, and in stage 2 the project without cliques. With a deterministic budget
(the planner's reproducible mode), the project's models alone. The measurements behind these
choices are in ``benchmarks/psplib.py``.

Interval model: ``start[i]`` (domain = its time window ``[earliest start, horizon - tail]``),
``run[i]`` the fixed-size interval ``[start, start + duration)``, ``makespan``. Redundant
constraints: the cliques above and the precedence-energy lags and tails of
:func:`planner.schedule.bounds.critical_path.precedence_energy`.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.schedule.bounds.critical_path import (
    critical_path_ends,
    energy_bound,
    precedence_energy,
    topological_order,
)
from planner.schedule.core.problem import Kind, Objective, Precedence, Problem
from planner.schedule.core.result import Result, Status, completed
from planner.schedule.rcpsp.sat_model import SatModel, oriented, read_back

QUICK = 0.5  # seconds (deterministic ones with a deterministic budget) for the interval models
MAX_CLIQUES = 2000  # maximal cliques enumerated for the no_overlap redundancy (exponential worst case)
SEARCH_PARAMETERS = {"linearization_level": 0, "use_strong_propagation_in_disjunctive": True,
                       "use_disjunctive_constraint_in_cumulative": False}


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

    def latest_starts(self, horizon: int) -> list[int]:
        """Each activity's latest start for a makespan of ``horizon`` (tail and deadline); may fall
        below its earliest start, and then nothing fits by ``horizon``."""
        return [horizon - t if dl is None else min(horizon - t, dl - du)
                for t, dl, du in zip(self.tail, self.deadline, self.dur, strict=True)]

    @property
    def lower(self) -> int:
        """No schedule ends before some activity's earliest start plus its tail."""
        return max((e + t for e, t in zip(self.est, self.tail, strict=True)), default=0)


def _data(p: Problem, *, cliques: bool = True) -> _Data:
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
                 users, caps, _incompatible_cliques(p) if cliques else [], extra)


def _mirrored(p: Problem) -> Problem | None:
    """The same project with every precedence reversed: a schedule ending by ``H`` read backwards
    (start ``H - end``) is one of the original, so both have the same shortest makespan. None when
    releases or deadlines would have to move with ``H``."""
    if any(a.release or a.deadline is not None for a in p.activities):
        return None
    return dataclasses.replace(p, precedences=tuple(Precedence(x.after, x.before, lag=x.lag) for x in p.precedences))


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
    """CP-SAT model minimising the makespan between ``lower`` and ``horizon`` (of the mirror image
    when ``mirrored``: :meth:`starts` reads it back)."""

    def __init__(self, d: _Data, horizon: int, *, lower: int = 0, cliques: bool = True,
                 mirrored: bool = False) -> None:
        self.mirrored, self.dur = mirrored, d.dur
        m = self.model = cp_model.CpModel()
        n = len(d.dur)
        self.start = []
        for i, hi in enumerate(d.latest_starts(horizon)):
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
        makespan = m.new_int_var(lower, horizon, "makespan")
        for i in range(n):
            m.add(self.start[i] + d.tail[i] <= makespan)
        m.minimize(makespan)

    def hint(self, starts: list[int], horizon: int) -> None:
        """Search from a schedule of the original ending by ``horizon`` (mirrored if need be)."""
        for x, v in zip(self.start, oriented(starts, self.dur, horizon, self.mirrored), strict=True):
            self.model.add_hint(x, v)

    def starts(self, solver: cp_model.CpSolver) -> list[int]:
        return read_back([solver.value(x) for x in self.start], self.dur, self.mirrored)


def _race(jobs: list[tuple[_Model, cp_model.CpSolver]], run) -> list[tuple[_Model, int, cp_model.CpSolver]]:
    """Solve the models in parallel threads (CP-SAT releases the GIL); the first to prove its
    answer stops the others. Every answer, in the order they came. Not deterministic: used only
    without a deterministic budget."""
    answers: list[tuple[_Model, int, cp_model.CpSolver]] = []
    lock = threading.Lock()

    def one(model: _Model, solver: cp_model.CpSolver) -> None:
        code = run(model, solver)
        with lock:
            answers.append((model, code, solver))
            if code in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
                for _, other in jobs:
                    if other is not solver:
                        other.stop_search()

    threads = [threading.Thread(target=one, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def solve(problem: Problem, settings, start: Result | None, t0: float, on_progress=None) -> Result:
    """Minimise the makespan from the greedy's schedule: the interval models briefly, then the
    time-indexed ones (module doc)."""
    s, p = settings, problem
    race = s.dtime_budget is None and s.num_workers > 1
    d = _data(p)
    mirror = _mirrored(p) if race else None
    d_mirror = _data(mirror, cliques=False) if mirror is not None else None
    search = _Search(p, s, t0, start)
    search.lb = max(d.lower, d_mirror.lower if d_mirror else 0, energy_bound(p))  # the mirror has the same optimum

    def pair(kind, horizon: int) -> list:
        first = kind(d, horizon, lower=search.lb)
        if not race:
            return [first]
        if kind is _Model:  # second core: the mirror without cliques (or the project without them)
            return [first, _Model(d_mirror, horizon, lower=search.lb, mirrored=True) if d_mirror is not None
                    else _Model(d, horizon, lower=search.lb, cliques=False)]
        return [first, kind(d, horizon, lower=search.lb, cliques=False)]

    for kind, share in ((_Model, QUICK), (SatModel, None)):
        if search.done():
            break
        below = search.ub - 1 if kind is SatModel and search.best is not None else search.ub  # better or none
        search.run(pair(kind, min(below, p.horizon)), share)
    if on_progress is not None and search.best is not None:
        ub, lb = search.ub, search.lb
        on_progress(ub, lb, max(0.0, (ub - lb) / max(1, ub)), time.perf_counter() - t0)
    return search.result()


class _Search:
    """The incumbent and the bound across the stages of :func:`solve`."""

    def __init__(self, p: Problem, settings, t0: float, start: Result | None) -> None:
        self.p, self.s, self.t0 = p, settings, t0
        self.best = start if start is not None and start.feasible else None
        self.ub = self.best.objective if self.best is not None else p.horizon + 1
        self.lb = 0
        self.work = 0.0

    def left(self) -> float:
        return self.s.time_limit - (time.perf_counter() - self.t0)

    def done(self) -> bool:
        budget = self.s.dtime_budget
        return self.lb >= self.ub or self.left() <= 0.01 or (budget is not None and self.work >= budget)

    def run(self, models: list, share: float | None) -> None:
        """Solve the models (racing when more than one) for ``share`` of the time (None: the rest)."""
        s = self.s
        if self.best is not None:
            starts = [self.best.starts[a.id] for a in self.p.activities]
            for model in models:
                model.hint(starts, min(self.ub, self.p.horizon))
        wall = self.left() if share is None else min(self.left(), share)
        dtime = None if s.dtime_budget is None else max(0.01, s.dtime_budget - self.work)
        if dtime is not None and share is not None:
            dtime = min(dtime, share)

        def run(model, solver: cp_model.CpSolver) -> int:
            prm = solver.parameters
            prm.num_workers = 1
            prm.random_seed = s.seed
            prm.max_time_in_seconds = max(0.01, wall)
            prm.log_search_progress = s.log
            if dtime is not None:
                prm.max_deterministic_time = dtime
            for key, value in {**SEARCH_PARAMETERS, **s.parameters}.items():
                setattr(prm, key, value)
            return solver.solve(model.model)

        jobs = [(model, cp_model.CpSolver()) for model in models]
        answers = _race(jobs, run) if len(jobs) > 1 else [(m, run(m, slv), slv) for m, slv in jobs]
        for model, code, solver in answers:
            self.work += solver.deterministic_time
            if code == cp_model.INFEASIBLE:
                self.lb = self.ub  # nothing better than the incumbent within the horizon
            elif code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                self.lb = max(self.lb, round(solver.best_objective_bound))
                starts = {a.id: v for a, v in zip(self.p.activities, model.starts(solver), strict=True)}
                found = completed(self.p, Result(Status.FEASIBLE, "cp-sat", starts=starts))
                if found.objective < self.ub:
                    self.best, self.ub = found, found.objective

    def result(self) -> Result:
        if self.best is None:
            status = Status.INFEASIBLE if self.lb >= self.ub else Status.UNKNOWN
            reason = ("no schedule meets the hard constraints" if status is Status.INFEASIBLE
                      else "CP-SAT found no schedule within the time limit")
            return Result(status, "cp-sat", reason=reason, work=self.work)
        result = completed(self.p, Result(Status.OPTIMAL if self.lb >= self.ub else Status.FEASIBLE, "cp-sat",
                                          starts=dict(self.best.starts)))
        result.bound = min(self.lb, self.ub)
        result.work = self.work
        return result
