"""A serial schedule-generation scheme: fast, valid, not optimal.

Activities that must end together (sync groups) are placed as one *unit*. Units are taken in
precedence order; among the units whose predecessors are all placed, the one with the smallest
priority key goes next and is placed at the earliest end that respects every hard constraint
(resources, precedences of both kinds, sync, forbidden ends, stock, volume, pins, deadlines,
horizon). Pinned units are placed before everything else so the others fit around them.

Priority (smallest first): latest finish time from a backward pass over deadlines, pins, the
horizon and the times of the milestones the unit counts for; then the unit's weight per unit of
duration (heavier first, as in Smith's rule); then input order. Given ``targets`` (an end time
per activity, e.g. from :mod:`planner.schedule.bounds.slice_lp`), the first key is instead the unit's
target minus half its duration (its target mean busy time), never later than its latest end.

The greedy never proves infeasibility except in the trivial cases it reports as INFEASIBLE
(a time window that is empty after propagating releases, pins, deadlines and precedences; a
demand above capacity; a volume ending at once above the largest limit of its ramp; a precedence
inside a sync group that cannot hold). When it cannot place a unit, or a hard milestone is
missed, it returns UNKNOWN with the reason.

Cost: O(units log units + sum over units of (scanned ends x member durations)); plain Python,
about 3-4 s of CPU for 50,000 activities over 60 periods and 400 resources (numpy is installed
but not needed: the profiles are short lists, and lazy "first free period" pointers skip full ones).
"""

from __future__ import annotations

import heapq
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from planner.schedule.bounds.critical_path import makespan_lower_bound
from planner.schedule.core.problem import Kind, Objective, Problem
from planner.schedule.core.result import Result, Status, completed

_INF = 1 << 60


@dataclass
class _Unit:
    """Activities ending together; ``c`` of an edge means end(succ) >= end(self) + c."""

    members: list[int]
    lb: int  # earliest end (static)
    ub: int  # latest end (static)
    forbidden: frozenset[int]
    profile: dict[int, list[int]]  # resource index -> demand in periods E-1, E-2, ... (relative)
    uses: dict[int, int]  # stock index -> amount
    volumes: dict[int, int]  # volume limit index -> amount
    pinned: bool
    weight: int
    duration: int


def hint_for(problem: Problem, passes: int = 1, seed: int = 0, *, solver: str = "greedy") -> tuple[Result, bool]:
    """The greedy schedule a CP-SAT solve starts from, and whether it settles the problem already (proven
    infeasible by propagation, or at a lower bound); a settled one is labelled with ``solver``."""
    t0 = time.perf_counter()
    start = schedule(problem, passes=passes, seed=seed)
    settled = start.status is Status.INFEASIBLE or start.status is Status.OPTIMAL
    if settled:
        start.solver, start.seconds = solver, time.perf_counter() - t0
    return start, settled


def schedule(problem: Problem, *, passes: int = 1, seed: int = 0, targets: Sequence[float] | None = None) -> Result:
    """Place every activity with the serial scheme; always returns a Result (see module doc).

    ``passes > 1`` adds randomised passes (priority keys jittered by up to a fifth of their
    spread, seeded, so still deterministic) and keeps the best schedule by (soft milestone
    shortfall, objective); they stop early at a schedule meeting the lower bound.
    """
    t0 = time.perf_counter()
    result = _Greedy(problem, targets).run(passes, seed)
    result.seconds = time.perf_counter() - t0
    return result


