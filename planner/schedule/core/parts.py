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
    """At most ``limit`` volume may end at any one time (data transfer per wave)."""

    name: str
    limit: int
    label: str = ""  # default "volume:<name>"

    @property
    def tag(self) -> str:
        return self.label or f"volume:{self.name}"


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

