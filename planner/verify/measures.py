"""The milestone measures of FORMATS.md "Measures" and the legacy cost of rule 13, as pure functions.

Each measure is ``fn(plan, inventory, policy, by) -> Share``: who is in its population, who is
counted by the date ``by``. A milestone counts what is cut over in waves that end on or before
``by`` (``policy.last_wave_ending_by``); a null wave is never cut over. The scheduler fills
``planned`` with :func:`milestone_results`, the verifier recomputes it with the same code.

    >>> Share(("a", "b", "c"), ("d",)).value, Share((), ()).value
    (0.75, 1.0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from planner.model import Inventory, Policy
from planner.plan import MilestoneResult, Plan

EXTRANET = ("extranet-public", "extranet-admin")


@dataclass(frozen=True)
class Share:
    """The ids counted and the ids of the population not counted (both sorted)."""

    counted: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def population(self) -> int:
        return len(self.counted) + len(self.missing)

    @property
    def exact(self) -> Fraction:
        """The share as a fraction; an empty population counts as 1."""
        return Fraction(len(self.counted), self.population) if self.population else Fraction(1)

    @property
    def value(self) -> float:
        return float(self.exact)


def _share(population, is_counted) -> Share:
    counted, missing = [], []
    for item in population:
        (counted if is_counted(item) else missing).append(item)
    return Share(tuple(sorted(counted)), tuple(sorted(missing)))


def cut_over_by(wave: int | None, policy: Policy, by: dt.date) -> bool:
    """True when ``wave`` ends on or before ``by`` (a null wave is never cut over).

    >>> from planner.model import Policy
    >>> p = Policy(id="p", start=dt.date(2017, 12, 4), wave_days=7)
    >>> cut_over_by(1, p, dt.date(2017, 12, 10)), cut_over_by(2, p, dt.date(2017, 12, 16)), cut_over_by(None, p, dt.date(2030, 1, 1))
    (True, False, False)
    """
    return wave is not None and wave <= policy.last_wave_ending_by(by)


def _actions(plan: Plan) -> dict[str, object]:
    out: dict[str, object] = {}
    for s in plan.systems:
        out.setdefault(s.id, s)
    return out


def _gone(row) -> bool:
    return row is not None and row.action in ("decommission", "integrate")


def _on_cloud_by(row, policy: Policy, by: dt.date) -> bool:
    if row is None:
        return False
    return row.action == "on-cloud" or (row.action == "migrate" and cut_over_by(row.wave, policy, by))


def eligible_systems_on_cloud(plan: Plan, inventory: Inventory, policy: Policy, by: dt.date) -> Share:
    """Non-classified, eligible (``auto`` counts) systems not decommissioned or integrated: on-cloud or cut over."""
    rows = _actions(plan)
    population = [s.id for s in inventory.systems
                  if not s.classified and s.migration.eligible is not False and not _gone(rows.get(s.id))]
    return _share(population, lambda sid: _on_cloud_by(rows.get(sid), policy, by))


def _extranet_reach(plan: Plan, inventory: Inventory, policy: Policy, by: dt.date) -> Callable[[str], bool]:
    """sid -> reachable on the extranet by ``by``: on a cloud, on an extranet domain, or on a network consolidated by then."""
    rows = _actions(plan)
    systems = {s.id: s for s in inventory.systems}
    consolidated = {n.id for n in plan.networks if n.action == "consolidate" and cut_over_by(n.wave, policy, by)}

    def reach(sid: str) -> bool:
        s = systems[sid]
        return _on_cloud_by(rows.get(sid), policy, by) or s.network in EXTRANET or s.network in consolidated

    return reach


def _extranet_population(plan: Plan, inventory: Inventory) -> list:
    rows = _actions(plan)
    return [s for s in inventory.systems if not s.classified and not _gone(rows.get(s.id))]


def systems_on_extranet(plan: Plan, inventory: Inventory, policy: Policy, by: dt.date) -> Share:
    """Non-classified systems not decommissioned or integrated: reachable on the extranet by the date."""
    reach = _extranet_reach(plan, inventory, policy, by)
    return _share([s.id for s in _extranet_population(plan, inventory)], reach)


def systems_connected_to_sharing(plan: Plan, inventory: Inventory, policy: Policy, by: dt.date) -> Share:
    """Those systems (as systems_on_extranet) with non-empty ``shares``: connected already, or on the extranet."""
    reach = _extranet_reach(plan, inventory, policy, by)
    systems = {s.id: s for s in inventory.systems}
    population = [s.id for s in _extranet_population(plan, inventory) if s.shares]
    return _share(population, lambda sid: systems[sid].connected_to_sharing or reach(sid))


def private_networks_consolidated(plan: Plan, inventory: Inventory, policy: Policy, by: dt.date) -> Share:
    """Networks not retained with approval (inventory ``retain``): consolidated or moved to the intranet by the date."""
    rows = {}
    for n in plan.networks:
        rows.setdefault(n.id, n)
    population = [n.id for n in inventory.networks if n.retain is None]

    def done(nid: str) -> bool:
        row = rows.get(nid)
        return row is not None and row.action in ("consolidate", "intranet") and cut_over_by(row.wave, policy, by)

    return _share(population, done)


def exits_consolidated(plan: Plan, inventory: Inventory, policy: Policy, by: dt.date) -> Share:
    """All exits: consolidated (a wave) by the date."""
    rows = {}
    for e in plan.exits:
        rows.setdefault(e.id, e)
    return _share([e.id for e in inventory.exits],
                  lambda eid: eid in rows and rows[eid].action == "consolidate" and cut_over_by(rows[eid].wave, policy, by))


def departments_integrated(plan: Plan, inventory: Inventory, policy: Policy, by: dt.date) -> Share:
    """Departments with at least one ``integrate``: all of their integrations cut over by the date."""
    rows = _actions(plan)
    by_department: dict[str, list] = {}
    for s in inventory.systems:
        row = rows.get(s.id)
        if row is not None and row.action == "integrate":
            by_department.setdefault(s.department, []).append(row)
    return _share(list(by_department),
                  lambda d: all(cut_over_by(r.wave, policy, by) for r in by_department[d]))


MEASURES: dict[str, Callable[[Plan, Inventory, Policy, dt.date], Share]] = {
    "eligible_systems_on_cloud": eligible_systems_on_cloud,
    "systems_on_extranet": systems_on_extranet,
    "systems_connected_to_sharing": systems_connected_to_sharing,
    "private_networks_consolidated": private_networks_consolidated,
    "exits_consolidated": exits_consolidated,
    "departments_integrated": departments_integrated,
}


def measure(name: str, plan: Plan, inventory: Inventory, policy: Policy, by: dt.date) -> Share:
    """The named measure's share at ``by``."""
    return MEASURES[str(name)](plan, inventory, policy, by)


