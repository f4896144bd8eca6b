"""Actuals: what has really happened (re-planning and the monthly progress report)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, NonNegativeInt

from .base import Frozen, Slug


class SystemFact(Frozen):
    id: Slug
    cut_over: dt.date | None = None
    started: dt.date | None = None
    decommissioned: dt.date | None = None


class NetworkFact(Frozen):
    id: Slug
    consolidated: dt.date


class ExitFact(Frozen):
    id: Slug
    consolidated: dt.date


class Actuals(Frozen):
    as_of: dt.date
    systems: list[SystemFact] = Field(default_factory=list)
    networks: list[NetworkFact] = Field(default_factory=list)
    exits: list[ExitFact] = Field(default_factory=list)
    shared_items: NonNegativeInt | None = None
    collaborative_apps: NonNegativeInt | None = None


class ActualsFile(Frozen):
    actuals: Actuals
