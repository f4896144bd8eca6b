"""The time-indexed LP: a strong bound of sum(weight x end) for large regions, and target ends.

``z[u][s]`` is the share of unit ``u`` (activities that end together) ending at time ``s``, for
every allowed end ``s`` from its earliest end (critical path) to its latest (deadline, horizon).
Every schedule gives 0/1 values that satisfy:

- each unit ends once: ``sum over s of z[u][s] = 1``;
- renewable resource, period ``p``: ``sum of q * z[u][s]`` over the activities and ends ``s`` with
  ``s - d <= p < s`` (they run in ``p``) ``<= capacity``;
- stock, just before each step ``c``: ``sum of use * z[u][s]`` over ``s <= c`` ``<= capacity(c)``;
- volume limit, time ``t``: ``sum of vol * z[u][t] <= limit(t)``; hard milestone at ``T``:
  ``sum of w * z[u][s]`` over ``s <= T`` ``>= required``;
- precedence, on the mean ends: ``sum of s * z[b][s] - sum of s * z[a][s] >= shift`` (lag, plus
  ``b``'s duration for finish-to-start).

Minimising ``sum of weight * s * z[u][s]`` bounds the cost from below. Unlike the slice LPs
(:mod:`planner.schedule.bounds.slice_lp`), which see a team only as energy up to a time, it knows that a
job occupies its team in the periods just before its end: team slots left idle while the cloud
waits for its next step cannot pile up and all end on the step. Measured: 1,000 systems 16.97 M
against the slices' 15.80 M (the optimum is about 17.0 M: CP-SAT found 17.06 M); 10,000 systems
153.02 M against 142.79 M. Precedences on mean ends rather than per time (``x[b][t] <= x[a][t]``
with ``x`` the share ended by ``t``) cost 0.1 % of the bound (16.99 M and 153.21 M) and make the
LP 6 times faster for HiGHS (10,000 systems, 1,010,000 columns: 42-46 s instead of 265 s; 1,000:
2 s), hence :data:`MAX_CELLS` for the time budget.

The bound is HiGHS's optimum less a relative 1e-6 for its float tolerances, as the slice LPs take
GLOP's. ``target_j = sum of s * z[u][s]`` is the LP's end of activity ``j``; the serial greedy
ordered by it (:func:`planner.schedule.heuristics.repair.guided`) schedules 1,000 systems at 17.33 M and
10,000 at 156.72 M (by the slice LPs' targets: 17.61 M and 160.34 M).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mb

from planner.schedule.bounds.critical_path import critical_path_ends
from planner.schedule.bounds.sparse_rows import ColumnsLP, SparseRows
from planner.schedule.core.problem import Kind, Objective, Problem

SAFETY = 1e-6  # relative slack taken off the optimum for the solver's float tolerances
MAX_CELLS = 250_000  # columns up to which callers solve it in the time budget (1,000 systems: 106,000, 2 s)
GENERATION_MAX_CELLS = 2_000_000  # ... and by column generation (10,000 systems: 1,010,000 columns, ~20 s)
GENERATION_ROUNDS = 12  # at most; they stop once no column prices out (10,000 systems, version 2: 6)
SHORT_PRICE = 1.0  # a soft milestone's unit of shortfall in the LP by columns costs this many times the dearest end
# (10,000 systems: 10 times made HiGHS's rounds 20 % slower for the same bound_if_met)
WINDOW = 3  # column generation starts from the ends within this many waves of a schedule's


@dataclass
class TimeIndexedLP:
    """Result of :func:`solve`: ``bound`` (None when not proven) and ``targets`` (empty when not solved)."""

    bound: int | None = None
    targets: list[float] = field(default_factory=list)
    columns: int = 0
    rows: int = 0
    seconds: float = 0.0
    reason: str = ""
    bound_if_met: int | None = None  # by columns: the bound for a plan that meets every milestone (at least ``bound``)


def cells(problem: Problem) -> int:
    """How many columns the LP would have (an upper estimate: forbidden ends are not subtracted)."""
    earliest = critical_path_ends(problem)
    return sum(max(0, _latest(problem, m) - earliest[m[0]] + 1) for m in problem.units)


def solve(problem: Problem, *, time_limit: float | None = None) -> TimeIndexedLP:
    """Build and solve the LP of the module doc; always returns (``reason`` says why not solved)."""
    t0 = time.perf_counter()
    lp = _builder(problem)
    if isinstance(lp, str):
        return TimeIndexedLP(reason=lp, seconds=time.perf_counter() - t0)
    solver = mb.ModelSolverHelper("highs")
    solver.set_solver_specific_parameters("output_flag=false")  # no banner on the planner's console
    if time_limit is not None:
        solver.set_time_limit_in_seconds(time_limit)
    solver.solve(lp.rows.model(lp.cost, 0.0))
    n_rows = len(lp.rows.lower)
    if solver.status() != mb.SolveStatus.OPTIMAL:
        return TimeIndexedLP(columns=lp.n, rows=n_rows, seconds=time.perf_counter() - t0,
                             reason=f"no fractional schedule: HiGHS ended with {solver.status().name}")
    bound = solver.objective_value() * (1.0 - SAFETY)
    targets = lp.targets(solver.variable_values())
    return TimeIndexedLP(max(0, math.ceil(bound - 1e-6)), targets, lp.n, n_rows, time.perf_counter() - t0)


def solve_by_columns(problem: Problem, near: dict[str, int], *, rounds: int = GENERATION_ROUNDS) -> TimeIndexedLP:
    """The same LP by column generation, for regions too large to solve whole in the time budget.

    The first round keeps the ends within WINDOW waves of ``near`` (a valid schedule, so the
    restricted LP has a solution); each round adds the ends whose reduced cost under its duals is
    negative, and HiGHS re-solves from the last basis (:class:`ColumnsLP`). The soft milestones are
    rows too, so the targets meet them. Every round's duals give two bounds
    (:meth:`_Builder.lagrangian`), valid whether or not the rounds have converged: ``bound`` with the
    soft milestones' multipliers dropped (always valid) and ``bound_if_met`` with them (valid for a
    plan that meets every milestone: the milestones come first, so the best plan then meets them
    too). Measured at 10,000 systems, version 2 (from the greedy's plan): 82,000 of 922,000 columns at
    first, 6 rounds in 17 s (CLP from scratch: 20 s a round), bound 685.38 M, the LP's optimum.
    Deterministic: single-threaded, at most ``rounds`` rounds, no time limit.
    """
    t0 = time.perf_counter()
    p = problem
    lp = _builder(p, soft_milestones=True)
    if isinstance(lp, str):
        return TimeIndexedLP(reason=lp, seconds=time.perf_counter() - t0)
    unit_end = np.array([near[p.activities[members[0]].id] for members in p.units])
    keep = np.abs(lp.end - unit_end[lp.unit]) <= WINDOW
    solver = ColumnsLP(lp.rows, lp.cost)
    solver.add(np.flatnonzero(keep))
    # a soft milestone may be short, at a price above any end's: the LP stays feasible and meets what it can
    solver.add_slacks(lp.soft_rows, SHORT_PRICE * max(1.0, float(np.abs(lp.cost).max())))
    bound, bound_if_met, targets = -math.inf, -math.inf, []
    for _ in range(rounds):
        solved = solver.solve()
        if solved is None:
            break
        value, z, duals = solved
        targets = lp.targets(z, solver.order)
        with_soft, reduced = lp.lagrangian(duals)
        bound_if_met = max(bound_if_met, with_soft)
        bound = max(bound, lp.lagrangian(duals, drop=lp.soft_rows)[0])
        priced = reduced - duals[: len(p.units)][lp.unit]  # with the "ends once" rows' duals
        more = ~keep & (priced < -1e-9 * max(1.0, float(np.abs(lp.cost).max())))
        if not more.any() or value - with_soft <= 1e-5 * abs(value):
            break
        keep |= more
        solver.add(np.flatnonzero(more))
    seconds = time.perf_counter() - t0
    if not targets:
        return TimeIndexedLP(columns=int(keep.sum()), rows=len(lp.rows.lower), seconds=seconds,
                             reason="no fractional schedule: HiGHS found none near the given one")
    return TimeIndexedLP(_rounded(bound), targets, int(keep.sum()), len(lp.rows.lower), seconds,
                         bound_if_met=_rounded(max(bound, bound_if_met)))


def _rounded(bound: float) -> int:
    """A proven bound in whole units, less the solver's float tolerance."""
    return max(0, math.ceil(bound * (1.0 - SAFETY) - 1e-6))


def _builder(p: Problem, soft_milestones: bool = False) -> _Builder | str:
    """The LP's rows and columns (``soft_milestones``: rows for those too), or why there is no LP."""
    if p.objective is not Objective.WEIGHTED_END or any(a.weight < 0 for a in p.activities) or not p.activities:
        return "only for sum(weight x end) with non-negative weights"
    lp = _Builder(p, soft_milestones)
    return "no fractional schedule fits the windows (deadlines, pins, precedences)" if lp.rows.infeasible else lp


def _latest(p: Problem, members: list[int]) -> int:
    return min([p.horizon] + [p.activities[i].deadline for i in members if p.activities[i].deadline is not None])


class _Builder:
    """The columns (unit, end) and the rows in sparse form."""

    def __init__(self, p: Problem, soft_milestones: bool = False) -> None:
        self.p = p
        self.soft_milestones = soft_milestones
        self.soft_rows = np.zeros(0, dtype=np.int64)  # the soft milestones' rows (with ``soft_milestones``)
        self.unit_of = np.zeros(len(p.activities), dtype=np.int64)
        for u, members in enumerate(p.units):
            self.unit_of[members] = u
        fits = self._columns(critical_path_ends(p))
        self.rows = SparseRows(self.n)
        self.rows.infeasible = not fits
        if fits:
            self.rows.add(self.unit, np.arange(self.n), np.ones(self.n), np.ones(len(p.units)), np.ones(len(p.units)))
            self._resources()
            self._stocks()
            self._volumes()
            self._milestones()
            self._precedences()
        self.cost = self._per_unit([a.weight for a in p.activities])[self.unit] * self.end

    def _per_unit(self, amounts: list[float]) -> np.ndarray:
        """Each unit's sum of its activities' ``amounts`` (one per activity)."""
        return np.bincount(self.unit_of, weights=amounts, minlength=len(self.p.units))

    def _columns(self, earliest: list[int]) -> bool:
        p, units, ends = self.p, [], []
        self.unit = self.end = np.zeros(0, dtype=np.int64)
        self.n = 0
        for u, members in enumerate(p.units):
            acts = [p.activities[i] for i in members]
            lo = max([earliest[members[0]]] + [a.release + a.duration for a in acts])  # per activity, same in a unit
            hi = _latest(p, members)
            pins = {a.fixed_end for a in acts if a.fixed_end is not None}
            pins |= {a.fixed_start + a.duration for a in acts if a.fixed_start is not None}
            if len(pins) > 1:
                return False
            if pins:
                pinned = pins.pop()
                lo, hi = max(lo, pinned), min(hi, pinned)
            forbidden = set().union(*(p.end_forbidden(a) for a in acts))
            allowed = [s for s in range(lo, hi + 1) if s not in forbidden]
            if not allowed:
                return False
            ends += allowed
            units += [u] * len(allowed)
        self.unit, self.end = np.array(units), np.array(ends)
        self.n = len(ends)
        self.start = np.searchsorted(self.unit, np.arange(len(p.units) + 1))  # columns come unit by unit
        return True

    def _columns_of(self, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in ``units``, column) for every column of each of ``units``."""
        count = self.start[units + 1] - self.start[units]
        owner = np.repeat(np.arange(len(units)), count)
        offset = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
        return owner, self.start[units][owner] + offset

    def _resources(self) -> None:
        p = self.p
        users_of: dict[str, list[tuple[int, int, int]]] = {}  # one pass over the activities, not one per resource
        for i, a in enumerate(p.activities):
            if a.duration > 0:
                for name, q in a.demands.items():
                    if q > 0:
                        users_of.setdefault(name, []).append((i, q, a.duration))
        for res in p.resources:
            users = users_of.get(res.name, [])
            if not users:
                continue
            q = np.array([q for _, q, _ in users], dtype=float)
            d = np.array([d for _, _, d in users])
            owner, col = self._columns_of(self.unit_of[[i for i, _, _ in users]])
            rows, cols, who = [], [], []
            for back in range(1, int(d.max()) + 1):  # activity runs in periods end - d .. end - 1
                sel = d[owner] >= back
                rows.append(self.end[col[sel]] - back)
                cols.append(col[sel])
                who.append(owner[sel])
            rows, cols, who = np.concatenate(rows), np.concatenate(cols), np.concatenate(who)
            width = int(rows.max()) + 1 if len(rows) else 0
            once = np.unique(rows * len(users) + who)  # the most that could run in a period: every user once
            load = np.bincount(once // len(users), weights=q[once % len(users)], minlength=width)
            sel = (load > res.capacity)[rows]
            self.rows.add(rows[sel], cols[sel], q[who[sel]], np.full(width, -np.inf), np.full(width, float(res.capacity)))

    def _stocks(self) -> None:
        p = self.p
        for stock in p.stocks:
            use = self._per_unit([a.uses.get(stock.name, 0) for a in p.activities])
            for c in sorted({t - 1 for t, _ in stock.steps if t > 0}):
                sel = np.flatnonzero((self.end <= c) & (use[self.unit] > 0))
                if use[self.unit[sel]].sum() > stock.capacity_at(c):
                    self.rows.add(np.zeros(len(sel), dtype=np.int64), sel, use[self.unit[sel]],
                                  np.array([-np.inf]), np.array([float(stock.capacity_at(c))]))

    def _volumes(self) -> None:
        p = self.p
        for limit in p.volume_limits:
            vol = self._per_unit([a.volumes.get(limit.name, 0) for a in p.activities])
            sel = np.flatnonzero(vol[self.unit] > 0)
            width = int(self.end.max()) + 1
            self.rows.add(self.end[sel], sel, vol[self.unit[sel]], np.full(width, -np.inf),
                          np.array(limit.limits(width), dtype=float))  # the limit in force at each time

    def _milestones(self) -> None:
        p = self.p
        for m in p.milestones:
            if not m.hard and not self.soft_milestones:
                continue  # soft ones may be missed: no row (a relaxation)
            weight = self._per_unit([m.weights.get(a.id, 0) for a in p.activities])
            sel = np.flatnonzero((weight[self.unit] > 0) & (self.end <= m.time))
            if not m.hard and not len(sel):
                continue  # a soft milestone nothing can count for: missed whatever happens (no plan meets it)
            before = len(self.rows.lower)
            self.rows.add(np.zeros(len(sel), dtype=np.int64), sel, weight[self.unit[sel]],
                          np.array([float(m.required)]), np.array([np.inf]))
            if not m.hard:
                self.soft_rows = np.r_[self.soft_rows, np.arange(before, len(self.rows.lower))]

    def _precedences(self) -> None:
        p = self.p
        if not p.precedences:
            return
        before = self.unit_of[[p.index[x.before] for x in p.precedences]]
        after = self.unit_of[[p.index[x.after] for x in p.precedences]]
        shift = np.array([x.lag + (p.activities[p.index[x.after]].duration if x.kind is Kind.FINISH_TO_START else 0)
                          for x in p.precedences], dtype=float)
        k_b, col_b = self._columns_of(after)
        k_a, col_a = self._columns_of(before)
        self.rows.add(np.r_[k_b, k_a], np.r_[col_b, col_a], np.r_[self.end[col_b], -self.end[col_a]].astype(float),
                      shift, np.full(len(shift), np.inf))

    def targets(self, values: np.ndarray, columns: np.ndarray | None = None) -> list[float]:
        """Each activity's LP end: its unit's mean end (``values`` of ``columns``, default all)."""
        columns = np.arange(self.n) if columns is None else columns
        z = np.clip(np.asarray(values, dtype=float), 0.0, 1.0)
        unit_end = np.bincount(self.unit[columns], weights=z * self.end[columns], minlength=len(self.p.units))
        return unit_end[self.unit_of].tolist()

    def lagrangian(self, duals: np.ndarray, drop: np.ndarray | None = None) -> tuple[float, np.ndarray]:
        """A lower bound of the LP from any row multipliers, and the reduced costs: every row but
        "each unit ends once" is dualised (a multiplier of the wrong sign for its row's finite side
        counts as 0), then each unit picks its cheapest end. Those rows come first. ``drop``: rows
        whose multipliers count as 0 (a bound of the LP without them)."""
        units = len(self.p.units)
        lower, upper = np.array(self.rows.lower), np.array(self.rows.upper)
        y = np.asarray(duals, dtype=float).copy()
        y[:units] = 0.0
        if drop is not None:
            y[drop] = 0.0
        y[(y > 0) & ~np.isfinite(lower)] = 0.0
        y[(y < 0) & ~np.isfinite(upper)] = 0.0
        rows, cols, coefs = self.rows.matrix()
        reduced = self.cost - np.bincount(cols, weights=coefs * y[rows], minlength=self.n)
        cheapest = np.full(units, np.inf)
        np.minimum.at(cheapest, self.unit, reduced)
        side = np.where(y > 0, lower, np.where(y < 0, upper, 0.0))
        return float(y @ side) + float(cheapest.sum()), reduced

