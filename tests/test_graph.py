"""RegionGraph: nodes and edges of the region, the queries the later stages use, move groups, reachability."""

from __future__ import annotations

import pytest

from planner.graph import RegionGraph, network_node, node, platform_of
from planner.model import Inventory, TopologyFile

TOPOLOGY = TopologyFile.model_validate({"topology": {
    "id": "t",
    "extranet": {"public": {"pool": ["59.255.40.0/21"]}, "admin": {"pool": ["59.255.48.0/21"]}},
    "intranet": {"pool": ["10.250.0.0/20"]},
    "clouds": [{"id": "public-cloud", "domain": "public",
                "capacity": [{"from": "2017-12-01", "vcpu": 100, "memory_gb": 400, "storage_tb": 10}]},
               {"id": "admin-cloud", "domain": "admin",
                "capacity": [{"from": "2017-12-01", "vcpu": 100, "memory_gb": 400, "storage_tb": 10}]}],
    "exit_platforms": {"region": {"carriers": ["telecom"], "public_cidrs": ["218.56.0.0/24"]},
                       "county": {"carriers": ["telecom"], "public_cidrs": ["218.56.64.0/20"]},
                       "bandwidth_steps_mbps": [100, 1000]},
    "teams": [{"id": "ops", "serves": "region", "slots": 4}, {"id": "cops", "serves": "counties", "slots": 2}],
}}).topology


def system(ident: str, department: str = "fgw", network: str = "net-fgw", deps: tuple = (), **extra) -> dict:
    """A plain live system of `department` on `network`; deps are (system, coupling) pairs."""
    return {"id": ident, "name": ident, "department": department, "scope": "department", "monthly_users": 500,
            "funding": {"source": "fiscal"}, "classified": False, "protection_level": 2, "hosting": "self-room",
            "resources": {"vcpu": 2}, "data_tb": 0.1, "network": network,
            "depends_on": [{"system": s, "coupling": c} for s, c in deps], **extra}


def region(systems: list[dict]) -> Inventory:
    """Two departments (fgw at region level, ny-jyj in county ningyang), one network each, three exits."""
    return Inventory.model_validate({
        "region": {"id": "taian", "name": "泰安市", "level": "city", "counties": [{"id": "ningyang", "name": "宁阳县"}]},
        "departments": [{"id": "fgw", "name": "发改委"}, {"id": "ny-jyj", "name": "宁阳教育局", "county": "ningyang"}],
        "systems": systems,
        "networks": [
            {"id": "net-fgw", "name": "发改专网", "department": "fgw", "cidrs": ["10.12.0.0/16"], "sites": 3,
             "carrier": "telecom", "yearly_cost_cny": 1},
            {"id": "net-secret", "name": "涉密网", "department": "fgw", "classified": True, "cidrs": ["10.13.0.0/16"],
             "sites": 1, "carrier": "telecom", "yearly_cost_cny": 1},
        ],
        "exits": [
            {"id": "exit-fgw-1", "department": "fgw", "network": "net-fgw", "carrier": "unicom", "bandwidth_mbps": 100,
             "peak_mbps": 50, "yearly_cost_cny": 1, "published": [{"system": "a", "port": 443}, {"system": "a", "port": 80}]},
            {"id": "exit-fgw-2", "department": "fgw", "carrier": "unicom", "bandwidth_mbps": 10, "peak_mbps": 5,
             "yearly_cost_cny": 1},
            {"id": "exit-ny-1", "department": "ny-jyj", "carrier": "telecom", "bandwidth_mbps": 10, "peak_mbps": 5,
             "yearly_cost_cny": 1},
        ],
        "assets": [{"address": "10.12.0.9", "network": "net-fgw", "ports": [22], "system": "a"},
                   {"address": "10.12.0.10", "network": "net-fgw", "system": None}],
    })


@pytest.fixture
def graph() -> RegionGraph:
    """a -> b tight, b -> c tight, c -> a tight (a tight cycle); d -> a loose; e -> f tight; s on the classified net."""
    return RegionGraph(region([
        system("a", deps=[("b", "tight")]),
        system("b", deps=[("c", "tight")]),
        system("c", deps=[("a", "tight")]),
        system("d", deps=[("a", "loose")]),
        system("e", department="ny-jyj", network="extranet-admin", deps=[("f", "tight")]),
        system("f", department="ny-jyj", network="extranet-admin"),
        system("s", network="net-secret", classified=True),
    ]), TOPOLOGY)


