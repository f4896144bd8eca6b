"""Each milestone's reading (:mod:`planner.rules.measures`) as a weighted count over the schedule's activities.

A measure's value at a date = (constant + summed weights of the activities ending by the last wave
that ends on that date) / population. The constant counts what is already there; a member that
needs several pieces of work (a department's integrations) is counted by a zero-length marker
``done:<member>`` that ends after all of them (:func:`markers`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Inventory, Milestone
from ..plan import ExitPlan, NetworkPlan, SystemPlan
from ..rules.measures import Reading, read
from ..vocabulary import DEPARTMENT_DONE, activity_key


@dataclass(frozen=True)
class MilestoneTerms:
    reading: Reading
    required_count: int  # how many of the population must be counted
    weights: dict[str, int] = field(default_factory=dict)  # activity id -> weight

    @property
    def population(self) -> int:
        return len(self.reading.population)

    @property
    def constant(self) -> int:
        return len(self.reading.already)

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


def marker(member: str) -> str:
    """The key of the zero-length activity that ends after all the work ``member`` needs."""
    return activity_key(DEPARTMENT_DONE, member)


def milestone_terms(milestone: Milestone, inventory: Inventory, systems: list[SystemPlan],
                    networks: list[NetworkPlan], exits: list[ExitPlan]) -> MilestoneTerms:
    reading = read(milestone.measure, inventory, systems, networks, exits, milestone.scope)
    weights: Counter[str] = Counter()
    for member, needs in reading.needs.items():
        if member not in reading.already:
            weights[needs[0] if len(needs) == 1 else marker(member)] += 1
    return MilestoneTerms(reading, reading.required(milestone.at_least), dict(weights))


def markers(terms: dict[str, MilestoneTerms]) -> dict[str, tuple[str, ...]]:
    """Marker key -> the activity keys it ends after, for every member of any milestone that needs several."""
    out: dict[str, tuple[str, ...]] = {}
    for t in terms.values():
        for member, needs in t.reading.needs.items():
            if len(needs) > 1:
                out[marker(member)] = needs
    return dict(sorted(out.items()))
