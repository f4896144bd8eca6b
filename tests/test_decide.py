"""decide(): one action with its reasons for every system, network and exit; findings; flows; plan parts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from planner.decide import Decisions, decide, function_terms, integration_candidates
from planner.graph import RegionGraph
from planner.load import load_inventory, load_policy, load_topology
from planner.model import Inventory, System, TopologyFile

POLICY = load_policy("taian-2017")  # start 2017-12-04, zombie: 20 monthly users, 730 days
ROOT = Path(__file__).resolve().parent.parent


def topology(*domains: str) -> object:
    clouds = [{"id": f"{d}-cloud", "domain": d,
               "capacity": [{"from": "2017-12-01", "vcpu": 100, "memory_gb": 400, "storage_tb": 10}]} for d in domains]
    return TopologyFile.model_validate({"topology": {
        "id": "t",
        "extranet": {"public": {"pool": ["59.255.40.0/21"]}, "admin": {"pool": ["59.255.48.0/21"]}},
        "intranet": {"pool": ["10.250.0.0/20"]},
        "clouds": clouds,
        "exit_platforms": {"region": {"carriers": ["telecom"], "public_cidrs": ["218.56.0.0/24"]},
                           "county": {"carriers": ["telecom"], "public_cidrs": ["218.56.64.0/20"]},
                           "bandwidth_steps_mbps": [100, 1000]},
        "teams": [{"id": "ops", "serves": "region", "slots": 4}, {"id": "cops", "serves": "counties", "slots": 2}],
    }}).topology


TOPOLOGY = topology("public", "admin")


def system(ident: str, department: str = "fgw", network: str = "net-fgw", deps: tuple = (), **extra) -> dict:
    """A live, eligible-by-default system of `department`; deps are (system, coupling) pairs."""
    return {"id": ident, "name": extra.pop("name", ident), "department": department, "scope": "department",
            "monthly_users": 500, "funding": {"source": "fiscal", "yearly_om_cny": 1000}, "classified": False,
            "protection_level": 2, "hosting": "self-room", "resources": {"vcpu": 2}, "data_tb": 0.1,
            "network": network, "depends_on": [{"system": s, "coupling": c} for s, c in deps], **extra}


def network(ident: str, department: str = "fgw", **extra) -> dict:
    return {"id": ident, "name": ident, "department": department, "cidrs": [extra.pop("cidr", "10.12.0.0/16")],
            "sites": 4, "carrier": "telecom", "yearly_cost_cny": 1000, **extra}


def exit_(ident: str, department: str = "fgw", **extra) -> dict:
    return {"id": ident, "department": department, "carrier": "unicom", "bandwidth_mbps": 100, "peak_mbps": 50,
            "yearly_cost_cny": 1000, **extra}


def region(systems: list[dict], networks: list[dict] | None = None, exits: list[dict] = (),
           assets: list[dict] = ()) -> Inventory:
    """Departments fgw (region level, sections 投资科 价格科) and ny-jyj (county ningyang); net-fgw by default."""
    return Inventory.model_validate({
        "region": {"id": "taian", "name": "泰安市", "level": "city", "counties": [{"id": "ningyang", "name": "宁阳县"}]},
        "departments": [{"id": "fgw", "name": "发改委", "sections": ["投资科", "价格科"]},
                        {"id": "ny-jyj", "name": "宁阳教育局", "county": "ningyang"}],
        "systems": systems,
        "networks": [network("net-fgw")] if networks is None else networks,
        "exits": list(exits),
        "assets": list(assets),
    })


def run(inventory: Inventory, topo=TOPOLOGY) -> Decisions:
    return decide(inventory, topo, POLICY, RegionGraph(inventory, topo))


def kinds(decisions: Decisions) -> list[tuple[str, list[str]]]:
    return [(f.kind, f.objects) for f in decisions.findings]


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


def test_decide_zombie_low_users_with_narrow_scope():
    """8 monthly users with scope department is a zombie."""
    got = run(region([system("few", monthly_users=8)])).systems["few"]
    assert got.reasons == ["zombie: 8 monthly users, below the policy threshold of 20, with scope department"]


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
    got = run(region([system("bad", in_ledger=False, om_active=False, idle=True, monthly_users=3)])).systems["bad"]
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


# --------------------------------------------------------------------------- networks and exits


def test_decide_network_with_a_public_system_goes_to_public_domain():
    """One public-facing system on a network takes the whole network into extranet-public."""
    d = run(region([system("web", public_facing=True), system("oa")]))
    net = d.networks["net-fgw"]
    assert (net.action, net.domain) == ("consolidate", "extranet-public")
    assert net.reasons == ["a non-classified business private network (业务专网) moves into the e-government extranet",
                           "consolidate into extranet-public: 1 of its 2 systems in service are public-facing (web)"]


def test_decide_network_publishing_through_its_exit_goes_public():
    """No public-facing flag, but its exit publishes a system: public domain."""
    d = run(region([system("oa")], exits=[exit_("x", network="net-fgw", published=[{"system": "oa", "port": 443}])]))
    assert d.networks["net-fgw"].domain == "extranet-public"
    assert d.networks["net-fgw"].reasons[1] == "consolidate into extranet-public: its exits publish oa to the internet"


def test_decide_internal_network_goes_to_admin_domain():
    """Only internal systems (the zombie does not count): extranet-admin."""
    d = run(region([system("oa"), system("old", public_facing=True, idle=True)]))
    assert d.networks["net-fgw"].domain == "extranet-admin"
    assert d.networks["net-fgw"].reasons[1] == ("consolidate into extranet-admin: none of its 1 systems in service "
                                                "is public-facing and none is published to the internet")


def test_decide_classified_network_goes_to_intranet():
    """Classified network: intranet."""
    d = run(region([], networks=[network("net-sec", classified=True)]))
    assert (d.networks["net-sec"].action, d.networks["net-sec"].domain) == ("intranet", "intranet")
    assert d.networks["net-sec"].reasons == ["classified (涉密) network: moves to the e-government intranet node "
                                             "(rule 2)"]


def test_decide_vertical_network_consolidates_its_part_below_the_city():
    """A vertical network is consolidated for its part below the city; the reason says so."""
    d = run(region([], networks=[network("net-v", vertical=True)]))
    assert d.networks["net-v"].action == "consolidate"
    assert d.networks["net-v"].reasons[-1] == ("vertical network run by an upper-level department: only its part "
                                               "below the city (4 sites) is consolidated; the upper-level trunk "
                                               "stays with its owner")


def test_decide_county_exit_goes_to_county_platform():
    """An exit of a county department: county:<county>."""
    d = run(region([], exits=[exit_("ny-1", department="ny-jyj")]))
    assert (d.exits["ny-1"].action, d.exits["ny-1"].platform) == ("consolidate", "county:ningyang")
    assert d.exits["ny-1"].reasons[1] == ("department ny-jyj belongs to county ningyang: its exits go to the county "
                                          "platform (county:ningyang)")


def test_decide_region_exit_goes_to_region_platform():
    """An exit of a region-level department: region."""
    d = run(region([], exits=[exit_("fgw-1")]))
    assert d.exits["fgw-1"].platform == "region"
    assert d.exits["fgw-1"].reasons[1] == ("department fgw is a region-level department: its exits go to the region "
                                           "platform (region)")


# --------------------------------------------------------------------------- findings


def test_finding_tight_group_mixes_classified():
    """A classified system tight with an open one cannot cut over with it."""
    d = run(region([system("a", deps=[("s", "tight")]), system("s", classified=True, network="intranet")]))
    assert kinds(d) == [("tight-group-mixes-classified", ["a", "s"])]
    assert d.systems["a"].findings == ["tight-group-mixes-classified"]


def test_finding_tight_group_split_between_cloud_and_stay():
    """A migrating system tight with a blocked one."""
    d = run(region([system("a", deps=[("b", "tight")]),
                    system("b", migration={"eligible": False, "blocker": "厂商不支持"})]))
    assert kinds(d) == [("tight-group-split", ["a", "b"])]


def test_finding_decommissioned_still_depended_on():
    """Still decommissioned; the dependants are named in the reasons, next step and finding."""
    d = run(region([system("app", deps=[("old", "tight")]), system("old", idle=True, replaceable_by="new"),
                    system("new")]))
    old = d.systems["old"]
    assert old.action == "decommission"
    assert old.reasons[-1] == "still depended on by 1 systems in service: app (app tightly)"
    assert old.next_step == "move app onto new before switching old off"
    assert kinds(d) == [("decommissioned-still-depended-on", ["old", "app"])]


def test_finding_published_service_decommissioned():
    """An exit publishing a zombie."""
    d = run(region([system("old", idle=True)], exits=[exit_("x", published=[{"system": "old", "port": 80}])]))
    assert kinds(d) == [("published-service-decommissioned", ["x", "old"])]


def test_finding_classified_system_exposed():
    """A classified system on the extranet or gov-cloud today."""
    d = run(region([system("s1", classified=True, network="extranet-admin"),
                    system("s2", classified=True, network="intranet", hosting="gov-cloud")]))
    assert kinds(d) == [("classified-system-exposed", ["s1"]), ("classified-system-exposed", ["s2"])]
    assert d.systems["s2"].action == "intranet"


def test_finding_unclassified_system_on_classified_network():
    """Not classified on a classified network: stays (auto) and is reported."""
    d = run(region([system("x", network="net-sec")], networks=[network("net-sec", classified=True)]))
    assert d.systems["x"].action == "stay"
    assert d.systems["x"].reasons == ["eligibility auto, not eligible: runs on the classified network net-sec, "
                                      "which moves to the intranet"]
    assert kinds(d) == [("unclassified-system-on-classified-network", ["x", "net-sec"])]


def test_finding_classified_section_system():
    """A classified section system goes to the intranet; rule 3 cannot hold and it is reported."""
    d = run(region([system("s", classified=True, scope="section", section="投资科", network="intranet"),
                    system("oa")]))
    assert d.systems["s"].action == "intranet"
    assert kinds(d) == [("classified-section-system", ["s"])]


def test_finding_loose_dependency_across_intranet_gets_no_flow():
    """A loose call from the intranet to a cloud system is a finding and no flow."""
    d = run(region([system("s", classified=True, network="intranet", deps=[("oa", "loose")]), system("oa")]))
    assert kinds(d) == [("dependency-crosses-intranet", ["s", "oa"])]
    assert d.flows == []


def test_finding_classified_network_has_exit():
    """An internet exit behind a classified network."""
    d = run(region([], networks=[network("net-sec", classified=True)], exits=[exit_("x", network="net-sec")]))
    assert kinds(d) == [("classified-network-has-exit", ["x", "net-sec"])]


# --------------------------------------------------------------------------- flows, hosts, plan parts


def test_flows_skip_decommissioned_and_follow_integration():
    """A call to an integrated system goes to its target; calls to or from zombies vanish; duplicates merge."""
    d = run(region([
        system("app", deps=[("sec-a", "loose"), ("hub", "tight"), ("old", "loose")]),
        system("sec-a", scope="section", section="投资科", deps=[("hub", "loose")]),
        system("hub", monthly_users=900),
        system("old", idle=True),
    ]))
    assert d.systems["sec-a"].target == "hub"
    assert [(f.source, f.target, f.ports, f.coupling) for f in d.flows] == [("app", "hub", [443], "tight")]


def test_unregistered_hosts_are_assets_without_system():
    """Assets with system null, sorted by network and address."""
    d = run(region([system("a")], assets=[
        {"address": "10.12.0.20", "network": "net-fgw", "ports": [443, 80]},
        {"address": "10.12.0.3", "network": "net-fgw"},
        {"address": "10.12.0.4", "network": "net-fgw", "system": "a"}]))
    assert [(h.address, h.ports) for h in d.unregistered_hosts] == [("10.12.0.3", []), ("10.12.0.20", [80, 443])]


def test_plan_parts_are_sorted_with_empty_waves():
    """SystemPlan/NetworkPlan/ExitPlan lists come sorted by id with no waves yet."""
    inv = region([system("b", deps=[("a", "tight")]), system("a")], exits=[exit_("z"), exit_("y")])
    d = run(inv)
    systems = d.system_plans(inv)
    assert [(s.id, s.action, s.target, s.group, s.wave, s.start_wave) for s in systems] == [
        ("a", "migrate", "admin-cloud", "a", None, None), ("b", "migrate", "admin-cloud", "a", None, None)]
    assert [n.domain for n in d.network_plans(inv)] == ["extranet-admin"]
    assert [(e.id, e.platform, e.wave) for e in d.exit_plans(inv)] == [("y", "region", None), ("z", "region", None)]
    assert d.counts() == {"migrate": 2}


def test_decide_same_input_same_output_in_any_order():
    """Shuffling the inventory's lists changes nothing in the decisions."""
    systems = [system("a", deps=[("b", "tight")]), system("b"), system("c", scope="section", section="投资科"),
               system("d", idle=True), system("e", public_facing=True), system("f", replaceable_by="a")]
    first = run(region(systems))
    shuffled = systems[:]
    random.Random(3).shuffle(shuffled)
    assert run(region(shuffled)) == first


