"""The linear relaxation of the time-indexed model: the strongest bound we have, and target ends.

The variables are those of :mod:`planner.schedule.timeindexed`: ``x[u][t]`` is the share of unit
``u`` ended by time ``t`` (0 before its earliest end, 1 from its latest end on, one variable per
allowed end in between, kept at its value through forbidden ends), and so are the rows:

- monotone: ``x[u][t] <= x[u][t']`` for consecutive allowed ends ``t < t'``;
- renewable resource, period ``p``: ``sum of q * (x[u][p + d] - x[u][p]) <= capacity``;
- precedence: ``x[b][t] <= x[a][t - shift]``;
- stock: ``sum of use * x[u][t] <= capacity(t)`` just before each step and at the horizon;
- volume limit, time ``t``: ``sum of vol * (x[u][t] - x[u][t - 1]) <= limit``;
- hard milestone: ``sum of w * x[u][T] >= required``.

Minimising ``sum of weight * (number of t with x[u][t] < 1)`` bounds ``sum(weight x end)`` from
below far better than the slice LPs (:mod:`planner.schedule.slice_lp`), which see each resource
only as energy up to a time: measured at 1,000 systems, 16.99 M against 15.80 M, the optimum being
about 17.0 M; at 10,000 systems 153.2 M against 142.8 M. The slices let team slots left idle while
the cloud waits for its next step pile up and all end on the step; per-period rows cannot.

The bound is HiGHS's optimum less a relative 1e-6 for its float tolerances, as the slice LPs take
GLOP's. (A Lagrangian bound from the duals would not rest on tolerances, but the duals
``model_builder`` returns from HiGHS do not price its LP: on a 3-job example they give 8 for an
optimum of 14, GLOP's and PDLP's 14; GLOP is 30x slower here.)

``target_j = sum over t of (1 - x[u][t])`` is the LP's end of activity ``j``; the serial greedy
ordered by it (:func:`planner.schedule.repair.guided`) scheduled 1,000 systems at 17.18 M, 1.1 %
above the bound (by the slice LPs' targets: 17.61 M).

Built with numpy; HiGHS's dual simplex solves it (single-threaded: deterministic). Its cost grows
quickly with size (1,000 systems: 100,000 columns, 3 s; 10,000 systems: 1,000,000 columns,
265 s), so callers use it only up to a size (:data:`MAX_CELLS`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mb

from planner.schedule.bounds import critical_path_ends
from planner.schedule.problem import Kind, Objective, Problem
from planner.schedule.sparse_rows import ONE, ZERO, SparseRows

SAFETY = 1e-6  # relative slack taken off the optimum for the solver's float tolerances
MAX_CELLS = 200_000  # variables up to which callers solve this LP (1,000 systems: ~100,000, 3 s)


@dataclass
class TimeIndexedLP:
    """Result of :func:`solve`: ``bound`` (None when not proven) and ``targets`` (empty when not solved)."""

    bound: int | None = None
    targets: list[float] = field(default_factory=list)
    columns: int = 0
    rows: int = 0
    seconds: float = 0.0
    reason: str = ""


def cells(problem: Problem) -> int:
    """How many variables the LP would have (an upper estimate: forbidden ends are not subtracted)."""
    earliest = critical_path_ends(problem)
    return sum(max(0, _latest(problem, members) - earliest[members[0]]) for members in problem.units)


def solve(problem: Problem, *, time_limit: float | None = None) -> TimeIndexedLP:
    """Build and solve the LP of the module doc; always returns (``reason`` says why not solved)."""
    t0 = time.perf_counter()
    p = problem
    if p.objective is not Objective.WEIGHTED_END or any(a.weight < 0 for a in p.activities) or not p.activities:
        return TimeIndexedLP(reason="only for sum(weight x end) with non-negative weights")
    lp = _Builder(p)
    if lp.rows.infeasible:
        return TimeIndexedLP(reason="no fractional schedule fits the windows (deadlines, pins, precedences)", seconds=time.perf_counter() - t0)
    model = lp.rows.model(*lp.objective())
    solver = mb.ModelSolverHelper("highs")
    solver.set_solver_specific_parameters("output_flag=false")  # no banner on the planner's console
    if time_limit is not None:
        solver.set_time_limit_in_seconds(time_limit)
    solver.solve(model)
    seconds = time.perf_counter() - t0
    if solver.status() != mb.SolveStatus.OPTIMAL:
        return TimeIndexedLP(columns=lp.n, rows=len(lp.rows.lower), seconds=seconds,
                             reason=f"no fractional schedule: HiGHS ended with {solver.status().name}")
    bound = solver.objective_value() * (1.0 - SAFETY)
    targets = lp.targets(solver.variable_values())
    return TimeIndexedLP(max(0, math.ceil(bound - 1e-6)), targets, lp.n, len(lp.rows.lower), time.perf_counter() - t0)


def _latest(p: Problem, members: list[int]) -> int:
    return min([p.horizon] + [p.activities[i].deadline for i in members if p.activities[i].deadline is not None])


class _Builder:
    """The grid ``cell[u, t]`` (a variable index, ZERO or ONE) and the rows in sparse form."""

    def __init__(self, p: Problem) -> None:
        self.p = p
        units = p.units
        self.unit_of = np.zeros(len(p.activities), dtype=np.int64)
        for u, members in enumerate(units):
            self.unit_of[members] = u
        self.width = p.horizon + max((a.duration for a in p.activities), default=0) + 2
        self.cell = np.full((len(units), self.width), ONE, dtype=np.int64)
        self.lo = np.zeros(len(units), dtype=np.int64)
        self.hi = np.zeros(len(units), dtype=np.int64)
        self.n = 0
        windows = self._columns(critical_path_ends(p))
        self.rows = SparseRows(self.n)
        self.rows.infeasible = not windows
        if windows:
            self._monotone()
            self._resources()
            self._precedences()
            self._stocks()
            self._volumes()
            self._milestones()

    # ---- columns ------------------------------------------------------------------------------

    def _columns(self, earliest: list[int]) -> bool:
        p = self.p
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
            allowed = [t for t in range(lo, hi + 1) if t not in forbidden]
            if not allowed:
                return False
            lo, hi = allowed[0], allowed[-1]
            self.lo[u], self.hi[u] = lo, hi
            self.cell[u, :lo] = ZERO
            column = ZERO
            for t in range(lo, hi):
                if t in allowed:
                    column, self.n = self.n, self.n + 1
                self.cell[u, t] = column
        return True

    def at(self, units: np.ndarray, times: np.ndarray) -> np.ndarray:
        """cell[u, t], with t < 0 meaning ZERO and t past the grid meaning ONE."""
        out = self.cell[units, np.clip(times, 0, self.width - 1)]
        return np.where(times < 0, ZERO, out)

    # ---- rows ---------------------------------------------------------------------------------

    def _monotone(self) -> None:
        left, right = self.cell[:, :-1].ravel(), self.cell[:, 1:].ravel()
        pairs = (left >= 0) & (right >= 0) & (left != right)
        left, right = left[pairs], right[pairs]
        self.rows.pairs_at_most(left, right)

    def _resources(self) -> None:
        p = self.p
        for res in p.resources:
            users = [(i, a.demands[res.name], a.duration) for i, a in enumerate(p.activities)
                     if a.demands.get(res.name, 0) > 0 and a.duration > 0]
            if not users:
                continue
            idx = np.array([i for i, _, _ in users])
            q = np.array([q for _, q, _ in users], dtype=float)
            d = np.array([d for _, _, d in users])
            u = self.unit_of[idx]
            periods = np.arange(self.width)
            # activity a runs in period p exactly when x[p + d] - x[p] = 1; only periods it can run in count
            runs = (periods[None, :] >= (self.lo[u] - d)[:, None]) & (periods[None, :] < self.hi[u][:, None])
            a_k, p_k = np.nonzero(runs)
            load = np.bincount(p_k, weights=q[a_k], minlength=self.width)
            tight = load > res.capacity
            sel = tight[p_k]
            a_k, p_k = a_k[sel], p_k[sel]
            local = np.cumsum(tight) - 1
            rows = local[p_k]
            n_rows = int(tight.sum())
            self.rows.add(np.r_[rows, rows], np.r_[self.at(u[a_k], p_k + d[a_k]), self.at(u[a_k], p_k)],
                       np.r_[q[a_k], -q[a_k]], np.full(n_rows, -np.inf), np.full(n_rows, float(res.capacity)))

    def _precedences(self) -> None:
        p = self.p
        if not p.precedences:
            return
        before = np.array([self.unit_of[p.index[x.before]] for x in p.precedences])
        after = np.array([self.unit_of[p.index[x.after]] for x in p.precedences])
        shift = np.array([x.lag + (p.activities[p.index[x.after]].duration if x.kind is Kind.FINISH_TO_START else 0)
                          for x in p.precedences])
        times = np.arange(self.width)
        later = self.cell[after][:, times]
        earlier = self.at(np.repeat(before, self.width), (times[None, :] - shift[:, None]).ravel()).reshape(later.shape)
        later, earlier = later.ravel(), earlier.ravel()
        # x[later] <= x[earlier]: nothing to say when later is 0 or earlier is 1, or both are one variable
        live = (later != ZERO) & (earlier != ONE) & (later != earlier)
        later, earlier = later[live], earlier[live]
        if np.any((later == ONE) & (earlier == ZERO)):
            self.rows.infeasible = True
            return
        self.rows.upper_bound[later[(earlier == ZERO) & (later >= 0)]] = 0.0
        self.rows.lower_bound[earlier[(later == ONE) & (earlier >= 0)]] = 1.0
        both = (later >= 0) & (earlier >= 0)
        pairs = np.unique(np.stack([later[both], earlier[both]], axis=1), axis=0)
        self.rows.pairs_at_most(pairs[:, 0], pairs[:, 1])

    def _stocks(self) -> None:
        p = self.p
        for stock in p.stocks:
            users = [(i, a.uses[stock.name]) for i, a in enumerate(p.activities) if a.uses.get(stock.name, 0) > 0]
            if not users:
                continue
            u = self.unit_of[[i for i, _ in users]]
            use = np.array([q for _, q in users], dtype=float)
            checks = sorted({t - 1 for t, _ in stock.steps if t > 0} | {p.horizon})
            caps = [stock.capacity_at(t) for t in checks]
            k = np.repeat(np.arange(len(checks)), len(u))
            cols = self.at(np.tile(u, len(checks)), np.repeat(checks, len(u)))
            self.rows.add(k, cols, np.tile(use, len(checks)), np.full(len(checks), -np.inf), np.array(caps, dtype=float))

    def _volumes(self) -> None:
        p = self.p
        for limit in p.volume_limits:
            users = [(i, a.volumes[limit.name]) for i, a in enumerate(p.activities) if a.volumes.get(limit.name, 0) > 0]
            if not users:
                continue
            u = self.unit_of[[i for i, _ in users]]
            vol = np.array([v for _, v in users], dtype=float)
            times = np.arange(1, p.horizon + 1)
            k = np.repeat(np.arange(len(times)), len(u))
            uu, tt, vv = np.tile(u, len(times)), np.repeat(times, len(u)), np.tile(vol, len(times))
            self.rows.add(np.r_[k, k], np.r_[self.at(uu, tt), self.at(uu, tt - 1)], np.r_[vv, -vv],
                       np.full(len(times), -np.inf), np.full(len(times), float(limit.limit)))

    def _milestones(self) -> None:
        p = self.p
        for m in p.milestones:
            if not m.hard:
                continue  # soft ones may be missed: no row (a relaxation)
            ids = [(p.index[aid], w) for aid, w in m.weights.items() if w]
            u = self.unit_of[[i for i, _ in ids]] if ids else np.zeros(0, dtype=np.int64)
            w = np.array([w for _, w in ids], dtype=float)
            self.rows.add(np.zeros(len(u), dtype=np.int64), self.at(u, np.full(len(u), m.time)), w,
                       np.array([float(m.required)]), np.array([np.inf]))

    # ---- objective and targets ----------------------------------------------------------------

    def objective(self) -> tuple[np.ndarray, float]:
        """Coefficients and constant of sum over units of weight x (number of t with x[u][t] < 1)."""
        weight = np.bincount(self.unit_of, weights=[a.weight for a in self.p.activities], minlength=len(self.lo))
        c = np.zeros(self.n)
        grid = self.cell
        variable = grid >= 0
        np.add.at(c, grid[variable], -np.repeat(weight, variable.sum(axis=1)))
        constant = float((weight * ((grid == ZERO).sum(axis=1) + variable.sum(axis=1))).sum())
        return c, constant

    def targets(self, values: np.ndarray) -> list[float]:
        """Each activity's LP end: the number of times it is not yet (fully) ended."""
        x = np.clip(np.r_[np.asarray(values, dtype=float), 0.0], 0.0, 1.0)  # one spare: no variable at all
        grid = self.cell
        share = np.where(grid >= 0, x[np.maximum(grid, 0)], np.where(grid == ONE, 1.0, 0.0))
        unit_end = (1.0 - share).sum(axis=1)
        return unit_end[self.unit_of].tolist()
