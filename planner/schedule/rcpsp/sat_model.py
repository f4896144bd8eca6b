"""Time-indexed Boolean model of a plain RCPSP for CP-SAT (order encoding), used by :mod:`rcpsp`.

``before[i][t]`` is the literal "activity i starts at t or earlier", for t in its time window
``[earliest start, horizon - tail]`` (always true from the window's end on). Then:

- ``before[i][t] -> before[i][t + 1]`` (a start is a single time);
- a precedence ``i -> j`` with lag ``l`` is ``before[j][t] -> before[i][t - d_i - l]``: binary
  clauses, which CP-SAT's SAT core propagates far faster than linear constraints;
- ``runs[i][t]`` is forced true by ``before[i][t] and not before[i][t - d_i]``, and each resource
  and period has the linear row ``sum(q_i * runs[i][t]) <= capacity`` (rows that cannot overflow
  are left out); a clique of :func:`rcpsp._incompatible_cliques` is an at-most-one per period;
- ``within[t]`` is "the makespan is t or less" (an integer ``makespan``'s order literals, t from
  ``lower`` to ``horizon - 1``): ``within[t] -> within[t + 1]`` and ``within[t] -> before[i][t - tail_i]``.

Refuting ``makespan <= optimum - 1`` this way, LP off, on the 12 hardest j30 instances (one core):
1.0-4.9 s each, 30.5 s in all, against 3.3-30 s each with the interval model (cumulative and
no_overlap propagators): the same reasoning as time-tabling, but explained in clauses over literals
the search branches on. The model has 2,000-4,300 Booleans on j30 (horizons 60-130). Not kept:
``runs`` defined both ways (also ``runs -> started``, ``runs -> not done``): 46 s instead of
39.5 s on those 12; the makespan as a plain sum of ``not within[t]`` (its bound then reached the
starts only through a linear row): 59.6 s instead of 45.2 s.
"""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model


def oriented(starts: list[int], durations: list[int], horizon: int, mirrored: bool) -> list[int]:
    """A schedule of the project ending by ``horizon``, as starts of the model's own orientation."""
    return [horizon - v - d for v, d in zip(starts, durations, strict=True)] if mirrored else list(starts)


def read_back(values: list[int], durations: list[int], mirrored: bool) -> list[int]:
    """The model's starts as the project's: a mirror's read backwards from its own makespan."""
    if not mirrored:
        return values
    ends = [v + d for v, d in zip(values, durations, strict=True)]
    return [max(ends) - e for e in ends]


class SatModel:
    """The model of the module doc: makespan minimised between ``lower`` and ``horizon``. ``d`` is
    :class:`rcpsp._Data`; ``mirrored`` as for :class:`rcpsp._Model` (:meth:`starts` reads it back)."""

    def __init__(self, d, horizon: int, *, lower: int = 0, cliques: bool = True, mirrored: bool = False) -> None:
        self.mirrored, self.dur = mirrored, d.dur
        m = self.model = cp_model.CpModel()
        n = len(d.dur)
        self.lo = list(d.est)
        self.hi = d.latest_starts(horizon)
        if any(h < lo for h, lo in zip(self.hi, self.lo, strict=True)):
            m.add_bool_or([])  # an empty window: nothing fits by this horizon
            self.hi = [max(h, lo) for h, lo in zip(self.hi, self.lo, strict=True)]
        self._true, self._false = m.new_constant(1), m.new_constant(0)
        self.before = []
        for i in range(n):
            row = [m.new_bool_var(f"before[{i}][{t}]") for t in range(self.lo[i], self.hi[i])]
            for a, b in itertools.pairwise(row):
                m.add_implication(a, b)
            self.before.append(row)
        for i, out in enumerate(d.succ):
            for j, lag in out:
                self._precedence(i, j, d.dur[i] + lag)
        for i, j, lag in d.extra:
            self._precedence(i, j, d.dur[i] + lag)
        self._runs: dict[tuple[int, int], cp_model.IntVar] = {}
        for users, cap in zip(d.users, d.caps, strict=True):
            for t in range(horizon):
                terms = [(r, q) for r, q in ((self._running(i, t), q) for i, q in users) if r is not None]
                if sum(q for _, q in terms) > cap:
                    m.add(sum(q * r for r, q in terms) <= cap)
        for clique in d.cliques if cliques else ():
            for t in range(horizon):
                runs = [r for r in (self._running(i, t) for i in clique) if r is not None]
                if len(runs) > 1:
                    m.add_at_most_one(runs)
        self.lower = min(lower, horizon)
        self.within = [m.new_bool_var(f"within[{t}]") for t in range(self.lower, horizon)]
        for a, b in itertools.pairwise(self.within):
            m.add_implication(a, b)
        makespan = m.new_int_var(self.lower, horizon, "makespan")  # its bound propagates to within[]
        for k, w in enumerate(self.within):
            t = self.lower + k
            for i in range(n):
                lit = self._started_by(i, t - d.tail[i])
                if lit is not self._true:
                    m.add_implication(w, lit)
            m.add(makespan <= t).only_enforce_if(w)
            m.add(makespan > t).only_enforce_if(w.Not())
        m.minimize(makespan)

    def _started_by(self, i: int, t: int):
        """The literal "i starts at t or earlier" (a constant outside the window)."""
        if t < self.lo[i]:
            return self._false
        if t >= self.hi[i]:
            return self._true
        return self.before[i][t - self.lo[i]]

    def _precedence(self, i: int, j: int, shift: int) -> None:
        """start(j) >= start(i) + shift."""
        for t in range(self.lo[j], self.hi[j] + 1):
            after, first = self._started_by(j, t), self._started_by(i, t - shift)
            if first is self._true or after is self._false:
                continue
            self.model.add_implication(after, first)

    def _running(self, i: int, t: int):
        """A literal true whenever i runs in period t (None if it never can)."""
        if not self.dur[i]:
            return None
        key = (i, t)
        if key not in self._runs:
            started, done = self._started_by(i, t), self._started_by(i, t - self.dur[i])
            if started is self._false or done is self._true:
                return None
            run = self.model.new_bool_var(f"runs[{i}][{t}]")
            clause = [run]
            if started is not self._true:
                clause.append(started.Not())
            if done is not self._false:
                clause.append(done)
            self.model.add_bool_or(clause)
            self._runs[key] = run
        return self._runs[key]

    def hint(self, starts: list[int], horizon: int) -> None:
        """Search from a schedule of the original ending by ``horizon`` (mirrored if need be)."""
        own = oriented(starts, self.dur, horizon, self.mirrored)
        for i, row in enumerate(self.before):
            for k, lit in enumerate(row):
                self.model.add_hint(lit, own[i] <= self.lo[i] + k)
        end = max(v + d for v, d in zip(own, self.dur, strict=True))
        for k, w in enumerate(self.within):
            self.model.add_hint(w, end <= self.lower + k)

    def starts(self, solver: cp_model.CpSolver) -> list[int]:
        values = []
        for i, row in enumerate(self.before):
            values.append(next((self.lo[i] + k for k, lit in enumerate(row) if solver.boolean_value(lit)), self.hi[i]))
        return read_back(values, self.dur, self.mirrored)
