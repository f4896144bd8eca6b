"""The calendar of a plan, from plan.json alone: its start, the first and last day of each wave, the frozen waves.

Waves past the plan's horizon follow the same rhythm (``wave_days`` from the start), so a date can be
given for any wave a measure or a simulation reaches.
"""

from __future__ import annotations

import datetime as dt

from .errors import InputError, Issue
from .plan import Plan


def as_date(text: str | dt.date) -> dt.date:
    """A date of plan.json (ISO text) as a date; a date is returned as it is.

    >>> as_date("2018-06-30")
    datetime.date(2018, 6, 30)
    """
    return text if isinstance(text, dt.date) else dt.date.fromisoformat(text)


def plan_start(plan: Plan) -> dt.date:
    if plan.start:
        return as_date(plan.start)
    if plan.waves:
        return as_date(plan.waves[0].start)
    raise InputError([Issue("plan.json", "plan", "start", "has neither `start` nor waves",
                            "regenerate it with `planner plan`")])


def wave_end(plan: Plan, wave: int) -> dt.date:
    """Last day of wave `wave` (waves past the plan's horizon follow the same rhythm)."""
    if 1 <= wave <= len(plan.waves) and plan.waves[wave - 1].wave == wave:
        return as_date(plan.waves[wave - 1].end)
    return plan_start(plan) + dt.timedelta(days=wave * plan.wave_days - 1)


def wave_start(plan: Plan, wave: int) -> dt.date:
    if 1 <= wave <= len(plan.waves) and plan.waves[wave - 1].wave == wave:
        return as_date(plan.waves[wave - 1].start)
    return plan_start(plan) + dt.timedelta(days=(wave - 1) * plan.wave_days)


def frozen_waves(plan: Plan) -> set[int]:
    return {w.wave for w in plan.waves if w.frozen}
