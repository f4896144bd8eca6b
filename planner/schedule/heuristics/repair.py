"""A milestone-aware greedy: the serial scheduler, steered by deadlines until the milestones are met.

The plain greedy (:mod:`planner.schedule.heuristics.greedy`) sees a milestone only as a due date for every
activity it counts, so when a milestone counts *all* of its activities (every exit by June) they
compete on equal terms with activities that need not be early, and the milestone is missed.
This module turns milestones into deadlines, which the greedy places first (its priority is the
latest finish time), and repairs what is still missed:

1. a milestone whose required weight is all of its weight ("every exit") becomes a deadline on
   each of its activities — an exact reformulation;
2. the greedy runs on that problem with the remaining milestones dropped from its priorities;
3. for each milestone still short, the activities that count for it and end closest after its
   time get its time as a deadline, enough of them to cover the shortfall (plus a margin);
   repeat a few rounds. A round whose deadlines make the greedy fail is undone and that
   milestone is left as it is (the CP-SAT stage and the conflict explanation take over).

The deadlines only tighten the problem, so the schedule returned is valid for the original one;
it is a heuristic, never a proof that a milestone cannot be met.

:func:`guided` is the same idea for the greedy ordered by target ends (LP-guided list
scheduling: :mod:`planner.schedule.bounds.slice_lp`): a missed milestone moves the targets of its late
activities, and of everything they wait for, earlier by their lateness, and the greedy runs again.
It never adds a deadline, so it cannot make the greedy fail.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

from planner.schedule.core.problem import Milestone, Problem
from planner.schedule.core.result import Result, Status, completed
from planner.schedule.heuristics import greedy

MARGIN = 0.1  # deadlines added per round cover the shortfall and this share more


def all_or_nothing(problem: Problem, m: Milestone) -> bool:
    """True when the milestone needs every one of its activities (its required weight is all of it)."""
    return m.required > 0 and m.required >= sum(m.weights.values())


def with_deadlines(problem: Problem, deadlines: dict[str, int], *, milestones: tuple[Milestone, ...] = ()) -> Problem:
    """The problem with extra deadlines (never loosening one) and only the given milestones."""
    acts = tuple(dataclasses.replace(a, deadline=min(deadlines[a.id], a.deadline if a.deadline is not None
                                                     else deadlines[a.id]))
                 if a.id in deadlines else a for a in problem.activities)
    return dataclasses.replace(problem, activities=acts, milestones=milestones)


def milestone_deadlines(problem: Problem, names: set[str] | None = None) -> dict[str, int]:
    """Deadlines equivalent to the all-or-nothing milestones (of ``names``, default all)."""
    out: dict[str, int] = {}
    for m in problem.milestones:
        if (names is None or m.name in names) and all_or_nothing(problem, m):
            for aid, w in m.weights.items():
                if w > 0:
                    out[aid] = min(out.get(aid, m.time), m.time)
    return out


def schedule(problem: Problem, *, rounds: int = 6, passes: int = 1, seed: int = 0) -> Result:
    """The greedy schedule that meets as many milestones as the repair manages (see module doc).

    Always returns a Result for ``problem`` (milestone outcomes, shortfall and status as the plain
    greedy would report them); ``reason`` names the milestones the repair gave up on.
    """
    t0 = time.perf_counter()
    deadlines = milestone_deadlines(problem)
    given_up: set[str] = set()
    best = _run(problem, deadlines, passes, seed)
    if not best.feasible:  # one all-or-nothing milestone at a time: a failing one must not sink the others
        deadlines = {}
        for m in problem.milestones:
            if all_or_nothing(problem, m):
                trial = {**deadlines, **milestone_deadlines(problem, {m.name})}
                if _run(problem, trial, passes, seed).feasible:
                    deadlines = trial
                else:
                    given_up.add(m.name)
        best = _run(problem, deadlines, passes, seed)
    if not best.feasible:  # nothing to repair from: the plain greedy says why
        plain = greedy.schedule(problem, passes=passes, seed=seed)
        plain.seconds = time.perf_counter() - t0
        return plain
    for _ in range(rounds):
        short = [m for m in problem.milestones
                 if m.name not in given_up and best.milestones[m.name].achieved < m.required]
        if not short:
            break
        for m in short:
            trial = {**deadlines, **_closest(best, m, deadlines)}
            result = _run(problem, trial, passes, seed)
            if result.feasible and result.milestones[m.name].achieved > best.milestones[m.name].achieved:
                deadlines, best = trial, result
            else:
                given_up.add(m.name)
    best.seconds = time.perf_counter() - t0
    best.solver = "greedy+repair"
    missed = [m.name for m in problem.milestones if not best.milestones[m.name].met]
    if missed:
        best.reason = f"the repaired greedy misses milestone(s) {', '.join(missed)}"
        if any(m.hard for m in problem.milestones if m.name in missed):
            return Result(Status.UNKNOWN, "greedy+repair", seconds=best.seconds, reason=best.reason)
    return best


def guided(problem: Problem, targets: Sequence[float], *, rounds: int = 20, patience: int = 4) -> Result:
    """The greedy with ``targets``, re-run with the late milestone activities pulled forward (module doc).

    Returns the best schedule by (soft milestone shortfall, objective), or the greedy's failure.
    """
    t0 = time.perf_counter()
    targets = list(targets)
    waits_for: list[list[int]] = [[] for _ in problem.activities]
    for link in problem.precedences:
        waits_for[problem.index[link.after]].append(problem.index[link.before])
    best: Result | None = None
    stale = 0
    pulls: dict[str, int] = {}  # times each late activity was pulled: the same one again goes further
    for _ in range(rounds):
        result = greedy.schedule(problem, targets=targets)
        if not result.feasible:
            break
        if best is None or (result.shortfall, result.objective) < (best.shortfall, best.objective):
            stale = 0 if best is None or result.shortfall < best.shortfall else stale + 1
            best = result
        else:
            stale += 1
        short = [m for m in problem.milestones if result.milestones[m.name].achieved < m.required]
        if not short or stale >= patience:
            break
        for m in short:
            _pull_forward(problem, result, m, targets, waits_for, pulls, press=stale > 0)
    if best is None:
        return result
    best.seconds = time.perf_counter() - t0
    best.solver = "greedy+lp"
    return best


def _pull_forward(problem: Problem, result: Result, m: Milestone, targets: list[float],
                  waits_for: list[list[int]], pulls: dict[str, int], press: bool) -> None:
    """Move the targets of the late activities of ``m`` closest to its time (enough to cover the
    shortfall, plus the margin), and of all they wait for, earlier by their lateness plus one; once
    the shortfall stops falling (``press``), times the number of times that activity was late."""
    for lateness, aid in _late_closest(result, m):
        pulls[aid] = pulls.get(aid, 0) + 1
        shift = (lateness + 1) * (pulls[aid] if press else 1)
        stack, seen = [problem.index[aid]], set()
        while stack:
            i = stack.pop()
            if i not in seen:
                seen.add(i)
                targets[i] -= shift
                stack.extend(waits_for[i])


def _run(problem: Problem, deadlines: dict[str, int], passes: int, seed: int) -> Result:
    """The plain greedy on the problem with deadlines and no milestones, judged on the original problem."""
    steered = greedy.schedule(with_deadlines(problem, deadlines), passes=passes, seed=seed)
    if not steered.feasible:
        return steered
    result = completed(problem, Result(Status.FEASIBLE, "greedy+repair", starts=steered.starts))
    result.bound = steered.bound
    return result


def _closest(result: Result, m: Milestone, deadlines: dict[str, int]) -> dict[str, int]:
    """Deadlines for the late activities of ``m`` that end soonest after its time, covering the shortfall."""
    return {aid: m.time for _, aid in _late_closest(result, m, skip=lambda aid: deadlines.get(aid, m.time + 1) <= m.time)}


def _late_closest(result: Result, m: Milestone, skip=lambda aid: False) -> list[tuple[int, str]]:
    """(lateness, id) of the late activities of ``m`` that end soonest after its time, enough to
    cover its shortfall plus the margin (``skip``: ids not to take)."""
    need = (m.required - result.milestones[m.name].achieved) * (1 + MARGIN)
    late = sorted((result.ends[aid] - m.time, aid) for aid, w in m.weights.items()
                  if w > 0 and result.ends[aid] > m.time and not skip(aid))
    out = []
    for lateness, aid in late:
        if need <= 0:
            break
        out.append((lateness, aid))
        need -= m.weights[aid]
    return out
