"""The solving strategy: which LP orders and bounds it takes, when CP-SAT's parts run."""

from __future__ import annotations

from planner.schedule import (
    Activity,
    Budget,
    Problem,
    Resource,
    Status,
    StockResource,
    greedy_schedule,
    strategy,
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
