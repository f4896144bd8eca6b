"""The time-indexed LP: a bound of sum(weight * end) never above a feasible schedule, stronger than
the slice LPs where team slots would otherwise pile up before a cloud step, and target ends that
steer the greedy."""

from __future__ import annotations

import dataclasses

import pytest
from drawn_problems import earliest_end_bound, pilot_ramp, problems
from hypothesis import HealthCheck, given, settings

from planner.schedule import (
    Activity,
    Kind,
    Milestone,
    Objective,
    Precedence,
    Problem,
    Resource,
    StockResource,
    greedy_schedule,
    violations,
)
from planner.schedule.bounds import slice_lp, time_indexed_lp
from planner.schedule.cpsat.interval import solve
from planner.schedule.cpsat.stages import Settings
from planner.schedule.heuristics import repair


def cost(problem: Problem, result) -> int:
    return sum(a.weight * result.ends[a.id] for a in problem.activities)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(tight=True))
def test_the_bound_is_never_above_a_feasible_schedule(problem):
    """With every constraint kind (pins, deadlines, sync groups, freeze, stocks, volumes, milestones);
    a problem the LP finds infeasible has no schedule at all."""
    schedules = [r for r in (greedy_schedule(problem), solve(problem, Settings(time_limit=2.0))) if r.feasible]
    lp = time_indexed_lp.solve(problem)
    if lp.bound is None:
        assert not schedules, lp.reason
        return
    if schedules:
        assert lp.bound >= earliest_end_bound(problem) - 1
    for result in schedules:
        assert lp.bound <= cost(problem, result)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(tight=True))
def test_column_generation_bounds_from_every_round(problem):
    """From a feasible schedule's ends, after any number of rounds: never above a feasible schedule
    nor above the whole LP; given rounds enough, ``bound_if_met`` is the whole LP's bound with every
    milestone made hard (less rounding), and without soft milestones ``bound`` is the whole LP's."""
    start = greedy_schedule(problem)
    if not start.feasible:
        return
    whole = time_indexed_lp.solve(problem)
    all_hard = dataclasses.replace(problem, milestones=tuple(dataclasses.replace(m, hard=True)
                                                             for m in problem.milestones))
    whole_met = time_indexed_lp.solve(all_hard)
    for rounds in (1, 2, 50):
        lp = time_indexed_lp.solve_by_columns(problem, start.ends, rounds=rounds)
        assert lp.bound is not None and len(lp.targets) == len(problem.activities)
        assert lp.bound <= whole.bound + 1 and whole.bound <= cost(problem, start)  # +1: two roundings
        if whole_met.bound is not None:
            assert lp.bound_if_met <= whole_met.bound + 1
    if whole_met.bound is not None:
        assert lp.bound_if_met >= whole_met.bound - 1 - abs(whole_met.bound) * 1e-5
    if all(m.hard for m in problem.milestones):
        assert lp.bound >= whole.bound - 1 - abs(whole.bound) * 1e-5


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(tight=True))
def test_by_columns_the_bound_if_met_holds_for_every_plan_meeting_the_milestones(problem):
    """Soft milestones are rows of the LP by columns (with a priced shortfall): ``bound_if_met`` is never
    above a schedule that meets every milestone (CP-SAT with them made hard), ``bound`` never above any
    feasible schedule, and ``bound_if_met >= bound``."""
    start = greedy_schedule(problem)
    if not start.feasible:
        return
    lp = time_indexed_lp.solve_by_columns(problem, start.ends, rounds=50)
    assert lp.bound is not None and lp.bound_if_met is not None and lp.bound_if_met >= lp.bound
    assert lp.bound <= cost(problem, start)
    all_hard = dataclasses.replace(problem, milestones=tuple(dataclasses.replace(m, hard=True)
                                                             for m in problem.milestones))
    met = solve(all_hard, Settings(time_limit=2.0))
    if met.feasible:
        assert lp.bound_if_met <= cost(problem, met)


