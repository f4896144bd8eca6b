"""The pieces every rule shares: a Violation, a Rule with a stable id and a sentence, the Context.

A rule is a small function ``check(ctx) -> Iterable[Violation]`` registered with :func:`rule`;
it yields one violation per offending row (never only the first), each naming the objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from planner.model import Inventory, Policy, Topology
from planner.plan import Plan


@dataclass(frozen=True)
class Violation:
    """One offending row: the rule's id and sentence, the ids of the objects at fault, what is wrong."""

    rule: str
    name: str
    objects: tuple[str, ...]
    details: str

    def __str__(self) -> str:
        return f"{self.rule}: {', '.join(self.objects)}: {self.details}"


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # one sentence a manager understands
    check: Callable[[Context], Iterable[Violation]] = field(repr=False)

    def run(self, ctx: Context) -> list[Violation]:
        return list(self.check(ctx))

    def violation(self, objects: Iterable[str], details: str) -> Violation:
        return Violation(self.id, self.name, tuple(objects), details)


REGISTRY: list[Rule] = []


def rule(rule_id: str, name: str) -> Callable[[Callable[[Context, Rule], Iterator[Violation]]], Rule]:
    """Register ``fn(ctx, r)`` as a rule; it yields ``r.violation(objects, details)`` per offending row."""

    def register(fn: Callable[[Context, Rule], Iterator[Violation]]) -> Rule:
        holder: list[Rule] = []
        r = Rule(rule_id, name, lambda ctx: fn(ctx, holder[0]))
        holder.append(r)
        REGISTRY.append(r)
        return r

    return register


class Context:
    """The plan and its inputs, with the indexes the rules look things up in (first occurrence wins).

    ``history``: the last wave of the past when the plan was made over actuals (the wave that contains
    ``replan.as_of``), 0 otherwise; the scheduling rules bind only the waves after it
    (:mod:`planner.waves.facts`). Pass ``history=0`` to judge the facts too.
    """

    def __init__(self, plan: Plan, inventory: Inventory, topology: Topology, policy: Policy,
                 history: int | None = None) -> None:
        self.plan, self.inventory, self.topology, self.policy = plan, inventory, topology, policy
        if history is None:
            as_of = plan.replan.as_of if plan.replan is not None else ""
            history = policy.wave_containing(dt.date.fromisoformat(as_of)) if as_of else 0
        self.history = history

    @cached_property
    def systems(self):
        return {s.id: s for s in self.inventory.systems}

    @cached_property
    def networks(self):
        return {n.id: n for n in self.inventory.networks}

    @cached_property
    def exits(self):
        return {e.id: e for e in self.inventory.exits}

    @cached_property
    def departments(self):
        return {d.id: d for d in self.inventory.departments}

    @cached_property
    def tight_dependents(self) -> dict[str, list[str]]:
        """System id -> the ids of the systems that depend on it tightly, sorted."""
        out: dict[str, set[str]] = {}
        for s in self.inventory.systems:
            for d in s.depends_on:
                if d.coupling == "tight":
                    out.setdefault(d.system, set()).add(s.id)
        return {k: sorted(v) for k, v in out.items()}

    @cached_property
    def clouds(self):
        return {c.id: c for c in self.topology.clouds}

    @cached_property
    def psys(self):
        return _first(self.plan.systems)

    @cached_property
    def pnet(self):
        return _first(self.plan.networks)

    @cached_property
    def pexit(self):
        return _first(self.plan.exits)

    @cached_property
    def actions(self) -> dict[str, str]:
        """System id -> its planned action (first row wins)."""
        return {sid: row.action for sid, row in self.psys.items()}

    @cached_property
    def platforms(self):
        return _first(self.plan.platforms)

    def county_of(self, department: str) -> str | None:
        d = self.departments.get(department)
        return d.county if d else None

    def planned_systems(self, *actions: str):
        """(inventory system, plan row) for systems of the inventory planned with one of ``actions``."""
        for s in self.inventory.systems:
            p = self.psys.get(s.id)
            if p is not None and (not actions or p.action in actions):
                yield s, p


def _first(rows):
    out = {}
    for row in rows:
        out.setdefault(row.id, row)
    return out
