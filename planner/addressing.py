"""Address allocation, overlap detection and NAT plans for network consolidation (pure functions).

Everything here takes plain tuples and strings and returns plain values, so it knows nothing of
the planner's models. The pieces:

- :func:`allocate_blocks` hands each department an aligned block of a domain's pool, grouped in
  one aggregate block for the region's own departments and one per county (rule 11);
  :func:`allocate_intranet` does the same for classified networks on the intranet pool.
- :func:`allocate_county_platforms` gives each county exit platform its public prefix.
- :func:`nat_plan` finds the original CIDRs that overlap another department's network in the same
  domain and returns the NAT entries both sides need, with advice: keep NAT or re-address.
- :func:`check_allocation` and :func:`check_nat` list what breaks rule 11 (for the verifier).

Allocation is best-fit over a :class:`netaddr.IPSet` of free space, requests sorted larger first
then by key. Every block is a power of two, aligned, so placing them largest first never fails
while the pool still has room for an aligned block of the current size; best-fit (smallest free
block that fits, lowest address among equals) keeps the large free blocks whole for later.
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
READDRESS_MAX_ADDRESSES = 256
READDRESS_MAX_SITES = 2


# --------------------------------------------------------------------------- allocation


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
            _exhausted_message(pool, name, free, county_prefix, width, len(counties), "county", need, need)
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


# --------------------------------------------------------------------------- overlaps and NAT


class ConsolidatedNetwork(NamedTuple):
    """A network consolidated into a domain: its original CIDRs and the prefix it got there.

    ``sites`` (None if unknown) weighs the advice between NAT and re-addressing.
    """

    network: str
    department: str
    cidrs: tuple[str, ...]
    prefix: str
    domain: str = ""
    sites: int | None = None


@dataclass(frozen=True)
class NatAdvice:
    """What to do for good about one original CIDR that overlaps another department's network."""

    domain: str
    network: str
    cidr: str
    action: str  # "nat" | "re-address"
    overlaps: int  # CIDRs of other departments' networks in the domain that overlap it
    reason: str


@dataclass(frozen=True)
class NatPlan:
    """``nat``: network id -> its NAT entries (only networks that need any); ``advice``: one per entry."""

    nat: dict[str, list[dict[str, str]]]
    advice: list[NatAdvice]


def nat_plan(
    networks: Iterable[ConsolidatedNetwork | tuple],
    *,
    readdress_max_addresses: int = READDRESS_MAX_ADDRESSES,
    readdress_max_sites: int = READDRESS_MAX_SITES,
) -> NatPlan:
    """NAT entries for every original CIDR that overlaps another department's network in its domain.

    Each such CIDR gets ``{"inside": CIDR, "outside": prefix}`` on its own network, so both
    networks of an overlapping pair carry one. Networks of the same department may overlap freely
    (they share the department's block). CIDRs nest or are disjoint, so the overlaps are found by
    one sweep over the distinct CIDRs sorted by first address with a stack of the enclosing ones:
    O(n log n), fine for 50,000 networks, however many share ``192.168.1.0/24``.

    The advice rule, per overlapping CIDR: **re-address** when the CIDR holds at most
    ``readdress_max_addresses`` addresses (a /24 by default) or its network has at most
    ``readdress_max_sites`` sites — renumbering a few hosts is cheaper than running NAT for
    good; otherwise **nat**: keep the translation, the network is too large to renumber.
    Either way the NAT entry is in the plan, so the network connects first (先联通、后提高).

    >>> plan = nat_plan([
    ...     ConsolidatedNetwork("net-fgw", "fgw", ("10.12.0.0/16",), "59.255.48.0/27", "extranet-admin", 14),
    ...     ConsolidatedNetwork("net-rsj", "rsj", ("10.12.3.0/24",), "59.255.48.32/27", "extranet-admin", 9),
    ...     ConsolidatedNetwork("net-fgw-2", "fgw", ("10.12.9.0/24",), "59.255.48.0/27", "extranet-admin", 1),
    ... ])
    >>> plan.nat
    {'net-fgw': [{'inside': '10.12.0.0/16', 'outside': '59.255.48.0/27'}], 'net-rsj': [{'inside': '10.12.3.0/24', 'outside': '59.255.48.32/27'}]}
    >>> [(a.network, a.action) for a in plan.advice]
    [('net-fgw', 'nat'), ('net-rsj', 're-address')]
    >>> print(plan.advice[1].reason)
    net-rsj's 10.12.3.0/24 overlaps 10.12.0.0/16 of net-fgw (fgw) in extranet-admin; re-address it: it holds only 256 addresses, so renumbering is cheaper than keeping NAT (inside 10.12.3.0/24, outside 59.255.48.32/27) for good.
    """
    nets = [ConsolidatedNetwork(*n) for n in networks]
    found = _overlaps(nets)
    nat: dict[str, list[dict[str, str]]] = {}
    advice: list[NatAdvice] = []
    for i in sorted(found, key=lambda i: (nets[i].domain, nets[i].network)):
        net = nets[i]
        entries = nat.setdefault(net.network, [])
        for cidr, addresses, others, examples in found[i]:
            entries.append({"inside": cidr, "outside": net.prefix})
            action, reason = _advise(
                net, cidr, addresses, others, examples, readdress_max_addresses, readdress_max_sites
            )
            advice.append(NatAdvice(net.domain, net.network, cidr, action, others, reason))
    return NatPlan(nat=nat, advice=advice)


