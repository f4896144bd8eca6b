"""Shared fixtures: a small valid inventory, topology and policy as plain data, and helpers to load them."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from planner.errors import InputError
from planner.load import load_inventory, load_policy, load_topology

SMALL_INVENTORY = {
    "region": {"id": "taian", "name": "泰安市", "level": "city",
               "counties": [{"id": "ningyang", "name": "宁阳县", "townships": 13}]},
    "departments": [
        {"id": "fgw", "name": "市发展改革委", "sections": ["投资科", "价格科"]},
        {"id": "ny-jyj", "name": "宁阳县教育局", "county": "ningyang"},
    ],
    "systems": [
        {"id": "fgw-invest", "name": "投资项目在线审批监管平台", "department": "fgw", "scope": "department",
         "monthly_users": 1200, "funding": {"source": "fiscal", "build_cny": 1200000, "yearly_om_cny": 150000},
         "classified": False, "protection_level": 2, "public_facing": True, "hosting": "self-room",
         "resources": {"vcpu": 16, "memory_gb": 64, "storage_tb": 2.0}, "data_tb": 1.5, "network": "net-fgw",
         "depends_on": [{"system": "fgw-price", "coupling": "tight"}]},
        {"id": "fgw-price", "name": "价格监测系统", "department": "fgw", "section": "价格科", "scope": "section",
         "monthly_users": 40, "funding": {"source": "fiscal", "yearly_om_cny": 30000}, "classified": False,
         "protection_level": 2, "hosting": "self-room", "resources": {"vcpu": 4, "memory_gb": 8, "storage_tb": 0.5},
         "data_tb": 0.2, "network": "net-fgw"},
        {"id": "ny-edu", "name": "宁阳县教育管理系统", "department": "ny-jyj", "scope": "department",
         "monthly_users": 300, "funding": {"source": "fiscal", "yearly_om_cny": 50000}, "classified": False,
         "protection_level": 2, "hosting": "self-room", "resources": {"vcpu": 8, "memory_gb": 16, "storage_tb": 1},
         "data_tb": 0.5, "network": "extranet-admin"},
    ],
    "networks": [
        {"id": "net-fgw", "name": "发改专网", "department": "fgw", "cidrs": ["10.12.0.0/16"], "sites": 14,
         "carrier": "telecom", "yearly_cost_cny": 300000},
    ],
    "exits": [
        {"id": "exit-fgw-1", "department": "fgw", "network": "net-fgw", "carrier": "unicom", "bandwidth_mbps": 100,
         "peak_mbps": 62, "public_cidrs": ["202.110.1.0/29"], "yearly_cost_cny": 60000,
         "published": [{"system": "fgw-invest", "port": 443}]},
        {"id": "exit-ny-jyj-1", "department": "ny-jyj", "carrier": "telecom", "bandwidth_mbps": 50, "peak_mbps": 20,
         "yearly_cost_cny": 20000},
    ],
    "assets": [{"address": "10.12.3.4", "network": "net-fgw", "ports": [80, 443], "system": None}],
}

SMALL_TOPOLOGY = {"topology": {
    "id": "taian-egov",
    "extranet": {"public": {"pool": ["59.255.40.0/21"]}, "admin": {"pool": ["59.255.48.0/21"]}},
    "intranet": {"pool": ["10.250.0.0/20"]},
    "clouds": [
        {"id": "public-cloud", "domain": "public",
         "capacity": [{"from": "2017-12-01", "vcpu": 2000, "memory_gb": 8000, "storage_tb": 400}]},
        {"id": "admin-cloud", "domain": "admin",
         "capacity": [{"from": "2017-12-01", "vcpu": 3000, "memory_gb": 12000, "storage_tb": 600},
                      {"from": "2018-04-01", "vcpu": 4000, "memory_gb": 16000, "storage_tb": 800}]},
    ],
    "exit_platforms": {
        "region": {"carriers": ["telecom", "unicom"], "public_cidrs": ["218.56.0.0/24"]},
        "county": {"carriers": ["telecom", "unicom"], "public_cidrs": ["218.56.64.0/20"], "county_prefix": 28},
        "bandwidth_steps_mbps": [100, 200, 500, 1000],
    },
    "teams": [{"id": "city-ops", "serves": "region", "slots": 6}, {"id": "county-ops", "serves": "counties", "slots": 4}],
    "transfer_tb_per_wave": 40,
}}


@pytest.fixture
def inventory_data() -> dict:
    """A fresh deep copy of the small valid inventory, to mutate in a test."""
    return copy.deepcopy(SMALL_INVENTORY)


@pytest.fixture
def topology_data() -> dict:
    return copy.deepcopy(SMALL_TOPOLOGY)


def write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems(fn, *args) -> list[str]:
    """The issues an InputError carries, as strings without the file location."""
    with pytest.raises(InputError) as caught:
        fn(*args)
    return [str(issue).split(" ", 1)[1] for issue in caught.value.issues]


@pytest.fixture
def inventory_problems(tmp_path):
    """Write an inventory dict to YAML and return the problems the loader reports."""
    def run(data: dict) -> list[str]:
        return problems(load_inventory, write_yaml(tmp_path / "inventory.yaml", data))
    return run


@pytest.fixture
def topology_problems(tmp_path):
    def run(data: dict, inventory: dict | None = None) -> list[str]:
        inv = load_inventory(write_yaml(tmp_path / "inv.yaml", inventory or SMALL_INVENTORY))
        return problems(load_topology, write_yaml(tmp_path / "topology.yaml", data), inv)
    return run


@pytest.fixture
def policy_problems(tmp_path):
    def run(data: dict) -> list[str]:
        return problems(load_policy, write_yaml(tmp_path / "policy.yaml", data))
    return run
