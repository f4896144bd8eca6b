"""A small valid plan and its inputs, built through the public models, for the verifier's tests.

Tai'an in miniature: three region departments (fgw, rsj, gaj — gaj is classified) and one county
department (ts-jyj in taishan); ten systems covering every action; five networks (two overlapping,
with NAT; one classified; one retained with approval); three exits on two platforms. Waves are
7 days from 2017-12-04; the Spring Festival freeze (2018-02-10..24) covers waves 10–12.
"""

from __future__ import annotations

import datetime as dt

from planner.model import Inventory, Policy, Topology
from planner.plan import Plan
from planner.verify.recomputed import legacy_cost_cny, milestone_results

START = dt.date(2017, 12, 4)


def _system(sid: str, department: str, **kw) -> dict:
    base = {
        "id": sid, "name": sid, "department": department, "scope": "department", "monthly_users": 500,
        "funding": {"source": "fiscal", "build_cny": 100000, "yearly_om_cny": kw.pop("om", 0)},
        "classified": False, "protection_level": 2, "hosting": "self-room",
        "resources": {"vcpu": 8, "memory_gb": 32, "storage_tb": 1.0}, "data_tb": 2.0, "network": "net-fgw",
    }
    base.update(kw)
    return base


def inventory(ts_cidr: str = "192.168.1.0/24") -> Inventory:
    return Inventory.model_validate({
        "region": {"id": "taian", "name": "泰安市", "level": "city",
                   "counties": [{"id": "taishan", "name": "泰山区", "townships": 7}]},
        "departments": [
            {"id": "fgw", "name": "市发展改革委", "sections": ["投资科"]},
            {"id": "rsj", "name": "市人社局"},
            {"id": "gaj", "name": "市公安局"},
            {"id": "ts-jyj", "name": "泰山区教育局", "county": "taishan"},
        ],
        "systems": [
            _system("fgw-invest", "fgw", public_facing=True, om=150000, resources={"vcpu": 16, "memory_gb": 64, "storage_tb": 2.0},
                    depends_on=[{"system": "fgw-db", "coupling": "tight"}]),
            _system("fgw-db", "fgw", om=73000, migration={"effort_days": 10}),
            _system("fgw-section", "fgw", scope="section", section="投资科"),
            _system("fgw-old", "fgw", om_active=False),
            _system("rsj-social", "rsj", network="net-rsj", om=36500, shares=["社保参保信息"],
                    depends_on=[{"system": "rsj-legacy", "coupling": "loose"}]),
            _system("rsj-legacy", "rsj", network="net-rsj", shares=["就业信息"], connected_to_sharing=True,
                    migration={"eligible": False, "blocker": "专用加密硬件"}),
            _system("rsj-cloud", "rsj", network="extranet-admin", hosting="gov-cloud"),
            _system("rsj-shadow", "rsj", network="net-rsj", in_ledger=False),
            _system("gaj-secret", "gaj", network="net-gaj", classified=True, protection_level=4),
            _system("ts-edu", "ts-jyj", network="net-ts", resources={"vcpu": 4, "memory_gb": 8, "storage_tb": 0.5}),
        ],
        "networks": [
            {"id": "net-fgw", "name": "发改专网", "department": "fgw", "cidrs": ["10.12.0.0/16"], "sites": 14,
             "carrier": "telecom", "yearly_cost_cny": 300000},
            {"id": "net-rsj", "name": "人社专网", "department": "rsj", "cidrs": ["10.12.3.0/24"], "sites": 9,
             "carrier": "unicom", "yearly_cost_cny": 36500},
            {"id": "net-gaj", "name": "公安专网", "department": "gaj", "classified": True, "cidrs": ["10.99.0.0/16"],
             "sites": 30, "carrier": "telecom", "yearly_cost_cny": 500000},
            {"id": "net-ts", "name": "泰山教育网", "department": "ts-jyj", "cidrs": [ts_cidr], "sites": 3,
             "carrier": "mobile", "yearly_cost_cny": 73000},
            {"id": "net-keep", "name": "人社部垂直网", "department": "rsj", "vertical": True, "cidrs": ["172.16.0.0/24"],
             "sites": 2, "carrier": "unicom", "yearly_cost_cny": 20000,
             "retain": {"approved_by": "市政府办公室", "reason": "国家有特殊规定"}},
        ],
        "exits": [
            {"id": "exit-fgw-1", "department": "fgw", "network": "net-fgw", "carrier": "unicom", "bandwidth_mbps": 100,
             "peak_mbps": 62, "yearly_cost_cny": 60000, "published": [{"system": "fgw-invest", "port": 443}]},
            {"id": "exit-rsj-1", "department": "rsj", "carrier": "telecom", "bandwidth_mbps": 200, "peak_mbps": 100,
             "yearly_cost_cny": 36500},
            {"id": "exit-ts-1", "department": "ts-jyj", "network": "net-ts", "carrier": "mobile", "bandwidth_mbps": 500,
             "peak_mbps": 300, "yearly_cost_cny": 7300},
        ],
    })


