"""Re-planning: what the actuals pin (the past), as activity ends and starts."""

from __future__ import annotations

import datetime as dt

from .model import Actuals, Policy
from .waves.build import Pins


def wave_of(policy: Policy, day: dt.date) -> int:
    """The wave that contains `day` (1 for any day before the start)."""
    return max(1, (day - policy.start).days // policy.wave_days + 1)


def pins_from_actuals(actuals: Actuals, policy: Policy) -> Pins:
    """Cut-overs and consolidations are fixed in their wave; started migrations keep their start wave;
    nothing else may start before the wave after `as_of`."""
    ends, starts = {}, {}
    for fact in actuals.systems:
        if fact.cut_over:
            ends[f"system:{fact.id}"] = wave_of(policy, fact.cut_over)
        elif fact.started:
            starts[f"system:{fact.id}"] = wave_of(policy, fact.started) - 1
    for fact in actuals.networks:
        ends[f"network:{fact.id}"] = wave_of(policy, fact.consolidated)
    for fact in actuals.exits:
        ends[f"exit:{fact.id}"] = wave_of(policy, fact.consolidated)
    return Pins(ends=ends, starts=starts, release=wave_of(policy, actuals.as_of))
