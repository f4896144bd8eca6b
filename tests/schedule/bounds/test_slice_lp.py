"""The slice LPs: a bound of sum(weight * end) never above a feasible schedule, and target ends
that steer the greedy (LP-guided list scheduling) to cheaper schedules that still meet milestones."""

from __future__ import annotations

import dataclasses

from drawn_problems import earliest_end_bound, pilot_ramp, problems
from hypothesis import HealthCheck, given, settings

from planner.schedule import (
    Activity,
    Milestone,
    Objective,
    Problem,
    Resource,
    StockResource,
    greedy_schedule,
    violations,
)
from planner.schedule.bounds import slice_lp
from planner.schedule.cpsat.interval import solve
from planner.schedule.cpsat.stages import Settings
from planner.schedule.heuristics import repair


def cost(problem: Problem, result) -> int:
    return sum(a.weight * result.ends[a.id] for a in problem.activities)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(tight=True))
def test_the_bound_is_never_above_a_feasible_schedule(problem):
    """With every constraint kind (pins, deadlines, sync groups, freeze, stocks, volumes, milestones),
    at every stride; a problem the LPs find infeasible has no schedule at all."""
    schedules = [r for r in (greedy_schedule(problem), solve(problem, Settings(time_limit=2.0))) if r.feasible]
    for stride in (1, 2, 3):
        lp = slice_lp.solve(problem, stride=stride)
        if lp.bound is None:
            assert not schedules, lp.reason
            continue
        if schedules and stride == 1:  # at least the earliest ends (less the LP's rounding)
            assert lp.bound >= earliest_end_bound(problem) - 1
        for result in schedules:
            assert lp.bound <= cost(problem, result)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems())
def test_the_guided_greedy_gives_valid_schedules(problem):
    lp = slice_lp.solve(problem)
    assert lp.bound is not None and len(lp.targets) == len(problem.activities)
    result = repair.guided(problem, lp.targets)
    if result.feasible:
        assert violations(problem, result) == []
        assert lp.bound <= cost(problem, result)


def test_a_queue_on_one_team_is_bounded_exactly():
    """Four one-wave jobs, one slot, weights 4..1: the optimum 4*1 + 3*2 + 2*3 + 1*4 = 20."""
    acts = tuple(Activity(f"a{i}", 1, weight=4 - i, demands={"team": 1}) for i in range(4))
    problem = Problem(acts, 10, resources=(Resource("team", 1),))
    lp = slice_lp.solve(problem)
    assert lp.bound == 20 == solve(problem, Settings(time_limit=5.0)).objective
    assert lp.targets == sorted(lp.targets)  # heavier first


def test_a_freeze_window_leaves_slots_that_short_jobs_cannot_use():
    """One slot, two one-wave jobs, no end allowed at 2 or 3: the second ends at 4, not 2.
    The optimum 5*1 + 1*4 = 9 is the bound (without the freeze it would be 7)."""
    acts = (Activity("a", 1, weight=5, demands={"team": 1}), Activity("b", 1, weight=1, demands={"team": 1}))
    frozen = Problem(acts, 10, resources=(Resource("team", 1),), forbidden_ends=frozenset({2, 3}))
    assert slice_lp.solve(frozen).bound == 9 == solve(frozen, Settings(time_limit=5.0)).objective
    assert slice_lp.solve(Problem(acts, 10, resources=(Resource("team", 1),))).bound == 7


def test_team_slots_and_cloud_capacity_are_seen_together():
    """Two teams' worth of one-wave jobs, but cloud room for only one job until time 3: the LP sees
    both limits at once and proves the optimum (1 + 3 + 3 for weights 1)."""
    acts = tuple(Activity(f"a{i}", 1, weight=1, demands={"team": 1}, uses={"cloud": 1}) for i in range(3))
    problem = Problem(acts, 10, resources=(Resource("team", 2),), stocks=(StockResource("cloud", ((0, 1), (3, 5))),))
    assert slice_lp.solve(problem).bound == 7 == solve(problem, Settings(time_limit=5.0)).objective


def test_a_ramp_of_cut_overs_is_summed_over_the_allowed_ends():
    """1 cut-over per wave before wave 3, then 5: by wave t at most the summed limits of the ends up to
    t have ended (1, 2, 7, 12): the optimum 30. A freeze at 3 takes that wave's 5 away (1, 2, 2, 7, 12:
    1 + 2 + 5 * 4 + 3 * 5 = 38), for the one-wave cut-overs only: instant ones may end in a freeze,
    and at 0 (1, 2, 3, 8, 13: 0 + 1 + 2 + 3 * 5 + 2 * 4 = 26)."""
    problem = pilot_ramp()
    assert slice_lp.solve(problem).bound == 30 == solve(problem, Settings(time_limit=5.0)).objective
    frozen = dataclasses.replace(problem, forbidden_ends=frozenset({3}))
    assert slice_lp.solve(frozen).bound == 38 == solve(frozen, Settings(time_limit=5.0)).objective
    instant = dataclasses.replace(frozen, activities=tuple(dataclasses.replace(a, duration=0) for a in problem.activities))
    assert slice_lp.solve(instant).bound == 26 == solve(instant, Settings(time_limit=5.0)).objective


