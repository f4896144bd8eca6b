"""decide() on systems: decommission (zombie, shadow), integrate (rule 3), intranet, cloud or stay."""

from __future__ import annotations

from decide_fixture import kinds, network, region, run, system, topology, with_small_scopes

from planner.decide import function_terms, integration_candidates
from planner.model import System

EXTRA_ELIGIBLE = ("eligibility auto, eligible: hosting self-room, protection level 2 (at most 3), not run by an "
                  "upper level, not on a retained or classified network")
TO_ADMIN = "not public-facing: goes to admin-cloud, the cloud of the administrative domain (行政服务云)"

# --------------------------------------------------------------------------- decommission


def test_decide_zombie_om_stopped_is_decommissioned():
    """O&M stopped is a zombie criterion on its own."""
    got = run(region([system("old", om_active=False)])).systems["old"]
    assert (got.action, got.target) == ("decommission", None)
    assert got.reasons == ["zombie: O&M and updates have stopped (om_active false)"]


def test_decide_zombie_idle_is_decommissioned():
    """Idle resources are a zombie criterion on its own."""
    got = run(region([system("old", idle=True)])).systems["old"]
    assert got.reasons == ["zombie: its resources have sat idle for a long time (idle true)"]


def test_decide_zombie_stale_names_the_days_and_threshold():
    """Last change 2014-03-01 is 1374 days before 2017-12-04, over 730."""
    got = run(region([system("old", last_change="2014-03-01")])).systems["old"]
    assert got.action == "decommission"
    assert got.reasons == ["zombie: last change 2014-03-01 is 1374 days before the plan start 2017-12-04, "
                           "over the 730-day threshold"]


def test_decide_recent_change_is_not_stale():
    """730 days exactly (2015-12-05 to 2017-12-04, over a leap day) is not over the threshold."""
    got = run(region([system("ok", last_change="2015-12-05")])).systems["ok"]
    assert got.action == "migrate"


def test_decide_low_users_with_department_scope_is_not_a_zombie_by_default():
    """Rule 3: small scope = a scope in zombie.small_scopes, default [section]; department-wide with 15 users migrates."""
    got = run(region([system("few", monthly_users=15, last_change="2016-12-01")])).systems["few"]
    assert got.action == "migrate"


def test_decide_zombie_low_users_with_a_scope_the_policy_calls_small():
    """With small_scopes [section, department], 8 monthly users of a department-wide system is a zombie."""
    got = run(region([system("few", monthly_users=8)]), policy=with_small_scopes("section", "department")).systems
    assert got["few"].reasons == ["zombie: 8 monthly users, below the policy threshold of 20, with scope department "
                                  "(a small scope: section, department)"]


def test_decide_zombie_a_live_system_depends_on_tightly_stays_with_the_dependent_named():
    """Rule 3: an idle system that a live one depends on tightly is not switched off; it stays, naming the dependent."""
    got = run(region([system("old", idle=True), system("app", name="审批平台", deps=(("old", "tight"),))])).systems
    assert (got["old"].action, got["app"].action) == ("stay", "migrate")
    assert got["old"].reasons == ["zombie: its resources have sat idle for a long time (idle true)",
                                  "not switched off: app (审批平台) in service depends on it tightly (rule 3)"]
    assert got["old"].next_step == ("move app off it (or make the coupling loose) by 2018-02-26, then switch it off")


def test_decide_zombie_depended_on_loosely_is_still_switched_off():
    """A loose dependent does not keep a zombie: it is decommissioned, with the dependent named (a finding)."""
    got = run(region([system("old", idle=True), system("app", deps=(("old", "loose"),))])).systems
    assert got["old"].action == "decommission"


def test_decide_zombie_whose_tight_dependent_is_a_zombie_too_is_switched_off():
    """Both idle, one tight on the other: nothing in service depends on either, both go."""
    got = run(region([system("old", idle=True), system("app", idle=True, deps=(("old", "tight"),))])).systems
    assert (got["old"].action, got["app"].action) == ("decommission", "decommission")


