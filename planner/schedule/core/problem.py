"""The scheduling problem: plain data, validated once, with no solver import.

Time is integer. An activity occupies the periods ``[start, end)`` with
``end = start + duration``; a period ``p`` is "the p-th wave" for the planner and a time unit
for PSPLIB. Every constraint kind is a small frozen dataclass carrying a ``label`` chosen by the
caller (a default is derived from its name); the explanation of an infeasible problem is a set of
these labels, so the caller can turn them into sentences.

Semantics (exactly what :func:`planner.schedule.core.result.violations` checks):

- activity: ``release <= start``; ``end <= deadline`` when set; ``end <= horizon``;
  ``start == fixed_start`` / ``end == fixed_end`` when pinned.
- renewable resource: in every period ``p``, the summed ``demands[r]`` of the activities with
  ``start <= p < end`` is at most ``capacity``.
- precedence ``a -> b``: finish-to-start ``end(a) + lag <= start(b)``;
  end-to-end ``end(a) + lag <= end(b)``.
- sync group: all members have the same end.
- forbidden ends: no activity with ``duration > 0`` ends at a value of ``Problem.forbidden_ends``;
  no activity (whatever its duration) ends at a value of its own ``Activity.forbidden_ends``.
- stock resource: for every time ``t`` in ``[0, horizon]``, the summed ``uses[s]`` of the
  activities with ``end <= t`` is at most ``capacity(t)``, where ``capacity(t)`` is the capacity
  of the last step with ``from_time <= t`` (0 before the first step).
- volume limit: for every time ``t``, the summed ``volumes[v]`` of the activities with
  ``end == t`` is at most ``limit(t)``, the limit of the last step with ``from_time <= t``
  (``limit`` before the first step, so without steps ``limit`` at every time).
- milestone: the summed ``weights`` of its activities with ``end <= time`` is at least
  ``required``; a hard milestone must hold, a soft one is maximised (before the objective).

Validation (:func:`validate`, at the end of this module) rejects malformed data — unknown ids,
negative numbers, precedence cycles — with a :class:`ScheduleProblemError` naming the object and
the conflict.
A well-formed problem may still be infeasible: that is a solver *result*, not an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from planner.errors import PlannerError
from planner.schedule.core.parts import (
    Activity,
    Deviation,
    Kind,
    Milestone,
    Objective,
    Precedence,
    Reference,
    Resource,
    StockResource,
    SyncGroup,
    VolumeLimit,
)

__all__ = [
    "Activity", "Deviation", "Kind", "Milestone", "Objective", "Precedence", "Problem", "Reference", "Resource",
    "ScheduleProblemError", "StockResource", "SyncGroup", "VolumeLimit",
]


@dataclass(frozen=True)
class Problem:
    """A complete scheduling problem; validated on construction."""

    activities: tuple[Activity, ...]
    horizon: int
    resources: tuple[Resource, ...] = ()
    stocks: tuple[StockResource, ...] = ()
    volume_limits: tuple[VolumeLimit, ...] = ()
    precedences: tuple[Precedence, ...] = ()
    sync_groups: tuple[SyncGroup, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    forbidden_ends: frozenset[int] = frozenset()  # for every activity with duration > 0
    objective: Objective = Objective.WEIGHTED_END
    reference: Reference | None = None
    forbidden_label: str = "forbidden-ends"
    horizon_label: str = "horizon"

    def __post_init__(self) -> None:
        for name in ("activities", "resources", "stocks", "volume_limits", "precedences", "sync_groups", "milestones"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "forbidden_ends", frozenset(self.forbidden_ends))
        validate(self)

    # ---- derived views -------------------------------------------------------------------------

    @cached_property
    def index(self) -> dict[str, int]:
        """Activity id -> position in ``activities``."""
        return {a.id: i for i, a in enumerate(self.activities)}

    def activity(self, activity_id: str) -> Activity:
        return self.activities[self.index[activity_id]]

    def end_forbidden(self, a: Activity) -> frozenset[int]:
        """Every end value ``a`` may not take."""
        if a.duration > 0 and self.forbidden_ends:
            return self.forbidden_ends | a.forbidden_ends if a.forbidden_ends else self.forbidden_ends
        return a.forbidden_ends

    @cached_property
    def units(self) -> list[list[int]]:
        """Activities that must end together (sync groups merged transitively), as index lists.

        Every activity is in exactly one unit; units are ordered by their first activity.
        """
        parent = list(range(len(self.activities)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for group in self.sync_groups:
            first = find(self.index[group.members[0]])
            for member in group.members[1:]:
                root = find(self.index[member])
                if root != first:
                    parent[max(root, first)] = min(root, first)
                    first = min(root, first)
        members: dict[int, list[int]] = {}
        for i in range(len(self.activities)):
            members.setdefault(find(i), []).append(i)
        return list(members.values())

    def labels(self) -> list[str]:
        """Every constraint label of the problem, in a stable order, each once."""
        seen: dict[str, None] = {}
        for r in self.resources:
            seen[r.tag] = None
        for s in self.stocks:
            seen[s.tag] = None
        for v in self.volume_limits:
            seen[v.tag] = None
        for m in self.milestones:
            seen[m.tag] = None
        for g in self.sync_groups:
            seen[g.tag] = None
        for p in self.precedences:
            seen[p.tag] = None
        if self.forbidden_ends:
            seen[self.forbidden_label] = None
        for a in self.activities:
            if a.deadline is not None:
                seen[a.deadline_tag] = None
            if a.fixed_start is not None or a.fixed_end is not None:
                seen[a.pin_tag] = None
            if a.forbidden_ends:
                seen[a.forbidden_tag] = None
        seen[self.horizon_label] = None
        return list(seen)


# ---- validation ----------------------------------------------------------------------------------

class ScheduleProblemError(PlannerError):
    """A scheduling problem is malformed: names the object, the conflict and the fix."""

    def __init__(self, obj: str, problem: str, fix: str = "") -> None:
        self.obj, self.problem, self.fix = obj, problem, fix
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.obj}: {self.problem}"
        return f"{text} — fix: {self.fix}" if self.fix else text


def validate(problem: Problem) -> None:
    """Reject malformed data with one sentence naming the object and the conflict."""
    if not _is_int(problem.horizon) or problem.horizon < 0:
        raise ScheduleProblemError("problem", f"horizon {problem.horizon!r} is not an integer >= 0")
    _validate_named("resource", problem.resources)
    _validate_named("stock resource", problem.stocks)
    _validate_named("volume limit", problem.volume_limits)
    _validate_named("sync group", problem.sync_groups)
    _validate_named("milestone", problem.milestones)
    _validate_activities(problem)
    _validate_capacities(problem)
    _validate_precedences(problem)
    for group in problem.sync_groups:
        if not group.members:
            raise ScheduleProblemError(f"sync group '{group.name}'", "has no members")
        _known(problem, f"sync group '{group.name}'", group.members)
    _validate_milestones(problem)
    if problem.reference is not None:
        _known(problem, "reference", problem.reference.ends)
        for aid, end in problem.reference.ends.items():
            _nonneg_int(f"reference end of '{aid}'", end)
    _validate_acyclic(problem)


def _validate_named(what: str, items: Iterable) -> None:
    seen: set[str] = set()
    for item in items:
        if item.name in seen:
            raise ScheduleProblemError(f"{what} '{item.name}'", "is defined twice", "give each a unique name")
        seen.add(item.name)


def _known(problem: Problem, obj: str, ids: Iterable[str]) -> None:
    for aid in ids:
        if aid not in problem.index:
            raise ScheduleProblemError(obj, f"unknown activity '{aid}'")


def _validate_activities(problem: Problem) -> None:
    resources = {r.name for r in problem.resources}
    stocks = {s.name for s in problem.stocks}
    volumes = {v.name for v in problem.volume_limits}
    if len(problem.index) != len(problem.activities):
        seen: set[str] = set()
        for a in problem.activities:
            if a.id in seen:
                raise ScheduleProblemError(f"activity '{a.id}'", "is defined twice", "give each a unique id")
            seen.add(a.id)
    for a in problem.activities:
        obj = f"activity '{a.id}'"
        _nonneg_int(f"{obj} duration", a.duration)
        _nonneg_int(f"{obj} release", a.release)
        if a.deadline is not None:
            _nonneg_int(f"{obj} deadline", a.deadline)
        if not _is_int(a.weight):
            raise ScheduleProblemError(obj, f"weight {a.weight!r} is not an integer")
        for table, names, what in ((a.demands, resources, "resource"), (a.uses, stocks, "stock resource"),
                                   (a.volumes, volumes, "volume limit")):
            for name, amount in table.items():
                if name not in names:
                    raise ScheduleProblemError(obj, f"unknown {what} '{name}'")
                _nonneg_int(f"{obj} amount of {what} '{name}'", amount)
        for t in a.forbidden_ends:
            _nonneg_int(f"{obj} forbidden end", t)
        if a.fixed_start is not None:
            _nonneg_int(f"{obj} fixed start", a.fixed_start)
        if a.fixed_end is not None:
            _nonneg_int(f"{obj} fixed end", a.fixed_end)
        if a.fixed_start is not None and a.fixed_end is not None and a.fixed_end - a.fixed_start != a.duration:
            raise ScheduleProblemError(
                obj, f"is pinned to [{a.fixed_start}, {a.fixed_end}) but lasts {a.duration}",
                "pin the start or the end only, or make them agree with the duration")


def _validate_capacities(problem: Problem) -> None:
    for r in problem.resources:
        _nonneg_int(f"resource '{r.name}' capacity", r.capacity)
    for s in problem.stocks:
        previous = None
        for start, cap in s.steps:
            _nonneg_int(f"stock resource '{s.name}' step time", start)
            _nonneg_int(f"stock resource '{s.name}' capacity", cap)
            if previous is not None and start <= previous:
                raise ScheduleProblemError(f"stock resource '{s.name}'", f"step at {start} is not after {previous}",
                                           "list the steps in increasing time")
            previous = start
    for v in problem.volume_limits:
        _nonneg_int(f"volume limit '{v.name}'", v.limit)
        _validate_volume_steps(problem, v)
    for t in problem.forbidden_ends:
        _nonneg_int("problem forbidden end", t)


def _validate_volume_steps(problem: Problem, v: VolumeLimit) -> None:
    """Steps are (from_time, limit) pairs of integers >= 0, strictly increasing in time, within the horizon."""
    obj = f"volume limit '{v.name}'"
    if not isinstance(v.steps, tuple):
        raise ScheduleProblemError(obj, f"steps {v.steps!r} are not a tuple of (from_time, limit) pairs")
    previous = None
    for step in v.steps:
        if not isinstance(step, tuple) or len(step) != 2:
            raise ScheduleProblemError(obj, f"step {step!r} is not a (from_time, limit) pair")
        start, limit = step
        _nonneg_int(f"{obj} step time", start)
        _nonneg_int(f"{obj} step limit", limit)
        if previous is not None and start <= previous:
            raise ScheduleProblemError(obj, f"step at {start} is not after {previous}",
                                       "list the steps in strictly increasing time")
        if start > problem.horizon:
            raise ScheduleProblemError(obj, f"step at {start} is after the horizon {problem.horizon}",
                                       "drop the step or lengthen the horizon")
        previous = start


def _validate_precedences(problem: Problem) -> None:
    for p in problem.precedences:
        obj = f"precedence {p.before} -> {p.after}"
        _known(problem, obj, (p.before, p.after))
        if p.before == p.after:
            raise ScheduleProblemError(obj, "links an activity to itself")
        if not _is_int(p.lag):
            raise ScheduleProblemError(obj, f"lag {p.lag!r} is not an integer")
        if not isinstance(p.kind, Kind):
            raise ScheduleProblemError(obj, f"unknown kind {p.kind!r}", "use Kind.FINISH_TO_START or Kind.END_TO_END")


def _validate_milestones(problem: Problem) -> None:
    for m in problem.milestones:
        obj = f"milestone '{m.name}'"
        _known(problem, obj, m.weights)
        for aid, w in m.weights.items():
            _nonneg_int(f"{obj} weight of '{aid}'", w)
        _nonneg_int(f"{obj} time", m.time)
        _nonneg_int(f"{obj} required", m.required)


def _validate_acyclic(problem: Problem) -> None:
    """Precedences between units (sync groups merged) must form a DAG: the greedy relies on it."""
    unit_of = [0] * len(problem.activities)
    for u, members in enumerate(problem.units):
        for i in members:
            unit_of[i] = u
    succ: list[list[int]] = [[] for _ in problem.units]
    indeg = [0] * len(problem.units)
    for p in problem.precedences:
        a, b = unit_of[problem.index[p.before]], unit_of[problem.index[p.after]]
        if a != b:
            succ[a].append(b)
            indeg[b] += 1
    stack = [u for u, d in enumerate(indeg) if d == 0]
    seen = 0
    while stack:
        u = stack.pop()
        seen += 1
        for v in succ[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                stack.append(v)
    if seen < len(problem.units):
        cyclic = sorted(problem.activities[problem.units[u][0]].id for u, d in enumerate(indeg) if d > 0)
        raise ScheduleProblemError(
            "precedences", f"form a cycle through {', '.join(cyclic[:6])}{' ...' if len(cyclic) > 6 else ''}",
            "remove one link of the cycle, or put activities that must end together in a sync group")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _nonneg_int(what: str, value: object) -> None:
    if not _is_int(value) or value < 0:  # type: ignore[operator]
        raise ScheduleProblemError(what, f"{value!r} is not an integer >= 0")
