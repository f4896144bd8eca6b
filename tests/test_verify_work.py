"""Rules 14–18 of version 2 (and rule 6 counting only migration teams): a plan the planner makes for a small
version-2 region is valid, and each rule catches a plan broken in its own way, with the offending ids.

The region is the verifier's fixture (:mod:`verify_fixture`, waves of 7 days from Monday 2017-12-04: wave 2
starts 2017-12-11, wave 3 2017-12-18, wave 5 2018-01-01) plus version 2: crews for networks, exits and
switch-offs (one slot each), 6 network sites per wave (net-fgw's 14 sites take 3 waves), the region's exit
platform ready 2017-12-18 (wave 3), a shared mail service ready 2018-01-01 (wave 5) that names fgw-mail,
networks not before 2017-12-11 (wave 2), and at most 2 migration cut-overs a wave (3 from 2017-12-25).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import verify_fixture as fx

from planner.model import WorkKind
from planner.model.policy import Limits, RampStep
from planner.model.topology import SharedService, Team
from planner.pipeline import PlanSettings, make_plan
from planner.plan import FORMAT_2
from planner.verify import RULES_BY_ID, Violation, verify
from planner.verify.recomputed import legacy_cost_cny, milestone_results

WORK_RULES = ("R14-kinds-of-work", "R15-dates", "R16-cutover-limits", "R17-replacements", "R18-switch-off-cost")
MAIL_READY, MAIL_WAVE = dt.date(2018, 1, 1), 5


def inventory():
    inv = fx.inventory()
    invest = next(s for s in inv.systems if s.id == "fgw-invest")
    mail = invest.model_copy(update={
        "id": "fgw-mail", "name": "发改委邮件系统", "public_facing": False, "depends_on": [], "replace_with": "gov-mail",
        "funding": invest.funding.model_copy(update={"yearly_om_cny": 36500}),
        "migration": invest.migration.model_copy(update={"effort_days": 10}),  # two waves
        "resources": invest.resources.model_copy(update={"vcpu": 4})})
    return inv.model_copy(update={"systems": [*inv.systems, mail]})


def topology():
    top = fx.topology()
    crews = [Team(id="net-crew", serves="region", slots=1, works_on=WorkKind.networks),
             Team(id="cty-net", serves="counties", slots=1, works_on=WorkKind.networks),
             Team(id="exit-crew", serves="region", slots=1, works_on=WorkKind.exits),
             Team(id="cty-exit", serves="counties", slots=1, works_on=WorkKind.exits),
             Team(id="cleanup", serves="region", slots=1, works_on=WorkKind.decommissions)]
    platforms = top.exit_platforms
    return top.model_copy(update={
        "teams": [*top.teams, *crews], "network_sites_per_wave": 6,
        "exit_platforms": platforms.model_copy(update={
            "region": platforms.region.model_copy(update={"ready": dt.date(2017, 12, 18)})}),
        "shared_services": [SharedService(id="gov-mail", name="全省统一电子邮件系统", ready=MAIL_READY)]})


def policy(per_department: int | None = None):
    pol = fx.policy()
    ramp = [RampStep(**{"from": dt.date(2017, 12, 4), "at_most": 2}), RampStep(**{"from": dt.date(2017, 12, 25), "at_most": 3})]
    return pol.model_copy(update={
        "milestones": [m for m in pol.milestones if m.id != "cloud-70"],  # the others fall due in mid-2018
        "not_before": {WorkKind.networks: dt.date(2017, 12, 11)},
        "limits": Limits(cutovers_per_wave=ramp, cutovers_per_department_per_wave=per_department)})


@pytest.fixture(scope="module")
def made():
    plan = make_plan(inventory(), topology(), policy(), PlanSettings(time_limit=0))
    assert plan.format == FORMAT_2
    return plan


@pytest.fixture
def plan(made):
    return made.model_copy(deep=True)


def refresh(plan, inv=None, pol=None):
    """Recompute what the scheduler derives (milestones, legacy cost) after an edit of the waves."""
    inv, pol = inv or inventory(), pol or policy()
    plan.milestones = milestone_results(plan, inv, pol)
    plan.cost.legacy_cny = legacy_cost_cny(plan, inv, pol)
    return plan


def check(plan, inv=None, top=None, pol=None) -> list[Violation]:
    return verify(plan, inv or inventory(), top or topology(), pol or policy())


def by_rule(violations: list[Violation]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for v in violations:
        out.setdefault(v.rule, []).append(v.objects)
    return out


def details(violations: list[Violation], rule_id: str) -> str:
    return " | ".join(v.details for v in violations if v.rule == rule_id)


def row(rows, ident):
    return next(r for r in rows if r.id == ident)


def replaced(plan):
    """fgw-mail replaced by gov-mail in the first wave the service is ready and the switch-off crew is free."""
    mail = row(plan.systems, "fgw-mail")
    if mail.action != "replace":
        busy = {s.wave for s in plan.systems if s.action in ("decommission", "replace") and s.id != "fgw-mail"}
        wave = next(w for w in range(MAIL_WAVE, 60) if w not in busy and not plan.waves[w - 1].frozen)
        mail.action, mail.target, mail.start_wave, mail.wave = "replace", "gov-mail", wave, wave
        mail.reasons = ["replace_with gov-mail: 全省统一电子邮件系统 replaces it"]
    return refresh(plan)


def broken(plan, base) -> list[Violation]:
    """The violations of ``plan`` that the unbroken ``base`` does not have (see test_plan_with_a_replacement_is_valid)."""
    standing = set(check(base))
    return [v for v in check(plan) if v not in standing]


def test_work_rules_are_registered_with_one_sentence():
    """Rules 14–18 are registered once each, with a stable id and a one-sentence name."""
    for rule_id in WORK_RULES:
        r = RULES_BY_ID[rule_id]
        assert re.fullmatch(r"R1[4-8](-[a-z0-9]+)+", r.id)
        assert r.name.endswith(".") and r.name.count(". ") == 0


def test_planner_v2_plan_is_valid(plan):
    """The planner's version-2 plan breaks no rule, and it schedules every piece of work with its waves."""
    assert check(plan) == []
    assert all(n.start_wave is not None and n.wave is not None for n in plan.networks if n.action != "retain")
    net = row(plan.networks, "net-fgw")
    assert net.wave - net.start_wave + 1 == 3  # 14 sites, 6 a wave


