"""Addresses, allocation: hierarchical block allocation, county platform prefixes, pool exhaustion, checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from netaddr import IPNetwork, IPSet

from planner.addresses import (
    Allocation,
    allocate_blocks,
    allocate_county_platforms,
    allocate_intranet,
    check_allocation,
    department_prefixlen,
    network_prefixes,
)
from planner.errors import PlannerError, PoolExhaustedError

# --------------------------------------------------------------------------- allocation, explicit


def test_allocate_blocks_groups_region_and_counties():
    """Region departments share one block, each county gets one, departments sit inside theirs."""
    requests = [
        (None, "fgw", None),
        (None, "rsj", None),
        ("taishan", "ts-jy", None),
        ("taishan", "ts-ws", None),
        ("taishan", "ts-gaj", None),
        ("daiyue", "dy-jy", 26),
    ]
    got = allocate_blocks(["59.255.48.0/21"], requests, domain="extranet-admin")
    assert got == Allocation(
        domain="extranet-admin",
        departments={
            "dy-jy": "59.255.48.192/26",
            "fgw": "59.255.48.128/27",
            "rsj": "59.255.48.160/27",
            "ts-gaj": "59.255.48.0/27",
            "ts-jy": "59.255.48.32/27",
            "ts-ws": "59.255.48.64/27",
        },
        counties={"daiyue": "59.255.48.192/26", "taishan": "59.255.48.0/25"},
        region="59.255.48.128/26",
    )


def test_allocate_blocks_best_fit_prefers_smallest_free_block():
    """A /27 goes into the pool's /27, keeping the /24 whole for larger groups."""
    got = allocate_blocks(["10.0.0.0/24", "10.0.9.0/27"], [(None, "fgw", None)], domain="extranet-public")
    assert got.departments == {"fgw": "10.0.9.0/27"}


def test_allocate_blocks_larger_department_gets_larger_aligned_block():
    """A department with three networks gets a /25 (four /27s), aligned, before the /27s."""
    prefixlen = department_prefixlen(networks=3)
    got = allocate_blocks(
        ["10.0.0.0/24"], [(None, "a", None), (None, "b", prefixlen)], domain="extranet-admin"
    )
    assert got.departments == {"a": "10.0.0.128/27", "b": "10.0.0.0/25"}
    assert got.region == "10.0.0.0/24"


def test_allocate_blocks_empty_requests_give_empty_allocation():
    """Nothing asked, nothing allocated (even from an empty pool)."""
    assert allocate_blocks([], [], domain="extranet-public") == Allocation(domain="extranet-public")


def test_allocate_blocks_rejects_a_department_asked_twice():
    """A department appears once per domain; twice is a caller bug."""
    with pytest.raises(ValueError, match="fgw"):
        allocate_blocks(["10.0.0.0/24"], [(None, "fgw", None), ("x", "fgw", None)], domain="d")


def test_allocate_intranet_uses_its_own_pool():
    """Classified networks get blocks from the intranet pool, domain 'intranet'."""
    got = allocate_intranet(["10.250.0.0/20"], [(None, "gaj", None), ("taishan", "ts-bmj", None)])
    assert got.domain == "intranet"
    assert got.departments == {"gaj": "10.250.0.0/27", "ts-bmj": "10.250.0.32/27"}
    assert got.counties == {"taishan": "10.250.0.32/27"}


# --------------------------------------------------------------------------- pool exhausted


def test_pool_exhausted_message_names_domain_pool_need_and_fit():
    """Nine counties of one department each do not fit 8 blocks; a /23 would."""
    requests = [(f"c{i}", f"d{i}", None) for i in range(9)]
    with pytest.raises(PoolExhaustedError) as info:
        allocate_blocks(["59.255.40.0/24"], requests, domain="extranet-public")
    assert str(info.value) == (
        "pool 59.255.40.0/24 of extranet-public holds 8 blocks of /27; 9 departments need 9; a /23 would fit"
    )
    assert isinstance(info.value, PlannerError)


def test_pool_exhausted_message_counts_aligned_group_blocks():
    """13 region departments need 13 blocks, 16 once their region block is aligned."""
    requests = [(None, f"d{i:02}", None) for i in range(13)]
    with pytest.raises(PoolExhaustedError) as info:
        allocate_blocks(["59.255.40.0/24"], requests, domain="extranet-public")
    assert str(info.value) == (
        "pool 59.255.40.0/24 of extranet-public holds 8 blocks of /27; 13 departments need 13 "
        "(16 with their region and county blocks aligned); a /23 would fit"
    )


