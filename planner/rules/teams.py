"""Rule 6: which team pool works for each department, and how many slots it has.

A team works on at most ``slots`` migrations at once for the departments it serves:
``serves: region`` the region-level departments (``county: null``), ``serves: counties`` one such
team in every county, ``serves: <county id>`` that county's departments. Teams serving the same
departments add up into one pool. A department that no team serves has a pool of 0 slots: none of
its migrations can be scheduled (the pre-checks say so before any solve).

    >>> from planner.model.topology import Team
    >>> pools = team_pools({"a": None, "b": "ty"}, ["ty", "ns"], [Team(id="city", serves="region", slots=6),
    ...                     Team(id="cty", serves="counties", slots=2), Team(id="ty2", serves="ty", slots=1)])
    >>> pools.pool_of, pools.slots
    ({'a': 'team:region', 'b': 'team:ty'}, {'team:ns': 2, 'team:region': 6, 'team:ty': 3})
    >>> pools.names["team:ty"]
    'cty@ty, ty2'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model.topology import Team


def pool_name(county: str | None) -> str:
    """The team pool of the region's departments (None) or of one county's."""
    return "team:region" if county is None else f"team:{county}"


@dataclass(frozen=True)
class TeamPools:
    pool_of: dict[str, str]  # department -> its pool
    slots: dict[str, int]  # pool -> summed slots (0 when no team serves it)
    names: dict[str, str]  # pool -> the teams behind it, for sentences ("county-ops@taishan, ops-ts")

    def county(self, pool: str) -> str | None:
        """The county a pool serves (None: the region's departments)."""
        return None if pool == "team:region" else pool.split(":", 1)[1]


def team_pools(department_county: Mapping[str, str | None], counties: Iterable[str], teams: Iterable[Team]) -> TeamPools:
    """Every department's pool, and every pool's slots (see the module's doc)."""
    counties = list(counties)
    slots: dict[str, int] = {}
    names: dict[str, list[str]] = {}
    for team in teams:
        served = [None] if team.serves == "region" else counties if team.serves == "counties" else [team.serves]
        for county in served:
            pool = pool_name(county)
            slots[pool] = slots.get(pool, 0) + team.slots
            names.setdefault(pool, []).append(team.id if team.serves != "counties" else f"{team.id}@{county}")
    pool_of = {d: pool_name(c) for d, c in department_county.items()}
    for pool in pool_of.values():
        slots.setdefault(pool, 0)
    return TeamPools(pool_of, dict(sorted(slots.items())), {k: ", ".join(v) for k, v in sorted(names.items())})