def topology(admin_vcpu: int = 100, transfer_tb: float = 10) -> Topology:
    return Topology.model_validate({
        "id": "taian-egov",
        "extranet": {"public": {"pool": ["59.255.40.0/21"]}, "admin": {"pool": ["59.255.48.0/21"]}},
        "intranet": {"pool": ["10.250.0.0/20"]},
        "clouds": [
            {"id": "public-cloud", "domain": "public",
             "capacity": [{"from": "2017-12-01", "vcpu": 100, "memory_gb": 400, "storage_tb": 20}]},
            {"id": "admin-cloud", "domain": "admin",
             "capacity": [{"from": "2017-12-01", "vcpu": admin_vcpu, "memory_gb": 400, "storage_tb": 20}]},
        ],
        "exit_platforms": {
            "region": {"carriers": ["telecom", "unicom"], "public_cidrs": ["218.56.0.0/24"]},
            "county": {"carriers": ["telecom", "unicom"], "public_cidrs": ["218.56.64.0/20"], "county_prefix": 28},
            "concurrency": 0.6, "bandwidth_steps_mbps": [100, 200, 500, 1000],
        },
        "teams": [{"id": "city-ops", "serves": "region", "slots": 2},
                  {"id": "county-ops", "serves": "counties", "slots": 1}],
        "transfer_tb_per_wave": transfer_tb,
    })


def policy() -> Policy:
    return Policy.model_validate({
        "id": "taian-2017", "start": START, "wave_days": 7,
        "milestones": [
            {"id": "cloud-70", "measure": "eligible_systems_on_cloud", "at_least": 0.7, "by": "2017-12-24"},
            {"id": "exits", "measure": "exits_consolidated", "at_least": 1.0, "by": "2018-06-30"},
            {"id": "networks", "measure": "private_networks_consolidated", "at_least": 1.0, "by": "2018-12-31"},
            {"id": "sharing", "measure": "systems_connected_to_sharing", "at_least": 1.0, "by": "2018-06-30"},
            {"id": "extranet", "measure": "systems_on_extranet", "at_least": 1.0, "by": "2018-06-30"},
            {"id": "integrated", "measure": "departments_integrated", "at_least": 1.0, "by": "2018-06-30"},
        ],
        "freeze": [{"from": "2018-02-10", "to": "2018-02-24", "why": "春节"}],
    })


def _waves(n: int, p: Policy) -> list[dict]:
    return [{"wave": w, "start": p.wave_start(w).isoformat(), "end": p.wave_end(w).isoformat(),
             "frozen": p.is_frozen(w)} for w in range(1, n + 1)]


