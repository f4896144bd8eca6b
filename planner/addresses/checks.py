"""What breaks rule 11 in handed-out addresses: prefixes outside their pool, overlaps, missing NAT (pure).

:func:`check_allocation` and :func:`check_nat` list the problems as sentences, an empty list when
the rule holds. They judge a result (the prefixes and NAT entries as stated), not the allocator's
state, so they live apart from :mod:`planner.addresses.allocate` and :mod:`planner.addresses.overlaps`;
:func:`check_nat` recomputes the expected entries with :func:`~planner.addresses.overlaps.nat_plan`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from netaddr import IPNetwork, IPSet

from .overlaps import ConsolidatedNetwork, nat_plan


class Assignment(NamedTuple):
    """A prefix handed to a network in a domain, as the plan states it."""

    domain: str
    network: str
    department: str
    prefix: str


def check_allocation(
    pools: Mapping[str, Sequence[str]], assignments: Iterable[Assignment | tuple], *, limit: int = 1000
) -> list[str]:
    """Problems with handed-out prefixes: outside their domain's pool, or overlapping another
    department's prefix in the same domain. An empty list means rule 11's addressing half holds.

    At most ``limit`` overlaps are listed, then one line says how many were left out.

    >>> check_allocation({"extranet-admin": ["59.255.48.0/24"]}, [
    ...     ("extranet-admin", "net-fgw", "fgw", "59.255.48.0/27"),
    ...     ("extranet-admin", "net-fgw-2", "fgw", "59.255.48.0/27"),
    ...     ("extranet-admin", "net-rsj", "rsj", "59.255.48.16/28"),
    ...     ("extranet-admin", "net-jyj", "jyj", "59.255.49.0/27"),
    ... ])  # doctest: +NORMALIZE_WHITESPACE
    ['net-jyj (jyj): prefix 59.255.49.0/27 lies outside the extranet-admin pool 59.255.48.0/24',
     'net-fgw (fgw) 59.255.48.0/27 overlaps net-rsj (rsj) 59.255.48.16/28 in extranet-admin; only networks of one department may share a block',
     'net-fgw-2 (fgw) 59.255.48.0/27 overlaps net-rsj (rsj) 59.255.48.16/28 in extranet-admin; only networks of one department may share a block']
    """
    problems: list[str] = []
    rows: list[tuple[str, int, int, int, Assignment]] = []
    free_sets = {domain: IPSet(pool) for domain, pool in pools.items()}
    for a in sorted(Assignment(*a) for a in assignments):
        try:
            net = IPNetwork(a.prefix)
        except Exception:
            problems.append(f"{a.network} ({a.department}): prefix {a.prefix!r} is not a CIDR")
            continue
        if net.ip != net.network:
            problems.append(
                f"{a.network} ({a.department}): prefix {a.prefix} has host bits set; the block is {net.cidr}"
            )
        if a.domain not in free_sets:
            problems.append(f"{a.network} ({a.department}): domain {a.domain} has no address pool")
        elif net.cidr not in free_sets[a.domain]:
            pool = ", ".join(str(IPNetwork(c).cidr) for c in pools[a.domain])
            problems.append(
                f"{a.network} ({a.department}): prefix {a.prefix} lies outside the {a.domain} pool {pool}"
            )
        rows.append((a.domain, net.version, net.first, net.last, a))

    overlaps: list[str] = []
    left_out = 0
    for x, y in _overlapping_pairs(rows):
        if x.department == y.department:
            continue
        if len(overlaps) >= limit:
            left_out += 1
            continue
        overlaps.append(
            f"{x.network} ({x.department}) {x.prefix} overlaps {y.network} ({y.department}) {y.prefix} "
            f"in {x.domain}; only networks of one department may share a block"
        )
    problems += sorted(overlaps)
    if left_out:
        problems.append(f"{left_out} more overlapping pairs not listed")
    return problems


def check_nat(
    networks: Iterable[ConsolidatedNetwork | tuple], nat: Mapping[str, Iterable[Mapping[str, str]]]
) -> list[str]:
    """Missing NAT entries: each overlapping original CIDR must have ``{"inside", "outside"}`` on its network.

    Extra entries are not a problem (a plan may translate more than it must).

    >>> nets = [("net-a", "a", ("10.0.0.0/8",), "59.255.48.0/27", "extranet-admin"),
    ...         ("net-b", "b", ("10.1.0.0/16",), "59.255.48.32/27", "extranet-admin")]
    >>> check_nat(nets, {"net-a": [{"inside": "10.0.0.0/8", "outside": "59.255.48.0/27"}]})
    ['net-b: 10.1.0.0/16 overlaps another department\\'s network in extranet-admin but has no nat entry {"inside": "10.1.0.0/16", "outside": "59.255.48.32/27"}']
    """
    nets = [ConsolidatedNetwork(*n) for n in networks]
    expected = nat_plan(nets).nat
    domain_of = {n.network: n.domain for n in nets}
    problems = []
    for network, entries in expected.items():
        have = {(e.get("inside"), e.get("outside")) for e in nat.get(network, ())}
        for e in entries:
            if (e["inside"], e["outside"]) not in have:
                problems.append(
                    f"{network}: {e['inside']} overlaps another department's network in {domain_of[network]} "
                    f'but has no nat entry {{"inside": "{e["inside"]}", "outside": "{e["outside"]}"}}'
                )
    return problems


def _overlapping_pairs(rows: list[tuple[str, int, int, int, Assignment]]) -> Iterable[tuple]:
    """Pairs of rows (as their last field) whose ranges overlap within a domain; CIDRs nest or are disjoint."""
    rows = sorted(rows, key=lambda r: (r[0], r[1], r[2], -r[3], r[4]))
    stack: list[tuple] = []
    for row in rows:
        while stack and (stack[-1][:2] != row[:2] or stack[-1][3] < row[2]):
            stack.pop()
        for outer in stack:  # each encloses row
            yield outer[4], row[4]
        stack.append(row)
