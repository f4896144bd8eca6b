"""The policy: rules and deadlines of one regional plan (a preset or a user's file)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, NonNegativeInt, PositiveInt

from .base import Frozen, Slug
from .inventory import Scope
from .topology import WorkKind


class Measure(StrEnum):
    eligible_systems_on_cloud = "eligible_systems_on_cloud"
    systems_on_extranet = "systems_on_extranet"
    systems_connected_to_sharing = "systems_connected_to_sharing"
    private_networks_consolidated = "private_networks_consolidated"
    exits_consolidated = "exits_consolidated"
    departments_integrated = "departments_integrated"
    systems_decommissioned = "systems_decommissioned"  # version 2


class ScopeLevel(StrEnum):
    region = "region"  # departments with county: null
    county = "county"  # the others


class MilestoneScope(Frozen):
    """Version 2: a milestone's population restricted to these departments' (or these systems') work."""

    level: ScopeLevel | None = None
    departments: list[Slug] = Field(default_factory=list)
    systems: list[Slug] = Field(default_factory=list)


class Milestone(Frozen):
    id: Slug
    measure: Measure
    at_least: float = Field(ge=0, le=1)
    by: dt.date
    name: str = ""
    name_en: str = ""
    scope: MilestoneScope | None = None  # version 2


class RampStep(Frozen):
    from_: dt.date = Field(alias="from")
    at_most: NonNegativeInt


class Limits(Frozen):
    """Version 2, rule 16: change risk per wave (migration cut-overs only)."""

    cutovers_per_wave: list[RampStep] = Field(default_factory=list)
    cutovers_per_department_per_wave: PositiveInt | None = None


class Freeze(Frozen):
    from_: dt.date = Field(alias="from")
    to: dt.date
    why: str = ""


class ZombieRules(Frozen):
    low_monthly_users: NonNegativeInt = 20
    stale_days: PositiveInt = 730
    small_scopes: list[Scope] = Field(default_factory=lambda: [Scope.section])  # 使用范围小: the small scopes


class Duty(Frozen):
    """One of the per-department duties (Xinxiang's seven), with its date (extension)."""

    id: Slug
    name: str
    name_en: str = ""
    by: dt.date


class Policy(Frozen):
    id: Slug
    name: str = ""
    name_en: str = ""
    source: str = ""
    start: dt.date
    wave_days: PositiveInt = 7
    milestones: list[Milestone] = Field(default_factory=list)
    freeze: list[Freeze] = Field(default_factory=list)
    zombie: ZombieRules = ZombieRules()
    duties: list[Duty] = Field(default_factory=list)
    not_before: dict[WorkKind, dt.date] = Field(default_factory=dict)  # version 2, rule 15
    limits: Limits = Limits()

    def wave_start(self, wave: int) -> dt.date:
        """First day of `wave` (waves are numbered from 1)."""
        return self.start + dt.timedelta(days=(wave - 1) * self.wave_days)

    def wave_end(self, wave: int) -> dt.date:
        """Last day of `wave`."""
        return self.wave_start(wave) + dt.timedelta(days=self.wave_days - 1)

    def wave_containing(self, day: dt.date) -> int:
        """The wave that contains `day` (1 for any day before the start).

        >>> p = Policy(id="p", start=dt.date(2017, 12, 4))
        >>> [p.wave_containing(dt.date(2017, 12, d)) for d in (1, 4, 10, 11)]
        [1, 1, 1, 2]
        """
        return max(1, (day - self.start).days // self.wave_days + 1)

    def first_wave_starting_on_or_after(self, day: dt.date) -> int:
        """The first wave whose first day is on or after `day` (0 when `day` is on or before the start).

        >>> p = Policy(id="p", start=dt.date(2017, 12, 4))
        >>> [p.first_wave_starting_on_or_after(dt.date(2017, 12, d)) for d in (1, 5, 11, 12)]
        [0, 2, 2, 3]
        """
        days = (day - self.start).days
        return 0 if days <= 0 else 1 + -(-days // self.wave_days)

    def last_wave_ending_by(self, day: dt.date) -> int:
        """The last wave that ends on or before `day` (0 when none does)."""
        return max(0, ((day - self.start).days + 1) // self.wave_days)

    def is_frozen(self, wave: int) -> bool:
        """True when `wave` overlaps a freeze window (no cutover may fall in it)."""
        first, last = self.wave_start(wave), self.wave_end(wave)
        return any(f.from_ <= last and first <= f.to for f in self.freeze)


class PolicyFile(Frozen):
    policy: Policy