def test_decide_kept_zombie_keeps_the_systems_it_replaces_replaceable():
    """x is replaceable by old, an idle system kept for app: old stays in service, so x is still switched off."""
    got = run(region([system("old", idle=True), system("app", deps=(("old", "tight"),)),
                      system("x", replaceable_by="old")])).systems
    assert (got["old"].action, got["x"].action) == ("stay", "decommission")


def test_decide_low_users_with_wide_scope_is_not_a_zombie():
    """8 monthly users of a region-wide system is low use, not a zombie: it migrates."""
    got = run(region([system("few", monthly_users=8, scope="region")])).systems["few"]
    assert got.action == "migrate"


def test_decide_zombie_replaceable_names_the_replacement():
    """Replaceable by a system in service: decommissioned, naming it."""
    got = run(region([system("old", replaceable_by="new"), system("new", name="新平台")])).systems
    assert got["old"].reasons == ["zombie: its function is covered by new (新平台), which stays in service "
                                  "(replaceable_by)"]
    assert got["new"].action == "migrate"


def test_decide_replaceable_by_a_zombie_keeps_the_system():
    """old -> mid -> gone: gone is a zombie, so mid keeps its function and old is replaced by mid."""
    got = run(region([system("old", replaceable_by="mid"), system("mid", replaceable_by="gone"),
                      system("gone", idle=True)])).systems
    assert [got[s].action for s in ("old", "mid", "gone")] == ["decommission", "migrate", "decommission"]
    assert got["mid"].reasons[0] == ("replaceable_by gone, but gone is decommissioned itself, so this system "
                                     "keeps its function")


def test_decide_replaceable_cycle_keeps_the_most_used():
    """a and b replaceable by each other: b (more users) is kept, a is decommissioned; a finding says so."""
    d = run(region([system("a", replaceable_by="b", monthly_users=100), system("b", replaceable_by="a")]))
    assert (d.systems["a"].action, d.systems["b"].action) == ("decommission", "migrate")
    assert kinds(d) == [("replaceable-cycle", ["a", "b"])]


def test_decide_shadow_is_decommissioned():
    """Not in the ledger: a shadow."""
    got = run(region([system("ghost", in_ledger=False)])).systems["ghost"]
    assert got.reasons == ["shadow: found running but not in the ledger (in_ledger false); shadow systems lose "
                           "all funding"]


def test_decide_zombie_lists_every_criterion_that_holds():
    """Shadow, O&M stopped, idle and low use all appear, in that order."""
    got = run(region([system("bad", in_ledger=False, om_active=False, idle=True, monthly_users=3, scope="section",
                             section="投资科")])).systems["bad"]
    assert [r.split(":")[0] for r in got.reasons] == ["shadow", "zombie", "zombie", "zombie"]
    assert len(got.reasons) == 4


def test_decide_classified_zombie_is_decommissioned_not_intranet():
    """Rule 2 allows decommissioning a classified system."""
    got = run(region([system("sec", classified=True, idle=True)])).systems["sec"]
    assert got.action == "decommission"


# --------------------------------------------------------------------------- integrate


def test_decide_section_system_integrates_into_best_fit():
    """The price section system merges into the system sharing its function terms, not the most used one."""
    d = run(region([
        system("fgw-price", section="价格科", scope="section", function="价格监测"),
        system("fgw-invest", function="投资项目审批", monthly_users=1200),
        system("fgw-pricing", function="价格监管与收费", monthly_users=300, name="价格管理平台"),
    ]))
    got = d.systems["fgw-price"]
    assert (got.action, got.target) == ("integrate", "fgw-pricing")
    assert got.reasons == [
        "scope section (价格科): a system that exists in the name of one section is integrated into its "
        "department's system (rule 3)",
        "merged into fgw-pricing (价格管理平台), the best of 2 candidates of department fgw: 2 shared function terms "
        "(价格, 格监), same audience, scope department, 300 monthly users",
        "runner-up fgw-invest: 0 shared function terms, same audience, scope department, 1200 monthly users",
    ]


