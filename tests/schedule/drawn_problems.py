"""Drawn scheduling problems and small helpers shared by the tests of the scheduling core's wings."""

from __future__ import annotations

from hypothesis import strategies as st

from planner.schedule import (
    Activity,
    Kind,
    Milestone,
    Precedence,
    Problem,
    Resource,
    StockResource,
    SyncGroup,
    VolumeLimit,
)
from planner.schedule.bounds.critical_path import critical_path_ends


@st.composite
def problems(draw, tight: bool = False):
    """Small problems with every constraint kind; generous horizon unless ``tight``."""
    n = draw(st.integers(1, 7))
    durations = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    releases = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    forbidden = frozenset(draw(st.sets(st.integers(0, 12), max_size=4)))
    edges = []
    for j in range(n):
        for i in range(j):
            if draw(st.integers(0, 4)) == 0:
                edges.append(Precedence(f"a{i}", f"a{j}", draw(st.sampled_from(list(Kind))), draw(st.integers(0, 2))))
    groups = []
    if n >= 2 and draw(st.booleans()):
        members = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=3, unique=True))
        groups.append(SyncGroup("g", tuple(f"a{i}" for i in sorted(members))))
    acts = []
    for i in range(n):
        deadline = draw(st.one_of(st.none(), st.integers(0, 12))) if tight else None
        pin = draw(st.one_of(st.none(), st.integers(0, 8))) if tight else None
        acts.append(Activity(
            f"a{i}", durations[i], release=releases[i], deadline=deadline, weight=draw(st.integers(0, 3)),
            demands={"r": draw(st.integers(0, 2)), "s": draw(st.integers(0, 2))},
            uses={"cloud": draw(st.integers(0, 3))}, volumes={"tb": draw(st.integers(0, 2))},
            forbidden_ends=frozenset(draw(st.sets(st.integers(0, 12), max_size=2))), fixed_start=pin))
    milestones = ()
    if tight and draw(st.booleans()):
        milestones = (Milestone("m", {f"a{i}": 1 for i in range(n)}, draw(st.integers(0, 10)),
                                draw(st.integers(0, n)), hard=draw(st.booleans())),)
    horizon = (sum(durations) + sum(e.lag for e in edges) + max(releases) + 2 * n + 20) if not tight else 14
    try:
        return Problem(tuple(acts), horizon, resources=(Resource("r", 2), Resource("s", 3)),
                       stocks=(StockResource("cloud", ((2, 4), (6, 3 * n))),),
                       volume_limits=(VolumeLimit("tb", 2),), precedences=tuple(edges), sync_groups=tuple(groups),
                       milestones=milestones, forbidden_ends=forbidden)
    except Exception:  # a random sync group may close a precedence cycle: draw another
        from hypothesis import reject
        reject()


def earliest_end_bound(problem: Problem) -> int:
    """The weighted sum of the critical-path ends: the bound every other one must beat."""
    return sum(a.weight * e for a, e in zip(problem.activities, critical_path_ends(problem), strict=True))
