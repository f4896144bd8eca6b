"""decide() on networks and exits (domain, platform), and the findings it reports."""

from __future__ import annotations

from decide_fixture import exit_, kinds, network, region, run, system

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
    """Loosely depended on: still decommissioned; the dependants are named in the reasons, next step and finding."""
    d = run(region([system("app", deps=[("old", "loose")]), system("old", idle=True, replaceable_by="new"),
                    system("new")]))
    old = d.systems["old"]
    assert old.action == "decommission"
    assert old.reasons[-1] == "still depended on by 1 systems in service: app"
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