def test_node_keys_name_kind_and_id():
    """Keys are '<kind>:<id>'; shared networks are domains; county platforms are 'county:<id>'."""
    assert node("system", "fgw-invest") == "system:fgw-invest"
    assert network_node("extranet-public") == "domain:extranet-public"
    assert network_node("net-fgw") == "network:net-fgw"
    assert platform_of("ningyang") == "county:ningyang"
    assert platform_of(None) == "region"


def test_graph_holds_every_kind_of_node(graph):
    """Departments, systems, networks, exits, counties, assets, domains, clouds and platforms are nodes."""
    kinds = {data["kind"] for _, data in graph.g.nodes(data=True)}
    assert kinds == {"department", "system", "network", "exit", "county", "asset", "domain", "cloud", "platform"}
    assert "platform:county:ningyang" in graph.g
    assert "platform:region" in graph.g
    assert graph.g.nodes["network:net-secret"]["classified"] is True


def test_systems_of_network_lists_private_and_shared(graph):
    """Systems on a private network and on a shared domain are found, sorted."""
    assert graph.systems_of_network("net-fgw") == ["a", "b", "c", "d"]
    assert graph.systems_of_network("extranet-admin") == ["e", "f"]
    assert graph.systems_of_network("intranet") == []


def test_department_queries_list_their_objects(graph):
    """Exits, networks and systems of a department, sorted by id."""
    assert graph.exits_of_department("fgw") == ["exit-fgw-1", "exit-fgw-2"]
    assert graph.exits_of_department("ny-jyj") == ["exit-ny-1"]
    assert graph.networks_of_department("fgw") == ["net-fgw", "net-secret"]
    assert graph.systems_of_department("ny-jyj") == ["e", "f"]
    assert graph.exits_of_network("net-fgw") == ["exit-fgw-1"]


def test_dependents_of_finds_callers_by_coupling(graph):
    """Who depends on a: c tightly, d loosely."""
    assert graph.dependents_of("a") == ["c", "d"]
    assert graph.dependents_of("a", "tight") == ["c"]
    assert graph.dependents_of("a", "loose") == ["d"]
    assert graph.dependencies_of("d") == ["a"]
    assert graph.dependents_of("d") == []


def test_publications_merge_ports_of_one_exit(graph):
    """An exit publishing a system on two ports is one edge carrying both ports."""
    assert graph.publications_of("a") == [("exit-fgw-1", 80), ("exit-fgw-1", 443)]
    assert graph.publications_of("b") == []
    assert graph.assets_of_system("a") == ["10.12.0.9"]


def test_move_groups_join_a_tight_cycle_and_skip_loose(graph):
    """a, b, c form a tight cycle (one group); e-f is a pair; d (loose) and s are in no group."""
    assert graph.move_groups() == [("a", "b", "c"), ("e", "f")]
    assert graph.group_of("c") == "a"
    assert graph.group_of("f") == "e"
    assert graph.group_of("d") is None


def test_dependencies_list_every_edge_sorted(graph):
    """(system, depends on, coupling, ports), sorted."""
    assert graph.dependencies()[:2] == [("a", "b", "tight", [443]), ("b", "c", "tight", [443])]
    assert len(graph.dependencies()) == 5


def test_can_reach_follows_links_both_ways(graph):
    """a reaches the internet through net-fgw and exit-fgw-1; s on the classified network does not."""
    assert graph.can_reach("system:a", "domain:internet")
    assert graph.path("system:a", "domain:internet") == [
        "system:a", "network:net-fgw", "exit:exit-fgw-1", "domain:internet"]
    assert not graph.can_reach("system:s", "domain:internet")
    assert graph.path("system:s", "domain:internet") is None


def test_can_reach_respects_edge_kinds(graph):
    """d reaches c over depends edges (d -> a -> b -> c), not the other way round, and not over links only."""
    assert graph.can_reach("system:d", "system:c", kinds=("depends",))
    assert not graph.can_reach("system:c", "system:d", kinds=("depends",))
    assert graph.can_reach("exit:exit-fgw-1", "system:a", kinds=("publishes",))
    assert not graph.can_reach("system:nope", "system:a")


def test_clouds_and_platforms_sit_on_their_domains(graph):
    """The public cloud reaches the county platform through the extranet public domain."""
    assert graph.path("cloud:public-cloud", "platform:county:ningyang") == [
        "cloud:public-cloud", "domain:extranet-public", "platform:county:ningyang"]
