"""Building small regions for decide(): the topology, systems, networks, exits, and running decide on them.

Shared by the tests/test_decide_*.py modules (no tests here).
"""

from __future__ import annotations

from planner.decide import Decisions, decide
from planner.graph import RegionGraph
from planner.load import load_policy
from planner.model import Inventory, TopologyFile

POLICY = load_policy("taian-2017")  # start 2017-12-04, zombie: 20 monthly users, 730 days


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


def run(inventory: Inventory, topo=TOPOLOGY, policy=POLICY) -> Decisions:
    return decide(inventory, topo, policy, RegionGraph(inventory, topo))


def with_small_scopes(*scopes: str):
    """The Tai'an preset with ``zombie.small_scopes`` set to ``scopes``."""
    zombie = POLICY.zombie.model_copy(update={"small_scopes": list(scopes)})
    return POLICY.model_copy(update={"zombie": zombie})


def kinds(decisions: Decisions) -> list[tuple[str, list[str]]]:
    return [(f.kind, f.objects) for f in decisions.findings]
