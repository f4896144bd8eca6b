"""Cheap lower bounds from the problem alone (no solver): critical path and resource energy."""

from __future__ import annotations

from planner.schedule.core.problem import Kind, Problem


def critical_path_ends(problem: Problem) -> list[int]:
    """Earliest end of every activity ignoring resources: releases, pins, precedences, sync groups.

    >>> from planner.schedule.core.problem import Activity, Precedence
    >>> p = Problem((Activity("a", 2, release=1), Activity("b", 3)), 99, precedences=(Precedence("a", "b"),))
    >>> critical_path_ends(p)
    [3, 6]
    """
    acts = problem.activities
    unit_of = [0] * len(acts)
    for u, members in enumerate(problem.units):
        for i in members:
            unit_of[i] = u
    est = [0] * len(problem.units)
    for u, members in enumerate(problem.units):
        for i in members:
            a = acts[i]
            est[u] = max(est[u], a.release + a.duration, a.fixed_end or 0,
                         (a.fixed_start or 0) + a.duration)
    succ: list[list[tuple[int, int]]] = [[] for _ in problem.units]
    indeg = [0] * len(problem.units)
    for x in problem.precedences:
        a, b = problem.index[x.before], problem.index[x.after]
        u, v = unit_of[a], unit_of[b]
        if u != v:
            c = x.lag + (acts[b].duration if x.kind is Kind.FINISH_TO_START else 0)
            succ[u].append((v, c))
            indeg[v] += 1
    stack = [u for u, d in enumerate(indeg) if d == 0]
    while stack:
        u = stack.pop()
        for v, c in succ[u]:
            est[v] = max(est[v], est[u] + c)
            indeg[v] -= 1
            if indeg[v] == 0:
                stack.append(v)
    return [est[unit_of[i]] for i in range(len(acts))]


def makespan_lower_bound(problem: Problem) -> int:
    """max(critical path + energy tail, per-resource energy bound): a valid makespan lower bound.

    >>> from planner.schedule.core.problem import Activity, Resource
    >>> p = Problem((Activity("a", 3, demands={"r": 2}), Activity("b", 3, demands={"r": 2})), 99,
    ...             resources=(Resource("r", 3),))
    >>> makespan_lower_bound(p)
    6
    """
    ends = critical_path_ends(problem)
    _, tails = precedence_energy(problem)
    cp = max((e + t for e, t in zip(ends, tails, strict=True)), default=0)
    return max(cp, energy_bound(problem))


def energy_bound(problem: Problem) -> int:
    """Per renewable resource: min release + max(ceil(energy / capacity), disjunctive sum).

    Activities needing more than half the capacity can never overlap, so their durations add
    up. A resource with zero capacity and some demand gives ``horizon + 1`` (no schedule fits).

    >>> from planner.schedule.core.problem import Activity, Resource
    >>> acts = (Activity("a", 3, demands={"r": 2}), Activity("b", 3, demands={"r": 2}), Activity("c", 1, demands={"r": 1}))
    >>> energy_bound(Problem(acts, 99, resources=(Resource("r", 3),)))
    6
    """
    best = 0
    for r in problem.resources:
        users = [a for a in problem.activities if a.duration and a.demands.get(r.name, 0)]
        if not users:
            continue
        if r.capacity == 0:
            return problem.horizon + 1
        energy = sum(a.demands[r.name] * a.duration for a in users)
        disjunctive = sum(a.duration for a in users if 2 * a.demands[r.name] > r.capacity)
        best = max(best, min(a.release for a in users) + max(-(-energy // r.capacity), disjunctive))
    return best


def precedence_energy(problem: Problem, max_activities: int = 400) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Redundant precedence lags from resource energy, and energy tails to the makespan.

    Over finish-to-start links with lag >= 0, every activity k after i and before j runs inside
    [end(i), start(j)], so for every renewable resource r
    ``start(j) - end(i) >= ceil(sum_k demand_kr * dur_k / capacity_r)``. Returns the pairs
    ``(i, j, lag)`` where that lag beats the longest precedence path between them, and for each
    activity the energy tail ``max_r ceil(energy of its successors / capacity_r)``
    (``makespan >= end(i) + tail[i]``). Quadratic: skipped (empty, zeros) above ``max_activities``.

    >>> from planner.schedule.core.problem import Activity, Precedence, Resource
    >>> acts = (Activity("a", 1), Activity("b", 2, demands={"r": 1}), Activity("c", 2, demands={"r": 1}),
    ...         Activity("d", 1))
    >>> links = tuple(Precedence(x, y) for x, y in (("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")))
    >>> precedence_energy(Problem(acts, 9, resources=(Resource("r", 1),), precedences=links))
    ([(0, 3, 4)], [4, 0, 0, 0])
    """
    acts = problem.activities
    n = len(acts)
    if n > max_activities or not problem.resources:
        return [], [0] * n
    succ: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for x in problem.precedences:
        if x.kind is Kind.FINISH_TO_START and x.lag >= 0:
            a, b = problem.index[x.before], problem.index[x.after]
            succ[a].append((b, x.lag))
    order = topological_order(succ)
    desc = [0] * n  # bitset of activities after i
    for i in reversed(order):
        for j, _ in succ[i]:
            desc[i] |= desc[j] | (1 << j)
    anc = [0] * n
    for i in range(n):
        bits = desc[i]
        while bits:
            low = bits & -bits
            anc[low.bit_length() - 1] |= 1 << i
            bits ^= low
    energy = [[a.demands.get(r.name, 0) * a.duration for a in acts] for r in problem.resources]
    caps = [r.capacity for r in problem.resources]

    def need(bits: int) -> int:
        members = _bits(bits)
        best = 0
        for r, cap in enumerate(caps):
            e = sum(energy[r][k] for k in members)
            if e and cap:
                best = max(best, -(-e // cap))
        return best

    tails = [need(desc[i]) for i in range(n)]
    pairs = []
    for i in range(n):
        gap = _longest_from(i, order, succ, acts)
        for j in _bits(desc[i]):
            between = desc[i] & anc[j]
            if between:
                lag = need(between)
                if lag > gap[j]:
                    pairs.append((i, j, lag))
    return pairs, tails


def _longest_from(i: int, order: list[int], succ, acts) -> dict[int, int]:
    """Longest path gap start(j) - end(i) implied by the links, for every j after i."""
    dist = {i: 0}  # dist[k]: earliest start(k) - end(i), with dist[i] meaning end(i)
    for k in order:
        if k not in dist:
            continue
        base = dist[k] + (acts[k].duration if k != i else 0)
        for j, lag in succ[k]:
            if base + lag > dist.get(j, -1):
                dist[j] = base + lag
    return dist


def _bits(bits: int) -> list[int]:
    out = []
    while bits:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return out


def topological_order(succ: list[list[tuple[int, int]]]) -> list[int]:
    """Kahn's order of a DAG given as successor lists ``succ[i] = [(j, lag), ...]``.

    >>> topological_order([[(2, 0)], [(2, 0)], []])
    [1, 0, 2]
    """
    indeg = [0] * len(succ)
    for out in succ:
        for j, _ in out:
            indeg[j] += 1
    stack, order = [i for i, d in enumerate(indeg) if d == 0], []
    while stack:
        i = stack.pop()
        order.append(i)
        for j, _ in succ[i]:
            indeg[j] -= 1
            if indeg[j] == 0:
                stack.append(j)
    return order
