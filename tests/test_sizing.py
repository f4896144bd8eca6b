"""Exit platform sizing (rule 10) and yearly costs."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import InfeasibleError, PlannerError
from planner.sizing import (
    DEFAULT_STEPS_MBPS,
    platform_bandwidth,
    platform_id,
    required_mbps,
    size_platforms,
    yearly_cost_after,
    yearly_cost_before,
)

STEPS = [100, 200, 500, 1000, 2000, 5000, 10000]


@pytest.mark.parametrize(
    ("peaks", "expected"),
    [
        ([], 100),
        ([10], 100),
        ([166], 100),  # 99.6
        ([167], 200),  # 100.2
        ([200, 300], 500),  # exactly 300 -> 500
        ([500, 333], 500),  # 499.8
        ([500, 334], 1000),  # 500.4
        ([1000, 1000, 1000, 333], 2000),  # 1999.8
        ([16666], 10000),  # 9999.6
    ],
)
def test_platform_bandwidth_smallest_step_at_or_above_need(peaks, expected):
    """0.6 × summed peaks, rounded up to the next step."""
    assert platform_bandwidth(peaks, 0.6, STEPS) == expected


def test_platform_bandwidth_exact_at_a_step_boundary():
    """0.6 × 1000/3-ish floats must not tip over a step: 0.7 × 1000 is 700, not 700.0000000000001."""
    assert platform_bandwidth([1000], 0.7, [500, 700, 1000]) == 700
    assert platform_bandwidth([0.1, 0.2], 1, [0.3, 1]) == 0.3
    assert required_mbps([333.5, 166.5], 0.6) == Fraction(300)


def test_platform_bandwidth_steps_in_any_order():
    """Steps need not be sorted in the topology."""
    assert platform_bandwidth([400], 0.6, [10000, 100, 500, 200]) == 500


def test_platform_bandwidth_beyond_largest_step_is_an_error():
    """A platform that needs more than the largest step says how much and what to change."""
    with pytest.raises(InfeasibleError) as info:
        platform_bandwidth([10000, 7000, 500.5], 0.6, STEPS, platform="region")
    assert isinstance(info.value, PlannerError)
    assert str(info.value) == (
        "region needs 0.6 × 17500.5 Mbps = 10500.3 Mbps at once, more than the largest bandwidth step "
        "10000 Mbps; add a larger step to topology exit_platforms.bandwidth_steps_mbps or move some exits "
        "to another platform"
    )


def test_platform_bandwidth_rejects_bad_concurrency_and_steps():
    """Concurrency is a share in (0, 1]; steps are not empty."""
    with pytest.raises(ValueError):
        platform_bandwidth([10], 0, STEPS)
    with pytest.raises(ValueError):
        platform_bandwidth([10], 1.5, STEPS)
    with pytest.raises(ValueError):
        platform_bandwidth([10], 0.6, [])


def test_size_platforms_region_then_counties():
    """County departments' exits go to their county's platform, the others to the region."""
    exits = [
        ("exit-fgw-1", None, 62),
        ("exit-rsj-1", None, 300),
        ("exit-ts-1", "taishan", 100),
        ("exit-dy-1", "daiyue", 900),
        ("exit-dy-2", "daiyue", 900),
    ]
    assert list(size_platforms(exits, 0.6, STEPS).items()) == [
        ("region", 500),
        ("county:daiyue", 2000),
        ("county:taishan", 100),
    ]


def test_platform_id():
    """Rule 10's platform names."""
    assert platform_id(None) == "region"
    assert platform_id("taishan") == "county:taishan"


def test_yearly_costs():
    """Before: the exits' own costs; after: bandwidth × the caller's price."""
    assert yearly_cost_before([60000, 45000]) == 105000
    assert yearly_cost_before([]) == 0
    assert yearly_cost_after([2000, 500], 50) == 125000


@given(
    st.lists(st.integers(min_value=0, max_value=3000), max_size=10),
    st.sampled_from([0.3, 0.5, 0.6, 0.8, 1.0]),
)
def test_platform_bandwidth_is_the_smallest_sufficient_step(peaks, concurrency):
    """The chosen step covers the need and the step below does not."""
    need = Fraction(str(concurrency)) * sum(peaks)
    try:
        got = platform_bandwidth(peaks, concurrency, DEFAULT_STEPS_MBPS)
    except InfeasibleError:
        assert need > max(DEFAULT_STEPS_MBPS)
        return
    assert got >= need
    below = [s for s in DEFAULT_STEPS_MBPS if s < got]
    assert all(s < need for s in below)
