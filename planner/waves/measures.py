"""Each milestone measure of FORMATS.md as a weighted count over the schedule's activities.

A measure's value at a date = (constant + summed weights of the activities ending by the last wave
that ends on that date) / population. The constant counts what is already there (on-cloud systems,
systems already on the extranet, systems already connected to sharing).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ..model import Inventory, Measure, Milestone
from ..plan import ExitPlan, NetworkPlan, SystemPlan

EXTRANET = ("extranet-public", "extranet-admin")
GONE = ("decommission", "integrate")


@dataclass(frozen=True)
class MilestoneTerms:
    population: int
    constant: int
    required_count: int  # how many of the population must be counted
    weights: dict[str, int] = field(default_factory=dict)  # activity id -> weight

    @property
    def needed(self) -> int:
        """What the scheduled activities must contribute."""
        return self.required_count - self.constant

    @property
    def reachable(self) -> int:
        """The most the measure can count if everything is done in time."""
        return self.constant + sum(self.weights.values())

    def share(self, counted: int) -> float:
        return 1.0 if self.population == 0 else counted / self.population


def milestone_terms(milestone: Milestone, inventory: Inventory, systems: list[SystemPlan],
                    networks: list[NetworkPlan], exits: list[ExitPlan]) -> MilestoneTerms:
    inv = {s.id: s for s in inventory.systems}
    action = {p.id: p.action for p in systems}
    net_action = {p.id: p.action for p in networks}
    measure = milestone.measure
    if measure == Measure.eligible_systems_on_cloud:
        pop = [s for s in inventory.systems
               if not s.classified and s.migration.eligible is not False and action[s.id] not in GONE]
        constant = sum(action[s.id] == "on-cloud" for s in pop)
        weights = {f"system:{s.id}": 1 for s in pop if action[s.id] == "migrate"}
        return _terms(milestone, len(pop), constant, weights)
    if measure in (Measure.systems_on_extranet, Measure.systems_connected_to_sharing):
        pop = [s for s in inventory.systems if not s.classified and action[s.id] not in GONE]
        if measure == Measure.systems_connected_to_sharing:
            pop = [s for s in pop if s.shares]
        constant, weights = 0, Counter()
        for s in pop:
            already = action[s.id] == "on-cloud" or s.network in EXTRANET
            if measure == Measure.systems_connected_to_sharing and s.connected_to_sharing:
                already = True
            if already:
                constant += 1
            elif net_action.get(s.network) == "consolidate":
                weights[f"network:{s.network}"] += 1  # consolidated no later than its own cutover
            elif action[s.id] == "migrate":
                weights[f"system:{s.id}"] += 1
        return _terms(milestone, len(pop), constant, dict(weights))
    if measure == Measure.private_networks_consolidated:
        pop = [p for p in networks if p.action != "retain"]
        return _terms(milestone, len(pop), 0, {f"network:{p.id}": 1 for p in pop})
    if measure == Measure.exits_consolidated:
        return _terms(milestone, len(exits), 0, {f"exit:{p.id}": 1 for p in exits})
    if measure == Measure.departments_integrated:
        depts = sorted({inv[p.id].department for p in systems if p.action == "integrate"})
        return _terms(milestone, len(depts), 0, {f"done:{d}": 1 for d in depts})
    raise ValueError(f"unknown measure {measure}")  # pragma: no cover - the model's enum prevents it


def _terms(milestone: Milestone, population: int, constant: int, weights: dict[str, int]) -> MilestoneTerms:
    required = math.ceil(milestone.at_least * population - 1e-9)
    return MilestoneTerms(population, constant, required, weights)


def counted(terms: MilestoneTerms, ends: dict[str, int], wave: int) -> int:
    """What the measure counts when the activities end as given, by the end of `wave`."""
    return terms.constant + sum(w for aid, w in terms.weights.items() if aid in ends and ends[aid] <= wave)
