"""Actuals: what has really happened (re-planning and the monthly progress report)."""

from __future__ import annotations

import datetime as dt

from pydantic import NonNegativeInt

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
    systems: list[SystemFact] = []
    networks: list[NetworkFact] = []
    exits: list[ExitFact] = []
    shared_items: NonNegativeInt | None = None
    collaborative_apps: NonNegativeInt | None = None


class ActualsFile(Frozen):
    actuals: Actuals