def test_pool_exhausted_message_says_when_the_pool_is_fragmented():
    """Two separate /25s hold 8 blocks but not the aligned /24 one county needs."""
    requests = [("taishan", f"d{i}", None) for i in range(8)]
    with pytest.raises(PoolExhaustedError) as info:
        allocate_blocks(["10.0.0.0/25", "10.0.2.0/25"], requests, domain="extranet-admin")
    assert str(info.value) == (
        "pool 10.0.0.0/25, 10.0.2.0/25 of extranet-admin holds 8 blocks of /27 but no free aligned /24 "
        "for county taishan; 8 departments need 8; a /24 would fit"
    )


def test_pool_exhausted_message_singular():
    """One department, an empty pool."""
    with pytest.raises(PoolExhaustedError) as info:
        allocate_blocks(["10.0.0.0/28"], [(None, "fgw", None)], domain="intranet")
    assert (
        str(info.value)
        == "pool 10.0.0.0/28 of intranet holds 0 blocks of /27; 1 department needs 1; a /27 would fit"
    )


# --------------------------------------------------------------------------- county platforms


def test_county_platforms_in_county_order():
    """Counties get consecutive /28s in the order given, not sorted."""
    got = allocate_county_platforms(["218.56.64.0/20"], ["taishan", "daiyue", "feicheng"])
    assert list(got.items()) == [
        ("taishan", "218.56.64.0/28"),
        ("daiyue", "218.56.64.16/28"),
        ("feicheng", "218.56.64.32/28"),
    ]


def test_county_platforms_pool_exhausted_message():
    """Six counties of /28 need a /25; a /26 holds four."""
    with pytest.raises(PoolExhaustedError) as info:
        allocate_county_platforms(["218.56.64.0/26"], [f"c{i}" for i in range(6)])
    assert str(info.value) == (
        "pool 218.56.64.0/26 of county exit platforms holds 4 blocks of /28; 6 counties need 6; a /25 would fit"
    )


def test_county_platforms_other_prefix():
    """county_prefix sets the block size."""
    assert allocate_county_platforms(["218.56.64.0/24"], ["a", "b"], county_prefix=26) == {
        "a": "218.56.64.0/26",
        "b": "218.56.64.64/26",
    }


# --------------------------------------------------------------------------- helpers


def test_department_prefixlen_networks_and_addresses():
    """One /27 per network, at least the addresses asked, rounded to an aligned block."""
    assert department_prefixlen() == 27
    assert department_prefixlen(networks=2) == 26
    assert department_prefixlen(networks=5) == 24
    assert department_prefixlen(addresses=1000) == 22
    assert department_prefixlen(networks=1, department_prefix=28) == 28


def test_network_prefixes_split_and_overflow():
    """Sub-blocks in network id order; too many networks is a sizing bug."""
    assert network_prefixes("10.0.0.0/27", ["net-a"]) == {"net-a": "10.0.0.0/27"}
    with pytest.raises(ValueError, match="department_prefixlen"):
        network_prefixes("10.0.0.0/27", ["net-a", "net-b"])


# --------------------------------------------------------------------------- check_allocation


def test_check_allocation_clean_allocation_has_no_problem():
    """What allocate_blocks hands out passes the check, shared department blocks included."""
    alloc = allocate_blocks(
        ["59.255.48.0/21"], [(None, "fgw", None), ("ts", "ts-jy", None)], domain="extranet-admin"
    )
    rows = [("extranet-admin", f"net-{d}", d, b) for d, b in alloc.departments.items()]
    rows.append(("extranet-admin", "net-fgw-2", "fgw", alloc.departments["fgw"]))
    assert check_allocation({"extranet-admin": ["59.255.48.0/21"]}, rows) == []


