"""The scheduling problem: plain data, validated once, with no solver import.

Time is integer. An activity occupies the periods ``[start, end)`` with
``end = start + duration``; a period ``p`` is "the p-th wave" for the planner and a time unit
for PSPLIB. Every constraint kind is a small frozen dataclass carrying a ``label`` chosen by the
caller (a default is derived from its name); the explanation of an infeasible problem is a set of
these labels, so the caller can turn them into sentences.

Semantics (exactly what :func:`planner.schedule.result.violations` checks):

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
  ``end == t`` is at most ``limit``.
- milestone: the summed ``weights`` of its activities with ``end <= time`` is at least
  ``required``; a hard milestone must hold, a soft one is maximised (before the objective).

Validation (:func:`planner.schedule.problem_validation.validate`) rejects malformed data — unknown
ids, negative numbers, precedence cycles — with a :class:`ScheduleProblemError` naming the object
and the conflict.
A well-formed problem may still be infeasible: that is a solver *result*, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from planner.schedule.problem_parts import (
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
from planner.schedule.problem_validation import ScheduleProblemError, validate

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
