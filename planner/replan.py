"""Re-planning: what the actuals pin (the past), as activity ends and starts.

A system's fact pins the work its planned action cuts over with (a migration, or an integration:
:func:`planner.vocabulary.cutover_key`); a fact about a system the plan does not move is kept as a
finding instead (:func:`unplanned_facts`).
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Actuals, Policy
from .plan import Finding
from .vocabulary import EXIT, NETWORK, activity_key, cutover_key, start_index
from .waves.build import Pins


def pins_from_actuals(actuals: Actuals, policy: Policy, systems: Iterable = ()) -> Pins:
    """Cut-overs and consolidations are fixed in their wave; started work keeps its start wave; nothing else may
    start before the wave after the one that contains `as_of`."""
    actions = {p.id: p.action for p in systems}
    ends, starts = {}, {}
    for fact in actuals.systems:
        key = cutover_key(fact.id, actions.get(fact.id, "migrate"))
        if key is None:
            continue
        if fact.cut_over or fact.decommissioned:
            ends[key] = policy.wave_containing(fact.cut_over or fact.decommissioned)
        elif fact.started:
            starts[key] = start_index(policy.wave_containing(fact.started))
    for fact in actuals.networks:
        ends[activity_key(NETWORK, fact.id)] = policy.wave_containing(fact.consolidated)
    for fact in actuals.exits:
        ends[activity_key(EXIT, fact.id)] = policy.wave_containing(fact.consolidated)
    return Pins(ends=ends, starts=starts, release=policy.wave_containing(actuals.as_of))


def unplanned_facts(actuals: Actuals, systems: Iterable) -> list[Finding]:
    """Facts of cut-overs or starts for systems the plan does not migrate or integrate: kept, and reported."""
    rows = {p.id: p for p in systems}
    out = []
    for fact in actuals.systems:
        row = rows.get(fact.id)
        if row is None or cutover_key(row.id, row.action) is not None or not (fact.cut_over or fact.started):
            continue
        what = f"was cut over on {fact.cut_over}" if fact.cut_over else f"started its migration on {fact.started}"
        out.append(Finding(kind="fact-not-in-plan", objects=[row.id],
                           text=f"the actuals say {row.id} {what}, but the plan does not move it ({row.action}): "
                                f"the fact is kept here; correct the ledger so that the plan and the record agree"))
    return out
