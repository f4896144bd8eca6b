"""CP-SAT adapter: builds a model from a :class:`Problem`, solves it, returns a :class:`Result`.

Variables (one of each per activity ``i``):
    ``end[i]``  — the end of ``i``; its domain is the window [release + duration, min(deadline,
                 horizon)] less the forbidden ends (pins fix it). ``start = end - duration``.
    ``run[i]``  — interval [end - duration, end): ``i`` running (renewable resources).
    ``held[i]`` — interval [end, top + 1): ``i`` holds its stock from its end on, for good.
    ``lands[i]``— interval [end, end + 1): ``i``'s volume arrives at its end.
    ``by[m, i]``— Boolean: ``i`` ends by milestone ``m``'s time (only the implication is posted).

Stock uses the *cumulative-over-time* trick: a capacity step function ``cap(t)`` becomes one
cumulative of capacity ``max cap`` with fixed "reserve" intervals of demand ``max cap - cap(t)``
and one ``held`` interval per user, so the model stays linear in the number of activities
(per-time sums would need activities x times literals). Volume per end is a cumulative of unit
intervals for the same reason.

Objectives are solved lexicographically in stages: (1) the shortfall of the soft milestones,
(2) the problem's objective, (3) the deviation from the reference schedule. Each stage fixes the
previous stage's value (``==`` when proven, ``<=`` otherwise) and is hinted with its solution.

Determinism: see :func:`solve`. Explanation of infeasibility: see :func:`explain`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.schedule import greedy, rcpsp
from planner.schedule.bounds import makespan_lower_bound, precedence_energy
from planner.schedule.problem import Deviation, Kind, Objective, Problem
from planner.schedule.result import Result, Status, completed, settle

ProgressFn = Callable[[float, float, float, float], None]  # (best objective, bound, gap, seconds)

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
    cp_model.MODEL_INVALID: Status.MODEL_INVALID,
}


# ---- the model -----------------------------------------------------------------------------------


class CpModel:
    """The CP-SAT model of a problem.

    With ``explain=True`` every labelled constraint group is enforced by one literal
    ``lit[label]`` (used as an assumption), time may run past the horizon (the horizon is itself
    a labelled constraint) and soft milestones count as hard.
    """

    def __init__(self, problem: Problem, *, explain: bool = False, redundant: bool = True) -> None:
        self.p = problem
        self.explain = explain
        self.redundant = redundant and not explain
        self.model = cp_model.CpModel()
        self.lit: dict[str, cp_model.IntVar] = {}
        self.top = self._top()
        self._add_variables()
        self._add_constraints()

    # ---- table of contents ---------------------------------------------------------------------

    def _add_constraints(self) -> None:
        self._activities_keep_their_windows()
        self._renewable_resources_are_not_exceeded()
        self._precedences_hold()
        self._sync_groups_end_together()
        self._stocks_never_overflow()
        self._volume_per_end_is_limited()
        self._milestones_are_counted()
        if not self.explain:
            self._objectives_are_defined()
        if self.redundant:
            self._precedence_energy_separates_activities()
        if not self.explain and self.p.objective is Objective.MAKESPAN:
            self._search_starts_earliest_first()

    # ---- helpers -------------------------------------------------------------------------------

    def _top(self) -> int:
        """Latest end the model allows: the horizon, or far enough past it to relax it (explain)."""
        p = self.p
        if not self.explain:
            return p.horizon
        base = max([p.horizon, *(a.release for a in p.activities), *(a.deadline or 0 for a in p.activities),
                    *(a.fixed_end or 0 for a in p.activities),
                    *((a.fixed_start or 0) + a.duration for a in p.activities),
                    *p.forbidden_ends, *(t for a in p.activities for t in a.forbidden_ends),
                    *(t for s in p.stocks for t, _ in s.steps)])
        slack = sum(a.duration for a in p.activities) + sum(abs(x.lag) for x in p.precedences)
        return base + slack + len(p.activities) + 1

    def _enforce(self, ct: cp_model.Constraint, label: str) -> None:
        if self.explain:
            ct.only_enforce_if(self._lit(label))

    def _lit(self, label: str) -> cp_model.IntVar:
        if label not in self.lit:
            self.lit[label] = self.model.new_bool_var(f"lit[{label}]")
        return self.lit[label]

    def _amount(self, q: int, label: str):
        """A demand that vanishes when its label is relaxed (explain mode)."""
        return q * self._lit(label) if self.explain else q

    # ---- variables -----------------------------------------------------------------------------

    def _add_variables(self) -> None:
        p, m = self.p, self.model
        self.end: list[cp_model.IntVar] = []
        self.window: list[tuple[int, int]] = []  # smallest and largest value in end[i]'s domain
        self.run: dict[int, cp_model.IntervalVar] = {}
        for i, a in enumerate(p.activities):
            lo, hi = a.release + a.duration, self.top
            if not self.explain:
                hi = min(hi, a.deadline if a.deadline is not None else hi)
                for fixed in (a.fixed_end, None if a.fixed_start is None else a.fixed_start + a.duration):
                    if fixed is not None:
                        lo, hi = max(lo, fixed), min(hi, fixed)
                allowed = _allowed(lo, hi, p.end_forbidden(a))
            else:
                allowed = [(lo, hi)]
            self.window.append((allowed[0][0], allowed[-1][1]) if allowed else (lo, lo))
            if allowed:
                var = m.new_int_var_from_domain(cp_model.Domain.from_intervals(allowed), f"end[{a.id}]")
            else:  # empty window: keep the model valid, let the solver report infeasibility
                var = m.new_int_var(lo, lo, f"end[{a.id}]")
                m.add_bool_or([])
            self.end.append(var)
            if a.duration > 0 and any(a.demands.values()):
                self.run[i] = m.new_fixed_size_interval_var(var - a.duration, a.duration, f"run[{a.id}]")

    # ---- constraints ---------------------------------------------------------------------------

    def _activities_keep_their_windows(self) -> None:
        """Deadlines, horizon, pins and forbidden ends: domains, or labelled constraints (explain)."""
        if not self.explain:
            return
        p, m = self.p, self.model
        for i, a in enumerate(p.activities):
            end = self.end[i]
            self._enforce(m.add(end <= p.horizon), p.horizon_label)
            if a.deadline is not None:
                self._enforce(m.add(end <= a.deadline), a.deadline_tag)
            for fixed in (a.fixed_end, None if a.fixed_start is None else a.fixed_start + a.duration):
                if fixed is not None:
                    self._enforce(m.add(end == fixed), a.pin_tag)
            if a.duration > 0 and p.forbidden_ends:
                dom = cp_model.Domain.from_intervals(_allowed(0, self.top, p.forbidden_ends))
                self._enforce(m.add_linear_expression_in_domain(end, dom), p.forbidden_label)
            if a.forbidden_ends:
                dom = cp_model.Domain.from_intervals(_allowed(0, self.top, a.forbidden_ends))
                self._enforce(m.add_linear_expression_in_domain(end, dom), a.forbidden_tag)

    def _renewable_resources_are_not_exceeded(self) -> None:
        """One cumulative per renewable resource over the running intervals."""
        for r in self.p.resources:
            tasks = [(self.run[i], a.demands[r.name]) for i, a in enumerate(self.p.activities)
                     if i in self.run and a.demands.get(r.name, 0) > 0]
            if tasks:
                self.model.add_cumulative([t for t, _ in tasks], [self._amount(q, r.tag) for _, q in tasks],
                                          r.capacity)

    def _precedences_hold(self) -> None:
        """Finish-to-start: end(a) + lag <= end(b) - dur(b); end-to-end: end(a) + lag <= end(b)."""
        p = self.p
        for x in p.precedences:
            a, b = p.index[x.before], p.index[x.after]
            offset = p.activities[b].duration if x.kind is Kind.FINISH_TO_START else 0
            self._enforce(self.model.add(self.end[a] + x.lag + offset <= self.end[b]), x.tag)

    def _sync_groups_end_together(self) -> None:
        """Every member of a sync group ends with its first member."""
        p = self.p
        for g in p.sync_groups:
            first = self.end[p.index[g.members[0]]]
            for other in g.members[1:]:
                self._enforce(self.model.add(self.end[p.index[other]] == first), g.tag)

    def _stocks_never_overflow(self) -> None:
        """sum(use of activities ended by t) <= cap(t) for all t, as one cumulative per stock."""
        p, m, top = self.p, self.model, self.top
        for s in p.stocks:
            users = [(i, a.uses[s.name]) for i, a in enumerate(p.activities) if a.uses.get(s.name, 0) > 0]
            if not users:
                continue
            peak = max((cap for _, cap in s.steps), default=0)
            intervals, demands = [], []
            for lo, hi, cap in _segments(s.steps, top + 1):
                if cap < peak:  # reserve[s, lo]: the part of the peak not yet available
                    intervals.append(m.new_fixed_size_interval_var(lo, hi - lo, f"reserve[{s.name},{lo}]"))
                    demands.append(peak - cap)
            for i, q in users:
                end = self.end[i]
                intervals.append(m.new_interval_var(end, top + 1 - end, top + 1, f"held[{s.name},{i}]"))
                demands.append(self._amount(q, s.tag))
            m.add_cumulative(intervals, demands, peak)

    def _volume_per_end_is_limited(self) -> None:
        """sum(volume of activities ending at t) <= limit, as a cumulative of unit intervals."""
        p, m = self.p, self.model
        for v in p.volume_limits:
            users = [(i, a.volumes[v.name]) for i, a in enumerate(p.activities) if a.volumes.get(v.name, 0) > 0]
            if users:
                intervals = [m.new_fixed_size_interval_var(self.end[i], 1, f"lands[{v.name},{i}]") for i, _ in users]
                m.add_cumulative(intervals, [self._amount(q, v.tag) for _, q in users], v.limit)

    def _milestones_are_counted(self) -> None:
        """achieved[m] = sum(weight * by[m, i]); hard: >= required; soft: shortfall[m] >= required - achieved."""
        p, m = self.p, self.model
        self.shortfall: list[cp_model.IntVar] = []
        for ms in p.milestones:
            terms, constant = [], 0
            for aid, w in ms.weights.items():
                end = self.end[p.index[aid]]
                lo, hi = self.window[p.index[aid]]
                if w == 0 or lo > ms.time:
                    continue
                if hi <= ms.time:
                    constant += w
                    continue
                by = m.new_bool_var(f"by[{ms.name},{aid}]")
                m.add(end <= ms.time).only_enforce_if(by)
                terms.append(w * by)
            achieved = sum(terms) + constant
            if ms.hard or self.explain:
                self._enforce(m.add(achieved >= ms.required), ms.tag)
            else:
                short = m.new_int_var(0, ms.required, f"shortfall[{ms.name}]")
                m.add(short >= ms.required - achieved)
                self.shortfall.append(short)

    def _objectives_are_defined(self) -> None:
        """The lexicographic stages: soft shortfall, then the objective, then the reference deviation."""
        p, m = self.p, self.model
        self.stages: list[tuple[str, cp_model.LinearExpr]] = []
        if self.shortfall:
            self.stages.append(("shortfall", sum(self.shortfall)))
        if p.objective is Objective.MAKESPAN:
            # makespan >= every end; its lower bound is the best of the cheap bounds we know
            self.makespan = m.new_int_var(0, p.horizon, "makespan")
            m.add_max_equality(self.makespan, self.end)
            m.add(self.makespan >= makespan_lower_bound(p))
            self.stages.append(("objective", self.makespan))
        else:
            self.stages.append(("objective", sum(a.weight * self.end[i] for i, a in enumerate(p.activities))))
        if p.reference is not None:
            stage = ("deviation", self._deviation(p.reference.measure))
            self.stages.insert(len(self.stages) - 1 if p.reference.before_objective else len(self.stages), stage)

    def _precedence_energy_separates_activities(self) -> None:
        """Redundant: work between two linked activities needs time between them (see bounds)."""
        pairs, tails = precedence_energy(self.p)
        acts = self.p.activities
        for i, j, lag in pairs:
            self.model.add(self.end[i] + lag <= self.end[j] - acts[j].duration)
        if self.p.objective is Objective.MAKESPAN:
            for i, tail in enumerate(tails):
                if tail:
                    self.model.add(self.end[i] + tail <= self.makespan)

    def _search_starts_earliest_first(self) -> None:
        """Branch on the activity that can start first, at its earliest start (the schedule-generation
        order that lazy-clause-generation solvers use on RCPSP); measured on PSPLIB only."""
        m, acts = self.model, self.p.activities
        starts = []
        for i, a in enumerate(acts):
            lo, hi = self.window[i]
            start = m.new_int_var(lo - a.duration, hi - a.duration, f"start[{a.id}]")  # start[i] = end[i] - dur
            m.add(start == self.end[i] - a.duration)
            starts.append(start)
        m.add_decision_strategy(starts, cp_model.CHOOSE_LOWEST_MIN, cp_model.SELECT_MIN_VALUE)

    def _deviation(self, measure: Deviation) -> cp_model.LinearExpr:
        p, m = self.p, self.model
        terms = []
        for aid, ref in p.reference.ends.items():
            end = self.end[p.index[aid]]
            if measure is Deviation.CHANGED:
                moved = m.new_bool_var(f"moved[{aid}]")  # moved[i]: i ends elsewhere than announced
                m.add(end == ref).only_enforce_if(~moved)
                terms.append(moved)
            else:
                dev = m.new_int_var(0, max(self.top, ref), f"dev[{aid}]")  # dev[i] = |end - ref|
                m.add_abs_equality(dev, end - ref)
                terms.append(dev)
        return sum(terms)

    def hint(self, result: Result) -> None:
        """Hint the solver with a (greedy) schedule."""
        self.model.clear_hints()
        for i, a in enumerate(self.p.activities):
            self.model.add_hint(self.end[i], result.ends[a.id])


# ---- solving -------------------------------------------------------------------------------------


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
    rcpsp: bool = True  # plain makespan problems: optimise briefly, then refute UB - 1 (see rcpsp)
    rcpsp_share: float = 0.0  # share of the budget for rcpsp's optimising stage (0: decisions only)
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
        status = _STATUS[code]
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


# ---- explanation ---------------------------------------------------------------------------------


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
        status = _STATUS[solver.solve(m)]
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


def _allowed(lo: int, hi: int, forbidden: Iterable[int]) -> list[tuple[int, int]]:
    """[lo, hi] less the forbidden values, as closed intervals.

    >>> _allowed(0, 9, {3, 4, 9})
    [(0, 2), (5, 8)]
    """
    out, cur = [], lo
    for f in sorted(x for x in set(forbidden) if lo <= x <= hi):
        if f > cur:
            out.append((cur, f - 1))
        cur = f + 1
    if cur <= hi:
        out.append((cur, hi))
    return out


def _segments(steps: Iterable[tuple[int, int]], stop: int) -> list[tuple[int, int, int]]:
    """The step function as [lo, hi) pieces with their capacity, covering [0, stop).

    >>> _segments([(2, 5), (4, 9)], 10)
    [(0, 2, 0), (2, 4, 5), (4, 10, 9)]
    """
    out, lo, cap = [], 0, 0
    for t, value in steps:
        t = min(t, stop)
        if t > lo:
            out.append((lo, t, cap))
        lo, cap = max(lo, t), value
    if stop > lo:
        out.append((lo, stop, cap))
    return out