def test_plan_with_a_replacement_is_valid(plan):
    """fgw-mail replaced by the shared service, once the service is ready, breaks no rule."""
    plan = replaced(plan)
    assert row(plan.systems, "fgw-mail").wave >= MAIL_WAVE
    assert check(plan) == []


def test_r06_counts_only_the_teams_that_work_on_migrations(plan):
    """Three region migrations at once exceed city-ops' 2 slots; the region's network, exit and clean-up crews
    (3 more slots) do not migrate."""
    db, invest, mail = (row(plan.systems, s) for s in ("fgw-db", "fgw-invest", "fgw-mail"))
    mail.action, mail.target, mail.start_wave, mail.wave = "migrate", "admin-cloud", invest.wave, invest.wave + 1
    assert db.start_wave <= invest.wave <= db.wave
    found = check(refresh(plan))
    assert any({"fgw-db", "fgw-invest", "fgw-mail"} <= set(o) for o in by_rule(found)["R06-team-slots"])
    assert "have 2 slots" in details(found, "R06-team-slots")


def test_r14_network_crew_works_on_one_network_at_once(plan):
    """net-rsj moved to overlap net-fgw: the region's one network crew slot is taken twice."""
    fgw, rsj = row(plan.networks, "net-fgw"), row(plan.networks, "net-rsj")
    rsj.start_wave, rsj.wave = fgw.wave - 1, fgw.wave  # 9 sites: 2 waves, still
    found = check(refresh(plan))
    assert by_rule(found) == {"R14-kinds-of-work": [("net-fgw", "net-rsj")] * 2}  # one row per wave of the overlap
    assert "networks crews (net-crew) have 1 slots" in details(found, "R14-kinds-of-work")


