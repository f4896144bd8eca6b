"""Volume limits that change over time (a ramp of cut-overs per wave): every solver path keeps them and
every bound stays below what the solvers find, on drawn problems."""

from __future__ import annotations

from drawn_problems import cutover_waves, problems
from hypothesis import HealthCheck, given, settings

from planner.schedule import Budget, Problem, Result, Status, explain, greedy_schedule, solve, violations
from planner.schedule.bounds import slice_lp, time_indexed_lp
from planner.schedule.bounds.weighted_ends import weighted_end_lower_bound
from planner.schedule.cpsat import decompose, time_indexed
from planner.schedule.cpsat.interval import solve as solve_interval
from planner.schedule.cpsat.stages import Settings
from planner.schedule.heuristics import repair

CPSAT = Settings(time_limit=5.0, deterministic_time=0.5, num_workers=1)


def _cost(problem: Problem, result: Result) -> int:
    return sum(a.weight * result.ends[a.id] for a in problem.activities)


def _every_solver(problem: Problem) -> dict[str, Result]:
    """Each solver path's result: the greedy, the repair, the strategy at 0 s, both CP-SAT models and
    the decomposition (with its bound) from the repaired greedy and from a poor greedy (the heavy
    activities last), which leaves the parts room to improve where the ramp allows."""
    found = {"greedy": greedy_schedule(problem), "repair": repair.schedule(problem),
             "strategy": solve(problem, Budget(time_limit=0)),
             "interval": solve_interval(problem, CPSAT), "time-indexed": time_indexed.solve(problem, CPSAT),
             "poor greedy": greedy_schedule(problem, targets=[a.weight for a in problem.activities])}
    for start in ("repair", "poor greedy"):
        if found[start].feasible and found[start].shortfall == 0:
            found[f"parts from {start}"] = decompose.solve(problem, found[start], CPSAT, bound=True)
    return found


def _check(problem: Problem) -> None:
    found = _every_solver(problem)
    feasible = {name: r for name, r in found.items() if r.feasible}
    for name, result in feasible.items():
        assert violations(problem, result) == [], name
    if any(r.status is Status.INFEASIBLE for r in found.values()):  # a proof of infeasibility is never wrong
        assert not feasible, [(n, r.status, r.reason) for n, r in found.items()]
        return
    a, b = found["interval"], found["time-indexed"]
    if a.status is Status.OPTIMAL and b.status is Status.OPTIMAL:
        assert (a.shortfall, a.objective) == (b.shortfall, b.objective)
    if not feasible:
        return
    best = min(_cost(problem, r) for r in feasible.values())
    bounds = {"weighted ends": weighted_end_lower_bound(problem), "time-indexed lp": time_indexed_lp.solve(problem).bound}
    for stride in (1, 2):
        bounds[f"slices/{stride}"] = slice_lp.solve(problem, stride=stride).bound
    for name, bound in bounds.items():  # bounds of every schedule that keeps the hard constraints
        assert bound is None or bound <= best, (name, bound, best)
    for name, result in feasible.items():  # a solver's bound: of the schedules missing no more soft milestones
        rivals = [_cost(problem, r) for r in feasible.values() if r.shortfall <= result.shortfall]
        assert result.bound is None or result.bound <= min(rivals), (name, result.bound, rivals)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(tight=True, ramps=True))
def test_every_solver_keeps_ramped_volumes_and_every_bound_stays_below(problem):
    """Tight problems (deadlines, pins, milestones) with ramped volume limits."""
    _check(problem)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(ramps=True))
def test_every_solver_keeps_ramped_volumes_with_a_generous_horizon(problem):
    _check(problem)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cutover_waves())
def test_every_solver_keeps_binding_ramps_and_every_bound_stays_below(problem):
    """Cut-overs of two departments where the ramps are what holds them back (tight bounds, two parts)."""
    _check(problem)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(tight=True, ramps=True))
def test_an_explanation_appears_exactly_when_no_schedule_exists(problem):
    """The interval model's explanation mode (its reserve intervals run past the horizon) agrees with
    the solve: a problem with a schedule has nothing to explain; one proven infeasible gets labels."""
    result = solve_interval(problem, CPSAT)
    found = explain(problem, deterministic_time=1.0, time_limit=10.0)
    if result.feasible and not result.shortfall:
        assert found.status is Status.FEASIBLE
    if result.status is Status.INFEASIBLE:
        assert found.status is Status.INFEASIBLE and found.labels
