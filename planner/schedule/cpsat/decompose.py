"""Decomposition for large problems: solve independent parts with the time-indexed model, in parallel.

Which constraints couple what. Renewable resources (team pools), precedences and sync groups tie
activities *locally*: the connected components of "shares a resource / a precedence / a sync
group with" are the *parts* (for the planner: one county's team pool with its networks and
exits). Only stocks (cloud capacity), volume limits (data transfer per wave) and milestones
that count activities of several parts tie the parts together.

How the ties are cut. A feasible reference schedule (the repaired greedy) tells how much of each
global resource every part uses; each part gets what it used in the reference plus a share of
what the reference left free (proportional to the part's demand that could still move earlier
for stocks, to its total volume for volume limits), checked at the times the originals are
checked. A milestone is split the same way: each part must reach its share of the required
weight, never more than the reference reached in that part. The parts' limits add up to at
most the originals, so the merged schedule is valid for the whole problem (it is checked
anyway), and each part's reference schedule is feasible for the part (CP-SAT starts from it).

The bound. Cutting the ties restricts the parts, so the parts' bounds are not a bound of the
whole. A valid one comes from the *relaxation* that drops the ties instead: each part without
stocks, volume limits and partial milestones (milestones that need all of their activities
stay: they are deadlines of the part's own activities), solved on its own; the sum of those
bounds is a lower bound of any schedule meeting the milestones the result meets.

Parts with no resource, stock or volume to share (integrations, markers) keep their reference
ends: the greedy places them at their earliest, which is optimal for non-negative weights.

Determinism: each part is solved single-threaded with a deterministic time budget (a share of
``Settings.deterministic_time`` proportional to its size), two parts at a time on two threads;
the results are merged in part order, so the same input and settings give the same schedule.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from planner.errors import PlanBugError
from planner.schedule.core.problem import Problem, StockResource
from planner.schedule.core.result import Result, Status, completed, violations
from planner.schedule.cpsat import time_indexed
from planner.schedule.cpsat.interval import Settings
from planner.schedule.heuristics.repair import all_or_nothing

ProgressFn = Callable[[float, float, float, float], None]
MIN_PART_DTIME = 0.05  # deterministic seconds: every part gets at least this much
WINDOW = 6  # waves: without the bound, a part's activities move at most this far from the reference


@dataclasses.dataclass
class Part:
    """One independent piece: its activity indices, its problem and its share of the volume limits."""

    members: list[int]
    problem: Problem
    volume_caps: dict[str, dict[int, int]]
    relaxed: Problem  # the ties dropped: for the bound

    @property
    def size(self) -> int:
        return len(self.members) * max(1, self.problem.horizon)


def parts_of(problem: Problem) -> list[list[int]]:
    """Activity indices of each part (see module doc), ordered by their first activity."""
    parent = list(range(len(problem.activities)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first_user: dict[str, int] = {}
    for i, a in enumerate(problem.activities):
        if a.duration > 0:
            for name, q in a.demands.items():
                if q > 0:
                    union(i, first_user.setdefault(name, i))
    for x in problem.precedences:
        union(problem.index[x.before], problem.index[x.after])
    for g in problem.sync_groups:
        for m in g.members[1:]:
            union(problem.index[g.members[0]], problem.index[m])
    groups: dict[int, list[int]] = {}
    for i in range(len(problem.activities)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _busy(problem: Problem, members: list[int]) -> bool:
    """A part worth optimising: it competes for a resource, a stock or a volume."""
    acts = problem.activities
    return any(any(acts[i].demands.values()) or any(acts[i].uses.values()) or any(acts[i].volumes.values())
               for i in members)


def split(problem: Problem, reference: Result) -> tuple[list[Part], list[int]]:
    """The parts worth solving, with their shares of the ties, and the indices that keep the reference."""
    groups = parts_of(problem)
    busy = [g for g in groups if _busy(problem, g)]
    fixed = sorted(i for g in groups if not _busy(problem, g) for i in g)
    end = [reference.ends[a.id] for a in problem.activities]
    stock_steps = _split_stocks(problem, busy, end)
    caps = _split_volumes(problem, busy, end)
    required = _split_milestones(problem, busy, end)
    parts = []
    for k, members in enumerate(busy):
        sub = _subproblem(problem, members, {name: steps[k] for name, steps in stock_steps.items()},
                          {name: req[k] for name, req in required.items()})
        parts.append(Part(members, sub, {name: c[k] for name, c in caps.items()}, _relaxed(problem, sub)))
    return parts, fixed


def _split_stocks(problem: Problem, parts: list[list[int]], end: list[int]) -> dict[str, list[tuple]]:
    """stock -> per part, its steps: what the part used by each check time plus a share of the slack."""
    acts, H = problem.activities, problem.horizon
    out: dict[str, list[tuple]] = {}
    for s in problem.stocks:
        checks = [(s.steps[j + 1][0] - 1 if j + 1 < len(s.steps) else H) for j in range(len(s.steps))]
        used = [[sum(acts[i].uses.get(s.name, 0) for i in g if end[i] <= t) for t in checks] for g in parts]
        late = [[sum(acts[i].uses.get(s.name, 0) for i in g if end[i] > t) for t in checks] for g in parts]
        steps_per_part = []
        for k in range(len(parts)):
            steps = []
            for j, t in enumerate(checks):
                slack = s.capacity_at(t) - sum(u[j] for u in used)
                total_late = sum(x[j] for x in late)
                extra = math.floor(slack * late[k][j] / total_late) if total_late and slack > 0 else 0
                steps.append((s.steps[j][0], used[k][j] + extra))
            steps_per_part.append(tuple(steps))  # before the first step: 0, as in the original
        out[s.name] = steps_per_part
    return out


def _split_volumes(problem: Problem, parts: list[list[int]], end: list[int]) -> dict[str, list[dict[int, int]]]:
    """volume limit -> per part, time -> its limit: what it moved then plus a share of the slack."""
    acts = problem.activities
    out: dict[str, list[dict[int, int]]] = {}
    for v in problem.volume_limits:
        total = [sum(acts[i].volumes.get(v.name, 0) for i in g) for g in parts]
        everything = sum(total) or 1
        at: list[dict[int, int]] = []
        for g in parts:
            moved: dict[int, int] = {}
            for i in g:
                q = acts[i].volumes.get(v.name, 0)
                if q:
                    moved[end[i]] = moved.get(end[i], 0) + q
            at.append(moved)
        limits = v.limits(problem.horizon + 1)  # the limit in force at each time
        slack = {t: limits[t] - sum(m.get(t, 0) for m in at) for t in range(problem.horizon + 1)}
        out[v.name] = [{t: m.get(t, 0) + math.floor(max(0, slack[t]) * total[k] / everything)
                        for t in range(problem.horizon + 1)} for k, m in enumerate(at)]
    return out


def _split_milestones(problem: Problem, parts: list[list[int]], end: list[int]) -> dict[str, list[int]]:
    """milestone -> per part, the weight it must reach: its share of the target, at most what it reached."""
    acts = problem.activities
    out: dict[str, list[int]] = {}
    for m in problem.milestones:
        reached = [sum(m.weights.get(acts[i].id, 0) for i in g if end[i] <= m.time) for g in parts]
        outside = sum(w for aid, w in m.weights.items() if end[problem.index[aid]] <= m.time) - sum(reached)
        target = max(0, min(m.required, sum(reached) + outside) - outside)  # what the parts must bring
        got = sum(reached)
        out[m.name] = [min(r, math.ceil(r * target / got)) if got else 0 for r in reached]
    return out


def _subproblem(problem: Problem, members: list[int], steps: dict[str, tuple], required: dict[str, int]) -> Problem:
    acts = [problem.activities[i] for i in members]
    ids = {a.id for a in acts}
    used = {n for a in acts for n in a.demands}  # every name its activities list, with amount 0 too: still known
    stocks = {n for a in acts for n in a.uses}
    volumes = {n for a in acts for n in a.volumes}
    milestones = []
    for m in problem.milestones:
        weights = {aid: w for aid, w in m.weights.items() if aid in ids and w}
        if weights and required[m.name] > 0:
            milestones.append(dataclasses.replace(m, weights=weights, required=required[m.name], hard=True))
    reference = problem.reference
    if reference is not None:
        reference = dataclasses.replace(reference, ends={k: v for k, v in reference.ends.items() if k in ids})
    return dataclasses.replace(
        problem, activities=tuple(acts),
        resources=tuple(r for r in problem.resources if r.name in used),
        stocks=tuple(StockResource(s.name, steps[s.name], s.label) for s in problem.stocks if s.name in stocks),
        volume_limits=tuple(v for v in problem.volume_limits if v.name in volumes),
        precedences=tuple(x for x in problem.precedences if x.before in ids),
        sync_groups=tuple(g for g in problem.sync_groups if g.members[0] in ids),
        milestones=tuple(milestones), reference=reference)


def _around(sub: Problem, reference: Result, window: int) -> Problem:
    """The part with each activity's end kept within ``window`` of its reference end."""
    acts = []
    for a in sub.activities:
        if a.fixed_end is not None or a.fixed_start is not None:
            acts.append(a)
            continue
        end = reference.ends[a.id]
        release = max(a.release, end - window - a.duration)
        deadline = min(a.deadline if a.deadline is not None else sub.horizon, end + window)
        acts.append(dataclasses.replace(a, release=release, deadline=deadline))
    return dataclasses.replace(sub, activities=tuple(acts))


