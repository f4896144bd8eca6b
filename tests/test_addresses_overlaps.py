"""Addresses, overlaps: overlapping original CIDRs, NAT plans and their advice, the NAT check."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from netaddr import IPNetwork, IPSet

from planner.addresses import ConsolidatedNetwork, check_nat, nat_plan

# --------------------------------------------------------------------------- NAT


def _net(network, department, cidrs, prefix, domain="extranet-admin", sites=None):
    return ConsolidatedNetwork(network, department, tuple(cidrs), prefix, domain, sites)


def test_nat_entries_on_both_sides_of_an_overlapping_pair():
    """Two departments' networks on 192.168.1.0/24 both get a NAT entry to their own prefix."""
    plan = nat_plan(
        [
            _net("net-fgw", "fgw", ["192.168.1.0/24", "10.12.0.0/16"], "59.255.48.0/27"),
            _net("net-rsj", "rsj", ["192.168.1.0/24"], "59.255.48.32/27"),
        ]
    )
    assert plan.nat == {
        "net-fgw": [{"inside": "192.168.1.0/24", "outside": "59.255.48.0/27"}],
        "net-rsj": [{"inside": "192.168.1.0/24", "outside": "59.255.48.32/27"}],
    }


def test_nat_nested_cidrs_overlap():
    """A /24 inside another department's /16 overlaps it: both sides translate."""
    plan = nat_plan(
        [
            _net("net-a", "a", ["10.12.0.0/16"], "59.255.48.0/27"),
            _net("net-b", "b", ["10.12.7.0/24"], "59.255.48.32/27"),
            _net("net-c", "c", ["10.13.0.0/16"], "59.255.48.64/27"),
        ]
    )
    assert sorted(plan.nat) == ["net-a", "net-b"]


def test_nat_same_department_overlap_needs_nat_on_both_networks():
    """Rule 11: two networks of one department on 192.168.0.0/24 collide on the extranet: both translate."""
    plan = nat_plan(
        [
            _net("net-fgw-1", "fgw", ["192.168.0.0/24"], "59.255.48.32/27"),
            _net("net-fgw-2", "fgw", ["192.168.0.0/24"], "59.255.48.64/27"),
        ]
    )
    assert plan.nat == {
        "net-fgw-1": [{"inside": "192.168.0.0/24", "outside": "59.255.48.32/27"}],
        "net-fgw-2": [{"inside": "192.168.0.0/24", "outside": "59.255.48.64/27"}],
    }
    assert plan.advice[0].reason.startswith("net-fgw-1's 192.168.0.0/24 overlaps 192.168.0.0/24 of net-fgw-2 (fgw) in "
                                            "extranet-admin; re-address it")


def test_nat_one_networks_own_nested_cidrs_need_no_nat():
    """The CIDRs of one network never collide with each other (10.1.0.0/16 and 10.1.5.0/24 both in net-a)."""
    plan = nat_plan([_net("net-a", "fgw", ["10.1.0.0/16", "10.1.5.0/24"], "59.255.48.32/27")])
    assert plan.nat == {}
    assert plan.advice == []


def test_nat_other_domain_does_not_overlap():
    """The same CIDR in two domains is not an overlap: the domains are separate."""
    plan = nat_plan(
        [
            _net("net-a", "a", ["10.0.0.0/8"], "59.255.48.0/27", domain="extranet-admin"),
            _net("net-b", "b", ["10.0.0.0/8"], "59.255.40.0/27", domain="extranet-public"),
        ]
    )
    assert plan.nat == {}


def test_nat_advice_rule_and_reason():
    """A large CIDR on many sites keeps NAT; a /24 is re-addressed; the reason names both sides."""
    plan = nat_plan(
        [
            _net("net-fgw", "fgw", ["10.12.0.0/16"], "59.255.48.0/27", sites=14),
            _net("net-rsj", "rsj", ["10.12.3.0/24"], "59.255.48.32/27", sites=9),
        ]
    )
    nat, readdress = plan.advice
    assert (nat.network, nat.cidr, nat.action, nat.overlaps) == ("net-fgw", "10.12.0.0/16", "nat", 1)
    assert nat.reason == (
        "net-fgw's 10.12.0.0/16 overlaps 10.12.3.0/24 of net-rsj (rsj) in extranet-admin; keep NAT "
        "(inside 10.12.0.0/16, outside 59.255.48.0/27): it holds 65536 addresses on 14 sites, too many to "
        "renumber (re-addressing is advised up to 256 addresses or 2 sites)."
    )
    assert (readdress.network, readdress.action) == ("net-rsj", "re-address")


