"""The resource-aware lower bound of sum(weight * end): never above any feasible schedule, and stronger
than the earliest ends wherever a capacity holds activities back."""

from __future__ import annotations

from drawn_problems import cutover_waves, earliest_end_bound, pilot_ramp, problems
from hypothesis import HealthCheck, given, settings

from planner.schedule import (
    Activity,
    Objective,
    Precedence,
    Problem,
    Resource,
    StockResource,
    greedy_schedule,
)
from planner.schedule.bounds.weighted_ends import (
    mean_busy_time_bound,
    time_slice_bound,
    weighted_end_lower_bound,
)
from planner.schedule.core.problem import Kind, VolumeLimit
from planner.schedule.cpsat.interval import solve
from planner.schedule.cpsat.stages import Settings


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(tight=True))
def test_the_bound_is_never_above_a_feasible_schedule(problem):
    """Every feasible schedule costs at least the bound (the solver's, proven optimal or not, and the greedy's)."""
    bound = weighted_end_lower_bound(problem)
    assert bound is not None and bound >= earliest_end_bound(problem)
    for result in (greedy_schedule(problem), solve(problem, Settings(time_limit=2.0))):
        if result.feasible:
            assert bound <= sum(a.weight * result.ends[a.id] for a in problem.activities)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems())
def test_the_bound_holds_with_a_generous_horizon(problem):
    result = solve(problem, Settings(time_limit=2.0))
    if result.feasible:
        assert weighted_end_lower_bound(problem) <= sum(a.weight * result.ends[a.id] for a in problem.activities)


def test_a_queue_on_one_team_is_seen_and_met_exactly():
    """Four one-wave jobs, one slot, weights 4..1: the optimum 4*1 + 3*2 + 2*3 + 1*4 = 20 is the bound."""
    acts = tuple(Activity(f"a{i}", 1, weight=4 - i, demands={"team": 1}) for i in range(4))
    problem = Problem(acts, 10, resources=(Resource("team", 1),))
    assert earliest_end_bound(problem) == 10
    assert weighted_end_lower_bound(problem) == 20 == solve(problem, Settings(time_limit=5.0)).objective


def test_a_successor_without_resources_carries_its_weight_to_its_predecessors():
    """An exit after two systems of a one-slot team ends after the later one: the bound sees it."""
    acts = (Activity("s1", 2, weight=1, demands={"team": 1}), Activity("s2", 2, weight=1, demands={"team": 1}),
            Activity("exit", 0, weight=10))
    links = tuple(Precedence(s, "exit", Kind.END_TO_END) for s in ("s1", "s2"))
    problem = Problem(acts, 10, resources=(Resource("team", 1),), precedences=links)
    optimum = solve(problem, Settings(time_limit=5.0)).objective  # 2 + 4 + 10 * 4 = 46
    assert optimum == 46
    assert earliest_end_bound(problem) == 24
    assert 24 < weighted_end_lower_bound(problem) <= optimum


def test_cloud_capacity_that_grows_later_holds_migrations_back():
    """Room for one system until time 5, for all three after: the bound counts the wait."""
    acts = tuple(Activity(f"a{i}", 1, weight=1, uses={"cloud": 1}) for i in range(3))
    problem = Problem(acts, 10, stocks=(StockResource("cloud", ((0, 1), (5, 3))),))
    optimum = solve(problem, Settings(time_limit=5.0)).objective  # 1 + 5 + 5
    assert optimum == 11
    assert weighted_end_lower_bound(problem) == 11 > earliest_end_bound(problem) == 3


def test_a_transfer_limit_spreads_the_ends():
    acts = tuple(Activity(f"a{i}", 1, weight=1, volumes={"tb": 2}) for i in range(3))
    problem = Problem(acts, 10, volume_limits=(VolumeLimit("tb", 2),))
    assert weighted_end_lower_bound(problem) == 6 == solve(problem, Settings(time_limit=5.0)).objective


def test_a_ramp_of_transfer_limits_is_summed_over_the_waves():
    """1 cut-over per wave before wave 3, then 5: the room by t sums the limits in force (1, 2, 7, 12),
    and the bound is the optimum 30 (with the first limit alone it would claim more, with the peak less)."""
    problem = pilot_ramp()
    assert weighted_end_lower_bound(problem) == 30 == solve(problem, Settings(time_limit=5.0)).objective


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cutover_waves())
def test_the_bound_holds_under_binding_ramps(problem):
    result = solve(problem, Settings(time_limit=2.0))
    if result.feasible:
        assert weighted_end_lower_bound(problem) <= sum(a.weight * result.ends[a.id] for a in problem.activities)


def test_other_objectives_get_no_bound_here():
    problem = Problem((Activity("a", 1),), 5, objective=Objective.MAKESPAN)
    assert weighted_end_lower_bound(problem) is None


def test_the_two_relaxations_directly():
    assert mean_busy_time_bound([0, 0, 3], [2, 2, 0], [1, 1, 5], 2) == 2.0  # one after the other at rate 2: means 0.5 and 1.5
    assert time_slice_bound([0, 1, 2], [1, 1, 1], [1, 1, 1], [1, 1, 1], lambda t: 1, 3) == 7.0  # 3 + 2 + 2
