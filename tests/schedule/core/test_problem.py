"""Validation of the problem model: malformed data is rejected with one sentence naming the object."""

from __future__ import annotations

import pytest

from planner.errors import PlannerError
from planner.schedule import (
    Activity,
    Milestone,
    Precedence,
    Problem,
    Resource,
    ScheduleProblemError,
    StockResource,
    SyncGroup,
    VolumeLimit,
)


def test_problem_error_is_a_planner_error():
    """The validation error derives from the planner's one exception root."""
    assert issubclass(ScheduleProblemError, PlannerError)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"activities": (Activity("a", 1), Activity("a", 2))}, "activity 'a': is defined twice"),
    ({"activities": (Activity("a", -1),)}, "activity 'a' duration: -1 is not an integer >= 0"),
    ({"activities": (Activity("a", 1, demands={"x": 1}),)}, "activity 'a': unknown resource 'x'"),
    ({"precedences": (Precedence("a", "zz"),)}, "precedence a -> zz: unknown activity 'zz'"),
    ({"precedences": (Precedence("a", "a"),)}, "precedence a -> a: links an activity to itself"),
    ({"sync_groups": (SyncGroup("g", ("a", "q")),)}, "sync group 'g': unknown activity 'q'"),
    ({"milestones": (Milestone("m", {"a": -1}, 3, 1),)}, "milestone 'm' weight of 'a': -1 is not an integer >= 0"),
    ({"stocks": (StockResource("s", ((3, 1), (2, 4))),)}, "stock resource 's': step at 2 is not after 3"),
    ({"resources": (Resource("r", 1), Resource("r", 2))}, "resource 'r': is defined twice"),
    ({"activities": (Activity("a", 2, fixed_start=1, fixed_end=5),)}, "activity 'a': is pinned to [1, 5) but lasts 2"),
])
def test_problem_rejects_malformed_data(kwargs, message):
    """Each malformation raises ScheduleProblemError whose text starts with the object and the conflict."""
    args = {"activities": (Activity("a", 1), Activity("b", 1)), "horizon": 9} | kwargs
    with pytest.raises(ScheduleProblemError) as info:
        Problem(**args)
    assert str(info.value).startswith(message)


def _ramp(*steps) -> dict:
    return {"volume_limits": (VolumeLimit("cut", 1, steps=steps),)}


@pytest.mark.parametrize(("kwargs", "message"), [
    (_ramp((3, 5), (3, 6)), "volume limit 'cut': step at 3 is not after 3"),
    (_ramp((5, 2), (4, 3)), "volume limit 'cut': step at 4 is not after 5"),
    (_ramp((1, -1)), "volume limit 'cut' step limit: -1 is not an integer >= 0"),
    (_ramp((1, True)), "volume limit 'cut' step limit: True is not an integer >= 0"),
    (_ramp((-1, 2)), "volume limit 'cut' step time: -1 is not an integer >= 0"),
    (_ramp((1.5, 2)), "volume limit 'cut' step time: 1.5 is not an integer >= 0"),
    (_ramp((10, 2)), "volume limit 'cut': step at 10 is after the horizon 9"),
    (_ramp((1, 2, 3)), "volume limit 'cut': step (1, 2, 3) is not a (from_time, limit) pair"),
    (_ramp(5), "volume limit 'cut': step 5 is not a (from_time, limit) pair"),
    ({"volume_limits": (VolumeLimit("cut", 1, steps=5),)}, "volume limit 'cut': steps 5 are not a tuple of"),
    ({"volume_limits": (VolumeLimit("cut", -1, steps=((1, 2),)),)}, "volume limit 'cut': -1 is not an integer >= 0"),
])
def test_problem_rejects_malformed_volume_steps(kwargs, message):
    """A ramp's steps: (from_time, limit) integer pairs >= 0, strictly increasing in time, within the horizon."""
    with pytest.raises(ScheduleProblemError) as info:
        Problem((Activity("a", 1, volumes={"cut": 1}),), 9, **kwargs)
    assert str(info.value).startswith(message)


def test_problem_accepts_volume_steps_from_0_to_the_horizon():
    problem = Problem((Activity("a", 1, volumes={"cut": 1}),), 9,
                      volume_limits=(VolumeLimit("cut", 1, steps=((0, 0), (9, 2))),))
    assert problem.volume_limits[0].limit_at(9) == 2


def test_problem_rejects_precedence_cycle_through_sync_group():
    """a -> b, b ends with c, c -> a is a cycle once b and c are one unit."""
    with pytest.raises(ScheduleProblemError, match="form a cycle through a, b"):
        Problem((Activity("a", 1), Activity("b", 1), Activity("c", 1)), 9,
                precedences=(Precedence("a", "b"), Precedence("c", "a")), sync_groups=(SyncGroup("g", ("b", "c")),))


def test_problem_accepts_an_infeasible_but_well_formed_problem():
    """A deadline before release + duration is a solver matter, not a validation error."""
    problem = Problem((Activity("a", 3, release=2, deadline=4),), 9)
    assert problem.labels() == ["deadline:a", "horizon"]


def test_problem_units_merge_overlapping_sync_groups():
    """Sync groups sharing a member form one unit."""
    problem = Problem(tuple(Activity(x, 1) for x in "abcd"), 9,
                      sync_groups=(SyncGroup("g", ("a", "b")), SyncGroup("h", ("c", "b"))))
    assert sorted(sorted(u) for u in problem.units) == [[0, 1, 2], [3]]