# --------------------------------------------------------------------------- the bundled example


@pytest.fixture(scope="module")
def example():
    inv_dir, topo_file = ROOT / "inventory" / "example-taian", ROOT / "topologies" / "example-taian.yaml"
    if not inv_dir.exists() or not topo_file.exists():
        pytest.skip("the bundled example is not generated yet")
    inventory = load_inventory(inv_dir)
    topo = load_topology(topo_file, inventory)
    return inventory, decide(inventory, topo, POLICY, RegionGraph(inventory, topo))


def test_example_every_object_has_one_action_with_reasons(example):
    """Every system, network and exit of the example: exactly one decision, non-empty reasons; stays have next steps."""
    inventory, d = example
    assert sorted(d.systems) == sorted(s.id for s in inventory.systems)
    assert sorted(d.networks) == sorted(n.id for n in inventory.networks)
    assert sorted(d.exits) == sorted(e.id for e in inventory.exits)
    assert all(x.reasons for x in [*d.systems.values(), *d.networks.values(), *d.exits.values()])
    assert all(x.next_step for x in d.systems.values() if x.action == "stay")


def test_example_respects_rules_2_to_4(example):
    """Classified -> intranet or decommission; section -> integrate unless decommissioned or stay; cloud by domain."""
    inventory, d = example
    by_id = {s.id: s for s in inventory.systems}
    for sid, x in d.systems.items():
        s = by_id[sid]
        if s.classified:
            assert x.action in ("intranet", "decommission")
        if x.action == "integrate":
            assert by_id[x.target].department == s.department
            assert d.systems[x.target].action not in ("decommission", "integrate")
        if x.action == "migrate":
            assert x.target == ("public-cloud" if s.public_facing else "admin-cloud")