def plan() -> Plan:
    """The valid plan: no rule is broken."""
    p = policy()
    data = {
        "region": "taian", "topology": "taian-egov", "policy": "taian-2017", "start": START.isoformat(),
        "waves": _waves(14, p),
        "departments": [
            {"id": "fgw", "name": "市发展改革委", "prefixes": {"extranet-admin": "59.255.48.0/27"}},
            {"id": "gaj", "name": "市公安局", "prefixes": {"intranet": "10.250.0.0/27"}},
            {"id": "rsj", "name": "市人社局", "prefixes": {"extranet-admin": "59.255.48.32/27"}},
            {"id": "ts-jyj", "name": "泰山区教育局", "county": "taishan", "prefixes": {"extranet-admin": "59.255.48.64/27"}},
        ],
        "systems": [
            {"id": "fgw-db", "action": "migrate", "target": "admin-cloud", "start_wave": 2, "wave": 3},
            {"id": "fgw-invest", "action": "migrate", "target": "public-cloud", "start_wave": 3, "wave": 3},
            {"id": "fgw-old", "action": "decommission", "wave": 2, "reasons": ["运维已停止"]},
            {"id": "fgw-section", "action": "integrate", "target": "fgw-invest", "wave": 4},
            {"id": "gaj-secret", "action": "intranet", "target": "intranet", "wave": 5, "classified": True},
            {"id": "rsj-cloud", "action": "on-cloud"},
            {"id": "rsj-legacy", "action": "stay", "reasons": ["专用加密硬件"], "next_step": "2019年更换硬件后上云"},
            {"id": "rsj-shadow", "action": "decommission", "reasons": ["影子系统"]},
            {"id": "rsj-social", "action": "migrate", "target": "admin-cloud", "start_wave": 4, "wave": 4},
            {"id": "ts-edu", "action": "migrate", "target": "admin-cloud", "start_wave": 3, "wave": 3},
        ],
        "flows": [
            {"from": "fgw-invest", "to": "fgw-db", "coupling": "tight"},
            {"from": "rsj-social", "to": "rsj-legacy", "coupling": "loose"},
        ],
        "networks": [
            {"id": "net-fgw", "action": "consolidate", "domain": "extranet-admin", "wave": 2,
             "prefixes": ["59.255.48.0/27"], "nat": [{"inside": "10.12.0.0/16", "outside": "59.255.48.0/27"}]},
            {"id": "net-gaj", "action": "intranet", "domain": "intranet", "wave": 5, "prefixes": ["10.250.0.0/27"]},
            {"id": "net-keep", "action": "retain"},
            {"id": "net-rsj", "action": "consolidate", "domain": "extranet-admin", "wave": 2,
             "prefixes": ["59.255.48.32/27"], "nat": [{"inside": "10.12.3.0/24", "outside": "59.255.48.32/27"}]},
            {"id": "net-ts", "action": "consolidate", "domain": "extranet-admin", "wave": 1, "prefixes": ["59.255.48.64/27"]},
        ],
        "exits": [
            {"id": "exit-fgw-1", "platform": "region", "wave": 4},
            {"id": "exit-rsj-1", "platform": "region", "wave": 2},
            {"id": "exit-ts-1", "platform": "county:taishan", "wave": 2},
        ],
        "platforms": [
            {"id": "county:taishan", "carriers": ["telecom", "unicom"], "bandwidth_mbps": 200,
             "public_cidrs": ["218.56.64.0/28"]},
            {"id": "region", "carriers": ["telecom", "unicom"], "bandwidth_mbps": 100, "public_cidrs": ["218.56.0.0/24"]},
        ],
    }
    return refresh(Plan.model_validate(data))


def refresh(plan: Plan) -> Plan:
    """Recompute what the scheduler derives (milestones, legacy cost), as after an edit of the waves."""
    inv, pol = inventory(), policy()
    plan.milestones = milestone_results(plan, inv, pol)
    plan.cost.legacy_cny = legacy_cost_cny(plan, inv, pol)
    return plan