def test_check_allocation_reports_outside_pool_overlap_bad_prefix_unknown_domain():
    """Each kind of problem is one sentence naming the network, department and prefixes."""
    problems = check_allocation(
        {"extranet-admin": ["59.255.48.0/24"]},
        [
            ("extranet-admin", "net-a", "a", "59.255.48.0/26"),
            ("extranet-admin", "net-b", "b", "59.255.48.32/27"),
            ("extranet-admin", "net-c", "c", "59.255.49.0/25"),
            ("extranet-admin", "net-f", "f", "59.255.48.201/29"),
            ("extranet-admin", "net-d", "d", "not-a-cidr"),
            ("extranet-x", "net-e", "e", "10.0.0.0/24"),
        ],
    )
    assert problems == [
        "net-c (c): prefix 59.255.49.0/25 lies outside the extranet-admin pool 59.255.48.0/24",
        "net-d (d): prefix 'not-a-cidr' is not a CIDR",
        "net-f (f): prefix 59.255.48.201/29 has host bits set; the block is 59.255.48.200/29",
        "net-e (e): domain extranet-x has no address pool",
        "net-a (a) 59.255.48.0/26 overlaps net-b (b) 59.255.48.32/27 in extranet-admin; "
        "only networks of one department may share a block",
    ]


def test_check_allocation_limits_listed_overlaps():
    """A plan with thousands of clashes lists `limit` of them and counts the rest."""
    rows = [("d", f"n{i}", f"dep{i}", "10.0.0.0/27") for i in range(5)]
    problems = check_allocation({"d": ["10.0.0.0/24"]}, rows, limit=3)
    assert len(problems) == 4
    assert problems[-1] == "7 more overlapping pairs not listed"


# --------------------------------------------------------------------------- properties

_counties = st.sampled_from([None, "c1", "c2", "c3", "c4"])


@st.composite
def _requests(draw):
    n = draw(st.integers(min_value=0, max_value=24))
    return [
        (draw(_counties), f"d{i:02}", draw(st.sampled_from([None, 24, 25, 26, 27, 28, 29]))) for i in range(n)
    ]


@st.composite
def _pool(draw):
    prefixlen = draw(st.integers(min_value=19, max_value=25))
    base = draw(st.integers(min_value=0, max_value=(1 << (prefixlen - 8)) - 1)) << (32 - prefixlen)
    first = IPNetwork((167772160 + base, prefixlen), version=4)
    extra = draw(st.booleans())
    return [str(first)] + (["172.16.0.0/26"] if extra else [])


def _allocate_or_none(pool, requests):
    try:
        return allocate_blocks(pool, requests, domain="extranet-admin")
    except PoolExhaustedError:
        return None


@settings(max_examples=200, deadline=None)
@given(_pool(), _requests())
def test_allocation_properties_inside_pool_no_overlap_nested(pool, requests):
    """Every block lies in the pool, in its county's block, and no two departments overlap."""
    got = _allocate_or_none(pool, requests)
    if got is None:
        return
    pool_set = IPSet(pool)
    blocks = [IPNetwork(b) for b in got.departments.values()]
    assert sorted(got.departments) == sorted(d for _, d, _ in requests)
    for block in blocks:
        assert block in pool_set
    assert IPSet(blocks).size == sum(b.size for b in blocks), "department blocks overlap"
    for county, dept, prefixlen in requests:
        block = IPNetwork(got.departments[dept])
        assert block.prefixlen == (27 if prefixlen is None else prefixlen)
        group = got.region if county is None else got.counties[county]
        assert block in IPNetwork(group)
    groups = [IPNetwork(b) for b in [*got.counties.values(), got.region] if b]
    assert IPSet(groups).size == sum(g.size for g in groups), "group blocks overlap"
    assert (
        check_allocation(
            {"extranet-admin": pool}, [("extranet-admin", d, d, b) for d, b in got.departments.items()]
        )
        == []
    )


@settings(max_examples=150, deadline=None)
@given(_pool(), _requests(), st.randoms(use_true_random=False))
def test_allocation_is_deterministic_and_order_free(pool, requests, rnd):
    """Same input, same output; shuffled requests, same output; exhaustion does not depend on order."""
    first = _allocate_or_none(pool, requests)
    assert _allocate_or_none(pool, list(requests)) == first
    shuffled = list(requests)
    rnd.shuffle(shuffled)
    assert _allocate_or_none(pool, shuffled) == first


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=19, max_value=26), _requests())
def test_allocation_fails_only_when_aligned_groups_exceed_a_single_cidr_pool(prefixlen, requests):
    """On one CIDR, the allocator fails exactly when the aligned group blocks add up to more than the pool."""
    pool = [f"10.0.0.0/{prefixlen}"]
    sizes: dict = {}
    for county, _, p in requests:
        sizes[county] = sizes.get(county, 0) + (1 << (32 - (27 if p is None else p)))
    need = sum(1 << (s - 1).bit_length() for s in sizes.values())
    got = _allocate_or_none(pool, requests)
    assert (got is None) == (need > 1 << (32 - prefixlen))
