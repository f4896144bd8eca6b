"""Re-planning: what the actuals pin (the past), as activity ends and starts."""

from __future__ import annotations

from .model import Actuals, Policy
from .waves.build import Pins


def pins_from_actuals(actuals: Actuals, policy: Policy) -> Pins:
    """Cut-overs and consolidations are fixed in their wave; started migrations keep their start wave;
    nothing else may start before the wave after `as_of`."""
    ends, starts = {}, {}
    for fact in actuals.systems:
        if fact.cut_over:
            ends[f"system:{fact.id}"] = policy.wave_containing(fact.cut_over)
        elif fact.started:
            starts[f"system:{fact.id}"] = policy.wave_containing(fact.started) - 1
    for fact in actuals.networks:
        ends[f"network:{fact.id}"] = policy.wave_containing(fact.consolidated)
    for fact in actuals.exits:
        ends[f"exit:{fact.id}"] = policy.wave_containing(fact.consolidated)
    return Pins(ends=ends, starts=starts, release=policy.wave_containing(actuals.as_of))
