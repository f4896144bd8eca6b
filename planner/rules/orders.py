"""Rules 7 and 9: what must cut over together, and what must come first, as one reading of each.

Both are stated over the kinds of work (:mod:`planner.vocabulary`) and the planned actions, so the
same lists build the scheduling problem's sync groups and precedences (:mod:`planner.waves.build`)
and judge a finished plan (:mod:`planner.verify.timing`).

Rule 9, connect first (先联通、后提高), reads:

- a migrating system on a private network cuts over no earlier than the work on that network
  (its consolidation into the extranet, or its move to the intranet);
- an exit is consolidated no earlier than the work on its network, and no earlier than the
  cut-over of every system it publishes, where a system's cut-over is the end of the work that
  moves it (:data:`planner.vocabulary.CUTOVER_KINDS`: a migration, or an integration — a merged
  system's service moves with its target);
- an exit behind a classified network is closed, no later than its network moves to the intranet
  (the intranet never reaches the internet).

Rule 7 reads: two migrating systems joined by a tight dependency cut over in the same wave.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from ..model import Inventory
from ..vocabulary import EXIT, MIGRATION, NETWORK, activity_key, cutover_key

NETWORK_WORK = ("consolidate", "intranet")  # network actions that are work with a wave


@dataclass(frozen=True)
class Order:
    """The work ``first`` ends in a wave no later than the work ``then`` (activity keys); ``label`` names why."""

    first: str
    then: str
    label: str


def connect_first(inventory: Inventory, system_actions: Mapping[str, str], network_actions: Mapping[str, str],
                  exit_actions: Mapping[str, str]) -> list[Order]:
    """Every order rule 9 asks for, given the planned actions (id -> action), sorted and each once."""
    out: set[Order] = set()
    for s in inventory.systems:
        if system_actions.get(s.id) == "migrate" and network_actions.get(s.network) in NETWORK_WORK:
            out.add(Order(activity_key(NETWORK, s.network), activity_key(MIGRATION, s.id), f"connect-first:{s.network}"))
    for e in inventory.exits:
        action = exit_actions.get(e.id)
        key = activity_key(EXIT, e.id)
        on_network = e.network is not None and network_actions.get(e.network) in NETWORK_WORK
        if action == "close":
            if on_network:
                out.add(Order(key, activity_key(NETWORK, e.network), f"close-first:{e.id}"))
            continue
        if action != "consolidate":
            continue
        if on_network:
            out.add(Order(activity_key(NETWORK, e.network), key, f"connect-first:{e.network}"))
        for pub in e.published:
            moved = cutover_key(pub.system, system_actions.get(pub.system, ""))
            if moved is not None:
                out.add(Order(moved, key, f"published:{e.id}"))
    return sorted(out, key=lambda o: (o.first, o.then, o.label))


def tight_pairs(inventory: Inventory, system_actions: Mapping[str, str]) -> list[tuple[str, str]]:
    """Rule 7: (system, system it depends on tightly) for every pair of migrating systems, sorted."""
    return sorted({(s.id, d.system) for s in inventory.systems if system_actions.get(s.id) == "migrate"
                   for d in s.depends_on if d.coupling == "tight" and system_actions.get(d.system) == "migrate"})


def tight_groups(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, ...]]:
    """The systems joined by tight pairs (in either direction), each group sorted, groups by their first id;
    only groups of two or more, a tight cycle is one group.

    >>> tight_groups([("b", "a"), ("c", "b"), ("x", "y")])
    [('a', 'b', 'c'), ('x', 'y')]
    """
    graph = nx.Graph()
    graph.add_edges_from(pairs)
    return sorted(tuple(sorted(c)) for c in nx.connected_components(graph))


def ends_in_plan(systems: Iterable, networks: Iterable, exits: Iterable) -> dict[str, int]:
    """Activity key -> the wave its work ends in, read from plan rows (rows without a wave are left out)."""
    ends: dict[str, int] = {}
    for s in systems:
        key = cutover_key(s.id, s.action)
        if key is not None and s.wave is not None:
            ends.setdefault(key, s.wave)
    for n in networks:
        if n.action in NETWORK_WORK and n.wave is not None:
            ends.setdefault(activity_key(NETWORK, n.id), n.wave)
    for e in exits:
        if e.wave is not None:
            ends.setdefault(activity_key(EXIT, e.id), e.wave)
    return ends