def test_nat_advice_few_sites_readdress():
    """A large CIDR on one site is still cheap to renumber."""
    plan = nat_plan(
        [
            _net("net-a", "a", ["10.0.0.0/16"], "59.255.48.0/27", sites=1),
            _net("net-b", "b", ["10.0.0.0/16"], "59.255.48.32/27", sites=30),
        ]
    )
    assert [(a.network, a.action) for a in plan.advice] == [("net-a", "re-address"), ("net-b", "nat")]
    assert plan.advice[0].reason == (
        "net-a's 10.0.0.0/16 overlaps 10.0.0.0/16 of net-b (b) in extranet-admin; re-address it: "
        "net-a has only 1 site, so renumbering is cheaper than keeping NAT (inside 10.0.0.0/16, outside "
        "59.255.48.0/27) for good."
    )


def test_nat_advice_counts_many_overlaps_and_names_three():
    """Fifty departments on 192.168.1.0/24: each names three others and counts the rest."""
    nets = [_net(f"net-{i:02}", f"d{i:02}", ["192.168.1.0/24"], f"59.255.48.{i}/32") for i in range(50)]
    plan = nat_plan(nets)
    assert len(plan.nat) == 50
    first = plan.advice[0]
    assert first.overlaps == 49
    assert first.reason.startswith(
        "net-00's 192.168.1.0/24 overlaps 192.168.1.0/24 of net-01 (d01), 192.168.1.0/24 of net-02 (d02), "
        "192.168.1.0/24 of net-03 (d03) and 46 more CIDRs of other networks in extranet-admin;"
    )


def test_check_nat_reports_missing_entry_and_accepts_complete_plan():
    """The verifier's view: every expected entry present means no problem."""
    nets = [
        _net("net-a", "a", ["10.0.0.0/8"], "59.255.48.0/27"),
        _net("net-b", "b", ["10.1.0.0/16"], "59.255.48.32/27"),
    ]
    assert check_nat(nets, nat_plan(nets).nat) == []
    assert check_nat(nets, {}) == [
        "net-a: 10.0.0.0/8 overlaps another network's in extranet-admin but has no nat entry "
        '{"inside": "10.0.0.0/8", "outside": "59.255.48.0/27"}',
        "net-b: 10.1.0.0/16 overlaps another network's in extranet-admin but has no nat entry "
        '{"inside": "10.1.0.0/16", "outside": "59.255.48.32/27"}',
    ]


# --------------------------------------------------------------------------- properties

# NAT against brute force on a small address space, where overlaps are frequent.
_cidr = st.builds(
    lambda a, p: str(IPNetwork((167772160 + (a << 12), p), version=4).cidr),
    st.integers(min_value=0, max_value=4095),
    st.integers(min_value=12, max_value=24),
)
_networks = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d"]),
        st.lists(_cidr, min_size=1, max_size=3),
        st.sampled_from(["extranet-admin", "extranet-public"]),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(_networks)
def test_nat_plan_matches_brute_force(raw):
    """The sweep finds exactly the CIDRs that a pairwise comparison of distinct networks finds, with the same counts
    (rule 11: two networks collide whatever their departments)."""
    nets = [
        _net(f"n{i:02}", dept, cidrs, f"59.255.48.{i}/32", domain)
        for i, (dept, cidrs, domain) in enumerate(raw)
    ]
    expected: dict[tuple[str, str], int] = {}
    for x, y in itertools.permutations(nets, 2):
        if x.domain != y.domain:
            continue
        for cx in dict.fromkeys(x.cidrs):
            for cy in dict.fromkeys(y.cidrs):
                if IPSet([cx]) & IPSet([cy]):
                    expected[(x.network, cx)] = expected.get((x.network, cx), 0) + 1
    plan = nat_plan(nets)
    got = {(a.network, a.cidr): a.overlaps for a in plan.advice}
    assert got == expected
    for network, entries in plan.nat.items():
        assert [e["inside"] for e in entries] == [c for (n, c) in got if n == network]
