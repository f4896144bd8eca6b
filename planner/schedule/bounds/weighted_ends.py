"""A lower bound of sum(weight * end) that sees the resources, in well under a second at 50,000 activities.

The earliest end of each activity (releases, precedences, sync groups: :func:`critical_path_ends`)
gives ``sum(w * earliest end)``, a bound that ignores every capacity; at 10,000 systems the
schedules are three to four times above it because team slots, cloud capacity and data transfer
hold them back. Three relaxations that keep one capacity each, every one a valid bound:

- **renewable resource** (a team pool of constant capacity C): the *mean busy time* relaxation of
  Goemans (1997, "Improved approximation algorithms for scheduling with release dates"). In any
  schedule an activity of duration p that ends at E is busy, on average, at M = E - p/2; its
  energy (demand x p) is spent within the capacity profile. Over all "fluid" schedules that only
  respect the capacity and the releases, sum(w * M) is least for the preemptive rule "spend the
  capacity on the released activity of highest w / energy" — simulated here in O(n log n). So
  sum over the pool's activities of w * E >= sum(w * M_fluid) + sum(w * p / 2).
- **stock resource** (cloud capacity C(t), filled for good at each end) and **volume limit** (at most
  L(t) ending at time t): for every time t, the activities ended by t fit into C(t) (or into the
  sum of L(e) over the end times e up to t) and each has reached its earliest end. Hence the weight
  still running after t is at least the total weight minus a fractional knapsack of what could
  have ended; summed over t = 0 .. horizon - 1, that is a bound of sum(w * E) over those activities.

Each relaxation bounds the activities it covers; the rest count at their earliest ends. The
bound is the best of the three families (renewable pools partition the activities: each counts
in the pool it loads most). Milestones, freeze windows and precedences between activities of a
pool only raise the true optimum, so dropping them keeps the bound valid.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence

from planner.schedule.bounds.critical_path import critical_path_ends
from planner.schedule.core.problem import Activity, Kind, Objective, Problem

EPSILON = 1e-6  # float slack before rounding a bound of an integer objective up


def weighted_end_lower_bound(problem: Problem) -> int | None:
    """max over the relaxations above of their bound of sum(weight * end); None for other objectives.

    >>> from planner.schedule.core.problem import Activity, Resource
    >>> acts = tuple(Activity(f"a{i}", 1, weight=1, demands={"team": 1}) for i in range(4))
    >>> p = Problem(acts, 9, resources=(Resource("team", 1),))
    >>> weighted_end_lower_bound(p)  # one slot: ends 1, 2, 3, 4 (the earliest ends alone give 4)
    10
    """
    if problem.objective is not Objective.WEIGHTED_END or any(a.weight < 0 for a in problem.activities):
        return None
    ends = critical_path_ends(problem)
    weights = [a.weight for a in problem.activities]
    earliest = [w * e for w, e in zip(weights, ends, strict=True)]
    best = sum(earliest)
    for covered, bound in _relaxations(problem, ends):
        best = max(best, sum(earliest) - sum(earliest[i] for i in covered) + bound)
    return math.ceil(best - EPSILON)


def _relaxations(problem: Problem, ends: list[int]):
    """(indices covered, bound of their weighted ends) for each relaxation family."""
    acts = problem.activities
    if problem.resources:
        yield _pools(problem, ends)
    for stock in problem.stocks:
        members = [i for i, a in enumerate(acts) if a.uses.get(stock.name, 0) > 0 and a.weight > 0]
        yield members, time_slice_bound(members, ends, [acts[i].uses[stock.name] for i in members],
                                        [acts[i].weight for i in members], stock.capacity_at, problem.horizon)
    for limit in problem.volume_limits:
        members = [i for i, a in enumerate(acts) if a.volumes.get(limit.name, 0) > 0 and a.weight > 0]
        instant = any(acts[i].duration == 0 for i in members)  # these may end at a forbidden time
        first = min((ends[i] for i in members), default=0)
        limits = limit.limits(problem.horizon + 1)  # the limit in force at each time
        room = [0] * (problem.horizon + 1)  # room[t]: summed limits of the ends in [first, t] a member may use
        for t in range(problem.horizon + 1):
            usable = t >= first and (instant or t not in problem.forbidden_ends)
            room[t] = (room[t - 1] if t else 0) + (limits[t] if usable else 0)
        yield members, time_slice_bound(members, ends, [acts[i].volumes[limit.name] for i in members],
                                        [acts[i].weight for i in members], lambda t, room=room: room[t],
                                        problem.horizon)


def _pools(problem: Problem, ends: list[int]) -> tuple[list[int], float]:
    """The renewable family: each activity in the pool it loads most, plus its resource-free successors.

    A successor s with no resource of its own (an exit after its published systems) ends after
    each of its predecessors p: ``end(s) >= end(p) + c`` (c: lag, plus s's duration for
    finish-to-start), so ``w_s * end(s) >= w_s * mean over p of (end(p) + c)``: its weight is shared
    among the predecessors in pools, and the pools' bounds carry it.
    """
    acts = problem.activities
    load = {r.name: 0.0 for r in problem.resources}  # energy per unit of capacity
    capacity = {r.name: max(1, r.capacity) for r in problem.resources}
    for a in acts:
        for name, d in a.demands.items():
            load[name] += d * a.duration / capacity[name]
    pool_of: dict[int, str] = {}
    for i, a in enumerate(acts):
        used = [name for name, d in a.demands.items() if d > 0 and a.duration > 0]
        if used:
            pool_of[i] = max(used, key=lambda name: (load[name], name))
    weight = [float(a.weight) for a in acts]
    constant = 0.0
    preds: dict[int, list[tuple[int, int]]] = {}
    for x in problem.precedences:
        a, b = problem.index[x.before], problem.index[x.after]
        if a in pool_of and b not in pool_of and acts[b].weight > 0:
            preds.setdefault(b, []).append((a, x.lag + (acts[b].duration if x.kind is Kind.FINISH_TO_START else 0)))
    for b, links in preds.items():
        share = acts[b].weight / len(links)
        for a, c in links:
            weight[a] += share
            constant += share * c
    pools: dict[str, list[int]] = {r.name: [] for r in problem.resources}
    for i, name in pool_of.items():
        if weight[i] > 0:
            pools[name].append(i)
    total = constant
    for r in problem.resources:
        members = pools[r.name]
        fluid = mean_busy_time_bound([_earliest_start(acts[i]) for i in members],
                                     [acts[i].demands[r.name] * acts[i].duration for i in members],
                                     [weight[i] for i in members], r.capacity)
        halves = sum(weight[i] * acts[i].duration / 2 for i in members)
        total += max(fluid + halves, sum(weight[i] * ends[i] for i in members))
    covered = [i for members in pools.values() for i in members] + list(preds)
    return covered, total


def _earliest_start(a: Activity) -> int:
    """The release, or the pinned start (re-planning pins the past, which may lie before a release)."""
    if a.fixed_start is not None:
        return a.fixed_start
    if a.fixed_end is not None:
        return a.fixed_end - a.duration
    return a.release


def mean_busy_time_bound(releases: Sequence[int], energies: Sequence[int], weights: Sequence[float],
                         capacity: int) -> float:
    """min sum(w * mean busy time) over fluid schedules of capacity ``capacity`` (Goemans' WSPT rule).

    Jobs with no energy are never busy: they add nothing (their ends are bounded elsewhere).

    >>> mean_busy_time_bound([0, 0], [2, 2], [1, 1], 1)  # busy [0,2) then [2,4): means 1 and 3
    4.0
    >>> mean_busy_time_bound([0, 1], [4, 1], [1, 4], 1)  # the heavy short job runs [1,2): 4 * 1.5 + 2.75
    8.75
    """
    jobs = sorted((r, k) for k, (r, e) in enumerate(zip(releases, energies, strict=True)) if e > 0)
    if not jobs or capacity <= 0:
        return 0.0
    left = [float(e) for e in energies]
    moment = [0.0] * len(energies)  # integral of t * rate
    ready: list[tuple[float, int]] = []
    now, nxt, total = 0.0, 0, 0.0
    while nxt < len(jobs) or ready:
        if not ready:
            now = max(now, float(jobs[nxt][0]))
        while nxt < len(jobs) and jobs[nxt][0] <= now:
            k = jobs[nxt][1]
            heapq.heappush(ready, (-weights[k] / energies[k], k))
            nxt += 1
        _, k = ready[0]
        finish = now + left[k] / capacity
        until = min(finish, float(jobs[nxt][0])) if nxt < len(jobs) else finish
        moment[k] += capacity * (until * until - now * now) / 2
        left[k] -= capacity * (until - now)
        now = until
        if until >= finish - 1e-12:
            heapq.heappop(ready)
            total += weights[k] * moment[k] / energies[k]
    return total


def time_slice_bound(members: Sequence[int], ends: Sequence[int], sizes: Sequence[int], weights: Sequence[float],
                     capacity: Callable[[int], int], horizon: int) -> float:
    """sum over t < horizon of the weight that cannot have ended by t (fractional knapsack per t).

    ``sizes[k]`` of member k fills ``capacity(t)`` once ended; ``ends[members[k]]`` is its earliest
    end. The knapsack takes the eligible members by weight per size; a Fenwick tree over that order
    answers each t in O(log n).

    >>> time_slice_bound([0, 1], [1, 1], [1, 1], [3, 1], lambda t: t, 5)  # optimum: ends 1 and 2, 3*1 + 1*2
    5.0
    """
    order = sorted(range(len(members)), key=lambda k: (-weights[k] / sizes[k], k))
    by_end = sorted(range(len(order)), key=lambda rank: ends[members[order[rank]]])
    size_tree, weight_tree = _Fenwick(len(order)), _Fenwick(len(order))
    total_weight, bound, added = float(sum(weights)), 0.0, 0
    for t in range(horizon):
        while added < len(by_end) and ends[members[order[by_end[added]]]] <= t:
            rank = by_end[added]
            size_tree.add(rank, sizes[order[rank]])
            weight_tree.add(rank, weights[order[rank]])
            added += 1
        budget = capacity(t)
        rank = size_tree.first_exceeding(budget)  # the first member that no longer fits whole
        whole_size, done = size_tree.prefix(rank), weight_tree.prefix(rank)
        if rank < len(order):
            k = order[rank]
            done += weights[k] * (budget - whole_size) / sizes[k]
        bound += total_weight - done
    return bound


class _Fenwick:
    """Prefix sums over positions 0..n-1 with point updates (a binary indexed tree)."""

    def __init__(self, n: int) -> None:
        self.n, self.tree = n, [0.0] * (n + 1)
        self.top = 1 << n.bit_length()

    def add(self, position: int, value: float) -> None:
        i = position + 1
        while i <= self.n:
            self.tree[i] += value
            i += i & -i

    def prefix(self, count: int) -> float:
        """Sum of positions 0..count-1."""
        total, i = 0.0, count
        while i > 0:
            total += self.tree[i]
            i -= i & -i
        return total

    def first_exceeding(self, budget: float) -> int:
        """Smallest count c with prefix(c + 1) > budget (n if the whole sum fits): values are >= 0."""
        position, step = 0, self.top
        while step:
            nxt = position + step
            if nxt <= self.n and self.tree[nxt] <= budget:
                position = nxt
                budget -= self.tree[nxt]
            step >>= 1
        return position


__all__ = ["mean_busy_time_bound", "time_slice_bound", "weighted_end_lower_bound"]
