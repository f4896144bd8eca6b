"""Rules 13 and 18: the legacy cost, one reading for the optimiser's weights and for the plan's ``cost.legacy_cny``.

What the old infrastructure costs until it is retired: the yearly O&M of every migrated system
until its cut-over and of every integrated, decommissioned or replaced system until it is switched
off (rule 18), the yearly cost of every network consolidated into the extranet and of every exit
moved onto a platform (or closed) until that work's wave, each × (w × ``wave_days``) / 365.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Inventory
from ..vocabulary import EXIT, NETWORK, activity_key, cutover_key

SWITCHED_OFF = ("migrate", "integrate", "decommission", "replace")  # system actions whose old O&M ends


def retired_yearly(inventory: Inventory, systems: Iterable, networks: Iterable, exits: Iterable) -> dict[str, float]:
    """Activity key -> the yearly CNY that stops when that work ends, over the planned rows' actions."""
    om = {s.id: s.funding.yearly_om_cny for s in inventory.systems}
    net = {n.id: n.yearly_cost_cny for n in inventory.networks}
    ex = {e.id: e.yearly_cost_cny for e in inventory.exits}
    out: dict[str, float] = {}
    for p in systems:
        if p.action in SWITCHED_OFF and p.id in om:
            out.setdefault(cutover_key(p.id, p.action), om[p.id])
    for p in networks:
        if p.action == "consolidate" and p.id in net:
            out.setdefault(activity_key(NETWORK, p.id), net[p.id])
    for p in exits:
        if p.action in ("consolidate", "close") and p.id in ex:
            out.setdefault(activity_key(EXIT, p.id), ex[p.id])
    return out


def cost_terms(retired: Mapping[str, float], ends: Mapping[str, int], wave_days: int) -> list[tuple[str, float]]:
    """(activity key, CNY) per term, in key order; work without a wave adds nothing (never retired).

    >>> cost_terms({"system:a": 365.0, "exit:x": 730.0}, {"system:a": 2}, 7)
    [('system:a', 14.0)]
    """
    return [(key, yearly * ends[key] * wave_days / 365) for key, yearly in sorted(retired.items()) if key in ends]


def wave_weight(yearly: float, wave_days: int) -> int:
    """The optimiser's integer weight of one wave of delay (CNY, rounded).

    >>> wave_weight(36500, 7)
    700
    """
    return round(yearly * wave_days / 365)