def test_r14_network_work_lasts_its_sites_per_wave(plan):
    """net-fgw done in one wave: 14 sites at 6 a wave take 3."""
    net = row(plan.networks, "net-fgw")
    net.start_wave = net.wave
    found = check(plan)
    assert by_rule(found) == {"R14-kinds-of-work": [("net-fgw",)]}
    assert "takes 3" in details(found, "R14-kinds-of-work")


def test_r14_switch_off_needs_its_start_wave(plan):
    """A version-2 decommission without a start_wave."""
    row(plan.systems, "fgw-old").start_wave = None
    found = check(plan)
    assert by_rule(found) == {"R14-kinds-of-work": [("fgw-old",)]}
    assert "must be set" in details(found, "R14-kinds-of-work")


def test_r14_exit_needs_its_wave(plan):
    """A version-2 exit without a wave is work never done (rule 12 then misses the exits milestone too)."""
    row(plan.exits, "exit-rsj-1").wave = None
    found = check(refresh(plan))
    assert by_rule(found)["R14-kinds-of-work"] == [("exit-rsj-1",)]
    assert "has no wave" in details(found, "R14-kinds-of-work")


def test_r14_and_r18_hold_version_1_plans_to_version_1():
    """The version-1 fixture plan leaves networks without start_wave and a costless shadow system without a wave;
    the same plan saying egov-plan/2 breaks rules 14 and 18."""
    inv, top, pol = fx.inventory(), fx.topology(), fx.policy()
    assert verify(fx.plan(), inv, top, pol, rules=WORK_RULES) == []
    v2 = fx.plan().model_copy(update={"format": FORMAT_2})
    found = by_rule(verify(v2, inv, top, pol, rules=WORK_RULES))
    assert sorted(found["R14-kinds-of-work"]) == [("fgw-old",), ("fgw-section",), ("gaj-secret",), ("net-fgw",),
                                                  ("net-gaj",), ("net-rsj",), ("net-ts",)]
    assert found["R18-switch-off-cost"] == [("rsj-shadow",)]


def test_r15_network_before_its_not_before(plan):
    """net-ts (3 sites, one wave) cut over in wave 1, before networks' not_before 2017-12-11 (wave 2)."""
    net = row(plan.networks, "net-ts")
    net.start_wave = net.wave = 1
    found = check(refresh(plan))
    assert by_rule(found) == {"R15-dates": [("net-ts",)]}
    assert "not_before.networks 2017-12-11" in details(found, "R15-dates")


def test_r15_exit_before_its_platform_is_ready(plan):
    """exit-rsj-1 moved onto the region platform in wave 2; the platform is ready 2017-12-18 (wave 3)."""
    row(plan.exits, "exit-rsj-1").wave = 2
    found = check(refresh(plan))
    assert by_rule(found) == {"R15-dates": [("exit-rsj-1",)]}
    assert "the region platform ready 2017-12-18" in details(found, "R15-dates")


def test_r15_replacement_before_its_service_is_ready(plan):
    """fgw-mail replaced a wave before gov-mail is ready."""
    base = replaced(plan)
    plan = base.model_copy(deep=True)
    mail = row(plan.systems, "fgw-mail")
    mail.start_wave = mail.wave = MAIL_WAVE - 1
    found = broken(refresh(plan), base)
    assert by_rule(found) == {"R15-dates": [("fgw-mail",)]}
    assert "service gov-mail ready 2018-01-01" in details(found, "R15-dates")


def test_r16_more_cutovers_in_a_wave_than_the_ramp(plan):
    """ts-edu moved into the wave of the tight pair fgw-db + fgw-invest: 3 cut-overs where the ramp allows 2."""
    pair = row(plan.systems, "fgw-invest").wave
    assert pair < 4  # the step of 2 is in force
    edu = row(plan.systems, "ts-edu")
    edu.start_wave = edu.wave = pair
    found = check(refresh(plan))
    assert by_rule(found) == {"R16-cutover-limits": [("fgw-db", "fgw-invest", "ts-edu")]}
    assert "allows 2" in details(found, "R16-cutover-limits")


