"""A time-indexed CP-SAT model of the same :class:`Problem`, for short horizons (waves).

``done[u][t]`` is true when unit ``u`` (activities that end together) has ended by time ``t``;
it is monotone in ``t``, so ``end(u) = lo + #{t in [lo, hi): not done[u][t]}`` and every constraint
of the problem becomes a small linear inequality over these booleans:

- renewable resource, period p: sum of q_a * (done[a][p + d_a] - done[a][p]) <= capacity
- precedence: done[b][t] implies done[a][t - shift]   (shift = lag, plus d_b for finish-to-start)
- stock resource: sum of use_a * done[a][t] <= capacity(t), checked just before each capacity step
- volume limit: sum of vol_a * (done[a][t] - done[a][t-1]) <= limit(t), the limit in force at t
- milestone: sum of w_a * done[a][T] >= required

With a horizon of ~100 periods its linear relaxation bounds a weighted-end objective far better
than interval variables do (measured in benchmarks/bench_regions.py); :mod:`planner.schedule.cpsat.interval`
stays the choice for long horizons (PSPLIB). Same settings, same determinism, same Result.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from planner.schedule.core.problem import Deviation, Kind, Objective, Problem
from planner.schedule.core.result import Result, Status, settle
from planner.schedule.cpsat.stages import ProgressFn, Settings, solve_stages
from planner.schedule.heuristics import greedy

Done = cp_model.IntVar | int  # a variable, or the constant 0 / 1 outside a unit's window


class TimeIndexedModel:
    """Builds the model; ``stages`` lists the lexicographic objectives (name, expression)."""

    def __init__(self, problem: Problem, *, volume_caps: dict[str, dict[int, int]] | None = None) -> None:
        self.p = problem
        self.volume_caps = volume_caps or {}  # volume limit -> time -> a lower limit than the one in force
        self.model = cp_model.CpModel()
        self.unit_of = [0] * len(problem.activities)
        for u, members in enumerate(problem.units):
            for i in members:
                self.unit_of[i] = u
        self.lo: list[int] = []
        self.hi: list[int] = []
        self.done: list[dict[int, Done]] = []  # done[u][t] for t in [lo, hi); 0 below, 1 from hi on
        self.stages: list[tuple[str, cp_model.LinearExprT]] = []
        self.feasible_windows = self._units_have_windows()
        if self.feasible_windows:
            self._add_constraints()

    # ---- variables ---------------------------------------------------------------------------

    def _units_have_windows(self) -> bool:
        """Each unit's possible end values; False when some unit has none (trivially infeasible)."""
        p = self.p
        for u, members in enumerate(p.units):
            acts = [p.activities[i] for i in members]
            lo = max(a.release + a.duration for a in acts)
            hi = min([p.horizon] + [a.deadline for a in acts if a.deadline is not None])
            fixed = {a.fixed_end for a in acts if a.fixed_end is not None}
            fixed |= {a.fixed_start + a.duration for a in acts if a.fixed_start is not None}
            if len(fixed) > 1:
                return False
            if fixed:
                pinned = fixed.pop()  # release, deadline and horizon still apply (an empty window: infeasible)
                lo, hi = max(lo, pinned), min(hi, pinned)
            forbidden = set().union(*(p.end_forbidden(a) for a in acts))
            allowed = [t for t in range(lo, hi + 1) if t not in forbidden]
            if not allowed:
                return False
            lo, hi = allowed[0], allowed[-1]
            row: dict[int, Done] = {}
            previous: Done = 0
            for t in range(lo, hi):
                # done[t] may differ from done[t-1] only where t is an allowed end
                previous = self.model.new_bool_var(f"done[{u},{t}]") if t in allowed else previous
                row[t] = previous
            for t in range(lo + 1, hi):
                if row[t] is not row[t - 1]:
                    self.model.add_implication(row[t - 1], row[t])
            self.lo.append(lo)
            self.hi.append(hi)
            self.done.append(row)
        return True

    def at(self, u: int, t: int) -> Done:
        """done[u][t]: 0 before the unit's window, 1 from its latest end on."""
        if t < self.lo[u]:
            return 0
        if t >= self.hi[u]:
            return 1
        return self.done[u][t]

    def end(self, u: int) -> cp_model.LinearExprT:
        """end(u) = lo + number of t in [lo, hi) not yet done."""
        row = self.done[u]
        return self.lo[u] + (self.hi[u] - self.lo[u]) - sum(row[t] for t in range(self.lo[u], self.hi[u]))

    # ---- constraints -------------------------------------------------------------------------

    def _add_constraints(self) -> None:
        self._renewable_resources_are_not_exceeded()
        self._precedences_hold()
        self._stocks_never_overflow()
        self._volume_per_end_is_limited()
        self._milestones_are_counted()
        self._objectives_are_defined()

    def _renewable_resources_are_not_exceeded(self) -> None:
        """Activity a runs in period p exactly when done[p + d] - done[p] = 1."""
        p = self.p
        for res in p.resources:
            users = [(i, a.demands[res.name], a.duration) for i, a in enumerate(p.activities)
                     if a.demands.get(res.name, 0) > 0 and a.duration > 0]
            by_period: dict[int, list] = {}
            for i, q, d in users:
                u = self.unit_of[i]
                for period in range(max(0, self.lo[u] - d), self.hi[u]):
                    by_period.setdefault(period, []).append((q, u, d))
            for period, terms in sorted(by_period.items()):
                if sum(q for q, _, _ in terms) <= res.capacity:
                    continue  # cannot overflow here even if all of them run
                expr = sum(q * (self.at(u, period + d) - self.at(u, period)) for q, u, d in terms)
                self.model.add(expr <= res.capacity)

    def _precedences_hold(self) -> None:
        """b ended by t implies a ended by t - shift (shift: lag, plus b's duration for finish-to-start)."""
        p = self.p
        for prec in p.precedences:
            a, b = p.index[prec.before], p.index[prec.after]
            ua, ub = self.unit_of[a], self.unit_of[b]
            shift = prec.lag + (p.activities[b].duration if prec.kind is Kind.FINISH_TO_START else 0)
            for t in range(self.lo[ub], self.hi[ub] + 1):
                later, earlier = self.at(ub, t), self.at(ua, t - shift)
                if isinstance(later, int) and later == 0:
                    continue
                if isinstance(earlier, int):
                    if earlier == 0:
                        self.model.add(later == 0) if not isinstance(later, int) else self._infeasible()
                    continue
                if isinstance(later, int):
                    self.model.add(earlier == 1)
                else:
                    self.model.add_implication(later, earlier)

    def _infeasible(self) -> None:
        self.model.add_bool_or([])  # an empty clause: no solution

    def _stocks_never_overflow(self) -> None:
        """The used stock only grows, so checking just before each capacity step (and at the horizon) suffices."""
        p = self.p
        for stock in p.stocks:
            users = [(self.unit_of[i], a.uses[stock.name]) for i, a in enumerate(p.activities)
                     if a.uses.get(stock.name, 0) > 0]
            if not users:
                continue
            checks = sorted({t - 1 for t, _ in stock.steps if t > 0} | {p.horizon})
            for t in checks:
                cap = stock.capacity_at(t)
                terms = [(q, self.at(u, t)) for u, q in users]
                fixed = sum(q for q, x in terms if isinstance(x, int) and x == 1)
                free = [(q, x) for q, x in terms if not isinstance(x, int)]
                if fixed + sum(q for q, _ in free) > cap:
                    self.model.add(fixed + sum(q * x for q, x in free) <= cap)

    def _volume_per_end_is_limited(self) -> None:
        p = self.p
        for limit in p.volume_limits:
            users = [(self.unit_of[i], a.volumes[limit.name]) for i, a in enumerate(p.activities)
                     if a.volumes.get(limit.name, 0) > 0]
            by_time: dict[int, list] = {}
            for u, vol in users:
                for t in range(self.lo[u], self.hi[u] + 1):
                    by_time.setdefault(t, []).append((vol, u))
            caps = self.volume_caps.get(limit.name, {})
            for t, terms in sorted(by_time.items()):
                in_force = limit.limit_at(t)
                cap = min(in_force, caps.get(t, in_force))
                if sum(v for v, _ in terms) > cap:
                    self.model.add(sum(v * (self.at(u, t) - self.at(u, t - 1)) for v, u in terms) <= cap)

    def _milestones_are_counted(self) -> None:
        """Hard milestones must hold; a soft one's shortfall is minimised first (stage "shortfall")."""
        p = self.p
        self.shortfalls = []
        for ms in p.milestones:
            reached = sum(w * self.at(self.unit_of[p.index[aid]], ms.time) for aid, w in ms.weights.items())
            if ms.hard:
                self.model.add(reached >= ms.required)
            else:
                short = self.model.new_int_var(0, max(0, ms.required), f"short[{ms.name}]")
                self.model.add(reached + short >= ms.required)
                self.shortfalls.append(short)

    def _objectives_are_defined(self) -> None:
        p = self.p
        if self.shortfalls:
            self.stages.append(("shortfall", sum(self.shortfalls)))
        if p.objective is Objective.MAKESPAN:
            makespan = self.model.new_int_var(0, p.horizon, "makespan")
            for u in range(len(p.units)):
                self.model.add(makespan >= self.end(u))
            self.stages.append(("objective", makespan))
        else:
            weight = [0] * len(p.units)
            for i, a in enumerate(p.activities):
                weight[self.unit_of[i]] += a.weight
            self.stages.append(("objective", sum(w * self.end(u) for u, w in enumerate(weight) if w)))
        if p.reference is not None:
            stage = ("deviation", self._deviation(p.reference.measure))
            self.stages.insert(len(self.stages) - 1 if p.reference.before_objective else len(self.stages), stage)

    def _deviation(self, measure: Deviation) -> cp_model.LinearExprT:
        p, terms = self.p, []
        for aid, ref in p.reference.ends.items():
            u = self.unit_of[p.index[aid]]
            if measure is Deviation.CHANGED:
                ends_there = self.at(u, ref) - self.at(u, ref - 1)  # 1 exactly when end == ref
                terms.append(1 - ends_there)
            else:
                dev = self.model.new_int_var(0, p.horizon, f"dev[{aid}]")
                self.model.add(dev >= self.end(u) - ref)
                self.model.add(dev >= ref - self.end(u))
                terms.append(dev)
        return sum(terms)

    # ---- hints and reading back ------------------------------------------------------------

    def hint(self, ends: dict[str, int]) -> None:
        self.model.clear_hints()
        for u, members in enumerate(self.p.units):
            end = ends[self.p.activities[members[0]].id]
            seen: set[int] = set()
            for t, var in self.done[u].items():
                if not isinstance(var, int) and var.index not in seen:
                    seen.add(var.index)
                    self.model.add_hint(var, end <= t)

    def ends(self, solver: cp_model.CpSolver) -> dict[str, int]:
        unit_end = []
        for u in range(len(self.p.units)):
            row = self.done[u]
            unit_end.append(self.lo[u] + sum(1 for t in range(self.lo[u], self.hi[u]) if not solver.value(row[t])))
        return {a.id: unit_end[self.unit_of[i]] for i, a in enumerate(self.p.activities)}


def solve(problem: Problem, settings: Settings | None = None, *, on_progress: ProgressFn | None = None,
          check: bool = True, start: Result | None = None,
          volume_caps: dict[str, dict[int, int]] | None = None) -> Result:
    """Solve the time-indexed model; always returns a Result, checked against :func:`violations`.

    `start`: a feasible schedule to hint (e.g. from the interval model); else the greedy one.
    `volume_caps`: per-time limits below a volume limit's own (a part of a decomposed problem).
    """
    s = settings or Settings()
    t0 = time.perf_counter()
    if start is None or not start.feasible:
        start = greedy.schedule(problem) if s.hint else None
    model = TimeIndexedModel(problem, volume_caps=volume_caps)
    if not model.feasible_windows:
        return Result(Status.INFEASIBLE, "cp-sat-ti", seconds=time.perf_counter() - t0,
                      reason="an activity has no possible end within its window")
    if start is not None and start.feasible:
        model.hint(start.ends)
    dtime_total = s.deterministic_time if s.deterministic_time is not None else 5.0 * s.time_limit
    result = solve_stages(model, s, t0, on_progress, engine="cp-sat-ti", dtime_total=dtime_total)
    return settle(problem, result, start, "cp-sat-ti", time.perf_counter() - t0, check)
