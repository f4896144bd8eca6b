"""The interval model on CP-SAT: determinism, soft milestones, reference schedules, progress."""

from __future__ import annotations

import dataclasses
import random

from drawn_problems import pilot_ramp

from planner.schedule import (
    Activity,
    Deviation,
    Milestone,
    Precedence,
    Problem,
    Reference,
    Resource,
    Status,
    StockResource,
    VolumeLimit,
    greedy_schedule,
    violations,
)
from planner.schedule.cpsat.interval import CpModel, solve
from planner.schedule.cpsat.stages import Settings


def _random_problem(seed: int, n: int = 40) -> Problem:
    rng = random.Random(seed)
    acts = tuple(Activity(f"a{i}", rng.randint(1, 4), release=rng.randint(0, 3), weight=rng.randint(0, 3),
                          demands={"team": 1}, uses={"cloud": rng.randint(0, 3)}) for i in range(n))
    precs = tuple(Precedence(f"a{i}", f"a{j}") for i in range(n) for j in range(i + 1, n) if rng.random() < 0.03)
    return Problem(acts, 80, resources=(Resource("team", 4),), precedences=precs,
                   stocks=(StockResource("cloud", ((0, 20), (10, 200))),))


def test_cpsat_is_deterministic_for_same_input_and_settings():
    """Two solves stopped by the same deterministic budget (2 workers) give the same schedule."""
    problem = _random_problem(7, n=30)
    settings = Settings(time_limit=30.0, num_workers=2, deterministic_time=0.2)
    first = solve(problem, settings)
    second = solve(problem, settings)
    assert first.status is Status.FEASIBLE  # not proven: the deterministic budget stopped both
    assert first.reason == ""
    assert first.starts == second.starts
    assert first.objective == second.objective


def test_greedy_is_deterministic_for_same_input():
    """The greedy gives the same schedule twice."""
    problem = _random_problem(3)
    assert greedy_schedule(problem).starts == greedy_schedule(problem).starts


def test_soft_milestone_unmet_is_reported_with_its_best_value():
    """Capacity 1, three 2-period jobs, soft 'two by time 2': achieved 1 of 2, not met, cost 12."""
    acts = tuple(Activity(x, 2, weight=1, demands={"team": 1}) for x in "abc")
    problem = Problem(acts, 10, resources=(Resource("team", 1),),
                      milestones=(Milestone("early", {"a": 1, "b": 1, "c": 1}, 2, 2, hard=False),))
    result = solve(problem, Settings(time_limit=5.0))
    assert result.status is Status.OPTIMAL
    assert result.milestones["early"].achieved == 1
    assert result.milestones["early"].met is False
    assert result.shortfall == 1
    assert result.objective == 12


def test_soft_milestone_comes_before_the_cost():
    """The light b ends first to serve the soft milestone although the heavy a would be cheaper first."""
    acts = (Activity("a", 2, weight=10, demands={"team": 1}), Activity("b", 2, weight=1, demands={"team": 1}))
    problem = Problem(acts, 10, resources=(Resource("team", 1),),
                      milestones=(Milestone("m", {"b": 1}, 2, 1, hard=False),))
    result = solve(problem, Settings(time_limit=5.0))
    assert result.ends == {"a": 4, "b": 2}
    assert result.milestones["m"].met


def test_reference_breaks_ties_towards_announced_ends():
    """With a cost indifferent to order, the announced order (b then a) is kept: 0 changed."""
    acts = (Activity("a", 1, demands={"team": 1}), Activity("b", 1, demands={"team": 1}))
    problem = Problem(acts, 5, resources=(Resource("team", 1),), reference=Reference({"a": 2, "b": 1}))
    result = solve(problem, Settings(time_limit=5.0))
    assert result.ends == {"a": 2, "b": 1}
    assert result.deviation == 0


def test_reference_never_overrides_the_cost():
    """a has weight 1 so it goes first although announced second: both moved, total deviation 2."""
    acts = (Activity("a", 1, weight=1, demands={"team": 1}), Activity("b", 1, demands={"team": 1}))
    problem = Problem(acts, 5, resources=(Resource("team", 1),),
                      reference=Reference({"a": 2, "b": 1}, Deviation.TOTAL))
    result = solve(problem, Settings(time_limit=5.0))
    assert result.ends == {"a": 1, "b": 2}
    assert result.deviation == 2


def test_progress_callback_receives_objective_bound_gap_seconds():
    """The callback gets four numbers per improving solution, the last one the final objective."""
    seen = []
    problem = _random_problem(11, n=12)
    result = solve(problem, Settings(time_limit=5.0), on_progress=lambda *x: seen.append(x))
    assert seen and all(len(x) == 4 for x in seen)
    assert seen[-1][0] == result.objective


def _cumulatives(model: CpModel) -> list[tuple[int, list[str]]]:
    """(capacity, interval names) of each cumulative of the model."""
    proto = model.model.proto
    return [(c.cumulative.capacity.offset, [proto.constraints[i].name for i in c.cumulative.intervals])
            for c in proto.constraints if c.has_cumulative()]


def test_a_ramp_is_a_cumulative_of_its_peak_with_reserves_where_the_limit_is_lower():
    """Limit 1 before wave 3, then 5: capacity 5 and a reserve of 4 over [0, 3); a limit without steps
    keeps its one cumulative of the landing intervals, capacity the limit."""
    ramped = _cumulatives(CpModel(pilot_ramp(3)))
    assert ramped == [(5, ["lands[cut-overs,0]", "lands[cut-overs,1]", "lands[cut-overs,2]", "reserve[cut-overs,0]"])]
    flat = dataclasses.replace(pilot_ramp(3), volume_limits=(VolumeLimit("cut-overs", 2),))
    assert _cumulatives(CpModel(flat)) == [(2, ["lands[cut-overs,0]", "lands[cut-overs,1]", "lands[cut-overs,2]"])]
    result = solve(pilot_ramp(), Settings(time_limit=5.0))
    assert result.status is Status.OPTIMAL and result.objective == 30 and violations(pilot_ramp(), result) == []
