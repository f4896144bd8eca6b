"""Rule 3, the integration half: what a section system may be merged into.

A system that exists in the name of one section (``scope: section``) is integrated into another
system of its department unless it is switched off; it stays only when its department has no other
non-classified system to merge into. "To merge into" reads: a non-classified system of the same
department that stays in service for good — not switched off, not integrated itself, and not a
zombie kept only for a tight dependent (:func:`planner.rules.zombies.clean_up`), which goes later.
The decisions pick the best of these; the verifier checks against the same list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import System

GONE = ("decommission", "integrate")


def merge_targets(s: System, department: Iterable[System], action_of: Callable[[str], str | None],
                  kept: Callable[[str], bool]) -> list[str]:
    """Ids of the systems of ``department`` that ``s`` may be merged into, sorted.

    ``action_of(id)``: the system's planned action (None: not planned yet); ``kept(id)``: a zombie
    that stays only for a tight dependent.
    """
    return sorted(o.id for o in department
                  if o.id != s.id and o.department == s.department and not o.classified
                  and action_of(o.id) not in GONE and not kept(o.id))
