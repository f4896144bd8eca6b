"""Integer time as lists of intervals: the domains and step functions the CP-SAT model is built from."""

from __future__ import annotations

from collections.abc import Iterable


def allowed_intervals(lo: int, hi: int, forbidden: Iterable[int]) -> list[tuple[int, int]]:
    """[lo, hi] less the forbidden values, as closed intervals.

    >>> allowed_intervals(0, 9, {3, 4, 9})
    [(0, 2), (5, 8)]
    """
    out, cur = [], lo
    for f in sorted(x for x in set(forbidden) if lo <= x <= hi):
        if f > cur:
            out.append((cur, f - 1))
        cur = f + 1
    if cur <= hi:
        out.append((cur, hi))
    return out


def step_segments(steps: Iterable[tuple[int, int]], stop: int, before: int = 0) -> list[tuple[int, int, int]]:
    """The step function as [lo, hi) pieces with their capacity, covering [0, stop); ``before``
    is its value before the first step.

    >>> step_segments([(2, 5), (4, 9)], 10)
    [(0, 2, 0), (2, 4, 5), (4, 10, 9)]
    >>> step_segments([(0, 1), (3, 5)], 6, before=9)
    [(0, 3, 1), (3, 6, 5)]
    """
    out, lo, cap = [], 0, before
    for t, value in steps:
        t = min(t, stop)
        if t > lo:
            out.append((lo, t, cap))
        lo, cap = max(lo, t), value
    if stop > lo:
        out.append((lo, stop, cap))
    return out
