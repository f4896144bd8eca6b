"""Legacy networks whose original CIDRs overlap another network's, and the NAT plan for them (pure).

:func:`nat_plan` finds the original CIDRs that overlap another network's CIDRs in the same
domain and returns the NAT entries both sides need, with advice: keep NAT or re-address. It reads
only the networks' original CIDRs and the prefix each got (:class:`ConsolidatedNetwork`), not how
the prefix was allocated, so it stands apart from :mod:`planner.addresses.allocate`. Plain tuples
and strings in, plain values out: nothing here knows the planner's models.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from netaddr import IPNetwork

READDRESS_MAX_ADDRESSES = 256
READDRESS_MAX_SITES = 2


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
    """What to do for good about one original CIDR that overlaps another network's."""

    domain: str
    network: str
    cidr: str
    action: str  # "nat" | "re-address"
    overlaps: int  # CIDRs of other networks in the domain that overlap it
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
    """NAT entries for every original CIDR that overlaps another network's CIDR in its domain (rule 11).

    Each such CIDR gets ``{"inside": CIDR, "outside": prefix}`` on its own network, so both
    networks of an overlapping pair carry one. Two networks of the same department collide on the
    extranet as much as two departments' do (both on 192.168.0.0/24), so they need NAT too; the CIDRs
    of one network never collide with each other. CIDRs nest or are disjoint, so the overlaps are found by
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
    ...     ConsolidatedNetwork("net-fgw-2", "fgw", ("10.13.9.0/24",), "59.255.48.64/27", "extranet-admin", 1),
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


class _Group:
    """All occurrences of one distinct CIDR in one domain, with what nests inside it."""

    __slots__ = ("key", "occ", "depts", "sample", "ancestors", "sub_total", "sub_depts", "sub_sample")

    def __init__(self, key: tuple) -> None:
        self.key = key  # (domain, version, first, last)
        self.occ: list[tuple[int, str]] = []  # (network index, cidr as given)
        self.depts: Counter[str] = Counter()
        self.sample: list[tuple[int, str]] = []  # up to 4 occurrences, of distinct networks
        self.ancestors: tuple[_Group, ...] = ()
        self.sub_total = 0
        self.sub_depts: Counter[str] = Counter()
        self.sub_sample: list[tuple[int, str]] = []


def _add_sample(
    sample: list[tuple[int, str]], items: Iterable[tuple[int, str]], nets, limit: int = 4
) -> None:
    seen = {nets[i].network for i, _ in sample}
    for item in items:
        if len(sample) >= limit:
            return
        dept = nets[item[0]].network
        if dept not in seen:
            seen.add(dept)
            sample.append(item)


def _overlaps(
    nets: list[ConsolidatedNetwork],
) -> dict[int, list[tuple[str, int, int, list[tuple[str, str, str]]]]]:
    """network index -> [(cidr, addresses, other networks' CIDRs overlapping it, up to 3 examples)]."""
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
            group.depts[net.network] += 1

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
        per_dept: dict[str, tuple[int, list[tuple[str, str, str]]]] = {}  # same answer for one network
        for i, cidr in group.occ:
            dept = nets[i].network
            if dept not in per_dept:
                others = (
                    sum(len(g.occ) - g.depts[dept] for g in related) + group.sub_total - group.sub_depts[dept]
                )
                candidates = [o for g in related for o in g.sample] + group.sub_sample
                examples = [
                    (c, nets[j].network, nets[j].department)
                    for j, c in candidates
                    if nets[j].network != dept
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
        named.append(f"{more} more CIDR{'s' * (more != 1)} of other networks")
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