def _relaxed(problem: Problem, sub: Problem) -> Problem:
    """The part without its ties: no stocks, no volumes, only the milestones needing all of their activities."""
    whole = {m.name: m for m in problem.milestones}
    keep = tuple(m for m in sub.milestones if all_or_nothing(problem, whole[m.name]) and all_or_nothing(sub, m))
    acts = tuple(dataclasses.replace(a, uses={}, volumes={}) for a in sub.activities)
    return dataclasses.replace(sub, activities=acts, stocks=(), volume_limits=(), milestones=keep, reference=None)


def solve(problem: Problem, reference: Result, settings: Settings, *, on_progress: ProgressFn | None = None,
          bound: bool = False, window: int | None = WINDOW) -> Result:
    """Improve a feasible ``reference`` part by part (see module doc); returns a checked Result.

    ``settings.deterministic_time`` is the budget of all parts together (the bound's relaxations
    included); ``settings.num_workers`` parts are solved at once, each on one thread. ``window``:
    each activity ends within that many waves of its reference end (a smaller model, a local
    search around the reference); it is ignored when ``bound`` is asked for, which needs the
    parts' full windows.
    """
    t0 = time.perf_counter()
    parts, _ = split(problem, reference)
    if window is not None and not bound:
        for part in parts:
            part.problem = _around(part.problem, reference, window)
    total = sum(p.size for p in parts) or 1
    budget = settings.dtime_budget or settings.time_limit
    share = 0.5 if bound else 1.0
    ends = dict(reference.ends)
    objective = reference.objective or 0
    bounds: list[int | None] = [None] * len(parts)
    work = 0.0

    def one(k: int) -> tuple[int, Result, Result | None]:
        part = parts[k]
        dtime = max(MIN_PART_DTIME, budget * share * part.size / total)
        wall = max(1.0, settings.time_limit * 3 * part.size / total)
        s = dataclasses.replace(settings, num_workers=1, deterministic_time=dtime, time_limit=wall, hint=False)
        start = completed(part.problem, Result(Status.FEASIBLE, "reference",
                                               starts={a.id: reference.starts[a.id] for a in part.problem.activities}))
        result = time_indexed.solve(part.problem, s, start=start, volume_caps=part.volume_caps, check=False)
        relaxed = None
        if bound:
            relaxed = time_indexed.solve(part.relaxed, s, start=start, check=False)
        return k, result, relaxed

    with ThreadPoolExecutor(max_workers=max(1, settings.num_workers)) as pool:
        for k, result, relaxed in pool.map(one, range(len(parts))):
            work += result.work + (relaxed.work if relaxed else 0.0)
            if result.feasible and (result.shortfall, result.objective) <= (0, _objective(parts[k].problem, ends)):
                for aid, e in result.ends.items():
                    ends[aid] = e
            if relaxed is not None and relaxed.bound is not None:
                bounds[k] = relaxed.bound
            if on_progress:
                objective = _objective(problem, ends)
                lb = _bound(problem, parts, bounds, ends)
                on_progress(objective, lb, _gap(objective, lb), time.perf_counter() - t0)
    durations = {a.id: a.duration for a in problem.activities}
    result = completed(problem, Result(Status.FEASIBLE, "cp-sat-parts",
                                       starts={aid: e - durations[aid] for aid, e in ends.items()}))
    found = violations(problem, result)
    if found:
        raise PlanBugError(f"the merged parts break {len(found)} hard constraint(s): {found[:3]}")
    result.bound = _bound(problem, parts, bounds, ends) if bound and all(b is not None for b in bounds) else None
    if result.bound is not None and result.bound >= (result.objective or 0) and problem.reference is None:
        result.status = Status.OPTIMAL
    result.work = work
    result.seconds = time.perf_counter() - t0
    return result


def _objective(problem: Problem, ends: dict[str, int]) -> int:
    return sum(a.weight * ends[a.id] for a in problem.activities if a.id in ends)


def _bound(problem: Problem, parts: list[Part], bounds: list[int | None], ends: dict[str, int]) -> int:
    """Sum of the parts' relaxed bounds; the fixed activities count at their (earliest) ends."""
    inside = {i for p in parts for i in p.members}
    fixed = sum(a.weight * ends[a.id] for i, a in enumerate(problem.activities) if i not in inside)
    return fixed + sum(b for b in bounds if b is not None)


def _gap(obj: float, bound: float) -> float:
    return max(0.0, (obj - bound) / max(1.0, abs(obj)))


__all__ = ["Part", "parts_of", "solve", "split"]
