"""Department blocks and network prefixes from a domain's pools, county platform prefixes (pure functions).

The allocating half of rule 11. Everything here takes plain tuples and strings and returns plain
values, so it knows nothing of the planner's models:

- :func:`allocate_blocks` hands each department an aligned block of a domain's pool, grouped in
  one aggregate block for the region's own departments and one per county (rule 11);
  :func:`allocate_intranet` does the same for classified networks on the intranet pool.
- :func:`department_prefixlen` sizes a department's block; :func:`network_prefixes` splits it
  into one prefix per network.
- :func:`allocate_county_platforms` gives each county exit platform its public prefix.

Allocation is best-fit over a :class:`netaddr.IPSet` of free space, requests sorted larger first
then by key. Every block is a power of two, aligned, so placing them largest first never fails
while the pool still has room for an aligned block of the current size; best-fit (smallest free
block that fits, lowest address among equals) keeps the large free blocks whole for later. When
the pool is too small, :class:`PoolExhaustedError` says how large a pool would fit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from netaddr import IPNetwork, IPSet

from planner.errors import PoolExhaustedError

DEFAULT_DEPARTMENT_PREFIX = 27
DEFAULT_COUNTY_PREFIX = 28


class BlockRequest(NamedTuple):
    """One department asking for a block: ``(county or None, department, prefixlen or None)``.

    ``county`` None means a department of the region itself; ``prefixlen`` None means the
    domain's ``department_prefix``. A plain tuple of the same shape is accepted everywhere.
    """

    county: str | None
    department: str
    prefixlen: int | None = None


@dataclass(frozen=True)
class Allocation:
    """The blocks of one domain: per department, per county, and the region's own block.

    ``departments`` and ``counties`` are ordered by id, so the same input gives the same bytes.
    """

    domain: str
    departments: dict[str, str] = field(default_factory=dict)
    counties: dict[str, str] = field(default_factory=dict)
    region: str | None = None


def department_prefixlen(
    networks: int = 1, addresses: int = 0, department_prefix: int = DEFAULT_DEPARTMENT_PREFIX, width: int = 32
) -> int:
    """The prefix length of the aligned block a department needs.

    The block holds one ``/department_prefix`` per network and at least ``addresses`` addresses.

    >>> department_prefixlen()
    27
    >>> department_prefixlen(networks=3)
    25
    >>> department_prefixlen(networks=1, addresses=100)
    25
    """
    unit = 1 << (width - department_prefix)
    return _prefix_for(max(max(networks, 1) * unit, addresses), width)


def allocate_blocks(
    pool: Sequence[str],
    requests: Iterable[BlockRequest | tuple],
    *,
    domain: str,
    department_prefix: int = DEFAULT_DEPARTMENT_PREFIX,
) -> Allocation:
    """Allocate one aligned block per department from ``pool``, grouped by county.

    The region's own departments (county None) share one aggregate block and each county gets
    one; a group's block is the smallest aligned block holding its departments' blocks. Groups
    are placed in the pool, then departments inside their group, each best-fit, larger first,
    then by id (the region before counties). The order of ``requests`` does not matter.

    Raises :class:`PoolExhaustedError` naming the domain, the pool, what is asked and the size
    of pool that would fit.

    >>> a = allocate_blocks(["59.255.40.0/24"],
    ...                     [(None, "fgw", None), ("taishan", "ts-jy", None), ("taishan", "ts-ws", 26)],
    ...                     domain="extranet-public")
    >>> a.departments
    {'fgw': '59.255.40.128/27', 'ts-jy': '59.255.40.64/27', 'ts-ws': '59.255.40.0/26'}
    >>> a.counties, a.region
    ({'taishan': '59.255.40.0/25'}, '59.255.40.128/27')
    """
    width = _width(pool)
    wanted = _normalise_requests(requests, department_prefix, width)
    if not wanted:
        return Allocation(domain=domain)
    groups: dict[str | None, list[tuple[int, str]]] = {}
    for department, (county, prefixlen) in wanted.items():
        groups.setdefault(county, []).append((prefixlen, department))
    group_prefix = {
        county: _prefix_for(sum(1 << (width - p) for p, _ in members), width)
        for county, members in groups.items()
    }

    free = IPSet(pool)
    group_block: dict[str | None, IPNetwork] = {}
    for county in sorted(groups, key=lambda c: (group_prefix[c], _group_key(c))):
        block = _best_fit(free, group_prefix[county])
        if block is None:
            raise _exhausted_for_groups(pool, domain, department_prefix, width, wanted, group_prefix, county)
        group_block[county] = block

    departments: dict[str, str] = {}
    for county, members in groups.items():
        inside = IPSet([group_block[county]])
        for prefixlen, department in sorted(members):
            block = _best_fit(inside, prefixlen)
            assert block is not None, "aligned blocks placed largest first always fit their group"
            departments[department] = str(block)
    return Allocation(
        domain=domain,
        departments=dict(sorted(departments.items())),
        counties={
            c: str(b)
            for c, b in sorted(group_block.items(), key=lambda kv: _group_key(kv[0]))
            if c is not None
        },
        region=str(group_block[None]) if None in group_block else None,
    )


def allocate_intranet(
    pool: Sequence[str],
    requests: Iterable[BlockRequest | tuple],
    *,
    department_prefix: int = DEFAULT_DEPARTMENT_PREFIX,
) -> Allocation:
    """Blocks on the intranet pool for classified networks: :func:`allocate_blocks` on domain ``intranet``.

    >>> allocate_intranet(["10.250.0.0/20"], [(None, "gaj", None), (None, "bmj", None)]).departments
    {'bmj': '10.250.0.0/27', 'gaj': '10.250.0.32/27'}
    """
    return allocate_blocks(pool, requests, domain="intranet", department_prefix=department_prefix)


def allocate_county_platforms(
    pool: Sequence[str],
    counties: Sequence[str],
    *,
    county_prefix: int = DEFAULT_COUNTY_PREFIX,
    name: str = "county exit platforms",
) -> dict[str, str]:
    """One ``/county_prefix`` block of public addresses per county exit platform, in county order.

    The first county gets the lowest address of the smallest free block that fits, and so on.

    >>> allocate_county_platforms(["218.56.64.0/20"], ["taishan", "daiyue", "ningyang"])
    {'taishan': '218.56.64.0/28', 'daiyue': '218.56.64.16/28', 'ningyang': '218.56.64.32/28'}
    >>> allocate_county_platforms(["218.56.64.0/26"], ["a", "b", "c", "d", "e", "f"])
    Traceback (most recent call last):
    ...
    planner.errors.PoolExhaustedError: pool 218.56.64.0/26 of county exit platforms holds 4 blocks of /28; 6 counties need 6; a /25 would fit
    """
    if len(set(counties)) != len(counties):
        raise ValueError(f"counties listed twice: {sorted(c for c, n in Counter(counties).items() if n > 1)}")
    if not counties:
        return {}
    width = _width(pool)
    free = IPSet(pool)
    if _slots(free, county_prefix) < len(counties):
        need = len(counties) << (width - county_prefix)
        raise PoolExhaustedError(
            _exhausted_message(pool, name, free, county_prefix, width, len(counties), "county", need, need),
            pool=name, fits=_prefix_for(need, width),
        )
    blocks = {}
    for county in counties:
        block = _best_fit(free, county_prefix)
        assert block is not None, "capacity was checked above"
        blocks[county] = str(block)
    return blocks


def network_prefixes(
    block: str, network_ids: Iterable[str], department_prefix: int = DEFAULT_DEPARTMENT_PREFIX
) -> dict[str, str]:
    """Split a department's block into one ``/department_prefix`` per network, in id order.

    A block no larger than ``/department_prefix`` is shared by a single network; size the block
    with :func:`department_prefixlen` to give several networks their own sub-blocks.

    >>> network_prefixes("59.255.48.0/26", ["net-b", "net-a"])
    {'net-a': '59.255.48.0/27', 'net-b': '59.255.48.32/27'}
    """
    ids = sorted(set(network_ids))
    net = IPNetwork(block)
    step = max(department_prefix, net.prefixlen)
    count = 1 << (step - net.prefixlen)
    if len(ids) > count:
        raise ValueError(
            f"block {block} holds {count} blocks of /{step}, not the {len(ids)} networks {', '.join(ids)}; "
            f"size it with department_prefixlen(networks={len(ids)})"
        )
    size = 1 << ((32 if net.version == 4 else 128) - step)
    return {
        nid: str(IPNetwork((net.first + i * size, step), version=net.version)) for i, nid in enumerate(ids)
    }


def _prefix_for(size: int, width: int = 32) -> int:
    """The longest prefix whose block holds ``size`` addresses (``size`` rounded up to a power of two)."""
    return width - (max(size, 1) - 1).bit_length()


def _width(pool: Sequence[str]) -> int:
    return 128 if pool and IPNetwork(pool[0]).version == 6 else 32


def _group_key(county: str | None) -> tuple[int, str]:
    return (0, "") if county is None else (1, county)


def _best_fit(free: IPSet, prefixlen: int) -> IPNetwork | None:
    """Take the lowest ``/prefixlen`` of the smallest free block that holds one (lowest address first)."""
    best = None
    for cidr in free.iter_cidrs():  # sorted by address
        if cidr.prefixlen <= prefixlen and (best is None or cidr.prefixlen > best.prefixlen):
            best = cidr
            if best.prefixlen == prefixlen:
                break
    if best is None:
        return None
    block = IPNetwork((best.first, prefixlen), version=best.version)
    free.remove(block)
    return block


def _slots(free: IPSet, prefixlen: int) -> int:
    """How many aligned ``/prefixlen`` blocks the free space holds."""
    return sum(1 << (prefixlen - c.prefixlen) for c in free.iter_cidrs() if c.prefixlen <= prefixlen)


def _normalise_requests(
    requests: Iterable[BlockRequest | tuple], department_prefix: int, width: int
) -> dict[str, tuple[str | None, int]]:
    wanted: dict[str, tuple[str | None, int]] = {}
    for r in requests:
        r = BlockRequest(*r)
        prefixlen = department_prefix if r.prefixlen is None else r.prefixlen
        if not 0 <= prefixlen <= width:
            raise ValueError(f"department {r.department} asks for a /{prefixlen}, not a prefix length")
        if r.department in wanted:
            raise ValueError(f"department {r.department} asks for a block twice")
        wanted[r.department] = (r.county, prefixlen)
    return wanted


def _exhausted_for_groups(
    pool: Sequence[str],
    domain: str,
    unit: int,
    width: int,
    wanted: Mapping[str, tuple[str | None, int]],
    group_prefix: Mapping[str | None, int],
    failed: str | None,
) -> PoolExhaustedError:
    flat = sum(1 << (width - p) for _, p in wanted.values())
    grouped = sum(1 << (width - p) for p in group_prefix.values())
    label = "the region's own departments" if failed is None else f"county {failed}"
    message = _exhausted_message(
        pool,
        domain,
        IPSet(pool),
        unit,
        width,
        len(wanted),
        "department",
        flat,
        grouped,
        fragmented=f"/{group_prefix[failed]} for {label}",
    )
    return PoolExhaustedError(message, pool=domain, fits=_prefix_for(grouped, width))


def _exhausted_message(
    pool: Sequence[str],
    domain: str,
    free: IPSet,
    unit: int,
    width: int,
    count: int,
    noun: str,
    need_flat: int,
    need_grouped: int,
    fragmented: str = "",
) -> str:
    """``pool P of D holds N blocks of /u; C things need K; a /p would fit`` (sizes in addresses)."""
    unit_size = 1 << (width - unit)
    slots = _slots(free, unit)
    flat_blocks = -(-need_flat // unit_size)
    grouped_blocks = -(-need_grouped // unit_size)
    pool_text = ", ".join(str(IPNetwork(c).cidr) for c in pool) or "(empty)"
    text = f"pool {pool_text} of {domain} holds {slots} block{'s' * (slots != 1)} of /{unit}"
    if fragmented and slots >= grouped_blocks:
        text += f" but no free aligned {fragmented}"
    nouns = {"department": "departments", "county": "counties"}
    text += f"; {count} {noun if count == 1 else nouns[noun]} need{'s' * (count == 1)} {flat_blocks}"
    if grouped_blocks != flat_blocks:
        text += f" ({grouped_blocks} with their region and county blocks aligned)"
    return text + f"; a /{_prefix_for(need_grouped, width)} would fit"
