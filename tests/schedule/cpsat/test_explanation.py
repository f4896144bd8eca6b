"""Explanations: the smallest set of labelled constraint groups that makes a problem infeasible."""

from __future__ import annotations

from planner.schedule import (
    Activity,
    Milestone,
    Precedence,
    Problem,
    Resource,
    Status,
    StockResource,
    VolumeLimit,
    explain,
)
from planner.schedule.cpsat.interval import solve
from planner.schedule.cpsat.stages import Settings


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


def test_explain_finds_a_second_conflict_once_the_first_is_relaxed():
    """Pins clash on a slot, and the cloud cannot hold both systems by the horizon: two conflicts."""
    acts = (Activity("a", 1, uses={"cloud": 5}), Activity("b", 1, uses={"cloud": 5}),
            Activity("c", 2, fixed_start=0, demands={"team": 1}), Activity("d", 2, fixed_start=1, demands={"team": 1}))
    problem = Problem(acts, 6, resources=(Resource("team", 1),), stocks=(StockResource("cloud", ((0, 5), (8, 20))),))
    first = explain(problem, keep=["pin:c", "pin:d"])
    assert first.labels == ["capacity:team"]
    second = explain(problem, keep=["pin:c", "pin:d"], relax=first.labels)
    assert sorted(second.labels) == ["horizon", "stock:cloud"]


def test_explain_blames_a_ramp_with_the_deadlines_it_cannot_meet():
    """1 cut-over a wave before wave 3 (5 from 3): three cut-overs due by 2 do not fit, any two do."""
    acts = tuple(Activity(x, 1, deadline=2, volumes={"cut": 1}) for x in "abc")
    problem = Problem(acts, 9, volume_limits=(VolumeLimit("cut", 1, steps=((3, 5),), label="cut-overs"),))
    found = explain(problem, time_limit=5.0)
    assert found.status is Status.INFEASIBLE and found.minimal
    assert sorted(found.labels) == ["cut-overs", "deadline:a", "deadline:b", "deadline:c"]


def test_explain_blames_a_ramp_that_closes_alone():
    """No cut-over from wave 3 on: past the horizon too, so the horizon is not to blame."""
    acts = tuple(Activity(x, 1, volumes={"cut": 1}) for x in "abc")
    problem = Problem(acts, 9, volume_limits=(VolumeLimit("cut", 1, steps=((3, 0),)),))
    assert explain(problem, time_limit=5.0).labels == ["volume:cut"]
