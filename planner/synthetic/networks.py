"""The departments' private networks: which exist, and their address blocks, sites and carriers.

Most departments run a main private network; a few run a vertical network of the upper level
(some retained by approval) or a classified one. Every network gets an RFC 1918 block, and ~10 % of
them overlap another department's on purpose, so the planner has address conflicts to resolve.
"""

from __future__ import annotations

from . import names
from .draws import between, one, pick
from .ipv4 import cidr, nice_ceil
from .records import Dept, Draft, Net


def plan_networks(draft: Draft) -> None:
    """Which departments run a private, a vertical and a classified network; which are retained."""
    rng, n = draft.rng, draft.n
    for d in draft.depts:
        if d.id in names.BASE_HOLDERS or rng.random() < (0.9 if d.is_region else 0.8):
            d.main_net = _add_net(draft, f"net-{d.id}", _net_name(draft, d, names.DEPT_ROWS[d.template][4]), d, "main")
    # classified networks: the secrecy-minded departments first, then any region-level one with room
    n_classified = max(1, round(n / 200))
    preferred = ["bmj", "gaj", "rfb", "zfb"]
    candidates = [d for d in draft.depts if d.is_region and d.count >= 3]
    candidates.sort(key=lambda d: (preferred.index(d.id) if d.id in preferred else 9, d.index))
    head, tail = candidates[:4], candidates[4:]
    rng.shuffle(tail)
    for d in (head + tail)[:n_classified]:
        d.classified_net = _add_net(draft, f"net-{d.id}-sm", _net_name(draft, d, f"{d.short}涉密网"), d, "classified")
    # vertical networks run by the upper level, in departments with vertical business
    n_vertical = max(1, round(n / 80))
    candidates = [d for d in draft.depts if any("v" in t[3] for t in names.DEPT_SYSTEMS[d.template])]
    region_first = [d for d in candidates if d.is_region] + [d for d in candidates if not d.is_region]
    head = region_first[: max(1, n_vertical // 2)]
    tail = region_first[len(head):]
    rng.shuffle(tail)
    for d in head + tail[: n_vertical - len(head)]:
        name = names.DEPT_ROWS[d.template][5] or f"{d.short}纵向专网"
        d.vertical_net = _add_net(draft, f"net-{d.id}-zx", _net_name(draft, d, name), d, "vertical")
    verticals = [net for net in draft.networks if net.kind == "vertical"]
    for net in rng.sample(verticals, min(len(verticals), max(1, round(n / 250)))):
        net.retained = True
        net.retain = {"approved_by": f"{draft.prefix}人民政府", "reason": one(rng, names.RETAIN_REASONS)}
    # a few extra classified systems sit directly on the intranet
    others = [d for d in draft.depts if d.is_region and d.classified_net is None and d.count >= 3]
    for d in rng.sample(others, min(len(others), round(n / 400))):
        d.extra_classified = True
    draft.networks.sort(key=lambda net: (net.dept.index, ("main", "vertical", "classified").index(net.kind)))


def _net_name(draft: Draft, d: Dept, name: str) -> str:
    county = draft.county_names.get(d.county, "") if d.county else ""
    return (county[:-1] if county else "") + name


def _add_net(draft: Draft, id: str, name: str, d: Dept, kind: str) -> Net:
    net = Net(id, name, d, kind)
    d.networks.append(net)
    draft.networks.append(net)
    return net


def address_networks(draft: Draft) -> None:
    """RFC 1918 blocks for every network; ~10 % of the networks overlap another department's."""
    rng = draft.rng
    count = len(draft.networks)
    space_ten = (10 << 24) + (1 << 16), (10 << 24) + (240 << 16)  # 10.1.0.0 .. 10.239.255.255
    space_172 = (172 << 24) + (16 << 16), (172 << 24) + (32 << 16)
    room = (space_ten[1] - space_ten[0]) + (space_172[1] - space_172[0])
    p0 = 16
    while p0 < 24 and count * 2 ** (32 - p0) * 1.6 > room:
        p0 += 1
    spaces = [list(space_ten), list(space_172)]
    for net in draft.networks:
        d = net.dept
        extra = {"main": 0 if d.is_region else 2, "vertical": 1, "classified": 4}[net.kind]
        prefix = min(24, p0 + extra)
        size = 2 ** (32 - prefix)
        for space in spaces:
            start = nice_ceil(space[0], size)
            if start + size <= space[1]:
                space[0] = start + size
                break
        else:
            raise ValueError("private address space exhausted")
        net.base, net.size = start, size
        net.cidrs = [cidr(start, prefix)]
        if net.kind == "classified":
            net.sites = between(rng, 2, 30)
        elif net.kind == "vertical":
            net.sites = between(rng, 5, 150)
        elif d.is_region:
            net.sites = between(rng, 10, 300)
        else:
            net.sites = between(rng, 1, 60)
        net.carrier = pick(rng, names.CARRIERS, names.CARRIER_WEIGHTS)
        net.cost = int(round(min(2_000_000, max(50_000, 30_000 + net.sites * rng.uniform(3000, 8000))), -3))
    _overlap_on_purpose(draft)


def _overlap_on_purpose(draft: Draft) -> None:
    """Pairs of networks of different departments share address space (a block, or a 192.168 /24)."""
    rng = draft.rng
    count = len(draft.networks)
    pool = [net for net in draft.networks if net.consolidatable]
    rng.shuffle(pool)
    pairs: list[tuple[Net, Net]] = []
    while len(pool) >= 2 and len(pairs) < max(1, round(0.05 * count)):
        a = pool.pop()
        b = next((x for x in pool if x.dept is not a.dept), None)
        if b is None:
            break
        pool.remove(b)
        pairs.append((a, b))
    common = [1, 0, 10, 100, 2, 3, 8, 20]
    for i, (a, b) in enumerate(pairs):
        if i % 2 == 0 or i // 2 >= 256:
            b.cidrs.append(a.cidrs[0])  # e.g. both on 10.1.0.0/16
        else:
            k = i // 2
            third = common[k] if k < len(common) else k
            shared = f"192.168.{third % 256}.0/24"
            a.cidrs.append(shared)
            b.cidrs.append(shared)
