"""The milestone measures and the legacy cost of a finished plan, by the one reading of :mod:`planner.rules`.

Each measure is ``fn(plan, inventory, policy, by) -> Share``: the reading of
:mod:`planner.rules.measures` over the plan's actions, evaluated on the plan's waves. A milestone
counts what is cut over in waves that end on or before ``by`` (``policy.last_wave_ending_by``); a
null wave is never cut over. The scheduler's weights come from the same reading, and the plan's
``planned`` shares are computed by :func:`milestone_results`.

    >>> Share(("a", "b", "c"), ("d",)).value, Share((), ()).value
    (0.75, 1.0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from planner.model import Inventory, Measure, MilestoneScope, Policy
from planner.plan import MilestoneResult, Plan, scope_row
from planner.rules.cost import cost_terms, retired_yearly
from planner.rules.measures import Share, is_met, read, share
from planner.rules.orders import ends_in_plan

__all__ = ["MEASURES", "Share", "cut_over_by", "is_met", "legacy_cost_cny", "legacy_cost_terms", "measure",
           "milestone_results"]


def cut_over_by(wave: int | None, policy: Policy, by: dt.date) -> bool:
    """True when ``wave`` ends on or before ``by`` (a null wave is never cut over).

    >>> from planner.model import Policy
    >>> p = Policy(id="p", start=dt.date(2017, 12, 4), wave_days=7)
    >>> cut_over_by(1, p, dt.date(2017, 12, 10)), cut_over_by(2, p, dt.date(2017, 12, 16)), cut_over_by(None, p, dt.date(2030, 1, 1))
    (True, False, False)
    """
    return wave is not None and wave <= policy.last_wave_ending_by(by)


def measure(name: str, plan: Plan, inventory: Inventory, policy: Policy, by: dt.date,
            scope: MilestoneScope | None = None) -> Share:
    """The named measure's share at ``by`` (within a milestone's ``scope``)."""
    reading = read(name, inventory, plan.systems, plan.networks, plan.exits, scope)
    return share(reading, ends_in_plan(plan.systems, plan.networks, plan.exits), policy.last_wave_ending_by(by))


MEASURES: dict[str, Callable[[Plan, Inventory, Policy, dt.date], Share]] = {m.value: partial(measure, m.value)
                                                                             for m in Measure}
eligible_systems_on_cloud = MEASURES["eligible_systems_on_cloud"]
systems_on_extranet = MEASURES["systems_on_extranet"]
systems_connected_to_sharing = MEASURES["systems_connected_to_sharing"]
private_networks_consolidated = MEASURES["private_networks_consolidated"]
exits_consolidated = MEASURES["exits_consolidated"]
departments_integrated = MEASURES["departments_integrated"]


def milestone_results(plan: Plan, inventory: Inventory, policy: Policy) -> list[MilestoneResult]:
    """The plan's ``milestones``: one per policy milestone, ``planned`` recomputed, ``met`` = planned >= required."""
    out = []
    for m in policy.milestones:
        got = measure(m.measure, plan, inventory, policy, m.by, m.scope)
        planned = round(got.value, 6)
        out.append(MilestoneResult(
            id=m.id, measure=str(m.measure), by=m.by.isoformat(), required=m.at_least, planned=planned,
            met=planned >= m.at_least, name=m.name, name_en=m.name_en, wave=policy.last_wave_ending_by(m.by),
            scope=scope_row(m.scope),
        ))
    return out


def legacy_cost_terms(plan: Plan, inventory: Inventory, policy: Policy) -> list[tuple[str, float]]:
    """(activity key, CNY) per term of rule 13 (:mod:`planner.rules.cost`); work with a null wave adds nothing."""
    retired = retired_yearly(inventory, plan.systems, plan.networks, plan.exits)
    return cost_terms(retired, ends_in_plan(plan.systems, plan.networks, plan.exits), policy.wave_days)


def legacy_cost_cny(plan: Plan, inventory: Inventory, policy: Policy) -> float:
    """``cost.legacy_cny`` of rule 13: what the old infrastructure costs until it is retired."""
    return sum(cny for _, cny in legacy_cost_terms(plan, inventory, policy))
