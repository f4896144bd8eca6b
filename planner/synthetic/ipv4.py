"""IPv4 arithmetic on plain integers, for the address blocks, exits, assets and pools.

Integers rather than ``ipaddress`` objects because a large region allocates hundreds of thousands
of addresses.
"""

from __future__ import annotations

import math


def nice_ceil(value: float, step: float) -> float:
    """`value` rounded up to a multiple of `step` (block alignment; capacities too).

    >>> nice_ceil(65537, 65536), nice_ceil(101, 50)
    (131072, 150)
    """
    return math.ceil(value / step) * step


def pow2_prefix(addresses: int, minimum_prefix: int = 30) -> int:
    """Longest prefix whose block holds `addresses` addresses.

    >>> pow2_prefix(7680), pow2_prefix(8192)
    (19, 19)
    """
    return min(minimum_prefix, 32 - max(0, math.ceil(math.log2(max(1, addresses)))))


def dotted(address: int) -> str:
    """
    >>> dotted(167904004)
    '10.2.3.4'
    """
    return f"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}"


def cidr(base: int, prefix: int) -> str:
    return f"{dotted(base)}/{prefix}"