def test_a_skipped_slice_counts_with_the_next_one():
    """Stride 2 keeps a valid, weaker bound; the targets still order the jobs."""
    acts = tuple(Activity(f"a{i}", 1, weight=4 - i, demands={"team": 1}) for i in range(4))
    problem = Problem(acts, 10, resources=(Resource("team", 1),))
    strided = slice_lp.solve(problem, stride=2)
    assert strided.bound <= 20 and strided.slices < slice_lp.solve(problem).slices
    assert strided.targets == sorted(strided.targets)


def test_other_objectives_and_infeasible_deadlines_give_no_bound():
    acts = (Activity("a", 2, weight=1, demands={"team": 1}), Activity("b", 2, weight=1, demands={"team": 1}, deadline=2))
    makespan = Problem(acts[:1], 10, resources=(Resource("team", 1),), objective=Objective.MAKESPAN)
    assert slice_lp.solve(makespan).bound is None
    both_by_2 = Problem((acts[0].__class__("a", 2, weight=1, demands={"team": 1}, deadline=2), acts[1]), 10,
                        resources=(Resource("team", 1),))
    lp = slice_lp.solve(both_by_2)
    assert lp.bound is None and "time" in lp.reason


def test_a_missed_milestone_pulls_its_activities_forward():
    """Ordered by the LP (heaviest first), the light job ends last and misses its soft milestone;
    the guided greedy moves it forward and meets it, at a small cost."""
    acts = (*(Activity(f"heavy{i}", 1, weight=10, demands={"team": 1}) for i in range(3)),
            Activity("light", 1, weight=1, demands={"team": 1}))
    problem = Problem(acts, 10, resources=(Resource("team", 1),), milestones=(Milestone("m", {"light": 1}, 2, 1, hard=False),))
    lp = slice_lp.solve(problem)
    first = greedy_schedule(problem, targets=lp.targets)
    assert first.ends["light"] == 4 and not first.milestones["m"].met
    guided = repair.guided(problem, lp.targets)
    assert guided.milestones["m"].met and guided.ends["light"] <= 2 and violations(problem, guided) == []
    assert guided.solver == "greedy+lp"


def test_a_hard_milestone_raises_the_bound():
    """The light job must end by 2: the optimum puts it second (10 + 2 + 30 + 40 = 82), and so does the
    bound. A soft milestone is left out of the bound (heavy jobs first: 10 + 20 + 30 + 4 = 64), which
    stays below the solver's schedule, since that meets the soft milestone first."""
    acts = (*(Activity(f"heavy{i}", 1, weight=10, demands={"team": 1}) for i in range(3)),
            Activity("light", 1, weight=1, demands={"team": 1}))
    bounds = {}
    for hard in (True, False):
        problem = Problem(acts, 10, resources=(Resource("team", 1),),
                          milestones=(Milestone("m", {"light": 1}, 2, 1, hard=hard),))
        bounds[hard] = slice_lp.solve(problem).bound
        assert solve(problem, Settings(time_limit=5.0)).objective == 82
    assert bounds == {True: 82, False: 64}


def test_the_coupled_lp_keeps_what_ended_ended():
    """The cloud holds two units until time 5, then four. Two light jobs (weight 1, one unit each) can
    end at 1; the heavy job (weight 3, two units) not before 3. Slice by slice, the LP ends the light
    jobs at 1-2 but the heavy one instead at 3-4: a set no schedule can pass through, since a job
    ended stays on the cloud. Ordered by those targets, the greedy ends the heavy job first (cost
    3*3 + 5 + 5 = 19). The coupled LP sees that the light jobs stay ended: heavy job last, the optimum
    1 + 1 + 3*5 = 17."""
    acts = (Activity("light1", 1, weight=1, uses={"cloud": 1}), Activity("light2", 1, weight=1, uses={"cloud": 1}),
            Activity("heavy", 1, weight=3, uses={"cloud": 2}, release=2))
    problem = Problem(acts, 12, stocks=(StockResource("cloud", ((0, 2), (5, 4))),))
    by_slices = slice_lp.solve(problem, coupled=0)
    coupled = slice_lp.solve(problem, coupled=1)
    assert by_slices.bound == coupled.bound <= 17
    assert cost(problem, greedy_schedule(problem, targets=by_slices.targets)) == 19
    guided = greedy_schedule(problem, targets=coupled.targets)
    assert cost(problem, guided) == 17 == solve(problem, Settings(time_limit=5.0)).objective
    assert violations(problem, guided) == []
