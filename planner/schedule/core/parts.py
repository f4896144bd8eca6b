"""The pieces a scheduling :class:`~planner.schedule.core.problem.Problem` is made of.

Activities, resources and constraint kinds, each a small frozen dataclass whose ``tag`` is the
caller's ``label`` or a default derived from its name; their semantics are in
:mod:`planner.schedule.core.problem`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """How a precedence links two activities."""

    FINISH_TO_START = "finish-to-start"  # end(a) + lag <= start(b)
    END_TO_END = "end-to-end"  # end(a) + lag <= end(b)


class Objective(StrEnum):
    """What the solvers minimise (after the soft milestones)."""

    WEIGHTED_END = "weighted-end"  # sum(weight * end): the planner's legacy cost
    MAKESPAN = "makespan"  # max(end): PSPLIB


class Deviation(StrEnum):
    """How a reference schedule is compared with a new one."""

    CHANGED = "changed"  # number of activities whose end differs from the reference
    TOTAL = "total"  # sum of |end - reference end|


@dataclass(frozen=True)
class Activity:
    """One piece of work: occupies ``[start, start + duration)``."""

    id: str
    duration: int
    release: int = 0  # earliest start
    deadline: int | None = None  # latest end (hard)
    weight: int = 0  # cost per unit of end time (Objective.WEIGHTED_END)
    demands: Mapping[str, int] = field(default_factory=dict)  # renewable resource -> amount while running
    uses: Mapping[str, int] = field(default_factory=dict)  # stock resource -> amount from end on, forever
    volumes: Mapping[str, int] = field(default_factory=dict)  # volume limit -> amount at end
    forbidden_ends: frozenset[int] = frozenset()  # own forbidden end values (any duration)
    fixed_start: int | None = None  # pinned (re-planning)
    fixed_end: int | None = None
    deadline_label: str = ""  # default "deadline:<id>"
    pin_label: str = ""  # default "pin:<id>"
    forbidden_label: str = ""  # default "forbidden-ends:<id>"

    @property
    def deadline_tag(self) -> str:
        return self.deadline_label or f"deadline:{self.id}"

    @property
    def pin_tag(self) -> str:
        return self.pin_label or f"pin:{self.id}"

    @property
    def forbidden_tag(self) -> str:
        return self.forbidden_label or f"forbidden-ends:{self.id}"


@dataclass(frozen=True)
class Resource:
    """A renewable resource (a team's slots): constant capacity per period."""

    name: str
    capacity: int
    label: str = ""  # default "capacity:<name>"

    @property
    def tag(self) -> str:
        return self.label or f"capacity:{self.name}"


@dataclass(frozen=True)
class StockResource:
    """A resource that fills up for good (cloud capacity): capacity is a step function of time."""

    name: str
    steps: tuple[tuple[int, int], ...]  # (from_time, capacity), increasing from_time; 0 before the first
    label: str = ""  # default "stock:<name>"

    @property
    def tag(self) -> str:
        return self.label or f"stock:{self.name}"

    def capacity_at(self, t: int) -> int:
        """Capacity in force at time ``t``.

        >>> StockResource("c", ((2, 5), (4, 9))).capacity_at(3)
        5
        """
        cap = 0
        for start, value in self.steps:
            if start > t:
                break
            cap = value
        return cap


@dataclass(frozen=True)
class VolumeLimit:
    """At most ``limit_at(t)`` volume may end at time ``t`` (data transfer, cut-overs per wave).

    ``steps`` ramp the limit over time (small pilot waves first): (from_time, limit) pairs in
    increasing from_time; the limit in force at ``t`` is that of the last step with
    ``from_time <= t``, and ``limit`` before the first step, so without steps it is ``limit`` at
    every time.
    """

    name: str
    limit: int
    label: str = ""  # default "volume:<name>"
    steps: tuple[tuple[int, int], ...] = ()  # (from_time, limit), increasing from_time; ``limit`` before the first

    def __post_init__(self) -> None:
        """Steps given as lists (from a configuration file) become tuples: the limit stays hashable."""
        if isinstance(self.steps, list | tuple):
            object.__setattr__(self, "steps", tuple(tuple(s) if isinstance(s, list) else s for s in self.steps))

    @property
    def tag(self) -> str:
        return self.label or f"volume:{self.name}"

    def limit_at(self, t: int) -> int:
        """Limit in force at time ``t``.

        >>> ramp = VolumeLimit("cut-overs", 9, steps=((1, 5), (14, 40)))
        >>> ramp.limit_at(0), ramp.limit_at(13), ramp.limit_at(14)
        (9, 5, 40)
        """
        value = self.limit
        for start, limit in self.steps:
            if start > t:
                break
            value = limit
        return value

    def limits(self, stop: int) -> list[int]:
        """The limit in force at each time ``0 .. stop - 1``.

        >>> VolumeLimit("v", 1, steps=((3, 5),)).limits(5)
        [1, 1, 1, 5, 5]
        """
        out, value, lo = [], self.limit, 0
        for start, limit in self.steps:
            hi = max(lo, min(start, stop))
            out += [value] * (hi - lo)
            lo, value = hi, limit
        return out + [value] * max(0, stop - lo)

    @property
    def peak(self) -> int:
        """The largest limit in force at any time ``t >= 0`` (a cumulative's capacity).

        >>> VolumeLimit("v", 1, steps=((0, 3), (4, 2))).peak  # ``limit`` is never in force here
        3
        """
        before = [] if self.steps and self.steps[0][0] <= 0 else [self.limit]
        return max(before + [limit for _, limit in self.steps])


@dataclass(frozen=True)
class Precedence:
    """``before`` constrains ``after``; see :class:`Kind`."""

    before: str
    after: str
    kind: Kind = Kind.FINISH_TO_START
    lag: int = 0
    label: str = ""  # default "precedence:<before>-><after>"

    @property
    def tag(self) -> str:
        return self.label or f"precedence:{self.before}->{self.after}"


@dataclass(frozen=True)
class SyncGroup:
    """Activities that end together (systems cut over together)."""

    name: str
    members: tuple[str, ...]
    label: str = ""  # default "sync:<name>"

    @property
    def tag(self) -> str:
        return self.label or f"sync:{self.name}"


@dataclass(frozen=True)
class Milestone:
    """Summed ``weights`` of the activities ending by ``time`` must reach ``required``."""

    name: str
    weights: Mapping[str, int]
    time: int
    required: int
    hard: bool = True
    label: str = ""  # default "milestone:<name>"

    @property
    def tag(self) -> str:
        return self.label or f"milestone:{self.name}"


@dataclass(frozen=True)
class Reference:
    """Previously announced ends; the solvers keep to them (re-planning).

    ``before_objective``: keeping to them comes before the objective (announced dates matter more
    than cost), else only ties of the objective are broken by them.
    """

    ends: Mapping[str, int]
    measure: Deviation = Deviation.CHANGED
    before_objective: bool = False

