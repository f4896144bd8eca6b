"""Which address ranges overlap a range of another owner in the same domain (a sweep, not all pairs).

CIDRs nest or are disjoint, so a sweep over the distinct ranges sorted by first address, with a stack
of the enclosing ones, finds every overlap without listing the pairs (50,000 networks on
192.168.1.0/24 are 50,000 rows, not 1.25 billion pairs). :func:`overlapping_pairs` lists the pairs
when a caller wants every one of them. Pure: plain rows of strings in, indexes out; shared by
:mod:`planner.addresses.checks` (rule 11) and the verifier's safety invariants.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from netaddr import IPNetwork


class Row(NamedTuple):
    """A range handed out or visible in ``domain``; ``owner`` (a department) may overlap itself."""

    domain: str
    owner: str
    cidr: str
    label: str  # the object the range belongs to


class _Group:
    __slots__ = ("key", "rows", "samples", "sub", "ancestors")

    def __init__(self, key: tuple) -> None:
        self.key = key
        self.rows: list[int] = []
        self.samples: list[int] = []  # up to two rows of distinct owners
        self.sub: list[int] = []  # up to two rows of distinct owners nested inside
        self.ancestors: tuple[_Group, ...] = ()


def _add(sample: list[int], index: int, rows: Sequence[Row]) -> None:
    if len(sample) < 2 and all(rows[i].owner != rows[index].owner for i in sample):
        sample.append(index)


def overlaps(rows: Sequence[Row]) -> dict[int, int]:
    """Index of each row that overlaps a row of another owner in its domain -> the index of one such row.

    >>> rows = [Row("admin", "fgw", "10.12.0.0/16", "net-fgw"), Row("admin", "rsj", "10.12.3.0/24", "net-rsj"),
    ...         Row("admin", "fgw", "10.12.9.0/24", "net-fgw-2"), Row("public", "rsj", "10.12.0.0/16", "net-x")]
    >>> overlaps(rows)
    {0: 1, 1: 0}
    """
    groups: dict[tuple, _Group] = {}
    for i, row in enumerate(rows):
        net = IPNetwork(row.cidr)
        key = (row.domain, net.version, net.first, net.last)
        group = groups.get(key) or groups.setdefault(key, _Group(key))
        group.rows.append(i)
        _add(group.samples, i, rows)
    stack: list[_Group] = []
    for group in sorted(groups.values(), key=lambda g: (g.key[0], g.key[1], g.key[2], -g.key[3])):
        while stack and (stack[-1].key[:2] != group.key[:2] or stack[-1].key[3] < group.key[2]):
            stack.pop()
        group.ancestors = tuple(stack)
        for outer in stack:
            for i in group.samples:
                _add(outer.sub, i, rows)
        stack.append(group)
    found: dict[int, int] = {}
    for group in groups.values():
        candidates = [*group.samples, *(i for a in reversed(group.ancestors) for i in a.samples), *group.sub]
        for i in group.rows:
            other = next((j for j in candidates if rows[j].owner != rows[i].owner), None)
            if other is not None:
                found[i] = other
    return dict(sorted(found.items()))


def overlapping_pairs(rows: Sequence[Row]) -> Iterator[tuple[int, int]]:
    """Every pair (enclosing row, enclosed row) of different owners whose ranges overlap in a domain.

    Quadratic when many rows share a range: for listing overlaps, not for finding them.

    >>> rows = [Row("admin", "fgw", "10.12.0.0/16", "net-fgw"), Row("admin", "rsj", "10.12.3.0/24", "net-rsj"),
    ...         Row("admin", "fgw", "10.12.9.0/24", "net-fgw-2"), Row("public", "rsj", "10.12.0.0/16", "net-x")]
    >>> list(overlapping_pairs(rows))
    [(0, 1)]
    """
    keyed = []
    for i, row in enumerate(rows):
        net = IPNetwork(row.cidr)
        keyed.append((row.domain, net.version, net.first, net.last, i))
    stack: list[tuple] = []
    for key in sorted(keyed, key=lambda k: (k[0], k[1], k[2], -k[3], k[4])):
        while stack and (stack[-1][:2] != key[:2] or stack[-1][3] < key[2]):
            stack.pop()
        for outer in stack:  # each encloses this row
            if rows[outer[4]].owner != rows[key[4]].owner:
                yield outer[4], key[4]
        stack.append(key)


def norm(cidr: str) -> str | None:
    """The CIDR normalised (host bits cleared), or None when it is not a CIDR."""
    try:
        return str(IPNetwork(cidr).cidr)
    except Exception:
        return None