def is_met(share: Share, required: float) -> bool:
    """``share >= required``, exactly (0.7 means the decimal 0.7)."""
    return share.exact >= Fraction(str(required))


def milestone_results(plan: Plan, inventory: Inventory, policy: Policy) -> list[MilestoneResult]:
    """The plan's ``milestones``: one per policy milestone, ``planned`` recomputed, ``met`` = planned >= required."""
    out = []
    for m in policy.milestones:
        share = measure(m.measure, plan, inventory, policy, m.by)
        planned = round(share.value, 6)
        out.append(MilestoneResult(
            id=m.id, measure=str(m.measure), by=m.by.isoformat(), required=m.at_least, planned=planned,
            met=planned >= m.at_least, name=m.name, name_en=m.name_en, wave=policy.last_wave_ending_by(m.by),
        ))
    return out


def legacy_cost_terms(plan: Plan, inventory: Inventory, policy: Policy) -> list[tuple[str, float]]:
    """(object id, CNY) per term of rule 13: migrated systems' O&M, consolidated networks' and exits' yearly cost,
    each × (w × wave_days) / 365 for its cutover wave w. Objects with a null wave add nothing (never retired)."""
    systems = {s.id: s for s in inventory.systems}
    networks = {n.id: n for n in inventory.networks}
    exits = {e.id: e for e in inventory.exits}
    days = policy.wave_days
    terms: list[tuple[str, float]] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, oid: str, yearly: float, wave: int | None) -> None:
        if wave is None or (kind, oid) in seen:
            return
        seen.add((kind, oid))
        terms.append((oid, yearly * wave * days / 365))

    for s in plan.systems:
        if s.action == "migrate" and s.id in systems:
            add("system", s.id, systems[s.id].funding.yearly_om_cny, s.wave)
    for n in plan.networks:
        if n.action == "consolidate" and n.id in networks:
            add("network", n.id, networks[n.id].yearly_cost_cny, n.wave)
    for e in plan.exits:
        if e.action == "consolidate" and e.id in exits:
            add("exit", e.id, exits[e.id].yearly_cost_cny, e.wave)
    return terms


def legacy_cost_cny(plan: Plan, inventory: Inventory, policy: Policy) -> float:
    """``cost.legacy_cny`` of rule 13: what the old infrastructure costs until it is retired."""
    return sum(cny for _, cny in legacy_cost_terms(plan, inventory, policy))
