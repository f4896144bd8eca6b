"""The milestone repair around the greedy: deadlines from all-or-nothing milestones, late activities pulled forward."""

from __future__ import annotations

from planner.schedule import Activity, Milestone, Problem, Resource, greedy_schedule, violations
from planner.schedule.heuristics import repair


def _late_milestone_problem() -> Problem:
    """One slot; b must be done by 2 (all of it), one of a or c by 2; a and c weigh more than b."""
    acts = (Activity("a", 1, weight=10, demands={"team": 1}), Activity("b", 1, weight=1, demands={"team": 1}),
            Activity("c", 1, weight=10, demands={"team": 1}))
    return Problem(acts, 10, resources=(Resource("team", 1),), milestones=(
        Milestone("one-of", {"a": 1, "c": 1}, 2, 1, hard=False), Milestone("all-of", {"b": 1}, 2, 1, hard=False)))


def test_repair_meets_a_milestone_the_plain_greedy_misses():
    """The plain greedy puts the heavy a and c first and misses 'all-of'; the repair places b in time."""
    problem = _late_milestone_problem()
    plain = greedy_schedule(problem)
    assert not plain.milestones["all-of"].met
    repaired = repair.schedule(problem)
    assert violations(problem, repaired) == []
    assert repaired.shortfall == 0
    assert repaired.ends["b"] <= 2


def test_repair_turns_all_or_nothing_milestones_into_deadlines():
    """Only milestones needing every activity become deadlines."""
    problem = _late_milestone_problem()
    assert repair.milestone_deadlines(problem) == {"b": 2}
