"""Where things end up once the plan is carried out: the intranet boundary, and who joins the extranet.

The e-government intranet is isolated (rule 2, S1): nothing on it reaches a cloud, the extranet or
the internet, so no flow may cross its boundary. A system ends up on the intranet when it moves
there (classified), or when it stays where it is and that is the intranet — it sits on the
intranet today, or on a private network that moves to the intranet. An integrated system ends where
its target ends. A department joins the extranet (gets a block in the administrative domain) when it
keeps a non-classified system in service or moves an exit onto a platform: its office LAN then
leaves through the platform over the extranet (S2).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import System
from ..vocabulary import INTRANET


def ends_on_intranet(s: System, action: str, network_actions: Mapping[str, str]) -> bool:
    """True when ``s``, planned ``action``, ends up on the intranet (for an integrated system, ask of its target).

    >>> from planner.model import System
    >>> s = System.model_validate({"id": "a", "name": "A", "department": "d", "scope": "department",
    ...     "monthly_users": 5, "funding": {"source": "fiscal"}, "classified": False, "protection_level": 2,
    ...     "hosting": "self-room", "resources": {}, "data_tb": 0, "network": "intranet"})
    >>> ends_on_intranet(s, "stay", {}), ends_on_intranet(s, "migrate", {})
    (True, False)
    """
    if action == "intranet":
        return True
    return action == "stay" and (s.network == INTRANET or network_actions.get(s.network) == "intranet")
