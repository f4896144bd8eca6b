"""The solving strategy: which LP orders and bounds it takes, when CP-SAT's parts run."""

from __future__ import annotations

from drawn_problems import pilot_ramp

from planner.schedule import (
    Activity,
    Budget,
    Problem,
    Resource,
    Status,
    StockResource,
    VolumeLimit,
    greedy_schedule,
    solve,
    strategy,
    violations,
)
from planner.schedule.bounds import slice_lp, time_indexed_lp
from planner.schedule.cpsat import decompose
from planner.schedule.strategy import _lp_guided


def test_the_guided_greedy_keeps_the_better_of_the_two_lp_orders(monkeypatch):
    """The coupled LP's order and the slices' own are both tried on small problems, the cheaper kept:
    here the first order puts the heaviest of four queued jobs last (cost 4*4 + 3*3 + 2*2 + 1 = 30),
    the second first (the optimum 20)."""
    acts = tuple(Activity(f"a{i}", 1, weight=4 - i, demands={"team": 1}) for i in range(4))
    problem = Problem(acts, 10, resources=(Resource("team", 1),))
    worst, best = [4.0, 3.0, 2.0, 1.0], [1.0, 2.0, 3.0, 4.0]
    monkeypatch.setattr(slice_lp, "solve", lambda p, stride=1: slice_lp.SliceLP(20, worst, slice_targets=best))
    monkeypatch.setattr(time_indexed_lp, "solve", lambda p, time_limit: time_indexed_lp.TimeIndexedLP(reason="off"))
    start = greedy_schedule(problem, targets=worst)
    assert sum(a.weight * start.ends[a.id] for a in acts) == 30
    guided, bound = _lp_guided(problem, start, 30.0)
    assert guided.objective == 20 and bound == 20


def test_small_problems_take_the_time_indexed_lp_bound_and_order():
    """One slot, three one-wave jobs waiting for the cloud's step at 3: the slice LPs bound 9, the
    time-indexed LP proves the optimum 12 (ends 3, 4, 5), and its order reaches it."""
    acts = tuple(Activity(f"a{i}", 1, weight=1, demands={"team": 1}, uses={"cloud": 1}) for i in range(3))
    problem = Problem(acts, 10, resources=(Resource("team", 1),), stocks=(StockResource("cloud", ((0, 0), (3, 5))),))
    assert time_indexed_lp.cells(problem) <= time_indexed_lp.MAX_CELLS
    guided, bound = _lp_guided(problem, greedy_schedule(problem), 30.0)
    assert bound == 12 == guided.objective


def test_prove_takes_the_time_indexed_lp_at_any_size(monkeypatch):
    """Above both size limits the time-indexed LP is skipped (the slices bound 9), unless asked to
    prove (12); between them column generation proves it too."""
    acts = tuple(Activity(f"a{i}", 1, weight=1, demands={"team": 1}, uses={"cloud": 1}) for i in range(3))
    problem = Problem(acts, 10, resources=(Resource("team", 1),), stocks=(StockResource("cloud", ((0, 0), (3, 5))),))
    monkeypatch.setattr(time_indexed_lp, "MAX_CELLS", 0)
    assert _lp_guided(problem, greedy_schedule(problem), 30.0)[1] == 12  # by columns
    monkeypatch.setattr(time_indexed_lp, "GENERATION_MAX_CELLS", 0)
    assert _lp_guided(problem, greedy_schedule(problem), 30.0)[1] < 12
    assert _lp_guided(problem, greedy_schedule(problem), 30.0, prove=True)[1] == 12


def test_cp_sat_parts_run_only_for_plans_not_proven_close(monkeypatch):
    """A large plan the LPs prove within PARTS_ABOVE_GAP skips CP-SAT's parts; otherwise they run."""
    acts = tuple(Activity(f"a{i}", 1, weight=1, demands={"team": 1}, uses={"cloud": 1}) for i in range(3))
    problem = Problem(acts, 10, resources=(Resource("team", 1),), stocks=(StockResource("cloud", ((0, 0), (3, 5))),))
    monkeypatch.setattr(strategy, "TIME_INDEXED_MAX_CELLS", 0)  # "large": the parts, not one model
    calls = []
    monkeypatch.setattr(decompose, "solve", lambda *args, **kw: calls.append(1) or args[1])
    proven = strategy.solve(problem, Budget(time_limit=2.0))
    assert proven.objective == 12 and proven.gap == 0.0 and proven.status is Status.OPTIMAL and calls == []
    monkeypatch.setattr(strategy, "PARTS_ABOVE_GAP", -1.0)
    assert strategy.solve(problem, Budget(time_limit=2.0)).objective == 12 and calls == [1]


def test_a_ramp_of_cut_overs_is_kept_and_bounded_at_0_seconds_and_with_cp_sat():
    """1 cut-over per wave before wave 3, then 5: the greedy alone (a budget of 0 s) already ends the
    ten at the optimum 30, and the weighted-end bound sees the ramp (30, not the 10 of the earliest
    ends); with time, the LPs and CP-SAT prove it."""
    problem = pilot_ramp()
    quick = solve(problem, Budget(time_limit=0))
    assert violations(problem, quick) == [] and quick.objective == 30 and quick.bound == 30
    proven = solve(problem, Budget(time_limit=2.0))
    assert violations(problem, proven) == [] and proven.objective == 30 and proven.status is Status.OPTIMAL


def test_a_ramp_shared_by_two_team_pools_is_kept_by_the_parts(monkeypatch):
    """Large (the parts path): two one-slot teams of five one-wave cut-overs each, 1 cut-over a wave
    for both before wave 4, then 2: the optimum alternates the teams from wave 4 on
    (1 + 2 + 3 + 4 + 4 + 5 + 5 + 6 + 6 + 7 = 43)."""
    acts = tuple(Activity(f"{t}{k}", 1, weight=1, demands={t: 1}, volumes={"cut": 1}) for t in "xy" for k in range(5))
    problem = Problem(acts, 12, resources=(Resource("x", 1), Resource("y", 1)),
                      volume_limits=(VolumeLimit("cut", 1, steps=((4, 2),)),))
    monkeypatch.setattr(strategy, "TIME_INDEXED_MAX_CELLS", 0)
    monkeypatch.setattr(strategy, "PARTS_ABOVE_GAP", -1.0)
    calls = []
    solve_parts = decompose.solve
    monkeypatch.setattr(decompose, "solve", lambda *args, **kw: calls.append(1) or solve_parts(*args, **kw))
    result = solve(problem, Budget(time_limit=2.0))
    assert calls == [1] and violations(problem, result) == [] and result.objective == 43