def test_by_columns_a_soft_milestone_lifts_the_bound_if_met_only():
    """Two one-wave jobs on one slot, weights 1 and 5: the cheapest plan ends the heavy one first (1*2 + 5*1 = 7);
    a soft milestone wants the light one by time 1, so a plan meeting it costs 1*1 + 5*2 = 11. The targets follow
    the milestone; ``bound`` stays 7 (the milestone may be missed), ``bound_if_met`` is 11."""
    acts = (Activity("light", 1, weight=1, demands={"r": 1}), Activity("heavy", 1, weight=5, demands={"r": 1}))
    problem = Problem(acts, 6, resources=(Resource("r", 1),), milestones=(Milestone("m", {"light": 1}, 1, 1, hard=False),))
    lp = time_indexed_lp.solve_by_columns(problem, {"light": 2, "heavy": 1})
    assert (lp.bound, lp.bound_if_met) == (7, 11)
    assert lp.targets == [1.0, 2.0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems())
def test_the_guided_greedy_gives_valid_schedules(problem):
    lp = time_indexed_lp.solve(problem)
    if lp.bound is None:  # e.g. a lag inside a sync group: no schedule at all
        assert not greedy_schedule(problem).feasible and not lp.targets, lp.reason
        return
    assert len(lp.targets) == len(problem.activities)
    result = repair.guided(problem, lp.targets)
    if result.feasible:
        assert violations(problem, result) == []
        assert lp.bound <= cost(problem, result)


def test_team_slots_left_idle_before_a_cloud_step_do_not_pile_up():
    """One slot, three one-wave jobs that each need the cloud, which has no room before time 3:
    they end at 3, 4 and 5 (12). The slice LPs let the three idle slots before the step end all
    three jobs at 3 (bound 9); the per-period rows prove the optimum."""
    acts = tuple(Activity(f"a{i}", 1, weight=1, demands={"team": 1}, uses={"cloud": 1}) for i in range(3))
    problem = Problem(acts, 10, resources=(Resource("team", 1),), stocks=(StockResource("cloud", ((0, 0), (3, 5))),))
    optimum = solve(problem, Settings(time_limit=5.0)).objective
    assert time_indexed_lp.solve(problem).bound == 12 == optimum
    assert time_indexed_lp.solve_by_columns(problem, greedy_schedule(problem).ends).bound == 12
    assert slice_lp.solve(problem, coupled=0).bound < 12


def test_a_ramp_of_cut_overs_bounds_each_wave_by_its_own_limit():
    """1 cut-over per wave before wave 3, then 5: one row per wave with the limit in force proves the
    optimum 30, whole and by columns; the targets are the mean ends."""
    problem = pilot_ramp()
    lp = time_indexed_lp.solve(problem)
    assert lp.bound == 30 == solve(problem, Settings(time_limit=5.0)).objective
    assert sum(lp.targets) == pytest.approx(30)
    assert time_indexed_lp.solve_by_columns(problem, greedy_schedule(problem).ends).bound == 30


def test_precedences_and_heavier_jobs_order_the_targets():
    """a (1 wave) before c; b (2 waves, weight 3) shares a's slot: the optimum 1*1 + 3*3 + 2*2 = 14."""
    acts = (Activity("a", 1, weight=1, demands={"r": 1}), Activity("b", 2, weight=3, demands={"r": 1}),
            Activity("c", 1, weight=2))
    problem = Problem(acts, 6, resources=(Resource("r", 1),), precedences=(Precedence("a", "c", Kind.FINISH_TO_START),))
    lp = time_indexed_lp.solve(problem)
    assert lp.bound == 14 == solve(problem, Settings(time_limit=5.0)).objective
    assert lp.targets == [1.0, 3.0, 2.0]
    assert repair.guided(problem, lp.targets).objective == 14


def test_other_objectives_and_infeasible_deadlines_give_no_bound():
    one = Activity("a", 2, weight=1, demands={"team": 1}, deadline=2)
    makespan = Problem((one,), 10, resources=(Resource("team", 1),), objective=Objective.MAKESPAN)
    assert time_indexed_lp.solve(makespan).bound is None
    both_by_2 = Problem((one, Activity("b", 2, weight=1, demands={"team": 1}, deadline=2)), 10,
                        resources=(Resource("team", 1),))
    lp = time_indexed_lp.solve(both_by_2)
    assert lp.bound is None and lp.targets == [] and "no fractional schedule" in lp.reason


def test_the_size_estimate_counts_the_windows():
    """Ends from the critical path (2 and 3) to the horizon 10: 9 + 8 columns."""
    acts = (Activity("a", 2, weight=1), Activity("b", 1, weight=1))
    problem = Problem(acts, 10, precedences=(Precedence("a", "b", Kind.FINISH_TO_START),))
    assert time_indexed_lp.cells(problem) == 17