def test_integration_score_prefers_terms_audience_scope_users():
    """Ties on terms go to the same audience, then department scope, then users."""
    me = System.model_validate(system("me", scope="section", section="投资科", function="档案"))
    pool = [System.model_validate(system(i, **kw)) for i, kw in [
        ("portal", {"public_facing": True, "monthly_users": 9000}),
        ("wide", {"scope": "region", "monthly_users": 5000}),
        ("dept-small", {"monthly_users": 50}),
        ("dept-big", {"monthly_users": 800}),
    ]]
    assert [c.id for c in integration_candidates(me, pool)] == ["dept-big", "dept-small", "wide", "portal"]


def test_function_terms_are_bigrams_without_generic_words():
    """价格监测系统 -> 价格, 格监, 监测 (系统 is dropped); Latin words are words."""
    assert sorted(function_terms(System.model_validate(system("x", name="价格监测系统")))) == ["价格", "格监", "监测"]
    assert function_terms(System.model_validate(system("x", function="GIS map"))) == {"gis", "map"}


def test_decide_section_system_with_nothing_to_merge_into_stays():
    """The department's only other system is classified: stay with that reason and a next step."""
    d = run(region([system("fgw-price", section="价格科", scope="section"),
                    system("fgw-secret", classified=True, network="intranet")]))
    got = d.systems["fgw-price"]
    assert got.action == "stay"
    assert got.reasons[1] == "department fgw has no other non-classified system in service to merge into"
    assert got.next_step == ("make it the department's integrated system (大系统): record scope department in the "
                             "ledger by 2018-02-26, then put it on the migration list")


def test_decide_all_section_department_merges_into_its_hub():
    """Two section systems and nothing else: the most used is the hub (stays), the other merges into it."""
    d = run(region([system("a", section="价格科", scope="section", monthly_users=100),
                    system("b", section="投资科", scope="section", monthly_users=900)]))
    assert (d.systems["a"].action, d.systems["a"].target) == ("integrate", "b")
    assert d.systems["b"].action == "stay"
    assert d.systems["b"].reasons[1] == ("department fgw has no other non-classified system to merge into: the "
                                         "other section systems merge into this one")


def test_decide_integration_target_zombie_is_a_finding():
    """The best fit is a zombie: the section system merges into the next one and a finding names the zombie."""
    d = run(region([system("fgw-price", section="价格科", scope="section", function="价格监测"),
                    system("fgw-old", function="价格监测", idle=True),
                    system("fgw-invest", function="投资")]))
    assert d.systems["fgw-price"].target == "fgw-invest"
    assert kinds(d) == [("integration-target-is-zombie", ["fgw-price", "fgw-old"])]
    assert d.systems["fgw-price"].reasons[-1].startswith("fgw-old would fit best (3 shared function terms")


# --------------------------------------------------------------------------- intranet, cloud, stay


def test_decide_classified_goes_to_intranet():
    """Classified: intranet, never a cloud."""
    got = run(region([system("sec", classified=True, network="intranet")])).systems["sec"]
    assert (got.action, got.target) == ("intranet", "intranet")
    assert got.reasons == ["classified (涉密): goes to the e-government intranet node, never to a cloud, the "
                           "extranet or an exit platform"]


def test_decide_gov_cloud_is_on_cloud():
    """Hosting gov-cloud: already there."""
    got = run(region([system("c", hosting="gov-cloud", network="extranet-admin")])).systems["c"]
    assert (got.action, got.reasons) == ("on-cloud", ["already on the government cloud (hosting gov-cloud)"])


def test_decide_public_facing_goes_to_public_cloud():
    """Public-facing: the cloud of domain public."""
    got = run(region([system("web", public_facing=True)])).systems["web"]
    assert (got.action, got.target) == ("migrate", "public-cloud")
    assert got.reasons == [EXTRA_ELIGIBLE, "public-facing: goes to public-cloud, the cloud of the public service "
                                           "domain (公共服务云)"]


