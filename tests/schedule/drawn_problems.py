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
def volume_steps(draw, horizon: int):
    """Steps of a ramped volume limit, (from_time, limit) in increasing time within ``horizon``: often
    none, often a pilot ramp (a small limit first), sometimes a limit that drops for a while (to 0
    even); the last step leaves some room, so that not every ramp makes the problem infeasible."""
    times = sorted(draw(st.sets(st.integers(0, min(horizon, 8)), max_size=3)))
    return tuple((t, draw(st.integers(0 if k + 1 < len(times) else 1, 3))) for k, t in enumerate(times))


@st.composite
def problems(draw, tight: bool = False, ramps: bool = False):
    """Small problems with every constraint kind; generous horizon unless ``tight``; with ``ramps``,
    volume limits that change over time (a second, per-department one too). Without ``ramps`` the
    draws are those of before ramps existed, so the examples the other tests saw stay the same."""
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
            uses={"cloud": draw(st.integers(0, 3))},
            volumes={"tb": draw(st.integers(0, 2))} | ({"dept": draw(st.integers(0, 1))} if ramps else {}),
            forbidden_ends=frozenset(draw(st.sets(st.integers(0, 12), max_size=2))), fixed_start=pin))
    milestones = ()
    if tight and draw(st.booleans()):
        milestones = (Milestone("m", {f"a{i}": 1 for i in range(n)}, draw(st.integers(0, 10)),
                                draw(st.integers(0, n)), hard=draw(st.booleans())),)
    horizon = (sum(durations) + sum(e.lag for e in edges) + max(releases) + 2 * n + 20) if not tight else 14
    volumes = (VolumeLimit("tb", 2),)
    if ramps:
        volumes = (VolumeLimit("tb", draw(st.integers(1, 2)), steps=draw(volume_steps(horizon))),
                   VolumeLimit("dept", draw(st.integers(1, 2)), steps=draw(volume_steps(horizon))))
    try:
        return Problem(tuple(acts), horizon, resources=(Resource("r", 2), Resource("s", 3)),
                       stocks=(StockResource("cloud", ((2, 4), (6, 3 * n))),),
                       volume_limits=volumes, precedences=tuple(edges), sync_groups=tuple(groups),
                       milestones=milestones, forbidden_ends=forbidden)
    except Exception:  # a random sync group may close a precedence cycle: draw another
        from hypothesis import reject
        reject()


@st.composite
def cutover_waves(draw):
    """Cut-overs where ramped volume limits bind: two departments, each with its own team pool and
    its own ramp, and one ramp for all (so the decomposition has two parts tied by it)."""
    n = draw(st.integers(2, 10))
    acts = []
    for i in range(n):
        dept = f"d{i % 2}"
        acts.append(Activity(f"a{i}", draw(st.integers(0, 2)), release=draw(st.integers(0, 2)),
                             weight=draw(st.integers(0, 3)), demands={dept: 1},
                             volumes={"cut": draw(st.integers(1, 2)), dept: 1}))
    horizon = 16
    ramp = draw(volume_steps(horizon).filter(bool))
    return Problem(tuple(acts), horizon, resources=(Resource("d0", draw(st.integers(1, 3))),
                                                    Resource("d1", draw(st.integers(1, 3)))),
                   volume_limits=(VolumeLimit("cut", draw(st.integers(0, 2)), steps=ramp),
                                  VolumeLimit("d0", draw(st.integers(1, 2)), steps=draw(volume_steps(horizon))),
                                  VolumeLimit("d1", draw(st.integers(1, 2)), steps=draw(volume_steps(horizon)))),
                   forbidden_ends=frozenset(draw(st.sets(st.integers(1, 12), max_size=2))))


def pilot_ramp(n: int = 10) -> Problem:
    """``n`` one-wave cut-overs (weight 1, volume 1) under a ramp: 1 per wave before wave 3, then 5.
    For 10 the optimum ends 1, 2, five at 3 and three at 4: 1 + 2 + 15 + 12 = 30 (without the ramp 10)."""
    acts = tuple(Activity(f"c{i}", 1, weight=1, volumes={"cut-overs": 1}) for i in range(n))
    return Problem(acts, 10, volume_limits=(VolumeLimit("cut-overs", 1, steps=((3, 5),)),))


def earliest_end_bound(problem: Problem) -> int:
    """The weighted sum of the critical-path ends: the bound every other one must beat."""
    return sum(a.weight * e for a, e in zip(problem.activities, critical_path_ends(problem), strict=True))
