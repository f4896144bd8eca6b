"""Benchmark: addressing for a synthetic region of 50,000 systems.

~5,000 departments over 100 counties, ~7,500 business private networks with realistic (heavily
overlapping) RFC1918 CIDRs, seeded. Times each step of :mod:`planner.addresses` and compares it
with a naive baseline measured in the same run:

- allocation vs. a flat first-fit allocator over the same IPSet (requests in input order): time,
  and how fragmented each leaves the pool;
- overlap detection vs. pairwise comparison of every two CIDRs, timed on a sample and
  extrapolated quadratically (the full pairwise run would take minutes);
- the overlap sweep again on 50,000 networks, the size the planner must handle in seconds.

Run: ``.venv/bin/python benchmarks/bench_addressing.py [--seed N]``
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from contextlib import contextmanager

from netaddr import IPNetwork, IPSet

from planner.addresses import (
    ConsolidatedNetwork,
    allocate_blocks,
    allocate_county_platforms,
    check_allocation,
    check_nat,
    department_prefixlen,
    nat_plan,
    network_prefixes,
)

POOLS = {"extranet-public": ["59.240.0.0/12"], "extranet-admin": ["59.224.0.0/12"]}
COUNTY_POOL = ["218.56.64.0/20"]
ADDRESSES_PER_SYSTEM = 4  # server, service VIP, management, spare
TIMES: list[tuple[str, float]] = []


@contextmanager
def timed(label: str):
    start = time.perf_counter()
    yield
    TIMES.append((label, time.perf_counter() - start))
    print(f"  {label:<58} {TIMES[-1][1]:8.3f} s", flush=True)


def rfc1918_cidr(rnd: random.Random) -> str:
    """A CIDR as departments really pick them: 192.168.1.0/24 everywhere, 10.x by habit."""
    r = rnd.random()
    if r < 0.25:
        return f"192.168.{rnd.choice([0, 1, 1, 1, 2, 10, 100])}.0/24"
    if r < 0.40:
        return f"192.168.{rnd.randrange(256)}.0/24"
    if r < 0.65:
        return f"10.{rnd.randrange(256)}.{rnd.randrange(256)}.0/24"
    if r < 0.75:
        return f"10.{rnd.randrange(256)}.0.0/16"
    if r < 0.85:
        return f"172.{rnd.randrange(16, 32)}.{rnd.randrange(256)}.0/24"
    if r < 0.998:  # planned by the province: unique, rarely clashing
        return f"{rnd.choice([100, 101, 172])}.{rnd.randrange(64, 128)}.{rnd.randrange(256)}.{rnd.randrange(4) * 64}/26"
    return rnd.choice(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])


def region(rnd: random.Random, systems: int = 50_000, counties: int = 100, departments: int = 5_000):
    """Departments (id, county), networks (id, dept, domain, cidrs, sites), systems per network."""
    county_ids = [f"county-{i:03}" for i in range(counties)]
    region_level = 50
    depts = [(f"city-d{i:03}", None) for i in range(region_level)]
    per_county = (departments - region_level) // counties
    depts += [(f"{c}-d{j:02}", c) for c in county_ids for j in range(per_county)]
    return county_ids, depts


def networks_for(rnd: random.Random, depts, count: int, systems: int):
    """``count`` networks on departments drawn with a long tail; systems spread over them."""
    weights = [rnd.paretovariate(1.5) for _ in depts]
    owners = rnd.choices(range(len(depts)), weights=weights, k=count)
    nets = []
    for k, owner in enumerate(owners):
        dept, _ = depts[owner]
        n_cidrs = rnd.choices([1, 2, 3], weights=[70, 20, 10])[0]
        cidrs = tuple(dict.fromkeys(rfc1918_cidr(rnd) for _ in range(n_cidrs)))
        domain = "extranet-public" if rnd.random() < 0.3 else "extranet-admin"
        sites = max(1, int(rnd.paretovariate(1.2)))
        nets.append([f"net-{k:05}", dept, domain, cidrs, sites, 0])
    for _ in range(systems):  # systems on a private network (the rest sit in rooms or clouds)
        if rnd.random() < 0.6:
            rnd.choice(nets)[5] += 1
    return nets


def first_fit_flat(pool, requests):
    """Baseline: requests in input order, first free CIDR that holds the block, no grouping."""
    free = IPSet(pool)
    out = {}
    for _, dept, prefixlen in requests:
        for cidr in free.iter_cidrs():
            if cidr.prefixlen <= prefixlen:
                block = IPNetwork((cidr.first, prefixlen))
                free.remove(block)
                out[dept] = block
                break
        else:
            raise RuntimeError("first-fit ran out of space")
    return out, free


def pairwise_overlaps(rows):
    """Baseline: compare every two CIDR occurrences (domain, first, last, dept)."""
    hits = 0
    for i in range(len(rows)):
        d, f, last, dep = rows[i]
        for j in range(i + 1, len(rows)):
            d2, f2, l2, dep2 = rows[j]
            if d == d2 and dep != dep2 and f <= l2 and f2 <= last:
                hits += 1
    return hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--sample", type=int, default=3000, help="CIDRs in the pairwise baseline sample")
    args = parser.parse_args()
    rnd = random.Random(args.seed)

    print(f"addressing benchmark, seed {args.seed}")
    with timed("generate region (50,000 systems, 5,000 depts, 7,500 networks)"):
        county_ids, depts = region(rnd)
        county_of = dict(depts)
        nets = networks_for(rnd, depts, 7_500, 50_000)
    n_cidrs = sum(len(n[3]) for n in nets)
    print(f"    {len(depts)} departments, {len(county_ids)} counties, {len(nets)} networks, {n_cidrs} CIDRs")

    # one request per department per domain, sized by its networks and systems
    per_dept: dict[tuple[str, str], list] = defaultdict(list)
    for n in nets:
        per_dept[(n[2], n[1])].append(n)
    requests: dict[str, list] = defaultdict(list)
    for (domain, dept), owned in sorted(per_dept.items()):
        addresses = sum(n[5] for n in owned) * ADDRESSES_PER_SYSTEM
        requests[domain].append((county_of[dept], dept, department_prefixlen(len(owned), addresses)))

    allocations = {}
    with timed("allocate department blocks (2 domains, best-fit, hierarchical)"):
        for domain, reqs in requests.items():
            allocations[domain] = allocate_blocks(POOLS[domain], reqs, domain=domain)
    ours = TIMES[-1][1]
    with timed("baseline: flat first-fit allocator, inventory order"):
        baseline = {
            domain: first_fit_flat(POOLS[domain], rnd.sample(reqs, len(reqs)))
            for domain, reqs in requests.items()
        }
    naive = TIMES[-1][1]
    for domain, reqs in sorted(requests.items()):
        alloc = allocations[domain]
        used = IPSet(alloc.departments.values())
        grouped = IPSet([*alloc.counties.values(), *([alloc.region] if alloc.region else [])])
        free_ours = IPSet(POOLS[domain]) - grouped
        free_naive = baseline[domain][1]
        largest = lambda s: min((c.prefixlen for c in s.iter_cidrs()), default=None)  # noqa: E731
        print(
            f"    {domain}: {len(reqs)} departments, {used.size} addresses in department blocks, "
            f"{grouped.size} in region/county blocks; free space "
            f"left: ours {len(list(free_ours.iter_cidrs()))} fragments (largest /{largest(free_ours)}), "
            f"first-fit {len(list(free_naive.iter_cidrs()))} fragments (largest /{largest(free_naive)})"
        )
    print(f"    allocation time ratio first-fit / ours: {naive / ours:.2f}x")

    with timed("county exit platform prefixes (100 counties, /28)"):
        platforms = allocate_county_platforms(COUNTY_POOL, county_ids)
    assert len(platforms) == len(county_ids)

    consolidated = []
    with timed("network prefixes inside department blocks"):
        for (domain, dept), owned in sorted(per_dept.items()):
            prefixes = network_prefixes(allocations[domain].departments[dept], [n[0] for n in owned])
            consolidated += [
                ConsolidatedNetwork(n[0], dept, n[3], prefixes[n[0]], domain, n[4]) for n in owned
            ]

    with timed(f"NAT plan: overlap sweep over {n_cidrs} CIDRs"):
        plan = nat_plan(consolidated)
    sweep = TIMES[-1][1]
    actions = defaultdict(int)
    for a in plan.advice:
        actions[a.action] += 1
    print(
        f"    {len(plan.nat)} of {len(consolidated)} networks need NAT, {len(plan.advice)} entries "
        f"({actions['nat']} keep NAT, {actions['re-address']} re-address)"
    )

    rows = []
    for n in consolidated:
        for c in n.cidrs:
            ip = IPNetwork(c)
            rows.append((n.domain, ip.first, ip.last, n.department))
    rnd.shuffle(rows)
    sample = rows[: args.sample]
    with timed(f"baseline: pairwise overlaps on a sample of {len(sample)} CIDRs"):
        pairwise_overlaps(sample)
    extrapolated = TIMES[-1][1] * (len(rows) / len(sample)) ** 2
    print(
        f"    pairwise on all {len(rows)} CIDRs, extrapolated: {extrapolated:.1f} s; "
        f"ratio pairwise / sweep: {extrapolated / sweep:.0f}x"
    )

    with timed("verify: check_allocation (pools, overlaps)"):
        assignments = [(n.domain, n.network, n.department, n.prefix) for n in consolidated]
        problems = check_allocation(POOLS, assignments)
    assert problems == [], problems[:5]
    with timed("verify: check_nat (every overlap has its entry)"):
        problems = check_nat(consolidated, plan.nat)
    assert problems == [], problems[:5]

    big = networks_for(random.Random(args.seed + 1), depts, 50_000, 50_000)
    block = {(d, dep): b for d, a in allocations.items() for dep, b in a.departments.items()}
    fallback = {d: POOLS[d][0] for d in POOLS}
    stress = [
        ConsolidatedNetwork(n[0], n[1], n[3], block.get((n[2], n[1]), fallback[n[2]]), n[2], n[4])
        for n in big
    ]
    n_big = sum(len(n.cidrs) for n in stress)
    with timed(f"stress: NAT plan on 50,000 networks ({n_big} CIDRs)"):
        big_plan = nat_plan(stress)
    big_sweep = TIMES[-1][1]
    sample_time = next(t for label, t in TIMES if label.startswith("baseline: pairwise"))
    extrapolated_big = sample_time * (n_big / len(sample)) ** 2
    print(
        f"    {len(big_plan.nat)} networks need NAT; pairwise on all, extrapolated: {extrapolated_big:.0f} s; "
        f"ratio pairwise / sweep: {extrapolated_big / big_sweep:.0f}x"
    )

    total = sum(t for label, t in TIMES if not label.startswith("baseline"))
    print(f"total (without baselines): {total:.2f} s")


if __name__ == "__main__":
    main()
