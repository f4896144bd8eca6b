"""Rule 12's measures (FORMATS.md "Measures") as one reading: who is in a population, and what counts them.

A :class:`Reading` of a measure over the planned actions says, for each member of the population,
whether it counts already (on-cloud, on the extranet today, connected to sharing) or which work
must be done for it to count: one or more activity keys (:mod:`planner.vocabulary`) that must all
have ended by the milestone's last wave. The scheduler turns a reading into milestone weights
(:mod:`planner.waves.milestone_weights`); the verifier and the plan's ``planned`` shares evaluate it on the
waves (:func:`share`), so the two can only disagree through a bug in this module.

The readings:

- ``eligible_systems_on_cloud`` — non-classified systems whose ``migration.eligible`` is not false,
  not decommissioned or integrated; counted when on-cloud, or by their migration;
- ``systems_on_extranet`` — non-classified systems not decommissioned or integrated; counted when
  on a cloud or an extranet domain today, else by the work on their private network when it is
  consolidated into the extranet (rule 9 puts that work no later than their own migration), else by
  their migration;
- ``systems_connected_to_sharing`` — those of them with ``shares``; counted when
  ``connected_to_sharing``, else as above;
- ``private_networks_consolidated`` — networks not retained (by the plan's action); counted by
  their consolidation or move to the intranet;
- ``exits_consolidated`` — every exit; counted when consolidated, or closed (an exit behind a
  classified network);
- ``departments_integrated`` — departments with at least one integration; counted when all of
  their integrations are done;
- ``systems_decommissioned`` (version 2) — systems decommissioned or replaced; counted by their
  switch-off.

An empty population counts as 1.0.

A milestone's ``scope`` (version 2, :func:`scoped`) restricts the population: to the members of the
departments at its ``level`` (``region``: ``county`` null; ``county``: the others) and in its
``departments``, and, with ``systems``, to the named systems — for the other measures to the
networks those systems are on, the exits that publish them and the departments they belong to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from ..model import Inventory, Measure, MilestoneScope, ScopeLevel
from ..vocabulary import EXIT, EXTRANET_DOMAINS, INTEGRATION, MIGRATION, NETWORK, activity_key, cutover_key

GONE = ("decommission", "integrate")


@dataclass(frozen=True)
class Reading:
    """A measure's population (ids, sorted), those counted whatever the schedule, and the work the others need."""

    population: tuple[str, ...]
    already: frozenset[str] = frozenset()
    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # member -> activity keys, all must end

    def required(self, at_least: float) -> int:
        """How many members must count for a share of ``at_least``.

        >>> Reading(("a", "b", "c")).required(0.7)
        3
        >>> Reading(("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")).required(0.7)
        7
        """
        return -(-Fraction(str(at_least)) * len(self.population) // 1)


@dataclass(frozen=True)
class Share:
    """The ids counted and the ids of the population not counted (both sorted).

    >>> Share(("a", "b", "c"), ("d",)).value, Share((), ()).value
    (0.75, 1.0)
    """

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


def share(reading: Reading, ends: Mapping[str, int], wave: int) -> Share:
    """The members counted when the work ends in the waves ``ends`` (activity key -> wave), by the end of ``wave``."""
    counted, missing = [], []
    for member in reading.population:
        needs = reading.needs.get(member)
        done = member in reading.already or (
            needs is not None and all(k in ends and ends[k] <= wave for k in needs))
        (counted if done else missing).append(member)
    return Share(tuple(counted), tuple(missing))


def is_met(got: Share, at_least: float) -> bool:
    """``share >= at_least``, exactly (0.7 means the decimal 0.7)."""
    return got.exact >= Fraction(str(at_least))


def read(measure: Measure | str, inventory: Inventory, systems: Iterable, networks: Iterable,
         exits: Iterable, scope: MilestoneScope | None = None) -> Reading:
    """The reading of ``measure`` over the planned rows (anything with ``id`` and ``action``), within ``scope``."""
    whole = _read(Measure(measure), inventory, list(systems), list(networks), list(exits))
    return scoped(whole, Measure(measure), inventory, scope)


def scoped(reading: Reading, measure: Measure, inventory: Inventory, scope: MilestoneScope | None) -> Reading:
    """``reading`` restricted to the members in ``scope`` (module doc); unchanged without one."""
    keep = scope_ids(measure, inventory.departments, inventory.systems, inventory.networks, inventory.exits, scope)
    if keep is None:
        return reading
    return Reading(tuple(m for m in reading.population if m in keep), reading.already & keep,
                   {m: k for m, k in reading.needs.items() if m in keep})


def scope_ids(measure: Measure | str, departments: Iterable, systems: Iterable, networks: Iterable, exits: Iterable,
              scope) -> set[str] | None:
    """The ids (systems, networks, exits or departments, by ``measure``) that ``scope`` keeps; None without one.

    Any rows with the inventory's fields will do — the inventory's or plan.json's (:mod:`planner.progress`):
    departments ``id``/``county``, systems ``id``/``department``/``network``, networks ``id``/``department``,
    exits ``id``/``department``/``published`` (each with ``system``).
    """
    if scope is None or not (scope.level or scope.departments or scope.systems):
        return None
    measure, departments, systems = Measure(measure), list(departments), list(systems)
    county_of = {d.id: d.county for d in departments}
    named = set(scope.systems)

    def department_in(did: str) -> bool:
        if scope.level is not None and (county_of.get(did) is None) != (str(scope.level) == ScopeLevel.region):
            return False
        return not scope.departments or did in scope.departments

    if measure == Measure.private_networks_consolidated:
        on = {s.network for s in systems if s.id in named}
        return {n.id for n in networks if department_in(n.department) and (not named or n.id in on)}
    if measure == Measure.exits_consolidated:
        return {e.id for e in exits if department_in(e.department)
                and (not named or any(p.system in named for p in e.published))}
    if measure == Measure.departments_integrated:
        of_named = {s.department for s in systems if s.id in named}
        return {d.id for d in departments if department_in(d.id) and (not named or d.id in of_named)}
    return {s.id for s in systems if department_in(s.department) and (not named or s.id in named)}


def _read(measure: Measure, inventory: Inventory, systems: list, networks: list, exits: list) -> Reading:
    actions = {p.id: p.action for p in systems}
    if measure == Measure.private_networks_consolidated:
        planned = {p.id: p.action for p in networks}  # a classified network goes to the intranet even if "retained"
        members = sorted(n.id for n in inventory.networks
                         if planned.get(n.id, "retain" if n.retain is not None else None) != "retain")
        return Reading(tuple(members), needs={m: (activity_key(NETWORK, m),) for m in members})
    if measure == Measure.exits_consolidated:
        members = sorted(e.id for e in inventory.exits)
        return Reading(tuple(members), needs={m: (activity_key(EXIT, m),) for m in members})
    if measure == Measure.systems_decommissioned:
        members = sorted(s.id for s in inventory.systems if actions.get(s.id) in ("decommission", "replace"))
        return Reading(tuple(members), needs={m: (cutover_key(m, actions[m]),) for m in members})
    if measure == Measure.departments_integrated:
        per_department: dict[str, list[str]] = {}
        for s in inventory.systems:
            if actions.get(s.id) == "integrate":
                per_department.setdefault(s.department, []).append(activity_key(INTEGRATION, s.id))
        return Reading(tuple(sorted(per_department)), needs={d: tuple(k) for d, k in per_department.items()})
    pop = [s for s in inventory.systems if not s.classified and actions.get(s.id) not in GONE]
    if measure == Measure.eligible_systems_on_cloud:
        pop = [s for s in pop if s.migration.eligible is not False]
        already = {s.id for s in pop if actions.get(s.id) == "on-cloud"}
        needs = {s.id: (activity_key(MIGRATION, s.id),) for s in pop if actions.get(s.id) == "migrate"}
        return Reading(tuple(sorted(s.id for s in pop)), frozenset(already), needs)
    if measure == Measure.systems_connected_to_sharing:
        pop = [s for s in pop if s.shares]
    consolidated = {p.id for p in networks if p.action == "consolidate"}
    already, needs = set(), {}
    for s in pop:
        if actions.get(s.id) == "on-cloud" or s.network in EXTRANET_DOMAINS or (
                measure == Measure.systems_connected_to_sharing and s.connected_to_sharing):
            already.add(s.id)
        elif s.network in consolidated:
            needs[s.id] = (activity_key(NETWORK, s.network),)
        elif actions.get(s.id) == "migrate":
            needs[s.id] = (activity_key(MIGRATION, s.id),)
    return Reading(tuple(sorted(s.id for s in pop)), frozenset(already), needs)