def test_decide_not_public_facing_goes_to_admin_cloud():
    """Not public-facing: the cloud of domain admin."""
    got = run(region([system("oa")])).systems["oa"]
    assert (got.action, got.target, got.reasons) == ("migrate", "admin-cloud", [EXTRA_ELIGIBLE, TO_ADMIN])
    assert got.next_step is None


def test_decide_explicitly_eligible_says_so():
    """eligible true: the ledger's word, even for protection level 4."""
    got = run(region([system("x", protection_level=4, migration={"eligible": True})])).systems["x"]
    assert got.reasons == ["eligible for the cloud: the ledger says migration.eligible true", TO_ADMIN]


def test_decide_blocked_stays_with_next_step():
    """eligible false with a hardware blocker: stay, and replace the hardware."""
    got = run(region([system("enc", migration={"eligible": False, "blocker": "专用加密硬件"})])).systems["enc"]
    assert got.action == "stay"
    assert got.reasons == ["not eligible for the cloud (migration.eligible false): 专用加密硬件"]
    assert got.next_step == ("replace the special hardware (专用加密硬件) with a cloud-hosted equivalent (e.g. a cloud "
                             "cipher machine 云密码机) or keep it as an appliance on the extranet; decide by 2018-02-26")


def test_decide_auto_not_eligible_above_protection_level_3():
    """Auto with protection level 4: stay, with the level in the reason and an assessment as next step."""
    got = run(region([system("hi", protection_level=4)])).systems["hi"]
    assert got.action == "stay"
    assert got.reasons == ["eligibility auto, not eligible: protection level 4 is above level 3, the highest the "
                           "government cloud is rated for"]
    assert got.next_step == ("have the government cloud assessed for protection level 4 (等保测评) or keep it in "
                             "its hardened room; decide by 2018-02-26")


def test_decide_vertical_system_stays_and_asks_upper_level():
    """Hosting vertical: run by an upper level; ask them for their plan."""
    got = run(region([system("v", hosting="vertical")])).systems["v"]
    assert got.action == "stay"
    assert got.reasons == ["eligibility auto, not eligible: hosting vertical: run by an upper-level department "
                           "(垂直系统), which decides where it runs"]
    assert got.next_step == ("ask the upper-level department (上级主管部门) of fgw for the vertical system's cloud "
                             "and extranet plan by 2018-02-26")


def test_decide_system_on_retained_network_stays():
    """A retained network keeps its systems; the network is retained with its approval."""
    d = run(region([system("r", network="net-keep")], networks=[network("net-keep", retain={
        "approved_by": "市政府办公室", "reason": "国家有特殊规定"})]))
    assert d.systems["r"].action == "stay"
    assert d.systems["r"].reasons == ["eligibility auto, not eligible: runs on net-keep, kept with the approval of "
                                      "市政府办公室 (国家有特殊规定)"]
    assert d.systems["r"].next_step.startswith("connect it through net-keep's temporary interconnection (网络对接)")
    net = d.networks["net-keep"]
    assert (net.action, net.domain) == ("retain", None)
    assert net.reasons[0] == "retained with the approval of 市政府办公室: 国家有特殊规定"


def test_decide_no_cloud_of_the_domain_stays_with_a_finding():
    """A public-facing system with only an admin cloud in the topology stays."""
    d = run(region([system("web", public_facing=True)]), topology("admin"))
    assert d.systems["web"].action == "stay"
    assert d.systems["web"].next_step == "add a cloud of domain public to the topology, then plan again"
    assert kinds(d) == [("no-cloud-for-domain", ["web"])]


def test_decide_system_whose_replacement_is_switched_off_later_is_no_zombie():
    """s6 is replaceable by s0 and kept for app; s0 is then replaceable by a kept zombie (old) and goes: s6 keeps its
    function and is an ordinary system again (a section system: integrated), not a zombie kept for app."""
    got = run(region([system("old", om_active=False), system("app", deps=(("old", "tight"), ("s6", "tight"))),
                      system("s0", replaceable_by="old"),
                      system("s6", scope="section", section="投资科", replaceable_by="s0")])).systems
    assert (got["old"].action, got["s0"].action) == ("stay", "decommission")
    assert got["s6"].action == "integrate"
