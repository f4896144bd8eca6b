"""The names every stage shares: places, the kinds of work and their activity keys, the wave convention.

The scheduling problem names an activity ``<kind>:<id>`` (``system:fgw-invest``); the plan names
the same work by its row and wave. Both directions go through this module, so that the problem
builder, the scheduler's result, re-planning and the verifier never spell a key by hand.

    >>> activity_key(MIGRATION, "fgw-invest"), split_key("integrate:fgw-price")
    ('system:fgw-invest', ('integrate', 'fgw-price'))
    >>> cutover_key("fgw-price", "integrate"), cutover_key("fgw-old", "stay")
    ('integrate:fgw-price', None)

Time: the scheduling core counts periods from 0 and an activity occupies ``[start, end)``; the plan
numbers waves from 1, ``start_wave = start + 1`` and ``wave = end`` (the cut-over wave).
"""

from __future__ import annotations

EXTRANET_DOMAINS = ("extranet-public", "extranet-admin")  # the e-government extranet's two domains
INTRANET = "intranet"
INTERNET = "internet"
SHARED_NETWORKS = (*EXTRANET_DOMAINS, INTRANET, INTERNET)  # where a system can sit besides a private network

# The kinds of work, as the prefixes of their activity keys.
MIGRATION = "system"  # a system migrated to a cloud; ends with its cut-over
INTEGRATION = "integrate"  # a section system merged into its department's system
NETWORK = "network"  # a private network consolidated into the extranet, or moved to the intranet
EXIT = "exit"  # an internet exit moved onto its platform, or closed
DECOMMISSION = "decommission"  # a zombie or shadow system switched off
REPLACEMENT = "replace"  # a system switched off for the shared service that replaces it (version 2)
INTRANET_MOVE = "intranet"  # a classified system moved to the intranet node
DEPARTMENT_DONE = "done"  # a marker: all integrations of a department are done

# A system's action -> the kind of work whose end is its cut-over (FORMATS.md: "an integration is that
# system's cut-over"; version 2: a switch-off, a replacement and a move to the intranet have a wave too);
# actions not listed cut nothing over.
CUTOVER_KINDS = {"migrate": MIGRATION, "integrate": INTEGRATION, "decommission": DECOMMISSION,
                 "replace": REPLACEMENT, "intranet": INTRANET_MOVE}


def activity_key(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def split_key(key: str) -> tuple[str, str]:
    """(kind, id) of an activity key."""
    kind, _, ident = key.partition(":")
    return kind, ident


def cutover_key(system: str, action: str) -> str | None:
    """The key of the activity that cuts ``system`` over under ``action``, or None when nothing is cut over."""
    kind = CUTOVER_KINDS.get(action)
    return activity_key(kind, system) if kind else None


def start_wave(start: int) -> int:
    """The plan's first wave of work that starts at period ``start`` of the scheduling core.

    >>> start_wave(0), start_index(1)
    (1, 0)
    """
    return start + 1


def start_index(first_wave: int) -> int:
    """The scheduling core's start period of work whose first wave is ``first_wave``."""
    return first_wave - 1
