"""Decomposition: one part per team pool, merged into one valid schedule."""

from __future__ import annotations

from planner.schedule import (
    Activity,
    Problem,
    Resource,
    Result,
    Status,
    StockResource,
    VolumeLimit,
    greedy_schedule,
    violations,
)
from planner.schedule.core.result import completed
from planner.schedule.cpsat import decompose
from planner.schedule.cpsat.stages import Settings


def _two_pools() -> Problem:
    """Two teams of one slot, one shared cloud that holds 3 units until time 3, then 10."""
    acts = tuple(Activity(f"{t}{k}", 1, weight=w, demands={t: 1}, uses={"cloud": 1})
                 for t in ("x", "y") for k, w in enumerate((5, 3, 1)))
    return Problem(acts, 10, resources=(Resource("x", 1), Resource("y", 1)),
                   stocks=(StockResource("cloud", ((0, 3), (3, 10))),))


def test_decompose_splits_by_team_pool_and_merges_a_valid_schedule():
    """Each pool is a part; the merged schedule keeps the shared cloud and is no worse than the greedy."""
    problem = _two_pools()
    parts = decompose.parts_of(problem)
    assert [[problem.activities[i].id for i in p] for p in parts] == [["x0", "x1", "x2"], ["y0", "y1", "y2"]]
    start = greedy_schedule(problem)
    result = decompose.solve(problem, start, Settings(time_limit=5.0, deterministic_time=1.0), bound=True)
    assert violations(problem, result) == []
    assert result.objective <= start.objective
    assert result.bound is not None and result.bound <= result.objective


def test_decompose_shares_the_limit_in_force_at_each_time():
    """Two teams of five one-wave cut-overs, 1 a wave for both before wave 3, then 5. From a late plan
    (each team at 5..9, 70) every part gets, per wave, what it moved then plus half the room left
    by the limit *in force*: none at 1 and 2, 2 a wave from 3 on; each part ends 3, 3, 4, 4, 5 (19).
    Taken from the first limit alone (1), the room after wave 3 would vanish and nothing would move."""
    acts = tuple(Activity(f"{t}{k}", 1, weight=1, demands={t: 1}, volumes={"cut": 1}) for t in "xy" for k in range(5))
    problem = Problem(acts, 12, resources=(Resource("x", 5), Resource("y", 5)),
                      volume_limits=(VolumeLimit("cut", 1, steps=((3, 5),)),))
    late = completed(problem, Result(Status.FEASIBLE, "late", starts={a.id: 4 + int(a.id[1]) for a in acts}))
    assert violations(problem, late) == [] and late.objective == 70
    parts, _ = decompose.split(problem, late)
    assert [[part.volume_caps["cut"][t] for t in (1, 2, 3, 5)] for part in parts] == [[0, 0, 2, 2], [0, 0, 2, 2]]
    result = decompose.solve(problem, late, Settings(time_limit=5.0, deterministic_time=1.0), bound=True)
    assert violations(problem, result) == [] and result.objective == 38
    assert result.bound is not None and result.bound <= 30  # the optimum (ramp only, see test_constraints)


def test_decompose_keeps_names_listed_with_amount_zero():
    """An activity may list a resource, stock or volume limit with amount 0 that no other member of its
    part uses: the part's problem still knows the name."""
    acts = (Activity("a", 1, weight=1, demands={"x": 1, "y": 0}, uses={"cloud": 0}, volumes={"cut": 0}),
            Activity("b", 1, weight=1, demands={"y": 1}, uses={"cloud": 1}, volumes={"cut": 1}))
    problem = Problem(acts, 5, resources=(Resource("x", 1), Resource("y", 1)),
                      stocks=(StockResource("cloud", ((0, 1),)),), volume_limits=(VolumeLimit("cut", 1, steps=((2, 0),)),))
    result = decompose.solve(problem, greedy_schedule(problem), Settings(time_limit=5.0, deterministic_time=0.5), bound=True)
    assert violations(problem, result) == [] and result.objective == 2