class _Greedy:
    def __init__(self, problem: Problem, targets: Sequence[float] | None = None) -> None:
        self.p = problem
        self.targets = targets
        self.H = problem.horizon
        self.res_index = {r.name: k for k, r in enumerate(problem.resources)}
        self.stock_index = {s.name: k for k, s in enumerate(problem.stocks)}
        self.vol_index = {v.name: k for k, v in enumerate(problem.volume_limits)}
        self.unit_of = [0] * len(problem.activities)
        for u, members in enumerate(problem.units):
            for i in members:
                self.unit_of[i] = u

    # ---- the run -------------------------------------------------------------------------------

    def run(self, passes: int = 1, seed: int = 0) -> Result:
        failure = self._build_units() or self._build_edges() or self._propagate_windows()
        if failure:
            return Result(Status.INFEASIBLE, "greedy", reason=failure)
        rng = random.Random(seed)
        finite = [k[0] for k in self.key if k[0] < _INF]
        spread = (max(finite) - min(finite) + 1) / 5 if finite else 1.0
        best = None
        bound = self._bound()
        for k in range(max(1, passes)):
            keys = self.key if k == 0 else [(d - rng.random() * spread if d < _INF else d, r, u)
                                            for d, r, u in self.key]
            result = self._one_pass(keys)
            if best is None or (result.feasible and (not best.feasible or
                                                     (result.shortfall, result.objective) < (best.shortfall, best.objective))):
                best = result
            if best.feasible and best.objective == bound and best.shortfall == 0 and self.p.reference is None:
                break  # no pass can do better
        if best.feasible:
            best.bound = bound
            if bound is not None and best.objective == bound and best.shortfall == 0 and self.p.reference is None:
                best.status = Status.OPTIMAL
        return best

    def _one_pass(self, keys: list[tuple]) -> Result:
        self._init_profiles()
        end = [-1] * len(self.units)
        for u, unit in enumerate(self.units):
            if unit.pinned:
                failure = self._pin(u, end)
                if failure:
                    return Result(Status.UNKNOWN, "greedy", reason=failure)
        failure = self._serial(end, keys)
        if failure:
            return Result(Status.UNKNOWN, "greedy", reason=failure)
        acts = self.p.activities
        starts = {}
        for u, unit in enumerate(self.units):
            for i in unit.members:
                starts[acts[i].id] = end[u] - acts[i].duration
        result = completed(self.p, Result(Status.FEASIBLE, "greedy", starts=starts))
        missed = [o for o in result.milestones.values() if o.hard and not o.met]
        if missed:
            o = missed[0]
            return Result(Status.UNKNOWN, "greedy",
                          reason=f"greedy schedule reaches {o.achieved} < required {o.required} for milestone '{o.name}'")
        return result

    def _serial(self, end: list[int], keys: list[tuple]) -> str:
        """Place units in precedence order, best priority first; '' or why it failed."""
        indeg = [len(pr) for pr in self.pred]
        heap = [(keys[u], u) for u, d in enumerate(indeg) if d == 0]
        heapq.heapify(heap)
        earliest = [unit.lb for unit in self.units]
        acts = self.p.activities
        while heap:
            _, u = heapq.heappop(heap)
            unit = self.units[u]
            if unit.pinned:
                if earliest[u] > end[u]:
                    return (f"greedy: pinned activity '{acts[unit.members[0]].id}' ends at {end[u]}, "
                            f"before its predecessors allow ({earliest[u]})")
            else:
                e = self._earliest_fit(u, earliest[u])
                if e is None:
                    return (f"greedy could not place activity '{acts[unit.members[0]].id}' between "
                            f"{earliest[u]} and {unit.ub} (resources, stock, volume or forbidden ends)")
                self._commit(u, e)
                end[u] = e
            for v, c in self.succ[u]:
                earliest[v] = max(earliest[v], end[u] + c)
                indeg[v] -= 1
                if indeg[v] == 0:
                    heapq.heappush(heap, (keys[v], v))
        return ""

    def _pin(self, u: int, end: list[int]) -> str:
        unit = self.units[u]
        e = unit.lb
        if not self._fits(u, e):
            return (f"greedy: pinned activity '{self.p.activities[unit.members[0]].id}' at end {e} "
                    "does not fit with the other pinned activities")
        self._commit(u, e)
        end[u] = e
        return ""

    # ---- static preparation --------------------------------------------------------------------

    def _build_units(self) -> str:
        """Units with their windows, profiles and amounts; '' or a proof of infeasibility."""
        p, acts = self.p, self.p.activities
        self.units: list[_Unit] = []
        for members in p.units:
            lb, ub, pinned = 0, self.H, False
            forbidden: set[int] = set()
            profile: dict[int, list[int]] = {}
            uses: dict[int, int] = {}
            volumes: dict[int, int] = {}
            weight = duration = 0
            for i in members:
                a = acts[i]
                lb = max(lb, a.release + a.duration)
                if a.deadline is not None:
                    ub = min(ub, a.deadline)
                for fixed in (a.fixed_end, None if a.fixed_start is None else a.fixed_start + a.duration):
                    if fixed is not None:
                        lb, ub, pinned = max(lb, fixed), min(ub, fixed), True
                forbidden |= p.end_forbidden(a)
                weight += a.weight
                duration = max(duration, a.duration)
                if a.duration:
                    for name, q in a.demands.items():
                        if q:
                            k = self.res_index[name]
                            if q > p.resources[k].capacity:
                                return (f"activity '{a.id}' needs {q} of resource '{name}' "
                                        f"but its capacity is {p.resources[k].capacity}")
                            prof = profile.setdefault(k, [])
                            if len(prof) < a.duration:
                                prof.extend([0] * (a.duration - len(prof)))
                            for j in range(a.duration):
                                prof[j] += q
                for name, q in a.uses.items():
                    if q:
                        uses[self.stock_index[name]] = uses.get(self.stock_index[name], 0) + q
                for name, q in a.volumes.items():
                    if q:
                        volumes[self.vol_index[name]] = volumes.get(self.vol_index[name], 0) + q
            for k, prof in profile.items():
                if max(prof) > p.resources[k].capacity:
                    return (f"activities {', '.join(acts[i].id for i in members)} end together and need "
                            f"{max(prof)} of resource '{p.resources[k].name}' at once")
            for k, q in volumes.items():  # they fit if some time has room enough (the peak of a ramp)
                v = p.volume_limits[k]
                if q > v.peak:
                    return (f"activities ending with '{acts[members[0]].id}' carry {q} > "
                            f"{'largest limit' if v.steps else 'limit'} {v.peak} of volume '{v.name}'")
            self.units.append(_Unit(members, lb, ub, frozenset(forbidden), profile, uses, volumes, pinned,
                                    weight, duration))
        return ""

    def _build_edges(self) -> str:
        """Unit graph: end(v) >= end(u) + c; '' or a precedence inside a unit that cannot hold."""
        p = self.p
        best: dict[tuple[int, int], int] = {}
        for prec in p.precedences:
            a, b = p.index[prec.before], p.index[prec.after]
            c = prec.lag + (p.activities[b].duration if prec.kind is Kind.FINISH_TO_START else 0)
            u, v = self.unit_of[a], self.unit_of[b]
            if u == v:
                if c > 0:
                    return (f"precedence {prec.before} -> {prec.after} cannot hold: both end together "
                            "(sync group)")
                continue
            best[(u, v)] = max(best.get((u, v), -_INF), c)
        self.succ: list[list[tuple[int, int]]] = [[] for _ in self.units]
        self.pred: list[list[tuple[int, int]]] = [[] for _ in self.units]
        for (u, v), c in best.items():
            self.succ[u].append((v, c))
            self.pred[v].append((u, c))
        return ""

    def _propagate_windows(self) -> str:
        """Forward/backward passes; priority keys; '' or a unit whose window is empty."""
        order = self._topological()
        est = [unit.lb for unit in self.units]
        for u in order:
            for v, c in self.succ[u]:
                est[v] = max(est[v], est[u] + c)
        lft = [unit.ub for unit in self.units]
        due = [min(unit.ub, self._milestone_due(unit)) for unit in self.units]
        for u in reversed(order):
            for v, c in self.succ[u]:
                lft[u] = min(lft[u], lft[v] - c)
                due[u] = min(due[u], due[v] - c)
        for u, unit in enumerate(self.units):
            if est[u] > lft[u]:
                a = self.p.activities[unit.members[0]]
                return (f"activity '{a.id}' cannot end before {est[u]} (release, pins and predecessors) "
                        f"but must end by {lft[u]} (deadline, pins, horizon and successors)")
            unit.lb, unit.ub = est[u], lft[u]
        self.est = est
        ratio = [-(unit.weight / max(1, unit.duration)) for unit in self.units]
        self.key = [(due[u], ratio[u], u) for u in range(len(self.units))]
        if self.targets is not None:
            self.key = [(min(min(self.targets[i] for i in unit.members) - unit.duration / 2, unit.ub), ratio[u], u)
                        for u, unit in enumerate(self.units)]
        return ""

    def _milestone_due(self, unit: _Unit) -> int:
        due = _INF
        if not self.p.milestones:
            return due
        ids = {self.p.activities[i].id for i in unit.members}
        for m in self.p.milestones:
            if any(aid in m.weights and m.weights[aid] > 0 for aid in ids):
                due = min(due, m.time)
        return due

    def _topological(self) -> list[int]:
        indeg = [len(pr) for pr in self.pred]
        stack = [u for u, d in enumerate(indeg) if d == 0]
        order = []
        while stack:
            u = stack.pop()
            order.append(u)
            for v, _ in self.succ[u]:
                indeg[v] -= 1
                if indeg[v] == 0:
                    stack.append(v)
        return order

    def _bound(self) -> int | None:
        """A trivial lower bound of the objective from the forward pass (no resources)."""
        if self.p.objective is Objective.MAKESPAN:
            return max(max(self.est, default=0), makespan_lower_bound(self.p))
        if any(a.weight < 0 for a in self.p.activities):
            return None
        return sum(unit.weight * self.est[u] for u, unit in enumerate(self.units))

    # ---- profiles ------------------------------------------------------------------------------

    def _init_profiles(self) -> None:
        p, H = self.p, self.H
        self.free = [[r.capacity] * H for r in p.resources]  # free[k][period]
        self.slack = [[s.capacity_at(t) for t in range(H + 1)] for s in p.stocks]  # slack[k][time]
        self.sufmin = [self._suffix_min(sl) for sl in self.slack]
        self.vol_free = [v.limits(H + 1) for v in p.volume_limits]  # vol_free[k][time]: limit in force less ended
        self.res_ptr = [0] * len(p.resources)  # res_ptr[k]: periods before it have no free capacity
        self.vol_ptr = [0] * len(p.volume_limits)  # vol_ptr[k]: times before it have no free volume

    @staticmethod
    def _suffix_min(values: list[int]) -> list[int]:
        out = values[:]
        for t in range(len(out) - 2, -1, -1):
            if out[t + 1] < out[t]:
                out[t] = out[t + 1]
        return out

    def _earliest_fit(self, u: int, lb: int) -> int | None:
        """Smallest end >= lb where unit u fits, or None."""
        unit = self.units[u]
        e, ub = max(lb, unit.lb), unit.ub
        for k, q in unit.uses.items():  # suffix minima are non-decreasing in time
            sm = self.sufmin[k]
            while e <= ub and sm[e] < q:
                e += 1
        forbidden = unit.forbidden
        volumes = [(self.vol_free[k], q) for k, q in unit.volumes.items()]
        for k in unit.volumes:  # times before the first with free volume are full
            e = max(e, self._first_free(self.vol_free[k], self.vol_ptr, k))
        if len(unit.members) == 1 and len(unit.profile) == 1:  # the common case, inlined
            ((k, prof),) = unit.profile.items()
            free, q, d = self.free[k], prof[0], len(prof)
            e = max(e, self._first_free(free, self.res_ptr, k) + d)
            while e <= ub:
                if e in forbidden or any(vf[e] < v for vf, v in volumes):
                    e += 1
                    continue
                for t in range(e - 1, e - 1 - d, -1):
                    if free[t] < q:
                        e = t + d + 1  # the activity must start after the clashing period
                        break
                else:
                    return e
            return None
        single = len(unit.members) == 1
        while e <= ub:
            if e in forbidden or any(vf[e] < v for vf, v in volumes):
                e += 1
                continue
            clash = self._clash(unit, e)
            if clash < 0:
                return e
            e = clash + unit.duration + 1 if single else e + 1
        return None

    @staticmethod
    def _first_free(values: list[int], pointers: list[int], k: int) -> int:
        """First index where ``values`` is positive, advancing a lazy pointer (values only shrink)."""
        t = pointers[k]
        while t < len(values) and values[t] <= 0:
            t += 1
        pointers[k] = t
        return t

    def _clash(self, unit: _Unit, e: int) -> int:
        """Latest period where unit ending at e overflows a resource, or -1."""
        for k, prof in unit.profile.items():
            free = self.free[k]
            for j, q in enumerate(prof):
                if q > free[e - 1 - j]:
                    return e - 1 - j
        return -1

    def _fits(self, u: int, e: int) -> bool:
        unit = self.units[u]
        return (e not in unit.forbidden and all(self.vol_free[k][e] >= q for k, q in unit.volumes.items())
                and all(self.sufmin[k][e] >= q for k, q in unit.uses.items()) and self._clash(unit, e) < 0)

    def _commit(self, u: int, e: int) -> None:
        unit = self.units[u]
        for k, prof in unit.profile.items():
            free = self.free[k]
            for j, q in enumerate(prof):
                free[e - 1 - j] -= q
        for k, q in unit.volumes.items():
            self.vol_free[k][e] -= q
        for k, q in unit.uses.items():
            sl, sm = self.slack[k], self.sufmin[k]
            for t in range(e, self.H + 1):  # every suffix from e on loses q
                sl[t] -= q
                sm[t] -= q
            for t in range(e - 1, -1, -1):  # earlier suffixes change only until one is unchanged
                value = sl[t] if sl[t] < sm[t + 1] else sm[t + 1]
                if value == sm[t]:
                    break
                sm[t] = value
