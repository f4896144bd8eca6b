"""The time-indexed CP-SAT adapter: every constraint case of the interval model, and the same optima."""

from __future__ import annotations

import pytest
import test_constraints as cases
from drawn_problems import pilot_ramp, problems
from hypothesis import HealthCheck, given, settings

from planner.schedule import Status, violations
from planner.schedule.cpsat.interval import solve
from planner.schedule.cpsat.stages import Settings
from planner.schedule.cpsat.time_indexed import solve as solve_ti

CASES = sorted(name for name in dir(cases) if name.startswith("test_"))


def _ti(problem):
    return solve_ti(problem, Settings(time_limit=5.0))


@pytest.mark.parametrize("case", CASES)
def test_timeindexed_passes_each_constraint_case(case):
    """Each tiny instance of test_schedule_constraints gets its known optimum from the time-indexed model too."""
    getattr(cases, case)(_ti)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(tight=True))
def test_timeindexed_and_interval_models_prove_the_same_optimum(problem):
    """On random small problems both CP-SAT models agree on feasibility and on the proven optimum."""
    a = solve(problem, Settings(time_limit=5.0))
    b = solve_ti(problem, Settings(time_limit=5.0))
    assert (a.status is Status.INFEASIBLE) == (b.status is Status.INFEASIBLE)
    if b.feasible:
        assert violations(problem, b) == []
    if a.status is Status.OPTIMAL and b.status is Status.OPTIMAL:
        assert (a.shortfall, a.objective) == (b.shortfall, b.objective)


def test_a_parts_volume_caps_combine_with_the_ramp():
    """A decomposed part's cap of 2 at wave 3 under the ramp (1 before 3, then 5): the lower of the two
    holds there, the ramp elsewhere: ends 1, 2, 3 x2, 4 x5, 5 (1 + 2 + 6 + 20 + 5 = 34)."""
    problem = pilot_ramp()
    result = solve_ti(problem, Settings(time_limit=5.0), volume_caps={"cut-overs": {3: 2, 4: 9}})
    assert violations(problem, result) == [] and result.objective == 34
    assert sorted(result.ends.values()) == [1, 2, 3, 3, 4, 4, 4, 4, 4, 5]
