"""Each constraint kind on a tiny instance with a known optimum, for the greedy and for CP-SAT."""

from __future__ import annotations

import pytest
from drawn_problems import pilot_ramp

from planner.schedule import (
    Activity,
    Kind,
    Milestone,
    Objective,
    Precedence,
    Problem,
    Resource,
    Status,
    StockResource,
    SyncGroup,
    VolumeLimit,
    greedy_schedule,
    violations,
)
from planner.schedule.cpsat.interval import solve
from planner.schedule.cpsat.stages import Settings


def _cpsat(problem: Problem):
    return solve(problem, Settings(time_limit=5.0))


SOLVERS = [pytest.param(greedy_schedule, id="greedy"), pytest.param(_cpsat, id="cpsat")]


def _run(solver, problem: Problem):
    result = solver(problem)
    assert result.feasible, result.reason
    assert violations(problem, result) == []
    return result


@pytest.mark.parametrize("solver", SOLVERS)
def test_renewable_resource_limits_parallel_work(solver):
    """Three unit-demand activities of duration 2 on capacity 2: ends 2, 2, 4 (cost 8)."""
    acts = tuple(Activity(x, 2, weight=1, demands={"team": 1}) for x in "abc")
    result = _run(solver, Problem(acts, 10, resources=(Resource("team", 2),)))
    assert result.objective == 8
    assert sorted(result.ends.values()) == [2, 2, 4]


@pytest.mark.parametrize("solver", SOLVERS)
def test_release_delays_the_start(solver):
    """An activity released at 3 with duration 2 ends at 5."""
    result = _run(solver, Problem((Activity("a", 2, release=3, weight=1),), 10))
    assert result.starts == {"a": 3}
    assert result.ends == {"a": 5}


@pytest.mark.parametrize("solver", SOLVERS)
def test_finish_to_start_lag_separates_activities(solver):
    """a (2) -> b (3) with lag 1: b starts at 3 and ends at 6 (cost 8)."""
    problem = Problem((Activity("a", 2, weight=1), Activity("b", 3, weight=1)), 10,
                      precedences=(Precedence("a", "b", Kind.FINISH_TO_START, lag=1),))
    result = _run(solver, problem)
    assert result.ends == {"a": 2, "b": 6}
    assert result.objective == 8


@pytest.mark.parametrize("solver", SOLVERS)
def test_end_to_end_lag_delays_the_end_only(solver):
    """a (2) end-to-end b (1) with lag 1: b ends at 3, starting at 2 (cost 5)."""
    problem = Problem((Activity("a", 2, weight=1), Activity("b", 1, weight=1)), 10,
                      precedences=(Precedence("a", "b", Kind.END_TO_END, lag=1),))
    result = _run(solver, problem)
    assert result.ends == {"a": 2, "b": 3}
    assert result.objective == 5


@pytest.mark.parametrize("solver", SOLVERS)
def test_sync_group_ends_together(solver):
    """a (1) and b (3) in one sync group both end at 3 (cost 6)."""
    problem = Problem((Activity("a", 1, weight=1), Activity("b", 3, weight=1)), 10,
                      sync_groups=(SyncGroup("ab", ("a", "b")),))
    result = _run(solver, problem)
    assert result.ends == {"a": 3, "b": 3}
    assert result.starts == {"a": 2, "b": 0}


@pytest.mark.parametrize("solver", SOLVERS)
def test_forbidden_ends_skip_the_freeze(solver):
    """Global {1, 2} moves a (1) to 3 and spares the zero-duration z, whose own {0} moves it to 1."""
    problem = Problem((Activity("a", 1, weight=1), Activity("z", 0, weight=1, forbidden_ends=frozenset({0}))), 10,
                      forbidden_ends=frozenset({1, 2}))
    result = _run(solver, problem)
    assert result.ends == {"a": 3, "z": 1}
    assert result.objective == 4


@pytest.mark.parametrize("solver", SOLVERS)
def test_stock_capacity_steps_gate_the_ends(solver):
    """Capacity 5 from 2, 13 from 4: the heavy c (use 3) ends at 2, a and b (use 5) at 4 (cost 18)."""
    acts = (Activity("a", 1, weight=1, uses={"cloud": 5}), Activity("b", 1, weight=1, uses={"cloud": 5}),
            Activity("c", 1, weight=5, uses={"cloud": 3}))
    problem = Problem(acts, 10, stocks=(StockResource("cloud", ((2, 5), (4, 13))),))
    result = _run(solver, problem)
    assert result.ends == {"a": 4, "b": 4, "c": 2}
    assert result.objective == 18


