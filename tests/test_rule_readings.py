"""One written reading per rule: the plan the pipeline makes follows it, and the verifier catches its break.

Each test builds a small region through the public models, plans it (greedy only) and checks the
reading on the plan; then it breaks the plan in exactly that reading and checks the verifier's
rule id. The disagreements these pin were found by drawn regions (tests/test_drawn_regions.py).
"""

from __future__ import annotations

from decide_fixture import POLICY, TOPOLOGY, exit_, network, region, system

from planner.pipeline import PlanSettings, make_plan
from planner.rules.orders import Order, connect_first
from planner.verify import verify


def _plan(inventory, topology=TOPOLOGY, policy=POLICY):
    return make_plan(inventory, topology, policy, PlanSettings(time_limit=0))


def _rules(plan, inventory, topology=TOPOLOGY, policy=POLICY) -> set[str]:
    return {v.rule for v in verify(plan, inventory, topology, policy)}


def _row(rows, ident):
    return next(r for r in rows if r.id == ident)


# --------------------------------------------------------------------------- rule 9: an integration is a cut-over

def _published_section_system():
    """fgw-sec exists in the name of 投资科 (integrated), takes 15 days, and exit x publishes it."""
    return region([system("main"), system("sec", scope="section", section="投资科", migration={"effort_days": 15})],
                  exits=[exit_("x", network="net-fgw", published=[{"system": "sec", "port": 443}])])


def test_rule9_reading_orders_an_exit_after_the_integration_it_publishes():
    """The reading: exit x after integrate:sec (the published system's cut-over) and after its network."""
    inv = _published_section_system()
    orders = connect_first(inv, {"main": "migrate", "sec": "integrate"}, {"net-fgw": "consolidate"},
                           {"x": "consolidate"})
    assert Order("integrate:sec", "exit:x", "published:x") in orders
    assert Order("network:net-fgw", "exit:x", "connect-first:net-fgw") in orders


def test_rule9_plan_consolidates_the_exit_no_earlier_than_the_integration():
    """The planned exit waits for the 3-wave integration; moving it one wave earlier is an R09 violation."""
    inv = _published_section_system()
    plan = _plan(inv)
    sec, x = _row(plan.systems, "sec"), _row(plan.exits, "x")
    assert sec.action == "integrate" and (sec.start_wave, sec.wave) == (1, 3)
    assert x.wave >= sec.wave
    assert _rules(plan, inv) == set()
    x.wave = sec.wave - 1
    assert "R09-connect-first" in _rules(plan, inv)


# --------------------------------------------------------------------------- rule 11: NAT within one department

def test_rule11_two_networks_of_one_department_on_one_cidr_both_get_nat():
    """net-a and net-b of fgw both use 192.168.0.0/24: both carry a NAT entry; dropping one is an R11 violation."""
    inv = region([system("a", network="net-a"), system("b", network="net-b")],
                 networks=[network("net-a", cidr="192.168.0.0/24"), network("net-b", cidr="192.168.0.0/24")])
    plan = _plan(inv)
    for nid in ("net-a", "net-b"):
        net = _row(plan.networks, nid)
        assert [(e.inside, e.outside) for e in net.nat] == [("192.168.0.0/24", net.prefixes[0])]
    assert _rules(plan, inv) == set()
    _row(plan.networks, "net-b").nat = []
    assert _rules(plan, inv) == {"R11-prefixes-and-nat"}


# --------------------------------------------------------------------------- rule 3: zombies and their dependents

def test_rule3_a_zombie_a_live_system_depends_on_tightly_stays_and_switching_it_off_is_caught():
    """Idle old is kept for app (tight); a plan that decommissions it anyway breaks R03."""
    inv = region([system("old", idle=True), system("app", deps=(("old", "tight"),))])
    plan = _plan(inv)
    assert _row(plan.systems, "old").action == "stay"
    assert _rules(plan, inv) == set()
    _row(plan.systems, "old").action = "decommission"
    assert "R03-decommission-integrate" in _rules(plan, inv)


def test_rule3_department_scope_with_few_users_is_not_small_and_switching_it_off_is_caught():
    """small_scopes defaults to [section]: a department-wide system with 15 users migrates; decommissioning breaks R03."""
    inv = region([system("few", monthly_users=15)])
    plan = _plan(inv)
    assert _row(plan.systems, "few").action == "migrate"
    row = _row(plan.systems, "few")
    row.action, row.target, row.start_wave, row.wave = "decommission", None, None, None
    assert "R03-decommission-integrate" in _rules(plan, inv)


def test_rule3_a_kept_section_zombie_may_stay():
    """A section system that is idle and kept for a tight dependent stays, and the verifier accepts the stay."""
    inv = region([system("sec", scope="section", section="投资科", idle=True), system("app", deps=(("sec", "tight"),))])
    plan = _plan(inv)
    assert _row(plan.systems, "sec").action == "stay"
    assert _rules(plan, inv) == set()


# --------------------------------------------------------------------------- rules 2, 9, 10: exits of classified networks

def test_exit_behind_a_classified_network_is_closed_no_later_than_its_network_moves():
    """Exit x sits on the classified net-sm: closed (no platform), no later than net-sm's move to the intranet."""
    inv = region([system("a"), system("secret", network="net-sm", classified=True)],
                 networks=[network("net-fgw"), network("net-sm", classified=True, cidr="10.99.0.0/16")],
                 exits=[exit_("x", network="net-sm")])
    plan = _plan(inv)
    x, sm = _row(plan.exits, "x"), _row(plan.networks, "net-sm")
    assert (x.action, x.platform) == ("close", None)
    assert x.wave is not None and x.wave <= sm.wave
    assert [p.id for p in plan.platforms] == []
    assert _rules(plan, inv) == set()
    x.action, x.platform = "consolidate", "region"
    assert {"R02-classified-intranet", "R10-exit-platforms"} <= _rules(plan, inv)


def test_a_published_system_that_stays_on_the_intranet_is_not_republished():
    """A non-classified system staying on the intranet is published today: not re-published (S1), with a finding."""
    inv = region([system("mail", network="intranet", migration={"eligible": False, "blocker": "专用加密硬件"}),
                  system("app")], exits=[exit_("x", published=[{"system": "mail", "port": 443}])])
    plan = _plan(inv)
    assert _row(plan.exits, "x").published == []
    assert [f.kind for f in plan.findings] == ["published-service-on-intranet"]
    assert _rules(plan, inv) == set()
