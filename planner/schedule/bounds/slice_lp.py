"""What could have ended by each time: one small LP per time, giving a bound and target ends.

For a time ``t``, let ``x_j`` be the share of activity ``j`` ended by ``t``. Every schedule gives
0/1 values that satisfy, at once:

- ``x_j = 0`` before its earliest end (releases, precedences: :func:`critical_path_ends`), and
  ``x_j = 1`` from its deadline or pinned end on;
- per team pool (renewable resource) and per duration class ``q``: the energy (demand x
  duration) of the activities of duration <= q ended by ``t`` fits in ``capacity x U_q(t)``,
  where ``U_q(t)`` counts the periods before ``t`` that such an activity can use at all. A
  period ``s`` is usable only if some end in ``(s, min(s + q, t)]`` is allowed: a freeze window
  (forbidden ends) leaves periods no short activity can occupy;
- per stock (cloud capacity) ``sum(uses x) <= capacity(t)``; per volume limit
  ``sum(volume x) <=`` the sum of ``limit(e)`` over the allowed ends ``e`` up to ``t`` (``limit x
  (allowed ends up to t)`` without steps);
- a predecessor has ended whenever its successor has (``x_a >= x_b`` for non-negative lags);
  the members of a sync group end together; hard milestones hold from their time on.

Maximising the weight ended by ``t`` over these (GLOP) bounds it from above in every schedule,
so ``sum over t of (total weight - that maximum)`` is a lower bound of ``sum(weight x end)``. It
sees every capacity at once, which the one-capacity relaxations of
:mod:`planner.schedule.bounds.weighted_ends` cannot (at 10,000 systems: team slots idle during a freeze
while the cloud waits for its next step).

The same LPs say *which* activities are worth ending early: ``target_j = sum over t of (1 -
x_j(t))`` is the LP's end of ``j``. From the sixth time on, ``x_j(t)`` comes from one LP over every
sixth time instead, whose slices are coupled so that what ended stays ended (:func:`_coupled`).
Ordered by these targets, the serial greedy schedules far better than by its static priority
(see :mod:`planner.schedule.heuristics.repair`); that is LP-guided list scheduling (Hall, Schulz, Shmoys and
Wein 1997, "Scheduling to minimize average completion time").
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp

from planner.schedule.bounds.critical_path import critical_path_ends
from planner.schedule.core.problem import Kind, Objective, Problem, VolumeLimit

TIE = 1e-4  # objective weight of every activity on top of its own: zero-weight ones end as early as they can
SAFETY = 1e-6  # relative slack taken off the bound for the LP's float tolerances
# PDLP (first-order, one thread: deterministic) to 1e-5: targets need no more. GLOP's dual simplex
# takes ~10 s at 10,000 systems and ~470 s at 50,000; PDLP ~5 s and ~40 s. Measured: 1e-3 was as
# fast but its order cost the example 2.5 % (6.71 M vs 6.51 M).
COUPLED_PDLP = ("termination_criteria { simple_optimality_criteria { eps_optimal_relative: 1e-5 "
                "eps_optimal_absolute: 1e-5 } iteration_limit: 200000 } num_threads: 1")
COUPLED_EVERY = 6  # targets from one LP over every 6th time (4-8 measured alike at 10,000 systems; 12 far worse)


@dataclass
class SliceLP:
    """Result of :func:`solve`: ``bound`` (None when not proven), ``targets`` (empty when not solved)."""

    bound: int | None = None
    targets: list[float] = field(default_factory=list)
    slices: int = 0  # LPs solved
    seconds: float = 0.0
    reason: str = ""
    slice_targets: list[float] = field(default_factory=list)  # the targets from the slices alone (no coupled LP)


def solve(problem: Problem, *, stride: int = 1, coupled: int = COUPLED_EVERY) -> SliceLP:
    """The bound and target ends of the module doc, from the LPs of every ``stride``-th time.

    A skipped time counts with the next solved one: in every schedule the weight still to end
    only falls with time, so the next solved time's bound holds for it too (weaker, but valid).
    ``coupled`` > 0: the targets from time ``coupled - 1`` on come from :func:`_coupled` instead.
    Deterministic (GLOP, dual simplex warm-started from the previous time's basis; the coupled LP:
    single-threaded PDLP without time limit).
    """
    t0 = time.perf_counter()
    p = problem
    if p.objective is not Objective.WEIGHTED_END or any(a.weight < 0 for a in p.activities) or not p.activities:
        return SliceLP(reason="only for sum(weight x end) with non-negative weights")
    lp = _Model(p)
    total = sum(a.weight for a in p.activities)
    n = len(p.activities)
    bound, solved, last = 0.0, 0, -1
    ranked: list[tuple[int, list[float]]] = []  # (time, values ranking the activities at it and the skipped ones before)
    for t in [*range(max(1, stride) - 1, p.horizon - 1, max(1, stride)), p.horizon - 1]:
        if t <= last:
            continue
        values = lp.at(t)
        solved += 1
        if values is None:
            return SliceLP(reason=f"no fractional schedule ends what time {t} requires (deadlines, pins, milestones)",
                           slices=solved, seconds=time.perf_counter() - t0)
        span, last = t - last, t  # the times last+1 .. t count with this slice
        done = sum(a.weight * v for a, v in zip(p.activities, values, strict=True))
        bound += span * max(0.0, total - done - TIE * n)
        if lp.frozen(t):  # nothing can end during a freeze: rank by what the LP would end without it
            values = lp.at(t, capped=False) or values
        ranked.append((t, values))
        if all(v >= 1.0 - 1e-9 for v in values):
            break
    by_slices = _targets(ranked, n)
    later = _coupled(p, range(coupled - 1, last + 1, coupled), last) if coupled > 0 and last >= coupled - 1 else None
    targets = _targets([(t, v) for t, v in ranked if t < coupled - 1] + later, n) if later else by_slices
    bound *= 1.0 - SAFETY
    return SliceLP(math.ceil(bound - 1e-6), targets, solved, time.perf_counter() - t0, slice_targets=by_slices)


def _targets(ranked: list[tuple[int, list[float]]], n: int) -> list[float]:
    """Each activity's LP end: the sum over times of the share not yet ended (a time counts with
    the next ranked one)."""
    targets, previous = [0.0] * n, -1
    for t, values in ranked:
        for j, v in enumerate(values):
            targets[j] += (t - previous) * (1.0 - v)
        previous = t
    return targets


def _coupled(p: Problem, sampled: range, last: int) -> list[tuple[int, list[float]]] | None:
    """One LP over the sampled times (and ``last``), each with the rows of its slice, coupled by
    ``x_j(t) <= x_j(t')`` for consecutive sampled ``t < t'``: what ended stays ended. It maximises
    the weight ended, summed over the sampled times, and gives *targets only*. Solved one by one,
    the slices may each fill a stock with a different set of activities (at 10,000 systems: many
    small clouded jobs at wave 9, the region team's jobs at wave 17), a sequence no schedule can
    follow since ended jobs stay on the cloud; this LP cannot. Measured at 10,000 systems (seeds
    1 and 2), the greedy guided by it schedules 6 % cheaper than by the slices alone. (Its sum,
    counted like strided slices, bounds the cost too, but more weakly than every slice solved.)
    Returns None unless solved to tolerance; the caller then keeps the slices' own values."""
    times = sorted({*sampled, last})
    solver = pywraplp.Solver.CreateSolver("PDLP")
    solver.SetSolverSpecificParametersAsString(COUPLED_PDLP)
    earliest = critical_path_ends(p)  # once for all layers (0.3 s at 50,000 systems)
    layers = [_Model(p, solver, earliest) for _ in times]
    for t, layer in zip(times, layers, strict=True):
        layer.place(t)
    for earlier, later in itertools.pairwise(layers):
        for a, b in zip(earlier.x, later.x, strict=True):
            row = solver.Constraint(0.0, solver.infinity())
            row.SetCoefficient(b, 1.0)
            row.SetCoefficient(a, -1.0)
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return [(t, layer.values()) for t, layer in zip(times, layers, strict=True)]


class _Model:
    """The LP of one time slice, built once; :meth:`at` moves its bounds to time ``t`` and solves.
    Several slices can share one ``solver`` (:func:`_coupled`); each then adds its own variables and rows."""

    def __init__(self, p: Problem, solver: pywraplp.Solver | None = None, earliest: list[int] | None = None) -> None:
        self.p = p
        if solver is None:
            solver = pywraplp.Solver.CreateSolver("GLOP")
            solver.SetSolverSpecificParametersAsString("use_dual_simplex: true")  # 2-4x faster between slices
        self.solver = s = solver
        acts = p.activities
        self.x = x = [s.NumVar(0.0, 0.0, f"x[{j}]") for j in range(len(acts))]
        self.earliest = earliest if earliest is not None else critical_path_ends(p)
        self.latest = [p.horizon if a.deadline is None else min(a.deadline, p.horizon) for a in acts]  # unpinned
        self.pinned = [a.fixed_end if a.fixed_end is not None else
                       a.fixed_start + a.duration if a.fixed_start is not None else None for a in acts]
        objective = s.Objective()
        for j, a in enumerate(acts):
            objective.SetCoefficient(x[j], a.weight + TIE)  # a shared solver sums the slices' weights
        objective.SetMaximization()
        self.pools = self._pools()
        self.stocks = [(self._stock_row(stock), stock.capacity_at) for stock in p.stocks]
        self.volumes = [self._volume_row(limit) for limit in p.volume_limits]
        self._order_rows()
        self.milestones = []
        for m in p.milestones:
            if m.hard:
                row = s.Constraint(-s.infinity(), s.infinity())
                for aid, w in m.weights.items():
                    if w:
                        row.SetCoefficient(x[p.index[aid]], w)
                self.milestones.append((row, m))

    def _stock_row(self, stock) -> pywraplp.Constraint:
        row = self.solver.Constraint(-self.solver.infinity(), 0.0)
        for j, a in enumerate(self.p.activities):
            if a.uses.get(stock.name, 0) > 0:
                row.SetCoefficient(self.x[j], a.uses[stock.name])
        return row

    def _volume_row(self, limit: VolumeLimit) -> tuple[pywraplp.Constraint, VolumeLimit, bool]:
        acts = self.p.activities
        row = self.solver.Constraint(-self.solver.infinity(), 0.0)
        members = [j for j, a in enumerate(acts) if a.volumes.get(limit.name, 0) > 0]
        for j in members:
            row.SetCoefficient(self.x[j], acts[j].volumes[limit.name])
        return row, limit, any(acts[j].duration == 0 for j in members)

    def ends(self, t: int, instant: bool) -> int:
        """End times in ``[0, t]`` open to a volume limit's members (any, if one has no duration)."""
        return sum(1 for e in range(1, t + 1) if instant or e not in self.p.forbidden_ends) + (1 if instant else 0)

    def room(self, limit: VolumeLimit, t: int, instant: bool) -> int:
        """The most volume that can have ended by ``t``: ``limit(e)`` summed over the ends :meth:`ends` counts."""
        if not limit.steps:
            return limit.limit * self.ends(t, instant)
        limits = limit.limits(t + 1)
        return sum(limits[e] for e in range(0 if instant else 1, t + 1) if instant or e not in self.p.forbidden_ends)

    def _order_rows(self) -> None:
        """Precedences (``x_a >= x_b`` for non-negative lags) and sync groups (equal)."""
        p, s, acts, v = self.p, self.solver, self.p.activities, self.x
        for link in p.precedences:
            reach = link.lag + (acts[p.index[link.after]].duration if link.kind is Kind.FINISH_TO_START else 0)
            if reach >= 0:  # the successor ended by t: the predecessor ended by t - reach <= t
                row = s.Constraint(0.0, s.infinity())
                row.SetCoefficient(v[p.index[link.before]], 1.0)
                row.SetCoefficient(v[p.index[link.after]], -1.0)
        for group in p.sync_groups:
            first, *rest = (p.index[m] for m in group.members)
            for j in rest:
                row = s.Constraint(0.0, 0.0)
                row.SetCoefficient(v[first], 1.0)
                row.SetCoefficient(v[j], -1.0)

    def _pools(self) -> list[tuple[pywraplp.Constraint, int, int]]:
        """(row, capacity, duration class q) per team pool and duration class, rows over durations <= q."""
        p, s, x = self.p, self.solver, self.x
        rows = []
        users: dict[str, list[tuple[int, int, int]]] = {r.name: [] for r in p.resources}
        for j, a in enumerate(p.activities):  # one pass: regions have hundreds of team pools
            for name, demand in a.demands.items() if a.duration > 0 else ():
                if demand > 0 and name in users:
                    users[name].append((j, demand * a.duration, a.duration))
        for r in p.resources:
            members = users[r.name]
            for q in sorted({d for _, _, d in members}):
                row = s.Constraint(-s.infinity(), 0.0)
                for j, energy, d in members:
                    if d <= q:
                        row.SetCoefficient(x[j], energy)
                rows.append((row, r.capacity, q))
        return rows

    def usable(self, q: int, t: int, capped: bool = True) -> int:
        """Periods before ``t`` that an activity of duration ``q`` ended by ``t`` can occupy
        (``capped=False``: ended at any time, the relaxation :meth:`at` gives the targets during a freeze)."""
        forbidden = self.p.forbidden_ends
        return sum(1 for s in range(t) if any(e not in forbidden
                                              for e in range(s + 1, (min(s + q, t) if capped else s + q) + 1)))

    def frozen(self, t: int) -> bool:
        """True when forbidden ends just before ``t`` hold back what could have ended by ``t``."""
        return any(self.usable(q, t) != self.usable(q, t, capped=False) for q in {q for _, _, q in self.pools})

    def at(self, t: int, capped: bool = True) -> list[float] | None:
        """Solve the slice of time ``t``: the share of each activity ended by ``t`` (None: infeasible).

        ``capped=False`` lets the pools use periods whose only allowed ends come after ``t``: not a
        bound, but during a freeze it still ranks the activities worth ending first right after it."""
        self.place(t, capped)
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        return self.values()

    def place(self, t: int, capped: bool = True) -> None:
        """Move the variable bounds and right-hand sides to time ``t`` (see :meth:`at`)."""
        s = self.solver
        for j, v in enumerate(self.x):
            pinned = self.pinned[j]
            if pinned is not None:
                v.SetBounds(*((1.0, 1.0) if pinned <= t else (0.0, 0.0)))
            elif self.latest[j] <= t:
                v.SetBounds(1.0, 1.0)
            else:
                v.SetBounds(0.0, 1.0 if self.earliest[j] <= t else 0.0)
        usable: dict[int, int] = {}
        for row, capacity, q in self.pools:
            if q not in usable:
                usable[q] = self.usable(q, t, capped)
            row.SetUb(capacity * usable[q])
        for row, capacity_at in self.stocks:
            row.SetUb(capacity_at(t))
        for row, limit, instant in self.volumes:
            row.SetUb(self.room(limit, t, instant))
        for row, m in self.milestones:
            row.SetLb(m.required if t >= m.time else -s.infinity())

    def values(self) -> list[float]:
        """The solved share of each activity ended, clipped to [0, 1]."""
        return [min(1.0, max(0.0, v.solution_value())) for v in self.x]


__all__ = ["SliceLP", "solve"]
