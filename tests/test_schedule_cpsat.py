"""CP-SAT adapter behaviour: determinism, soft milestones, reference schedules, explanations, PSPLIB."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from benchmarks.psplib import parse_sm
from planner.schedule import (
    Activity,
    Deviation,
    Milestone,
    Objective,
    Precedence,
    Problem,
    Reference,
    Resource,
    Settings,
    Status,
    StockResource,
    greedy_schedule,
    rcpsp,
    solve,
)
from planner.schedule.cpsat import explain
from planner.schedule.result import Result, completed, violations

J30 = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "psplib" / "j30"  # shared/ lies beside the repo


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


def test_explain_names_the_capacity_and_the_milestone():
    """Two 2-period jobs on one slot cannot both end by 2: the team capacity and the milestone clash."""
    acts = (Activity("a", 2, demands={"team": 1}), Activity("b", 2, demands={"team": 1}),
            Activity("c", 1, deadline=5), Activity("d", 1))
    problem = Problem(acts, 10, resources=(Resource("team", 1, label="capacity:team-x"),),
                      precedences=(Precedence("c", "d"),),
                      milestones=(Milestone("cloud-70", {"a": 1, "b": 1}, 2, 2, hard=False),))
    assert solve(problem, Settings(time_limit=5.0)).feasible  # soft: solvable, milestone unmet
    found = explain(problem, time_limit=5.0)
    assert found.status is Status.INFEASIBLE
    assert sorted(found.labels) == ["capacity:team-x", "milestone:cloud-70"]
    assert found.minimal


def test_explain_blames_deadline_and_not_kept_labels():
    """A deadline before release + duration is blamed alone; a kept label is never blamed."""
    problem = Problem((Activity("a", 3, release=2, deadline=4), Activity("b", 1)), 9)
    assert explain(problem).labels == ["deadline:a"]
    assert explain(problem, keep=["deadline:a"]).labels == []


def test_explain_reports_feasible_problem():
    """A feasible problem has nothing to explain."""
    problem = Problem((Activity("a", 1),), 9)
    found = explain(problem)
    assert found.status is Status.FEASIBLE
    assert found.labels == []


@pytest.mark.skipif(not (J30 / "j301_1.sm").exists(), reason="PSPLIB j30 not available")
def test_psplib_j301_1_solves_to_its_optimum_43():
    """The first j30 instance reaches its proven optimum 43, proven optimal."""
    problem = parse_sm((J30 / "j301_1.sm").read_text(), "j301_1")
    assert len(problem.activities) == 30
    result = solve(problem, Settings(time_limit=10.0))
    assert result.status is Status.OPTIMAL
    assert result.objective == 43


def test_explain_finds_a_second_conflict_once_the_first_is_relaxed():
    """Pins clash on a slot, and the cloud cannot hold both systems by the horizon: two conflicts."""
    acts = (Activity("a", 1, uses={"cloud": 5}), Activity("b", 1, uses={"cloud": 5}),
            Activity("c", 2, fixed_start=0, demands={"team": 1}), Activity("d", 2, fixed_start=1, demands={"team": 1}))
    problem = Problem(acts, 6, resources=(Resource("team", 1),), stocks=(StockResource("cloud", ((0, 5), (8, 20))),))
    first = explain(problem, keep=["pin:c", "pin:d"])
    assert first.labels == ["capacity:team"]
    second = explain(problem, keep=["pin:c", "pin:d"], relax=first.labels)
    assert sorted(second.labels) == ["horizon", "stock:cloud"]


def _random_makespan_problem(seed: int, n: int = 12, releases: bool = True) -> Problem:
    rng = random.Random(seed)
    acts = tuple(Activity(f"a{i}", rng.randint(1, 4), release=rng.randint(0, 2) if releases else 0,
                          demands={"r": rng.randint(1, 3), "s": rng.randint(0, 2)}) for i in range(n))
    precs = tuple(Precedence(f"a{i}", f"a{j}", lag=rng.randint(0, 1)) for i in range(n) for j in range(i + 1, n)
                  if rng.random() < 0.1)
    return Problem(acts, 80, resources=(Resource("r", 4), Resource("s", 2)), precedences=precs,
                   objective=Objective.MAKESPAN)


@pytest.mark.parametrize("seed", range(4))
def test_rcpsp_path_agrees_with_the_general_model(seed):
    """The dedicated makespan path and the staged model prove the same optimal makespan."""
    problem = _random_makespan_problem(seed)
    fast = solve(problem, Settings(time_limit=20.0))
    general = solve(problem, Settings(time_limit=20.0, rcpsp=False))
    assert fast.status is Status.OPTIMAL and general.status is Status.OPTIMAL
    assert fast.objective == general.objective
    assert fast.bound == fast.objective


@pytest.mark.parametrize("seed", range(4))
def test_rcpsp_race_with_the_mirrored_project_proves_the_same_optimum(seed):
    """Without releases the race pits the project against its mirror image (precedences reversed):
    the same optimal makespan as the staged model, and a valid schedule (solve checks it)."""
    problem = _random_makespan_problem(seed, n=14, releases=False)
    assert rcpsp._mirrored(problem) is not None
    raced = solve(problem, Settings(time_limit=20.0, deterministic=False, num_workers=2))
    general = solve(problem, Settings(time_limit=20.0, rcpsp=False))
    assert raced.status is Status.OPTIMAL and general.status is Status.OPTIMAL
    assert raced.objective == general.objective == raced.bound


@pytest.mark.parametrize("seed", range(3))
def test_rcpsp_time_indexed_stage_proves_the_same_optimum(seed, monkeypatch):
    """With no time for the interval models, the time-indexed ones (raced, or alone in the
    deterministic mode) prove the staged model's optimum, with and without releases."""
    monkeypatch.setattr(rcpsp, "QUICK", 0.0)
    for releases in (False, True):
        problem = _random_makespan_problem(seed, n=14, releases=releases)
        expected = solve(problem, Settings(time_limit=20.0, rcpsp=False)).objective
        for settings in (Settings(time_limit=20.0, deterministic=False, num_workers=2), Settings(time_limit=20.0)):
            result = solve(problem, settings)
            assert result.status is Status.OPTIMAL and result.objective == result.bound == expected


