"""Decomposition: one part per team pool, merged into one valid schedule."""

from __future__ import annotations

from planner.schedule import Activity, Problem, Resource, StockResource, greedy_schedule, violations
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