# --------------------------------------------------------------------------- checks (rule 11)


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


# --------------------------------------------------------------------------- helpers


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
    return PoolExhaustedError(message)


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


class _Group:
    """All occurrences of one distinct CIDR in one domain, with what nests inside it."""

    __slots__ = ("key", "occ", "depts", "sample", "ancestors", "sub_total", "sub_depts", "sub_sample")

    def __init__(self, key: tuple) -> None:
        self.key = key  # (domain, version, first, last)
        self.occ: list[tuple[int, str]] = []  # (network index, cidr as given)
        self.depts: Counter[str] = Counter()
        self.sample: list[tuple[int, str]] = []  # up to 4 occurrences, of distinct departments
        self.ancestors: tuple[_Group, ...] = ()
        self.sub_total = 0
        self.sub_depts: Counter[str] = Counter()
        self.sub_sample: list[tuple[int, str]] = []


def _add_sample(
    sample: list[tuple[int, str]], items: Iterable[tuple[int, str]], nets, limit: int = 4
) -> None:
    seen = {nets[i].department for i, _ in sample}
    for item in items:
        if len(sample) >= limit:
            return
        dept = nets[item[0]].department
        if dept not in seen:
            seen.add(dept)
            sample.append(item)


def _overlaps(
    nets: list[ConsolidatedNetwork],
) -> dict[int, list[tuple[str, int, int, list[tuple[str, str, str]]]]]:
    """network index -> [(cidr, addresses, other-department CIDRs overlapping it, up to 3 examples)]."""
    parsed: dict[str, IPNetwork] = {}
    groups: dict[tuple, _Group] = {}
    for i, net in enumerate(nets):
        seen = set()
        for cidr in net.cidrs:
            ip = parsed.get(cidr)
            if ip is None:
                ip = parsed[cidr] = IPNetwork(cidr).cidr
            key = (net.domain, ip.version, ip.first, ip.last)
            if key in seen:
                continue
            seen.add(key)
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(key)
            group.occ.append((i, cidr))
            group.depts[net.department] += 1

    stack: list[_Group] = []
    for group in sorted(groups.values(), key=lambda g: (g.key[0], g.key[1], g.key[2], -g.key[3])):
        _add_sample(group.sample, group.occ, nets)
        while stack and (stack[-1].key[:2] != group.key[:2] or stack[-1].key[3] < group.key[2]):
            stack.pop()
        group.ancestors = tuple(stack)
        for outer in stack:  # at most one per prefix length
            outer.sub_total += len(group.occ)
            outer.sub_depts.update(group.depts)
            _add_sample(outer.sub_sample, group.sample, nets)
        stack.append(group)

    found: dict[int, list[tuple[str, int, int, list[tuple[str, str, str]]]]] = {}
    for group in groups.values():
        related = [group, *reversed(group.ancestors)]
        addresses = group.key[3] - group.key[2] + 1
        per_dept: dict[str, tuple[int, list[tuple[str, str, str]]]] = {}  # same answer for one department
        for i, cidr in group.occ:
            dept = nets[i].department
            if dept not in per_dept:
                others = (
                    sum(len(g.occ) - g.depts[dept] for g in related) + group.sub_total - group.sub_depts[dept]
                )
                candidates = [o for g in related for o in g.sample] + group.sub_sample
                examples = [
                    (c, nets[j].network, nets[j].department)
                    for j, c in candidates
                    if nets[j].department != dept
                ]
                per_dept[dept] = (others, examples[:3])
            others, examples = per_dept[dept]
            if others:
                found.setdefault(i, []).append((cidr, addresses, others, examples))
    order = {i: {c: k for k, c in enumerate(nets[i].cidrs)} for i in found}
    for i, items in found.items():
        items.sort(key=lambda item: order[i][item[0]])
    return found


def _advise(
    net: ConsolidatedNetwork,
    cidr: str,
    addresses: int,
    others: int,
    examples: list[tuple[str, str, str]],
    max_addresses: int,
    max_sites: int,
) -> tuple[str, str]:
    """("nat" | "re-address", a sentence naming the CIDRs and networks) for one overlapping CIDR."""
    named = [f"{c} of {network} ({department})" for c, network, department in examples]
    more = others - len(named)
    if more:
        named.append(f"{more} more CIDR{'s' * (more != 1)} of other departments' networks")
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    head = f"{net.network}'s {cidr} overlaps {listed} in {net.domain}"
    translation = f"NAT (inside {cidr}, outside {net.prefix})"
    small = addresses <= max_addresses
    few_sites = net.sites is not None and net.sites <= max_sites
    if small or few_sites:
        why = []
        if small:
            why.append(f"it holds only {addresses} addresses")
        if few_sites:
            why.append(f"{net.network} has only {net.sites} site{'s' * (net.sites != 1)}")
        return "re-address", (
            f"{head}; re-address it: {' and '.join(why)}, so renumbering is cheaper than keeping "
            f"{translation} for good."
        )
    on_sites = "" if net.sites is None else f" on {net.sites} sites"
    return "nat", (
        f"{head}; keep {translation}: it holds {addresses} addresses{on_sites}, too many to renumber "
        f"(re-addressing is advised up to {max_addresses} addresses or {max_sites} sites)."
    )