@pytest.mark.parametrize("seed", range(6))
def test_a_mirrored_schedule_read_back_is_a_schedule_of_the_project(seed):
    """The mirror's optimum is the project's; its schedule read backwards is a valid schedule of
    the project within that optimum; with the horizon one period shorter the mirror has none."""
    problem = _random_makespan_problem(seed, n=10, releases=False)
    best = solve(problem, Settings(time_limit=20.0, rcpsp=False)).objective
    mirror = rcpsp._data(rcpsp._mirrored(problem))
    below = rcpsp._Model(mirror, best - 1, mirrored=True)
    assert cp_model.CpSolver().solve(below.model) == cp_model.INFEASIBLE
    at = rcpsp._Model(mirror, best, mirrored=True)
    solver = cp_model.CpSolver()
    assert solver.solve(at.model) == cp_model.OPTIMAL and solver.objective_value == best
    starts = {a.id: v for a, v in zip(problem.activities, at.starts(solver), strict=True)}
    result = completed(problem, Result(Status.FEASIBLE, "test", starts=starts))
    assert violations(problem, result) == [] and result.objective <= best


def test_no_mirror_with_releases():
    """A release would have to become a deadline that moves with the makespan: no mirror."""
    assert rcpsp._mirrored(_random_makespan_problem(0)) is None


def test_rcpsp_path_is_deterministic_with_a_deterministic_budget():
    """Two solves of a makespan problem with the same deterministic budget give the same schedule."""
    problem = _random_makespan_problem(5, n=20)
    settings = Settings(time_limit=30.0, deterministic_time=0.5)
    assert solve(problem, settings).starts == solve(problem, settings).starts


def test_rcpsp_path_reports_infeasible_deadlines():
    """Two 2-period jobs on one slot cannot both end by 3: INFEASIBLE, not UNKNOWN."""
    acts = (Activity("a", 2, deadline=3, demands={"r": 1}), Activity("b", 2, deadline=3, demands={"r": 1}))
    problem = Problem(acts, 9, resources=(Resource("r", 1),), objective=Objective.MAKESPAN)
    assert solve(problem, Settings(time_limit=5.0)).status is Status.INFEASIBLE


@pytest.mark.skipif(not (J30 / "j3045_2.sm").exists(), reason="PSPLIB j30 not available")
def test_psplib_j3045_2_is_proven_by_refuting_the_makespan_below_it():
    """A hard j30 instance (the staged model leaves a gap in 10 s) is proven optimal at 125."""
    problem = parse_sm((J30 / "j3045_2.sm").read_text(), "j3045_2")
    result = solve(problem, Settings(time_limit=20.0, deterministic=False))
    assert result.status is Status.OPTIMAL
    assert (result.objective, result.bound) == (125, 125)
