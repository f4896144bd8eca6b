"""The time-indexed Boolean RCPSP model agrees with the interval model, forwards and mirrored."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from planner.schedule import Activity, Objective, Precedence, Problem, Resource
from planner.schedule.core.result import Result, Status, completed, violations
from planner.schedule.rcpsp.sat_model import SatModel
from planner.schedule.rcpsp.staged import _data, _mirrored, _Model


@st.composite
def projects(draw, windows: bool = True) -> Problem:
    n = draw(st.integers(2, 8))
    acts = []
    for i in range(n):
        release = draw(st.integers(0, 3)) if windows else 0
        deadline = draw(st.one_of(st.none(), st.integers(6, 30))) if windows else None
        acts.append(Activity(f"a{i}", draw(st.integers(0, 4)), release=release, deadline=deadline,
                             demands={"r": draw(st.integers(0, 3)), "s": draw(st.integers(0, 2))}))
    links = tuple(Precedence(f"a{i}", f"a{j}", lag=draw(st.integers(0, 2)))
                  for i in range(n) for j in range(i + 1, n) if draw(st.booleans()) and draw(st.booleans()))
    return Problem(tuple(acts), 30, resources=(Resource("r", 3), Resource("s", 2)), precedences=links,
                   objective=Objective.MAKESPAN)


def _solve(model) -> tuple[int, cp_model.CpSolver]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(model.model), solver


def _optimum(problem: Problem, kind, *, mirrored: bool = False, cliques: bool = True) -> int | None:
    """The makespan ``kind`` proves optimal, after checking its schedule against the project."""
    data = _data(_mirrored(problem) if mirrored else problem)
    model = kind(data, problem.horizon, lower=0, cliques=cliques, mirrored=mirrored)
    code, solver = _solve(model)
    if code == cp_model.INFEASIBLE:
        return None
    assert code == cp_model.OPTIMAL
    starts = {a.id: v for a, v in zip(problem.activities, model.starts(solver), strict=True)}
    result = completed(problem, Result(Status.FEASIBLE, "test", starts=starts))
    assert violations(problem, result) == []
    assert result.objective <= round(solver.objective_value)
    return round(solver.objective_value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_the_time_indexed_model_has_the_interval_models_optimum(problem):
    """Releases, deadlines (some unmeetable), lags, zero durations: same optimum or both infeasible,
    with and without the cliques, and its schedules are valid."""
    expected = _optimum(problem, _Model)
    assert _optimum(problem, SatModel) == expected
    assert _optimum(problem, SatModel, cliques=False) == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(windows=False))
def test_the_mirrored_time_indexed_model_has_the_projects_optimum(problem):
    """Read backwards, the mirror's optimal schedule is a valid schedule of the project."""
    assert _optimum(problem, SatModel, mirrored=True) == _optimum(problem, _Model)


def test_one_period_below_the_optimum_is_refuted_and_the_hint_is_taken():
    """Two jobs that exceed the capacity together run one after the other: 5 periods. Horizon 4:
    infeasible. Horizon 5 with the optimal schedule as hint: optimal at once."""
    acts = (Activity("a", 2, demands={"r": 2}), Activity("b", 3, demands={"r": 2}))
    problem = Problem(acts, 9, resources=(Resource("r", 3),), objective=Objective.MAKESPAN)
    data = _data(problem)
    assert _solve(SatModel(data, 4))[0] == cp_model.INFEASIBLE
    model = SatModel(data, 5)
    model.hint([3, 0], 5)
    code, solver = _solve(model)
    assert code == cp_model.OPTIMAL and solver.objective_value == 5
    starts = dict(zip(("a", "b"), model.starts(solver), strict=True))
    result = completed(problem, Result(Status.FEASIBLE, "test", starts=starts))
    assert violations(problem, result) == [] and result.objective == 5
