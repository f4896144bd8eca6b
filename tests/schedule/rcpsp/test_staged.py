"""The makespan path of PSPLIB: the interval race (with the mirror image), the time-indexed stage, j30 instances."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from benchmarks.psplib import parse_sm
from planner.schedule import Activity, Objective, Precedence, Problem, Resource, Status, violations
from planner.schedule import rcpsp as rcpsp_path
from planner.schedule.core.result import Result, completed
from planner.schedule.cpsat.interval import solve as solve_general
from planner.schedule.cpsat.stages import Settings
from planner.schedule.rcpsp import staged as rcpsp

J30 = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "psplib" / "j30"  # shared/ lies beside the repo


@pytest.mark.skipif(not (J30 / "j301_1.sm").exists(), reason="PSPLIB j30 not available")
def test_psplib_j301_1_solves_to_its_optimum_43():
    """The first j30 instance reaches its proven optimum 43, proven optimal."""
    problem = parse_sm((J30 / "j301_1.sm").read_text(), "j301_1")
    assert len(problem.activities) == 30
    result = rcpsp_path.solve(problem, Settings(time_limit=10.0))
    assert result.status is Status.OPTIMAL
    assert result.objective == 43


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
    fast = rcpsp_path.solve(problem, Settings(time_limit=20.0))
    general = solve_general(problem, Settings(time_limit=20.0))
    assert fast.status is Status.OPTIMAL and general.status is Status.OPTIMAL
    assert fast.objective == general.objective
    assert fast.bound == fast.objective


@pytest.mark.parametrize("seed", range(4))
def test_rcpsp_race_with_the_mirrored_project_proves_the_same_optimum(seed):
    """Without releases the race pits the project against its mirror image (precedences reversed):
    the same optimal makespan as the staged model, and a valid schedule (solve checks it)."""
    problem = _random_makespan_problem(seed, n=14, releases=False)
    assert rcpsp._mirrored(problem) is not None
    raced = rcpsp_path.solve(problem, Settings(time_limit=20.0, deterministic=False, num_workers=2))
    general = solve_general(problem, Settings(time_limit=20.0))
    assert raced.status is Status.OPTIMAL and general.status is Status.OPTIMAL
    assert raced.objective == general.objective == raced.bound


@pytest.mark.parametrize("seed", range(3))
def test_rcpsp_time_indexed_stage_proves_the_same_optimum(seed, monkeypatch):
    """With no time for the interval models, the time-indexed ones (raced, or alone in the
    deterministic mode) prove the staged model's optimum, with and without releases."""
    monkeypatch.setattr(rcpsp, "QUICK", 0.0)
    for releases in (False, True):
        problem = _random_makespan_problem(seed, n=14, releases=releases)
        expected = solve_general(problem, Settings(time_limit=20.0)).objective
        for settings in (Settings(time_limit=20.0, deterministic=False, num_workers=2), Settings(time_limit=20.0)):
            result = rcpsp_path.solve(problem, settings)
            assert result.status is Status.OPTIMAL and result.objective == result.bound == expected


@pytest.mark.parametrize("seed", range(6))
def test_a_mirrored_schedule_read_back_is_a_schedule_of_the_project(seed):
    """The mirror's optimum is the project's; its schedule read backwards is a valid schedule of
    the project within that optimum; with the horizon one period shorter the mirror has none."""
    problem = _random_makespan_problem(seed, n=10, releases=False)
    best = rcpsp_path.solve(problem, Settings(time_limit=20.0)).objective
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
    assert rcpsp_path.solve(problem, settings).starts == rcpsp_path.solve(problem, settings).starts


def test_rcpsp_path_reports_infeasible_deadlines():
    """Two 2-period jobs on one slot cannot both end by 3: INFEASIBLE, not UNKNOWN."""
    acts = (Activity("a", 2, deadline=3, demands={"r": 1}), Activity("b", 2, deadline=3, demands={"r": 1}))
    problem = Problem(acts, 9, resources=(Resource("r", 1),), objective=Objective.MAKESPAN)
    assert rcpsp_path.solve(problem, Settings(time_limit=5.0)).status is Status.INFEASIBLE


@pytest.mark.skipif(not (J30 / "j3045_2.sm").exists(), reason="PSPLIB j30 not available")
def test_psplib_j3045_2_is_proven_by_refuting_the_makespan_below_it():
    """A hard j30 instance (the staged model leaves a gap in 10 s) is proven optimal at 125."""
    problem = parse_sm((J30 / "j3045_2.sm").read_text(), "j3045_2")
    result = rcpsp_path.solve(problem, Settings(time_limit=20.0, deterministic=False))
    assert result.status is Status.OPTIMAL
    assert (result.objective, result.bound) == (125, 125)
