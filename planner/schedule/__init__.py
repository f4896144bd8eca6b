"""A general scheduling core: a problem model, a greedy list scheduler, a CP-SAT adapter, a checker.

It knows nothing of governments: activities, resources, precedences, milestones, integer time.

    problem = Problem(activities=(...), horizon=60, resources=(...), ...)
    fast = greedy.schedule(problem)          # Result, in a fraction of a second
    best = cpsat.solve(problem, Settings())  # Result, hinted with the greedy one
    assert not violations(problem, best)
"""

from planner.schedule.cpsat import Explanation, Settings, explain, solve
from planner.schedule.greedy import schedule as greedy_schedule
from planner.schedule.problem import (
    Activity,
    Deviation,
    Kind,
    Milestone,
    Objective,
    Precedence,
    Problem,
    Reference,
    Resource,
    ScheduleProblemError,
    StockResource,
    SyncGroup,
    VolumeLimit,
)
from planner.schedule.result import MilestoneOutcome, Result, Status, violations

__all__ = [
    "Activity", "Deviation", "Explanation", "Kind", "Milestone", "MilestoneOutcome", "Objective", "Precedence",
    "Problem", "Reference", "Resource", "Result", "ScheduleProblemError", "Settings", "Status", "StockResource",
    "SyncGroup", "VolumeLimit", "explain", "greedy_schedule", "solve", "violations",
]
