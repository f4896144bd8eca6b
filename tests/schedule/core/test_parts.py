"""The pieces of a problem: a volume limit's ramp (the limit in force at each time)."""

from __future__ import annotations

from planner.schedule import VolumeLimit


def test_a_volume_limit_without_steps_is_the_same_at_every_time():
    flat = VolumeLimit("tb", 4)
    assert [flat.limit_at(t) for t in (0, 1, 99)] == [4, 4, 4]
    assert flat.limits(3) == [4, 4, 4] and flat.peak == 4


def test_a_ramp_takes_the_last_step_begun_and_the_limit_before_the_first():
    """5 cut-overs a wave from wave 1, 40 from wave 14; before wave 1 the limit itself (0)."""
    ramp = VolumeLimit("cut-overs", 0, steps=((1, 5), (14, 40)))
    assert [ramp.limit_at(t) for t in (0, 1, 13, 14, 99)] == [0, 5, 5, 40, 40]
    assert ramp.limits(16) == [0] + [5] * 13 + [40, 40]
    assert ramp.limits(1) == [0] and ramp.limits(0) == []
    assert ramp.peak == 40


def test_the_peak_is_the_largest_limit_ever_in_force():
    """A ramp that drops: the peak is its largest step; ``limit`` counts only if it is ever in force."""
    assert VolumeLimit("v", 9, steps=((0, 3), (4, 1))).peak == 3  # a step at 0: 9 is never in force
    assert VolumeLimit("v", 9, steps=((2, 3),)).peak == 9
    assert VolumeLimit("v", 2, steps=((2, 0),)).limits(4) == [2, 2, 0, 0]


def test_steps_given_as_lists_become_tuples():
    """From a configuration file: lists, kept hashable and equal to the tuple form."""
    ramp = VolumeLimit("v", 1, steps=[[3, 5]])
    assert ramp.steps == ((3, 5),) and ramp == VolumeLimit("v", 1, steps=((3, 5),))
    assert hash(ramp) == hash(VolumeLimit("v", 1, steps=((3, 5),)))
