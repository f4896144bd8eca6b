"""Rule 11, judged in one place: prefixes inside their pool, no overlap between departments, NAT (pure).

The judgments are :func:`placement` (a prefix against its domain's pool), cross-department overlaps
(:func:`~planner.addresses.ranges.overlaps`) and :func:`missing_nat`. The plan verifier's rule
R11 (:mod:`planner.verify.addressing`) words them as violations of a plan; :func:`check_allocation`
and :func:`check_nat` word them as sentences, an empty list when the rule holds. They judge a result
(the prefixes and NAT entries as stated), not the allocator's state, so they live apart from
:mod:`planner.addresses.allocate` and :mod:`planner.addresses.overlaps`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import Enum
from typing import NamedTuple

from netaddr import IPNetwork, IPSet

from .overlaps import ConsolidatedNetwork
from .ranges import Row, norm, overlapping_pairs, overlaps


class Placement(Enum):
    """Where a handed-out prefix stands against its domain's pool."""

    INSIDE = "inside"
    NOT_A_CIDR = "not a CIDR"
    NO_POOL = "its domain has no pool"
    OUTSIDE = "outside the pool"


def placement(prefix: str, pool: Sequence[str] | None) -> Placement:
    """Whether ``prefix`` lies wholly inside ``pool`` (None: the domain has no pool); a prefix may
    span adjacent CIDRs of the pool, as the allocator may hand out such a block.

    >>> [placement(p, ["59.255.48.0/24"]).name for p in ("59.255.48.32/27", "59.255.49.0/27", "x")]
    ['INSIDE', 'OUTSIDE', 'NOT_A_CIDR']
    >>> placement("10.0.0.0/24", ["10.0.0.0/25", "10.0.0.128/25"]).name
    'INSIDE'
    >>> placement("59.255.48.0/27", None).name
    'NO_POOL'
    """
    try:
        net = IPNetwork(prefix)
    except Exception:
        return Placement.NOT_A_CIDR
    if pool is None:
        return Placement.NO_POOL
    return Placement.INSIDE if net in _pool_set(tuple(pool)) else Placement.OUTSIDE


@functools.lru_cache(maxsize=64)
def _pool_set(pool: tuple[str, ...]) -> IPSet:
    return IPSet(pool)


class TranslatedNetwork(NamedTuple):
    """A consolidated network's prefixes in its domain and its NAT entries as (inside, outside) pairs."""

    prefixes: Sequence[str]
    nat: Iterable[tuple[str, str]]


def missing_nat(originals: Sequence[Row], networks: Mapping[str, TranslatedNetwork]) -> Iterator[tuple[Row, Row]]:
    """(original CIDR without its NAT entry, a CIDR of another owner it overlaps), in row order.

    ``originals`` are the original CIDRs of the networks consolidated into a domain, each labelled
    with its network id and owned by that network (rule 11); ``networks`` maps each label to its prefixes
    and NAT. An entry counts when its inside is the CIDR and its outside one of the network's
    prefixes (any outside when the network has none).

    >>> originals = [Row("extranet-admin", "a", "10.0.0.0/8", "net-a"),
    ...              Row("extranet-admin", "b", "10.1.0.0/16", "net-b")]
    >>> nets = {"net-a": TranslatedNetwork(["59.255.48.0/27"], [("10.0.0.0/8", "59.255.48.0/27")]),
    ...         "net-b": TranslatedNetwork(["59.255.48.32/27"], [])}
    >>> [(a.label, b.label) for a, b in missing_nat(originals, nets)]
    [('net-b', 'net-a')]
    """
    for i, j in overlaps(originals).items():
        row = originals[i]
        network = networks[row.label]
        if not _has_nat_entry(row.cidr, network):
            yield row, originals[j]


def _has_nat_entry(cidr: str, network: TranslatedNetwork) -> bool:
    # Compared as normalised CIDRs; the same string is the common case and needs no parsing.
    prefixes: set[str | None] | None = None
    for entry_inside, entry_outside in network.nat:
        if entry_inside != cidr and norm(entry_inside) != norm(cidr):
            continue
        if not network.prefixes or entry_outside in network.prefixes:
            return True
        prefixes = prefixes or {norm(p) for p in network.prefixes}
        if norm(entry_outside) in prefixes:
            return True
    return False


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
    parsed: list[Assignment] = []
    for a in sorted(Assignment(*a) for a in assignments):
        where = placement(a.prefix, pools.get(a.domain))
        if where is Placement.NOT_A_CIDR:
            problems.append(f"{a.network} ({a.department}): prefix {a.prefix!r} is not a CIDR")
            continue
        net = IPNetwork(a.prefix)
        if net.ip != net.network:
            problems.append(
                f"{a.network} ({a.department}): prefix {a.prefix} has host bits set; the block is {net.cidr}"
            )
        if where is Placement.NO_POOL:
            problems.append(f"{a.network} ({a.department}): domain {a.domain} has no address pool")
        elif where is Placement.OUTSIDE:
            pool = ", ".join(str(IPNetwork(c).cidr) for c in pools[a.domain])
            problems.append(
                f"{a.network} ({a.department}): prefix {a.prefix} lies outside the {a.domain} pool {pool}"
            )
        parsed.append(a)

    overlapping: list[str] = []
    left_out = 0
    for i, j in overlapping_pairs([Row(a.domain, a.department, a.prefix, a.network) for a in parsed]):
        if len(overlapping) >= limit:
            left_out += 1
            continue
        x, y = parsed[i], parsed[j]
        overlapping.append(
            f"{x.network} ({x.department}) {x.prefix} overlaps {y.network} ({y.department}) {y.prefix} "
            f"in {x.domain}; only networks of one department may share a block"
        )
    problems += sorted(overlapping)
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
    ['net-b: 10.1.0.0/16 overlaps another network\\'s in extranet-admin but has no nat entry {"inside": "10.1.0.0/16", "outside": "59.255.48.32/27"}']
    """
    nets = sorted((ConsolidatedNetwork(*n) for n in networks), key=lambda n: (n.domain, n.network))
    originals = [Row(n.domain, n.network, cidr, n.network) for n in nets for cidr in _distinct(n.cidrs)]
    translated = {n.network: TranslatedNetwork([n.prefix], [(e.get("inside"), e.get("outside"))
                                                             for e in nat.get(n.network, ())]) for n in nets}
    return [
        f"{row.label}: {row.cidr} overlaps another network's in {row.domain} "
        f'but has no nat entry {{"inside": "{row.cidr}", "outside": "{translated[row.label].prefixes[0]}"}}'
        for row, _other in missing_nat(originals, translated)
    ]


def _distinct(cidrs: Iterable[str]) -> list[str]:
    """The CIDRs of one network, each range once (as first given)."""
    seen: set[tuple[int, int, int]] = set()
    out = []
    for cidr in cidrs:
        net = IPNetwork(cidr)
        if (net.version, net.first, net.last) not in seen:
            seen.add((net.version, net.first, net.last))
            out.append(cidr)
    return out
