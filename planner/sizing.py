"""Internet exit platform sizing (rule 10) and the yearly cost of exits before and after (pure functions).

Exits of a county's departments go to ``county:<county id>``, all others to ``region``. A
platform's bandwidth is the smallest step at or above ``concurrency`` × the summed peaks of its
exits. Arithmetic is exact (fractions of the decimal inputs), so ``0.6 × 500`` is 300, never
300.00000000000006 and one step too high.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import NamedTuple

from planner.errors import InfeasibleError

DEFAULT_CONCURRENCY = 0.6
DEFAULT_STEPS_MBPS = (100, 200, 500, 1000, 2000, 5000, 10000)


class ExitPeak(NamedTuple):
    """An exit to consolidate: its id, its department's county (None = region level), its peak."""

    exit: str
    county: str | None
    peak_mbps: float


def platform_id(county: str | None) -> str:
    """The platform an exit goes to: ``county:<id>`` for a county's departments, else ``region``.

    >>> platform_id("taishan"), platform_id(None)
    ('county:taishan', 'region')
    """
    return "region" if county is None else f"county:{county}"


def required_mbps(peaks_mbps: Iterable[float], concurrency: float = DEFAULT_CONCURRENCY) -> Fraction:
    """``concurrency`` × the summed peaks, exactly.

    >>> required_mbps([62, 38, 400], 0.6)
    Fraction(300, 1)
    """
    if not 0 < concurrency <= 1:
        raise ValueError(f"concurrency must be in (0, 1], not {concurrency}")
    return _exact(concurrency) * sum((_exact(p) for p in peaks_mbps), Fraction(0))


def platform_bandwidth(
    peaks_mbps: Iterable[float],
    concurrency: float = DEFAULT_CONCURRENCY,
    steps: Sequence[float] = DEFAULT_STEPS_MBPS,
    *,
    platform: str = "the platform",
) -> float:
    """The smallest bandwidth step at or above ``concurrency`` × sum(``peaks_mbps``).

    A platform without exits gets the smallest step. When even the largest step is too small,
    raises :class:`InfeasibleError` (a ``PlannerError``) saying what is needed and the largest
    step, rather than returning an undersized platform.

    >>> platform_bandwidth([62, 38, 400], 0.6)
    500
    >>> platform_bandwidth([62, 38, 401], 0.6)
    500
    >>> platform_bandwidth([500, 500], 0.6)
    1000
    >>> platform_bandwidth([], 0.6)
    100
    >>> platform_bandwidth([9000, 9000], 0.6, platform="county:taishan")
    Traceback (most recent call last):
    ...
    planner.errors.InfeasibleError: county:taishan needs 0.6 × 18000 Mbps = 10800 Mbps at once, more than the largest bandwidth step 10000 Mbps; add a larger step to topology exit_platforms.bandwidth_steps_mbps or move some exits to another platform
    """
    peaks = list(peaks_mbps)
    if not steps:
        raise ValueError("bandwidth steps are empty")
    need = required_mbps(peaks, concurrency)
    for step in sorted(steps):
        if _exact(step) >= need:
            return step
    total = sum((_exact(p) for p in peaks), Fraction(0))
    raise InfeasibleError(
        f"{platform} needs {_fmt(_exact(concurrency))} × {_fmt(total)} Mbps = {_fmt(need)} Mbps at once, "
        f"more than the largest bandwidth step {_fmt(_exact(max(steps)))} Mbps; add a larger step to "
        f"topology exit_platforms.bandwidth_steps_mbps or move some exits to another platform"
    )


def size_platforms(
    exits: Iterable[ExitPeak | tuple],
    concurrency: float = DEFAULT_CONCURRENCY,
    steps: Sequence[float] = DEFAULT_STEPS_MBPS,
) -> dict[str, float]:
    """Bandwidth per platform that receives exits: ``region`` first, then counties by id.

    >>> size_platforms([("exit-fgw-1", None, 62), ("exit-ts-1", "taishan", 300), ("exit-ts-2", "taishan", 100)])
    {'region': 100, 'county:taishan': 500}
    """
    peaks: dict[str | None, list[float]] = {}
    for e in exits:
        e = ExitPeak(*e)
        peaks.setdefault(e.county, []).append(e.peak_mbps)
    ordered = sorted(peaks, key=lambda c: (c is not None, c or ""))
    return {
        platform_id(c): platform_bandwidth(peaks[c], concurrency, steps, platform=platform_id(c))
        for c in ordered
    }


def yearly_cost_before(exit_costs_cny: Iterable[float]) -> float:
    """What the departments' own exits cost a year: the sum of their ``yearly_cost_cny``.

    >>> yearly_cost_before([60000, 45000, 12000])
    117000
    """
    return sum(exit_costs_cny)


def yearly_cost_after(bandwidths_mbps: Iterable[float], price_cny_per_mbps_year: float) -> float:
    """What the shared platforms cost a year: their summed bandwidth × the caller's price per Mbps-year.

    >>> yearly_cost_after([2000, 500, 200], 60)
    162000
    """
    return sum(bandwidths_mbps) * price_cny_per_mbps_year


def _exact(x: float) -> Fraction:
    """The decimal the user wrote (``0.6``), not its binary approximation."""
    return Fraction(x) if isinstance(x, int | Fraction) else Fraction(str(x))


def _fmt(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"
