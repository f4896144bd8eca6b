"""The independent checker catches a broken schedule of every constraint kind."""

from __future__ import annotations

from planner.schedule import (
    Activity,
    Kind,
    Milestone,
    Precedence,
    Problem,
    Resource,
    StockResource,
    SyncGroup,
    VolumeLimit,
    violations,
)


def test_checker_accepts_a_valid_schedule():
    """A schedule that respects everything has no violations."""
    problem = Problem((Activity("a", 2, demands={"r": 1}), Activity("b", 1, demands={"r": 1})), 5,
                      resources=(Resource("r", 1),), precedences=(Precedence("a", "b"),))
    assert violations(problem, {"a": 0, "b": 2}) == []


def test_checker_reports_a_missing_activity():
    """An activity without a start is reported."""
    problem = Problem((Activity("a", 1), Activity("b", 1)), 5)
    assert violations(problem, {"a": 0}) == ["activity 'b' is not scheduled"]


def test_checker_catches_release_deadline_horizon_and_pins():
    """Starting before release, ending after deadline/horizon and leaving a pin are four violations."""
    problem = Problem((Activity("a", 2, release=2), Activity("b", 2, deadline=3),
                       Activity("c", 3), Activity("d", 1, fixed_end=2)), 4)
    found = violations(problem, {"a": 1, "b": 2, "c": 2, "d": 0})
    assert found == [
        "activity 'a' starts at 1, before its release 2",
        "activity 'b' ends at 4, after its deadline 3",
        "activity 'c' ends at 5, after the horizon 4",
        "activity 'd' ends at 1, not at its pinned end 2",
    ]


def test_checker_catches_renewable_overload():
    """Two unit demands overlapping on capacity 1 overload the resource from period 1."""
    problem = Problem((Activity("a", 2, demands={"r": 1}), Activity("b", 2, demands={"r": 1})), 5,
                      resources=(Resource("r", 1),))
    assert violations(problem, {"a": 0, "b": 1}) == ["resource 'r' is used 2 > capacity 1 from period 1"]


def test_checker_catches_both_precedence_kinds():
    """A finish-to-start and an end-to-end link broken by one period each."""
    problem = Problem((Activity("a", 2), Activity("b", 1), Activity("c", 1)), 9,
                      precedences=(Precedence("a", "b", lag=1), Precedence("a", "c", Kind.END_TO_END)))
    found = violations(problem, {"a": 0, "b": 2, "c": 0})
    assert found == ["'b' starts at 2, before 'a' ends at 2 + lag 1",
                     "'c' ends at 1, before 'a' ends at 2 + lag 0"]


def test_checker_catches_split_sync_group():
    """Members of a sync group ending at 1 and 2 are reported."""
    problem = Problem((Activity("a", 1), Activity("b", 1)), 5, sync_groups=(SyncGroup("g", ("a", "b")),))
    assert violations(problem, {"a": 0, "b": 1}) == ["sync group 'g' ends at several times [1, 2]"]


def test_checker_catches_forbidden_end():
    """Ending inside the global freeze, or at an activity's own forbidden end, is reported."""
    problem = Problem((Activity("a", 1), Activity("z", 0, forbidden_ends=frozenset({3}))), 5,
                      forbidden_ends=frozenset({2}))
    assert violations(problem, {"a": 1, "z": 3}) == ["activity 'a' ends at forbidden time 2",
                                                     "activity 'z' ends at forbidden time 3"]


def test_checker_catches_stock_overflow():
    """Use 4 ending at 1 when capacity is 3 from time 0 and 10 from time 2."""
    problem = Problem((Activity("a", 1, uses={"c": 4}),), 5, stocks=(StockResource("c", ((0, 3), (2, 10))),))
    assert violations(problem, {"a": 0}) == ["stock 'c' holds 4 > capacity 3 at time 1"]


def test_checker_catches_stock_shrinking_below_use():
    """A capacity that drops later is checked at the drop, even when nothing ends there."""
    problem = Problem((Activity("a", 1, uses={"c": 4}),), 9, stocks=(StockResource("c", ((0, 5), (6, 2))),))
    assert violations(problem, {"a": 0}) == ["stock 'c' holds 4 > capacity 2 at time 6"]


def test_checker_catches_volume_overflow():
    """Volumes 3 + 3 ending together exceed limit 5."""
    problem = Problem((Activity("a", 1, volumes={"tb": 3}), Activity("b", 1, volumes={"tb": 3})), 5,
                      volume_limits=(VolumeLimit("tb", 5),))
    assert violations(problem, {"a": 0, "b": 0}) == ["volume 'tb' ending at 1 is 6 > limit 5"]


def test_checker_holds_each_end_to_the_limit_in_force():
    """Limit 1 before 3, 5 from 3, none from 8: two ending at 2 and one at 8 break it; five at 3 do not."""
    acts = tuple(Activity(f"c{i}", 1, volumes={"tb": 1}) for i in range(8))
    problem = Problem(acts, 9, volume_limits=(VolumeLimit("tb", 1, steps=((3, 5), (8, 0))),))
    starts = {"c0": 1, "c1": 1, **{f"c{i}": 2 for i in range(2, 7)}, "c7": 7}
    assert violations(problem, starts) == ["volume 'tb' ending at 2 is 2 > limit 1",
                                           "volume 'tb' ending at 8 is 1 > limit 0"]
    assert violations(problem, starts | {"c1": 0, "c7": 3}) == []


def test_checker_catches_missed_hard_milestone_but_not_soft():
    """A hard milestone reached 1 of 2 is a violation; the same soft milestone is not."""
    acts = (Activity("a", 1), Activity("b", 1))
    hard = Problem(acts, 9, milestones=(Milestone("m", {"a": 1, "b": 1}, 1, 2),))
    soft = Problem(acts, 9, milestones=(Milestone("m", {"a": 1, "b": 1}, 1, 2, hard=False),))
    assert violations(hard, {"a": 0, "b": 3}) == ["milestone 'm' reaches 1 < required 2"]
    assert violations(soft, {"a": 0, "b": 3}) == []