def test_r16_more_cutovers_of_a_department_than_its_limit(plan):
    """The tight pair fgw-db + fgw-invest cuts over together: fine at 2 per department and wave, not at 1."""
    assert check(plan, pol=policy(per_department=2)) == []
    found = check(plan, pol=policy(per_department=1))
    assert by_rule(found) == {"R16-cutover-limits": [("fgw-db", "fgw-invest")]}
    assert "cutovers_per_department_per_wave is 1" in details(found, "R16-cutover-limits")


@pytest.mark.parametrize(("system", "target", "words"), [
    ("fgw-mail", "admin-cloud", "its target is admin-cloud"),
    ("rsj-social", "gov-mail", "names no replace_with"),
])
def test_r17_replacement_needs_its_service_as_target(plan, system, target, words):
    """A replacement whose target is not its service, or of a system that names no service."""
    base = replaced(plan)
    plan = base.model_copy(deep=True)
    s = row(plan.systems, system)
    s.action, s.target = "replace", target
    if system != "fgw-mail":  # one wave, after fgw-mail's (the switch-off crew has one slot)
        s.start_wave = s.wave = row(plan.systems, "fgw-mail").wave + 1
    found = broken(refresh(plan), base)
    assert by_rule(found)["R17-replacements"] == [(system,)]
    assert words in details(found, "R17-replacements")


def test_r17_a_classified_system_is_never_replaced(plan):
    """gaj-secret replaced by gov-mail: classified, and it names no service."""
    gaj = row(plan.systems, "gaj-secret")
    gaj.action, gaj.target = "replace", "gov-mail"
    found = check(refresh(plan))
    assert by_rule(found)["R17-replacements"] == [("gaj-secret",), ("gaj-secret",)]
    assert "is classified" in details(found, "R17-replacements")


def test_r17_a_system_not_replaced_says_why(plan):
    """fgw-mail names gov-mail, is not replaced, and gives no reasons."""
    mail = row(plan.systems, "fgw-mail")
    assert mail.action != "replace"
    mail.reasons = []
    found = check(plan)
    assert by_rule(found) == {"R17-replacements": [("fgw-mail",)]}
    assert "no reasons" in details(found, "R17-replacements")


def test_r18_a_replacement_without_a_wave(plan):
    """fgw-mail replaced but never switched off: its O&M never stops (and rule 14 does not report it again)."""
    base = replaced(plan)
    plan = base.model_copy(deep=True)
    mail = row(plan.systems, "fgw-mail")
    mail.start_wave = mail.wave = None
    found = broken(refresh(plan), base)
    assert by_rule(found) == {"R18-switch-off-cost": [("fgw-mail",)]}
    assert "36,500 CNY a year" in details(found, "R18-switch-off-cost")


def test_r18_a_version_1_switch_off_that_costs_needs_a_wave():
    """In a version-1 plan a decommission without a wave is let go only while it costs nothing."""
    inv = fx.inventory()
    shadow = next(s for s in inv.systems if s.id == "rsj-shadow")
    costly = shadow.model_copy(update={"funding": shadow.funding.model_copy(update={"yearly_om_cny": 10000})})
    inv = inv.model_copy(update={"systems": [costly if s.id == "rsj-shadow" else s for s in inv.systems]})
    found = by_rule(verify(fx.plan(), inv, fx.topology(), fx.policy(), rules=["R18-switch-off-cost"]))
    assert found == {"R18-switch-off-cost": [("rsj-shadow",)]}


def test_r13_counts_a_replaced_system_until_its_wave(plan):
    """Rule 18's cost: moving the replacement a wave later without recomputing the cost breaks R13."""
    base = replaced(plan)
    plan = base.model_copy(deep=True)
    mail = row(plan.systems, "fgw-mail")
    mail.start_wave = mail.wave = mail.wave + 1
    while plan.waves[mail.wave - 1].frozen or any(
            s.wave == mail.wave for s in plan.systems if s.action == "decommission"):
        mail.start_wave = mail.wave = mail.wave + 1
    found = broken(plan, base)
    assert by_rule(found) == {"R13-legacy-cost": [("cost",)]}
    assert broken(refresh(plan), base) == []
