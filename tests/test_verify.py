"""The verifier: the fixture plan is valid, and each rule catches its own break with the offending ids."""

from __future__ import annotations

import re

import pytest
import verify_fixture as fx

from planner.plan import Conflict, Nat
from planner.verify import RULES, Violation, format_violations, verify

RULE_IDS = {r.id for r in RULES}


def check(plan, inventory=None, topology=None):
    return verify(plan, inventory or fx.inventory(), topology or fx.topology(), fx.policy())


def by_rule(violations: list[Violation]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for v in violations:
        out.setdefault(v.rule, []).append(v.objects)
    return out


def system(plan, sid):
    return next(s for s in plan.systems if s.id == sid)


def network(plan, nid):
    return next(n for n in plan.networks if n.id == nid)


def exit_(plan, eid):
    return next(e for e in plan.exits if e.id == eid)


def platform(plan, pid):
    return next(p for p in plan.platforms if p.id == pid)


def test_rules_have_stable_ids_and_one_sentence_names():
    """Every FORMATS.md rule 1–18 and safety invariant S1–S3 is registered once, with a sentence."""
    assert sorted(RULE_IDS) == sorted([
        "R01-coverage", "R02-classified-intranet", "R03-decommission-integrate", "R04-cloud-domain-and-stay",
        "R05-durations-and-freeze", "R06-team-slots", "R07-tight-pairs-together", "R08-cloud-capacity-and-transfer",
        "R09-connect-first", "R10-exit-platforms", "R11-prefixes-and-nat", "R12-milestones", "R13-legacy-cost",
        "R14-kinds-of-work", "R15-dates", "R16-cutover-limits", "R17-replacements", "R18-switch-off-cost",
        "S1-classified-isolated", "S2-department-reaches-exit-platform", "S3-no-prefix-overlap-in-domain",
    ])
    for r in RULES:
        assert re.fullmatch(r"[RS]\d+(-[a-z0-9]+)+", r.id)
        assert r.name.endswith(".") and r.name.count(". ") == 0


def test_verify_fixture_plan_is_valid():
    """The fixture plan breaks no rule."""
    assert check(fx.plan()) == []


def test_verify_r01_missing_duplicate_and_unknown_rows():
    """A missing network, a duplicated system and an unknown exit are each one R01 row."""
    plan = fx.plan()
    plan.networks = [n for n in plan.networks if n.id != "net-keep"]
    plan.systems.append(system(plan, "rsj-cloud").model_copy())
    plan.exits.append(exit_(plan, "exit-rsj-1").model_copy(update={"id": "exit-ghost", "wave": None}))
    found = by_rule(check(plan))
    assert set(found) == {"R01-coverage"}
    assert sorted(found["R01-coverage"]) == [("exit-ghost",), ("net-keep",), ("rsj-cloud",)]


def test_verify_r02_classified_system_to_cloud_is_caught_with_its_path():
    """A classified system migrating to a cloud breaks R02, and S1 shows its path to the cloud."""
    plan = fx.refresh(fx.plan())
    gaj = system(plan, "gaj-secret")
    gaj.action, gaj.target, gaj.start_wave = "migrate", "admin-cloud", 5
    found = by_rule(check(plan))
    assert set(found) == {"R02-classified-intranet", "S1-classified-isolated"}
    assert found["R02-classified-intranet"] == [("gaj-secret",)]
    assert ("gaj-secret",) in found["S1-classified-isolated"]


def test_verify_r02_classified_network_into_extranet():
    """A classified network consolidated into the extranet breaks R02 (and S1: it now reaches the extranet)."""
    plan = fx.plan()
    net = network(plan, "net-gaj")
    net.action, net.domain, net.prefixes = "consolidate", "extranet-admin", ["59.255.48.96/27"]
    plan = fx.refresh(plan)
    found = by_rule(check(plan))
    assert found["R02-classified-intranet"] == [("net-gaj",)]
    assert set(found) <= {"R02-classified-intranet", "S1-classified-isolated", "R11-prefixes-and-nat",
                          "S3-no-prefix-overlap-in-domain"}


def test_verify_s1_flow_between_classified_and_extranet_system():
    """A flow from a classified system to a system on the cloud is a path out of the intranet."""
    plan = fx.plan()
    plan.flows.append(plan.flows[0].model_copy(update={"source": "gaj-secret", "target": "rsj-social"}))
    found = by_rule(check(plan))
    assert set(found) == {"S1-classified-isolated"}
    assert sorted(found["S1-classified-isolated"]) == [("gaj-secret",), ("net-gaj",)]


def test_verify_r03_decommission_without_zombie_rule():
    """Decommissioning a used, ledgered, maintained system breaks R03."""
    plan = fx.plan()
    legacy = system(plan, "rsj-legacy")
    legacy.action, legacy.next_step = "decommission", None
    found = by_rule(check(fx.refresh(plan)))
    assert found == {"R03-decommission-integrate": [("rsj-legacy",)]}


def test_verify_r03_integration_across_departments_and_section_system_left_alone():
    """Integrating into another department's system, or letting a section system stay, breaks R03."""
    plan = fx.plan()
    system(plan, "fgw-section").target = "rsj-social"
    assert by_rule(check(plan)) == {"R03-decommission-integrate": [("fgw-section", "rsj-social")]}
    plan = fx.plan()
    section = system(plan, "fgw-section")
    section.action, section.target, section.wave = "stay", None, None
    section.reasons, section.next_step = ["科室系统"], "并入投资平台"
    plan.conflicts = [Conflict(milestone="cloud-70", text="fgw-section stays")]  # it now counts for cloud-70
    assert by_rule(check(fx.refresh(plan))) == {"R03-decommission-integrate": [("fgw-section",)]}


def test_verify_r04_wrong_cloud_domain_and_stay_without_next_step():
    """A public-facing system on the admin cloud, and a stay without next_step, are R04 rows."""
    plan = fx.plan()
    system(plan, "fgw-invest").target = "admin-cloud"
    system(plan, "rsj-legacy").next_step = None
    found = by_rule(check(plan))
    assert set(found) == {"R04-cloud-domain-and-stay"}
    assert sorted(found["R04-cloud-domain-and-stay"]) == [("fgw-invest",), ("rsj-legacy",)]


def test_verify_r05_short_migration_and_cutover_in_freeze():
    """A 10-day migration squeezed into one wave, and an exit cut over during the Spring Festival, are R05 rows."""
    plan = fx.plan()
    system(plan, "fgw-db").start_wave = 3
    exit_(plan, "exit-fgw-1").wave = 11  # 2018-02-12..18, inside the freeze
    found = by_rule(check(fx.refresh(plan)))
    assert set(found) == {"R05-durations-and-freeze"}
    assert sorted(found["R05-durations-and-freeze"]) == [("exit-fgw-1",), ("fgw-db",)]


def test_verify_r06_too_many_migrations_for_the_city_team():
    """Three region migrations in wave 3 exceed city-ops' two slots; all three are listed."""
    plan = fx.plan()
    social = system(plan, "rsj-social")
    social.start_wave, social.wave = 3, 3
    found = by_rule(check(fx.refresh(plan)))
    assert found == {"R06-team-slots": [("fgw-db", "fgw-invest", "rsj-social")]}


def test_verify_r07_tight_pair_split_over_two_waves():
    """fgw-invest depends tightly on fgw-db; cutting it over a wave later breaks R07."""
    plan = fx.plan()
    db = system(plan, "fgw-db")
    db.start_wave, db.wave = 1, 2
    found = by_rule(check(fx.refresh(plan)))
    assert found == {"R07-tight-pairs-together": [("fgw-invest", "fgw-db")]}


def test_verify_r08_cloud_capacity_and_transfer():
    """12 vCPU cut over to a 10-vCPU admin cloud, and 6 TB moved in a 5 TB wave, are R08 rows."""
    found = by_rule(check(fx.plan(), topology=fx.topology(admin_vcpu=10)))
    assert found == {"R08-cloud-capacity-and-transfer": [("fgw-db", "ts-edu"), ("rsj-social",)]}
    found = by_rule(check(fx.plan(), topology=fx.topology(transfer_tb=5)))
    assert found == {"R08-cloud-capacity-and-transfer": [("fgw-db", "fgw-invest", "ts-edu")]}


def test_verify_r09_connect_first():
    """A system cut over before its network, and an exit before its network and published system, break R09."""
    plan = fx.plan()
    network(plan, "net-rsj").wave = 5
    exit_(plan, "exit-fgw-1").wave = 1
    found = by_rule(check(fx.refresh(plan)))
    assert set(found) == {"R09-connect-first"}
    assert sorted(found["R09-connect-first"]) == [
        ("exit-fgw-1", "fgw-invest"), ("exit-fgw-1", "net-fgw"), ("rsj-social", "net-rsj")]


def test_verify_r10_platform_assignment_bandwidth_and_carriers():
    """A county exit on the region platform, a wrong bandwidth step and foreign carriers are R10 rows."""
    plan = fx.plan()
    exit_(plan, "exit-ts-1").platform = "region"
    platform(plan, "county:taishan").carriers = ["mobile"]
    found = by_rule(check(plan))
    assert set(found) == {"R10-exit-platforms"}
    assert sorted(found["R10-exit-platforms"]) == [
        ("county:taishan",), ("county:taishan",), ("exit-ts-1",), ("region",)]
    plan = fx.plan()
    platform(plan, "region").bandwidth_mbps = 200  # 0.6 × 162 = 97.2 -> 100
    assert by_rule(check(plan)) == {"R10-exit-platforms": [("region",)]}


def test_verify_r11_prefix_outside_pool_and_missing_nat():
    """A prefix outside the admin pool and a missing NAT entry on one side of an overlap are R11 rows."""
    plan = fx.plan()
    network(plan, "net-ts").prefixes = ["59.255.60.0/27"]
    network(plan, "net-rsj").nat = []
    found = by_rule(check(plan))
    assert set(found) == {"R11-prefixes-and-nat"}
    assert sorted(found["R11-prefixes-and-nat"]) == [("net-rsj", "net-fgw"), ("net-ts",)]


def test_verify_r11_and_s3_blocks_of_two_departments_overlap():
    """Handing ts-jyj's network fgw's block breaks R11 (overlapping prefixes) and S3 (shared addresses)."""
    plan = fx.plan()
    network(plan, "net-ts").prefixes = ["59.255.48.0/27"]
    found = by_rule(check(plan))
    assert set(found) == {"R11-prefixes-and-nat", "S3-no-prefix-overlap-in-domain"}
    assert {frozenset(o) for o in found["R11-prefixes-and-nat"]} == {
        frozenset({"net-ts", "net-fgw"}), frozenset({"net-ts", "department fgw"}),
        frozenset({"department fgw", "net-ts"})}


def test_verify_s3_untranslated_original_cidr_in_another_departments_block():
    """A network whose own addresses lie in fgw's extranet block, consolidated without NAT, breaks S3 only."""
    inv = fx.inventory(ts_cidr="59.255.48.0/28")
    found = by_rule(check(fx.plan(), inventory=inv))
    assert set(found) == {"S3-no-prefix-overlap-in-domain"}
    assert ("net-ts", "department fgw") in found["S3-no-prefix-overlap-in-domain"] or \
        ("net-ts", "net-fgw") in found["S3-no-prefix-overlap-in-domain"]


def test_verify_s2_exit_behind_a_network_cut_off_from_the_extranet():
    """An exit consolidated while its network went to the intranet cannot reach its platform."""
    plan = fx.plan()
    ts = network(plan, "net-ts")
    ts.action, ts.domain, ts.prefixes = "intranet", "intranet", []
    found = by_rule(check(fx.refresh(plan)))
    assert found == {"S2-department-reaches-exit-platform": [("ts-jyj", "exit-ts-1")]}


def test_verify_r12_planned_share_met_flag_and_conflicts():
    """A wrong planned share, a wrong met flag and an unmet milestone without conflicts are R12 rows."""
    plan = fx.plan()
    plan.milestones[0].planned = 0.9
    plan.milestones[1].met = False
    found = by_rule(check(plan))
    assert set(found) == {"R12-milestones"}
    assert ("cloud-70",) in found["R12-milestones"] and ("exits",) in found["R12-milestones"]
    plan = fx.plan()
    edu = system(plan, "ts-edu")
    edu.start_wave, edu.wave = 4, 4  # cloud-70: 3 of 5 by 2017-12-24
    plan = fx.refresh(plan)
    assert by_rule(check(plan)) == {"R12-milestones": [("cloud-70",)]}
    plan.conflicts = [Conflict(milestone="cloud-70", text="ts-edu cannot be ready before wave 4")]
    assert check(plan) == []


def test_verify_r13_legacy_cost_tolerance():
    """A legacy cost 2 CNY off breaks R13; 0.5 CNY off is rounding."""
    plan = fx.plan()
    plan.cost.legacy_cny += 0.5
    assert check(plan) == []
    plan.cost.legacy_cny += 1.5
    assert by_rule(check(plan)) == {"R13-legacy-cost": [("cost",)]}


def test_verify_lists_every_offending_row_not_only_the_first():
    """Removing all NAT entries lists both sides of the overlap."""
    plan = fx.plan()
    for n in plan.networks:
        n.nat = []
    found = by_rule(check(plan))
    assert sorted(found["R11-prefixes-and-nat"]) == [("net-fgw", "net-rsj"), ("net-rsj", "net-fgw")]


def test_format_violations_caps_rows_per_rule():
    """At most ten rows per rule are printed, then '… and N more'."""
    rows = [Violation("R01-coverage", "Every system appears once.", (f"s{i}",), f"s{i} is missing") for i in range(13)]
    text = format_violations(rows)
    assert text.splitlines()[0] == "R01-coverage — Every system appears once. (13 violations)"
    assert "  - s9: s9 is missing" in text and "s10" not in text
    assert text.splitlines()[-1] == "  … and 3 more"


@pytest.mark.parametrize("rule_id", sorted(RULE_IDS))
def test_verify_can_run_one_rule(rule_id):
    """verify(rules=[id]) runs just that rule; the fixture passes each."""
    assert verify(fx.plan(), fx.inventory(), fx.topology(), fx.policy(), rules=[rule_id]) == []


def test_nat_model_is_the_plans():
    """The fixture's NAT rows are the plan's own model (inside = original CIDR, outside = prefix)."""
    assert network(fx.plan(), "net-fgw").nat == [Nat(inside="10.12.0.0/16", outside="59.255.48.0/27")]