@pytest.mark.parametrize("solver", SOLVERS)
def test_volume_limit_caps_each_end(solver):
    """Limit 5 per end: volumes 3 and 2 end at 1, the other 3 at 2 (cost 4)."""
    acts = (Activity("a", 1, weight=1, volumes={"tb": 3}), Activity("b", 1, weight=1, volumes={"tb": 3}),
            Activity("c", 1, weight=1, volumes={"tb": 2}))
    result = _run(solver, Problem(acts, 10, volume_limits=(VolumeLimit("tb", 5),)))
    assert result.objective == 4
    assert result.ends["c"] == 1
    assert sorted([result.ends["a"], result.ends["b"]]) == [1, 2]


@pytest.mark.parametrize("solver", SOLVERS)
def test_volume_ramp_holds_back_the_pilot_waves(solver):
    """1 cut-over per wave before wave 3, then 5: ten one-wave cut-overs end 1, 2, 3 x5, 4 x3 (cost 30)."""
    problem = pilot_ramp()
    result = _run(solver, problem)
    assert result.objective == 30
    assert sorted(result.ends.values()) == [1, 2, 3, 3, 3, 3, 3, 4, 4, 4]


@pytest.mark.parametrize("solver", SOLVERS)
def test_department_limit_and_ramp_bind_together(solver):
    """Six instant cut-overs: none at 0, 2 a wave from 1, 4 from 3 for all; one a wave for department A,
    which has four of them: A ends 1, 2, 3, 4 and B 1, 2 (cost 13; without A's limit 1, 1, 2, 2, 3, 3 = 12)."""
    acts = (*(Activity(f"a{i}", 0, weight=1, volumes={"cut": 1, "dept-a": 1}) for i in range(4)),
            *(Activity(f"b{i}", 0, weight=1, volumes={"cut": 1}) for i in range(2)))
    problem = Problem(acts, 10, volume_limits=(VolumeLimit("cut", 0, steps=((1, 2), (3, 4))), VolumeLimit("dept-a", 1)))
    result = _run(solver, problem)
    assert result.objective == 13
    assert sorted(result.ends[f"a{i}"] for i in range(4)) == [1, 2, 3, 4]


@pytest.mark.parametrize("solver", SOLVERS)
def test_hard_milestone_overrides_the_cost(solver):
    """Capacity 1: the light b must end by 2 for the milestone, so the heavy a ends at 4 (cost 42)."""
    acts = (Activity("a", 2, weight=10, demands={"team": 1}), Activity("b", 2, weight=1, demands={"team": 1}))
    problem = Problem(acts, 10, resources=(Resource("team", 1),), milestones=(Milestone("m", {"b": 1}, 2, 1),))
    result = _run(solver, problem)
    assert result.ends == {"a": 4, "b": 2}
    assert result.objective == 42
    assert result.milestones["m"].met


@pytest.mark.parametrize("solver", SOLVERS)
def test_deadline_overrides_the_cost(solver):
    """Capacity 1: b's deadline 2 puts the heavy a second (cost 42)."""
    acts = (Activity("a", 2, weight=10, demands={"team": 1}),
            Activity("b", 2, weight=1, deadline=2, demands={"team": 1}))
    result = _run(solver, Problem(acts, 10, resources=(Resource("team", 1),)))
    assert result.ends == {"a": 4, "b": 2}
    assert result.objective == 42


@pytest.mark.parametrize("solver", SOLVERS)
def test_pinned_activity_stays_and_others_fit_around(solver):
    """a pinned to start 3 (ends 5); b (4) on the same slot cannot fit before it and ends at 9."""
    acts = (Activity("a", 2, weight=1, fixed_start=3, demands={"team": 1}),
            Activity("b", 4, weight=1, demands={"team": 1}))
    result = _run(solver, Problem(acts, 20, resources=(Resource("team", 1),)))
    assert result.ends == {"a": 5, "b": 9}


@pytest.mark.parametrize("solver", SOLVERS)
def test_makespan_objective_packs_the_resource(solver):
    """Durations 3, 2, 1 with demand 2 each on capacity 3 run one at a time: makespan 6."""
    acts = tuple(Activity(x, d, demands={"r": 2}) for x, d in zip("abc", (3, 2, 1), strict=True))
    result = _run(solver, Problem(acts, 20, resources=(Resource("r", 3),), objective=Objective.MAKESPAN))
    assert result.objective == 6


@pytest.mark.parametrize("solver", SOLVERS)
def test_horizon_too_short_is_infeasible(solver):
    """An activity of duration 5 cannot end by horizon 4."""
    result = solver(Problem((Activity("a", 5),), 4))
    assert result.status is Status.INFEASIBLE
    assert result.starts == {}
