"""Rule 5: how many waves a piece of work lasts.

A migration (and an integration, which is the same work on the department's own system) lasts
``max(1, ceil(effort_days / wave_days))`` waves, from ``start_wave`` to ``wave`` (the cut-over);
networks and exits take one wave.
"""

from __future__ import annotations

import math


def migration_waves(effort_days: int, wave_days: int) -> int:
    """Waves a migration lasts.

    >>> migration_waves(5, 7), migration_waves(7, 7), migration_waves(8, 7), migration_waves(15, 7), migration_waves(0, 7)
    (1, 1, 2, 3, 1)
    """
    return max(1, math.ceil(effort_days / wave_days))
