"""A general scheduling core: activities, resources, precedences, milestones, integer time.

It knows nothing of governments. The one door for its users is this module:

    problem = Problem(activities=(...), horizon=60, resources=(...), ...)
    result = solve(problem, Budget(time_limit=30))   # Result: greedy, LP-guided greedy, CP-SAT
    assert not violations(problem, result)

The wings behind it: ``core/`` (the problem with its validation, its parts, the result and the
independent checker, time domains), ``heuristics/`` (greedy, repair), ``cpsat/`` (the interval and
time-indexed models, their one staged solve loop, explanations, decomposition), ``bounds/``
(critical path, weighted ends, slice LP, time-indexed LP, sparse rows), ``rcpsp/`` (the makespan
path of PSPLIB, called directly by the benchmarks) and ``strategy.py`` (how a budget is spent).
"""

from planner.schedule.core.parts import (
    Activity,
    Deviation,
    Kind,
    Milestone,
    Objective,
    Precedence,
    Reference,
    Resource,
    StockResource,
    SyncGroup,
    VolumeLimit,
)
from planner.schedule.core.problem import Problem, ScheduleProblemError
from planner.schedule.core.result import MilestoneOutcome, Result, Status, violations
from planner.schedule.cpsat.explanation import Explanation, explain
from planner.schedule.heuristics.greedy import schedule as greedy_schedule
from planner.schedule.strategy import DETERMINISTIC_PER_SECOND, WALL_CAP, Budget, solve, stage

__all__ = [
    "DETERMINISTIC_PER_SECOND", "WALL_CAP", "Activity", "Budget", "Deviation", "Explanation", "Kind", "Milestone",
    "MilestoneOutcome", "Objective", "Precedence", "Problem", "Reference", "Resource", "Result",
    "ScheduleProblemError", "Status", "StockResource", "SyncGroup", "VolumeLimit", "explain", "greedy_schedule",
    "solve", "stage", "violations",
]
