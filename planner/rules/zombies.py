"""Rule 3, the clean-up half: when a system is a zombie or a shadow, and when it may be switched off.

The criteria (DOMAIN.md §2, thresholds from ``policy.zombie``), each one a :class:`Criterion`:

- ``shadow``       found running but not in the ledger (``in_ledger: false``);
- ``om-stopped``   O&M and updates have stopped (``om_active: false``);
- ``idle``         its resources sit idle (``idle: true``);
- ``stale``        its last change lies more than ``stale_days`` before the policy start;
- ``small-and-rare`` small scope and low frequency: a scope in ``small_scopes`` (default
  ``[section]``) and fewer than ``low_monthly_users`` monthly users;
- ``replaceable``  its function is covered by the system named in ``replaceable_by``, and that
  system stays in service.

A system meeting any criterion is switched off, unless a system in service depends on it
*tightly*: then it stays while that dependent lives (:func:`clean_up`). The same reading decides
(:mod:`planner.decide.systems`) and verifies (:mod:`planner.verify.decisions`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from ..model import Policy, System


@dataclass(frozen=True)
class Criterion:
    """One zombie or shadow criterion that holds for a system: a stable id and the evidence in words."""

    id: str
    text: str


def own_criteria(s: System, policy: Policy) -> list[Criterion]:
    """The criteria that hold for ``s`` by itself (``replaceable`` depends on other systems: see :func:`clean_up`).

    >>> import datetime as dt
    >>> from planner.model import Policy
    >>> p = Policy(id="p", start=dt.date(2017, 12, 4))
    >>> s = System.model_validate({"id": "a", "name": "A", "department": "d", "scope": "department",
    ...     "monthly_users": 15, "funding": {"source": "fiscal"}, "classified": False, "protection_level": 2,
    ...     "hosting": "self-room", "resources": {}, "data_tb": 0, "network": "internet",
    ...     "last_change": "2016-06-01"})
    >>> own_criteria(s, p)  # department-wide with 15 users is not small by default (small_scopes: [section])
    []
    >>> [c.id for c in own_criteria(s.model_copy(update={"scope": "section", "idle": True}), p)]
    ['idle', 'small-and-rare']
    """
    rules, out = policy.zombie, []
    if not s.in_ledger:
        out.append(Criterion("shadow", "shadow: found running but not in the ledger (in_ledger false); shadow "
                                       "systems lose all funding"))
    if not s.om_active:
        out.append(Criterion("om-stopped", "zombie: O&M and updates have stopped (om_active false)"))
    if s.idle:
        out.append(Criterion("idle", "zombie: its resources have sat idle for a long time (idle true)"))
    if s.last_change is not None and (policy.start - s.last_change).days > rules.stale_days:
        age = (policy.start - s.last_change).days
        out.append(Criterion("stale", f"zombie: last change {s.last_change} is {age} days before the plan start "
                                      f"{policy.start}, over the {rules.stale_days}-day threshold"))
    if str(s.scope) in rules.small_scopes and s.monthly_users < rules.low_monthly_users:
        out.append(Criterion("small-and-rare", f"zombie: {s.monthly_users} monthly users, below the policy threshold "
                                               f"of {rules.low_monthly_users}, with scope {s.scope} (a small scope: "
                                               f"{', '.join(rules.small_scopes)})"))
    return out


def replaceable(s: System, by: System) -> Criterion:
    return Criterion("replaceable", f"zombie: its function is covered by {by.id} ({by.name}), which stays in service "
                                    f"(replaceable_by)")


@dataclass
class CleanUp:
    """What the clean-up rule makes of a region's systems.

    ``gone``: systems to switch off, with their criteria; ``kept``: zombies and shadows that stay for
    their tight dependents in service (criteria, dependents); ``notes``: systems whose replacement is
    switched off itself; ``cycles``: systems replaceable by each other in a circle.
    """

    gone: dict[str, list[Criterion]] = field(default_factory=dict)
    kept: dict[str, tuple[list[Criterion], list[str]]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    cycles: list[list[str]] = field(default_factory=list)


def clean_up(systems: Mapping[str, System], policy: Policy,
             tight_dependents: Callable[[str], Iterable[str]]) -> CleanUp:
    """Which systems are switched off, and which zombies stay for a dependent (rule 3).

    "Replaceable by X" counts only when X itself stays in service, so it is resolved along the
    replaceable_by chains from their ends; in a cycle (A by B, B by A) the member with the most
    monthly users (then the smallest id) is kept and covers the others. A zombie that a system in
    service depends on tightly stays; that can keep a replacement in service and so switch off
    more systems, so the two are repeated until nothing changes (each round only adds kept ones).
    """
    own = {sid: own_criteria(s, policy) for sid, s in systems.items()}
    chains = nx.DiGraph()  # only the systems that could be replaceable: most have no replaceable_by
    chains.add_edges_from((sid, s.replaceable_by) for sid, s in systems.items()
                          if s.replaceable_by and not own[sid])
    cycles = sorted(sorted(c) for c in nx.strongly_connected_components(chains) if len(c) > 1)
    for cycle in cycles:
        keeper = min(cycle, key=lambda i: (-systems[i].monthly_users, i))
        chains.remove_edge(keeper, systems[keeper].replaceable_by)
    order = list(reversed(list(nx.lexicographical_topological_sort(chains))))  # replacements first
    forced: set[str] = set()
    while True:
        evidence = {sid: list(c) for sid, c in own.items()}
        notes: dict[str, str] = {}
        gone: dict[str, bool] = {sid: bool(c) and sid not in forced for sid, c in evidence.items()}
        for sid in order:
            by = next(iter(chains.successors(sid)), None)
            if by is None:
                continue
            if not gone[by]:
                evidence[sid].append(replaceable(systems[sid], systems[by]))
            else:
                notes[sid] = (f"replaceable_by {by}, but {by} is decommissioned itself, so this system keeps "
                              f"its function")
            gone[sid] = bool(evidence[sid]) and sid not in forced
        newly = {sid for sid, off in gone.items() if off and any(not gone[d] for d in tight_dependents(sid))}
        if not newly:
            break
        forced |= newly
    result = CleanUp(notes=notes, cycles=cycles)
    for sid in sorted(systems):
        live_dependents = sorted(d for d in tight_dependents(sid) if not gone[d])
        if gone[sid]:
            result.gone[sid] = evidence[sid]
        elif sid in forced and evidence[sid] and live_dependents:
            result.kept[sid] = (evidence[sid], live_dependents)
        elif sid in forced and evidence[sid]:
            # Kept in an earlier round for a dependent that has gone since: switching it off now could undo
            # what was settled after, so it stays in service as an ordinary system, saying why.
            result.notes[sid] = (f"zombie criteria hold ({', '.join(c.id for c in evidence[sid])}) but it stays in "
                                 f"service: the clean-up kept it for a tight dependent and settled other systems on it")
        # (a forced system whose replacement went is no zombie at all: an ordinary system)
    return result


def may_switch_off(s: System, policy: Policy, replacement_in_service: bool,
                   tight_dependents_in_service: list[str]) -> str | None:
    """Why ``s`` may not be decommissioned in a plan, or None when it may (the verifier's side of the reading)."""
    criteria = own_criteria(s, policy)
    if s.replaceable_by and replacement_in_service:
        criteria.append(Criterion("replaceable", ""))
    if not criteria:
        return "no zombie criterion holds and it is in the ledger"
    if tight_dependents_in_service:
        return f"{', '.join(tight_dependents_in_service)} in service depend on it tightly"
    return None
