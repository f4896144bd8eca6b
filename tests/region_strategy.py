"""Whole regions drawn by hypothesis across the input space of FORMATS.md, not the generator's habits.

`regions()` draws ``(inventory, topology, policy)`` as plain FORMATS.md dicts that the loader
accepts. Every key is drawn on its own, so the corners the project's generator never makes are
reached: both levels; counties with and without teams (a county whose departments need a team and
have none is a drawn case too); section systems that are published, depended on, tight with
others or alone in their department; integration and replacement targets that are zombies,
classified or on-cloud; classified systems on networks with exits; exits with no network;
networks with no systems; retained and classified networks, both at once; reused and overlapping
CIDRs inside one department and across departments; zero-capacity and late cloud steps, one
domain without a cloud; transfer limits below one system's data; freeze windows at the start and
across milestones; wave_days 1-31; milestones of every measure, due in the first wave or late;
empty lists everywhere.

Two regions in three also use version-2 keys (FORMATS.md "Version 2"), each drawn on its own so that
a version-2 region may use any subset of them and version-1 regions stay covered: crews of every
kind of work (``works_on``) with 1-4 slots serving the region, every county or one county, a kind
now and then with crews for only some places; ``network_sites_per_wave`` 1-60 or absent; exit
platforms ready before or after the start and across milestones; ``not_before`` per kind before
the start, inside a freeze or after the milestones; cut-over ramps with a step of zero now and
then and steps before the start; a per-department limit of 1-3 with, sometimes, a tight group of
migrations in one department larger than it; ``systems_decommissioned`` milestones. (Milestone
``scope``, ``shared_services``, ``replace_with`` and department owners are not drawn yet.)

The same draw gives the same region (no global randomness), so the sweep in
``benchmarks/bench_drawn_regions.py`` is reproducible with ``derandomize=True``.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import strategies as st

START = dt.date(2017, 12, 4)
KINDS = ("migrations", "integrations", "networks", "exits", "decommissions", "intranet")  # works_on, not_before
MEASURES = ("eligible_systems_on_cloud", "systems_on_extranet", "systems_connected_to_sharing",
            "private_networks_consolidated", "exits_consolidated", "departments_integrated")
SHARED = ("extranet-public", "extranet-admin", "intranet", "internet")
SCOPES = ("section", "department", "cross-department", "region", "public")
HOSTING = ("self-room", "dept-cloud", "industry-cloud", "gov-cloud", "vertical")
CARRIERS = ("telecom", "unicom", "mobile", "other")
SECTIONS = ("办公室", "投资科", "价格科", "信息科", "法规科")
# A few private CIDRs, drawn so that networks reuse and overlap them (192.168.0.0/24 twice, /16 over /24).
CIDRS = ("10.1.0.0/16", "10.1.5.0/24", "10.2.0.0/16", "192.168.0.0/24", "192.168.1.0/24", "172.16.0.0/20",
         "10.3.0.0/24", "10.4.0.0/22")


def _rarely(usual, rare, one_in: int = 12):
    """``usual``, or ``rare`` about once in ``one_in`` draws (a corner worth reaching, not every time)."""
    return st.integers(1, one_in).map(lambda k: rare if k == 1 else usual)


def uses_version2(region) -> bool:
    """The region uses a version-2 key that the strategy draws (FORMATS.md "Version 2")."""
    _, topology, policy = region
    top, pol = topology["topology"], policy["policy"]
    return ("network_sites_per_wave" in top or "not_before" in pol or "limits" in pol
            or any("works_on" in t for t in top["teams"])
            or any("ready" in top["exit_platforms"][p] for p in ("region", "county"))
            or any(m["measure"] == "systems_decommissioned" for m in pol["milestones"]))


def _slugs(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def regions(max_systems: int = 14, min_systems: int = 0, copies: int = 1, version2: bool | None = None):
    """One region: (inventory, topology, policy) dicts, each as its YAML file would hold it.

    ``version2``: None draws version-2 keys in about two regions in three, True in every region, False in none.

    ``copies`` > 1 tiles the drawn region that many times under one topology and policy (ids suffixed,
    counties and teams copied): large regions whose corners are the drawn ones, sharing the clouds,
    pools, platforms and transfer limit (hypothesis cannot draw hundreds of systems in reasonable time).
    """
    drawn = _region(max_systems, min_systems, version2)
    return drawn.map(lambda region: tiled(region, copies)) if copies > 1 else drawn


def tiled(region, copies: int):
    """The region's inventory repeated ``copies`` times (ids suffixed ``-t<i>``), teams serving a county copied."""
    inventory, topology, policy = copy.deepcopy(region)
    out = {"region": {**inventory["region"], "counties": []}, "departments": [], "systems": [], "networks": [],
           "exits": [], "assets": []}
    teams = []
    for i in range(copies):
        tag = f"-t{i}"
        ids = {c["id"]: c["id"] + tag for c in inventory["region"]["counties"]}
        for kind in ("departments", "systems", "networks", "exits"):
            ids.update({x["id"]: x["id"] + tag for x in inventory[kind]})
        part = copy.deepcopy(inventory)
        out["region"]["counties"] += [{**c, "id": ids[c["id"]]} for c in part["region"]["counties"]]
        for kind in ("departments", "systems", "networks", "exits", "assets"):
            for x in part[kind]:
                for key in ("id", "department", "county", "network", "system", "replaceable_by"):
                    if isinstance(x.get(key), str) and x[key] in ids:
                        x[key] = ids[x[key]]
                for inner in (*x.get("depends_on", ()), *x.get("published", ())):
                    inner["system"] = ids[inner["system"]]
                if kind != "assets" or not i:  # assets are keyed by address: one network's hosts, once
                    out[kind].append(x)
        teams += [{**t, "id": t["id"] + tag, "serves": ids[t["serves"]]} for t in topology["topology"]["teams"]
                  if t["serves"] in ids]
    teams += [t for t in topology["topology"]["teams"] if t["serves"] in ("region", "counties")]
    topology["topology"]["teams"] = teams
    return out, topology, policy


@st.composite
def _region(draw, max_systems: int, min_systems: int, version2: bool | None = None):
    counties = [{"id": c, "name": f"县{c}", "townships": draw(st.integers(0, 12))}
                for c in _slugs("cty", draw(st.integers(0, 3)))]
    county_ids = [c["id"] for c in counties]
    level = draw(st.sampled_from(("city", "province")))
    departments = [_department(draw, d, county_ids)
                   for d in _slugs("d", draw(st.integers(1 if min_systems else 0, 5 + min_systems // 10)))]
    networks = [_network(draw, n, departments)
                for n in _slugs("net", draw(st.integers(0, 5 + min_systems // 10)))] if departments else []
    system_ids = _slugs("s", draw(st.integers(min_systems, max_systems))) if departments else []
    systems = [_system(draw, sid, departments, networks, system_ids) for sid in system_ids]
    exits = [_exit(draw, e, departments, networks, systems)
             for e in _slugs("x", draw(st.integers(0, 5 + min_systems // 10)))] if departments else []
    assets = _assets(draw, networks, system_ids)
    inventory = {"region": {"id": "r", "name": "测试地区", "level": level, "counties": counties},
                 "departments": departments, "systems": systems, "networks": networks, "exits": exits,
                 "assets": assets}
    topology, policy = _topology(draw, departments, county_ids), _policy(draw)
    if version2 if version2 is not None else draw(st.integers(0, 2)) > 0:
        _version2(draw, inventory, topology, policy)
    return inventory, topology, policy


def _department(draw, did: str, counties: list[str]) -> dict[str, Any]:
    county = draw(st.sampled_from([None, *counties])) if counties else None
    sections = draw(st.lists(st.sampled_from(SECTIONS), max_size=3, unique=True))
    return {"id": did, "name": f"部门{did}", "county": county, "sections": sections}


def _network(draw, nid: str, departments: list[dict]) -> dict[str, Any]:
    net = {"id": nid, "name": f"专网{nid}", "department": draw(st.sampled_from(departments))["id"],
           "vertical": draw(st.booleans()), "classified": draw(st.integers(0, 3)) == 0,
           "cidrs": draw(st.lists(st.sampled_from(CIDRS), min_size=1, max_size=2, unique=True)),
           "sites": draw(st.integers(0, 40)), "carrier": draw(st.sampled_from(CARRIERS)),
           "yearly_cost_cny": draw(st.sampled_from((0, 5_000, 120_000, 900_000)))}
    if draw(st.integers(0, 4)) == 0:
        net["retain"] = {"approved_by": "市政府办公室", "reason": "国家有特殊规定"}
    return net


def _system(draw, sid: str, departments: list[dict], networks: list[dict], ids: list[str]) -> dict[str, Any]:
    dept = draw(st.sampled_from(departments))
    scope = draw(st.sampled_from(SCOPES))
    section = None
    if scope == "section" or (dept["sections"] and draw(st.booleans())):
        if not dept["sections"]:
            dept["sections"].append(SECTIONS[0])
        section = draw(st.sampled_from(dept["sections"]))
    places = [*SHARED, *(n["id"] for n in networks)]
    eligible = draw(st.sampled_from(("auto", "auto", True, False)))
    others = [i for i in ids if i != sid]
    depends = []
    for other in draw(st.lists(st.sampled_from(others), max_size=3, unique=True)) if others else []:
        depends.append({"system": other, "coupling": draw(st.sampled_from(("tight", "loose"))),
                        "ports": draw(st.lists(st.integers(1, 65535), min_size=1, max_size=2, unique=True))})
    system = {
        "id": sid, "name": draw(st.sampled_from(("投资项目审批系统", "邮件系统", "门户网站", "档案管理", "人口基础库", "OA"))),
        "department": dept["id"], "section": section, "function": draw(st.sampled_from(("", "审批", "邮件", "档案"))),
        "scope": scope, "monthly_users": draw(st.sampled_from((0, 3, 15, 19, 20, 25, 800, 50_000))),
        "funding": {"source": draw(st.sampled_from(("fiscal", "joint", "purchased-service", "self"))),
                    "build_cny": draw(st.sampled_from((0, 300_000))),
                    "yearly_om_cny": draw(st.sampled_from((0, 10_000, 150_000, 2_000_000)))},
        "classified": draw(st.integers(0, 4)) == 0, "protection_level": draw(st.integers(1, 5)),
        "public_facing": draw(st.booleans()), "hosting": draw(st.sampled_from(HOSTING)),
        "resources": {"vcpu": draw(st.sampled_from((0, 4, 64, 600))),
                      "memory_gb": draw(st.sampled_from((0, 8.5, 256, 3000))),
                      "storage_tb": draw(st.sampled_from((0, 0.5, 12, 90)))},
        "data_tb": draw(st.sampled_from((0, 0.3, 4))) if draw(_rarely(True, False)) else 60,
        "network": draw(st.sampled_from(places)),
        "in_ledger": draw(st.integers(0, 5)) > 0, "om_active": draw(st.integers(0, 4)) > 0,
        "idle": draw(st.integers(0, 5)) == 0,
        "last_change": draw(st.sampled_from((None, dt.date(2009, 1, 1), dt.date(2015, 12, 1), dt.date(2017, 6, 1)))),
        "replaceable_by": draw(st.sampled_from([None, None, None, *others])) if others else None,
        "migration": {"eligible": eligible, "blocker": "专用加密硬件" if eligible is False else None,
                      "effort_days": draw(st.sampled_from((1, 5, 7, 8, 30, 90))),
                      "cutover_hours": draw(st.sampled_from((0, 8, 48)))},
        "depends_on": depends,
        "shares": draw(st.lists(st.sampled_from(("人口信息", "法人信息", "证照")), max_size=2, unique=True)),
        "connected_to_sharing": draw(st.booleans()),
    }
    return system


def _exit(draw, eid: str, departments: list[dict], networks: list[dict], systems: list[dict]) -> dict[str, Any]:
    dept = draw(st.sampled_from(departments))["id"]
    own = [n["id"] for n in networks if n["department"] == dept]
    bandwidth = draw(st.sampled_from((0, 10, 100, 1000)))
    public = [s["id"] for s in systems if not s["classified"]]
    published = []
    for sid in draw(st.lists(st.sampled_from(public), max_size=2, unique=True)) if public else []:
        published.append({"system": sid, "port": draw(st.sampled_from((80, 443, 8443)))})
    return {"id": eid, "department": dept, "network": draw(st.sampled_from([None, *own])),
            "carrier": draw(st.sampled_from(CARRIERS)), "bandwidth_mbps": bandwidth,
            "peak_mbps": draw(st.sampled_from(sorted({0, bandwidth // 2, bandwidth}))),
            "public_cidrs": draw(st.lists(st.sampled_from(("202.110.1.0/29", "202.110.2.0/30")), max_size=1)),
            "yearly_cost_cny": draw(st.sampled_from((0, 20_000, 60_000))), "published": published}


def _assets(draw, networks: list[dict], system_ids: list[str]) -> list[dict[str, Any]]:
    out, seen = [], set()
    for net in draw(st.lists(st.sampled_from(networks), max_size=3)) if networks else []:
        base = net["cidrs"][0].split("/")[0].rsplit(".", 1)[0]
        address = f"{base}.{draw(st.integers(1, 254))}"
        if address in seen:
            continue
        seen.add(address)
        out.append({"address": address, "network": net["id"], "ports": draw(st.lists(st.sampled_from((22, 80, 443)),
                                                                                       max_size=2, unique=True)),
                    "system": draw(st.sampled_from([None, *system_ids]))})
    return out


def _topology(draw, departments: list[dict], counties: list[str]) -> dict[str, Any]:
    clouds = []
    for domain in draw(st.sampled_from((("public", "admin"), ("public", "admin"), ("admin",), ("public",)))):
        steps, day = [], START + dt.timedelta(days=draw(st.sampled_from((-30, 0, 3, 200))))
        count = draw(st.integers(1, 2))
        for k in range(count):
            # a small or empty step now and then: a cloud that opens late, or (rarely) one too small for good
            small = draw(_rarely(False, True, 3 if k < count - 1 else 10))
            steps.append({"from": day, "vcpu": draw(st.sampled_from((0, 50))) if small else 5_000,
                          "memory_gb": draw(st.sampled_from((0, 200))) if small else 50_000,
                          "storage_tb": draw(st.sampled_from((0, 20))) if small else 2_000})
            day += dt.timedelta(days=draw(st.integers(1, 300)))
        clouds.append({"id": f"{domain}-cloud", "domain": domain, "capacity": steps})
    teams = []
    if draw(st.integers(0, 5)) > 0:
        teams.append({"id": "city-ops", "serves": "region", "slots": draw(st.integers(1, 6))})
    if counties and draw(st.booleans()):
        teams.append({"id": "county-ops", "serves": "counties", "slots": draw(st.integers(1, 4))})
    for c in counties:
        if draw(st.integers(0, 3)) == 0:
            teams.append({"id": f"ops-{c}", "serves": c, "slots": draw(st.integers(1, 3))})
    if not teams:
        teams.append({"id": "city-ops", "serves": "region", "slots": 1})
    return {"topology": {
        "id": "t",
        "extranet": {"public": {"pool": [draw(_rarely("59.255.0.0/19", "59.255.0.0/24"))]},
                     "admin": {"pool": ["59.255.128.0/19"]},
                     "department_prefix": draw(st.sampled_from((26, 27, 28)))},
        "intranet": {"pool": [draw(_rarely("10.248.0.0/20", "10.248.0.0/26"))]},
        "clouds": clouds,
        "exit_platforms": {
            "region": {"carriers": ["telecom", "unicom"], "public_cidrs": ["218.56.0.0/24"]},
            "county": {"carriers": ["telecom"], "public_cidrs": [draw(_rarely("218.56.64.0/22", "218.56.64.0/28"))],
                       "county_prefix": 28},
            "concurrency": draw(st.sampled_from((0.3, 0.6, 1.0))),
            "bandwidth_steps_mbps": draw(_rarely([100, 200, 500, 1000, 10000], [10])),
        },
        "teams": teams,
        "transfer_tb_per_wave": draw(st.sampled_from((None, 40, 120))) if draw(_rarely(True, False, 6))
        else draw(st.sampled_from((0.1, 2))),
    }}


def _policy(draw) -> dict[str, Any]:
    wave_days = draw(st.sampled_from((1, 3, 7, 7, 14, 31)))
    milestones = []
    for i, measure in enumerate(draw(st.lists(st.sampled_from(MEASURES), max_size=4))):
        by = START + dt.timedelta(days=draw(st.sampled_from((0, 6, 30, 120, 400))))
        milestones.append({"id": f"m{i}", "measure": measure, "by": by,
                           "at_least": draw(st.sampled_from((0.0, 0.5, 0.7, 1.0)))})
    freeze = []
    for _ in range(draw(st.integers(0, 2))):
        begin = START + dt.timedelta(days=draw(st.sampled_from((-10, 0, 20, 100))))
        freeze.append({"from": begin, "to": begin + dt.timedelta(days=draw(st.sampled_from((0, 6, 30)))), "why": "春节"})
    zombie = {"low_monthly_users": draw(st.sampled_from((0, 20, 100))), "stale_days": draw(st.sampled_from((365, 730)))}
    return {"policy": {"id": "p", "start": START, "wave_days": wave_days, "milestones": milestones,
                       "freeze": freeze, "zombie": zombie}}


def _version2(draw, inventory: dict, topology: dict, policy: dict) -> None:
    """Add version-2 keys to a drawn region, each on its own (any subset of them, possibly none)."""
    top, pol = topology["topology"], policy["policy"]
    counties = [c["id"] for c in inventory["region"]["counties"]]
    milestones = pol["milestones"]
    for by in draw(st.lists(st.sampled_from((0, 6, 30, 120, 400)), max_size=2)):
        milestones.append({"id": f"m{len(milestones)}", "measure": "systems_decommissioned",
                           "by": START + dt.timedelta(days=by), "at_least": draw(st.sampled_from((0.0, 0.5, 1.0)))})
    # Crews: a kind of work gets crews for the region and for every county (one team per county, teams for
    # named counties, or both); now and then one kind has crews for only some of those places.
    crews = {}
    for kind in draw(st.lists(st.sampled_from(KINDS), max_size=len(KINDS), unique=True)):
        crews[kind] = ["region"]
        if counties:
            crews[kind] += draw(st.sampled_from((["counties"], counties, ["counties", counties[0]])))
    several = [kind for kind, places in crews.items() if len(places) > 1]
    if several and draw(_rarely(False, True, 3)):
        kind = draw(st.sampled_from(several))
        places = crews[kind]
        partial = [["region"], places[1:]]  # none for the counties, or none for the region
        if "counties" not in places and len(places) > 2:
            partial.append(places[:-1])  # none for the last county
        crews[kind] = draw(st.sampled_from(partial))
    for kind, places in crews.items():
        for place in places:
            top["teams"].append({"id": f"{kind}-{place}", "serves": place, "slots": draw(st.integers(1, 4)),
                                 "works_on": kind})
    if draw(st.booleans()):
        top["network_sites_per_wave"] = draw(st.sampled_from((1, 1, 2, 6, 15, 40, 60)))
    # Dates around the start, the milestones and the freezes (ready and not_before fall before, on or after them).
    anchors = [START, *(m["by"] for m in milestones), *(f["from"] for f in pol["freeze"])]

    def near():
        return draw(st.sampled_from(anchors)) + dt.timedelta(days=draw(st.sampled_from((-30, -1, 0, 1, 10, 90))))

    for name in ("region", "county"):
        if draw(st.booleans()):
            top["exit_platforms"][name]["ready"] = near()
    not_before = {}
    for kind in draw(st.lists(st.sampled_from(KINDS), max_size=4, unique=True)):
        how = draw(st.sampled_from(("near", "before the start", "inside a freeze", "after the milestones")))
        if how == "inside a freeze" and pol["freeze"]:
            window = draw(st.sampled_from(pol["freeze"]))
            day = window["from"] + dt.timedelta(days=draw(st.integers(0, (window["to"] - window["from"]).days)))
        elif how == "after the milestones":
            day = max(anchors) + dt.timedelta(days=draw(st.sampled_from((1, 60, 700))))
        elif how == "before the start":
            day = START - dt.timedelta(days=draw(st.integers(1, 60)))
        else:
            day = near()
        not_before[kind] = day
    if not_before:
        pol["not_before"] = not_before
    limits = {}
    if draw(st.integers(0, 2)) > 0:
        # a ramp that may open closed (at_most 0) and, rarely, close for good; its first step before the start or not
        steps, day = [], START + dt.timedelta(days=draw(st.sampled_from((-60, -1, 0, 5, 30))))
        count = draw(st.integers(1, 3))
        for k in range(count):
            at_most = draw(st.sampled_from((0, 0, 1, 2, 3, 5, 40) if k < count - 1 else (1, 2, 3, 5, 40)))
            steps.append({"from": day, "at_most": at_most if k < count - 1 else draw(_rarely(at_most, 0, 8))})
            day += dt.timedelta(days=draw(st.integers(1, 200)))
        limits["cutovers_per_wave"] = steps
    if draw(st.integers(0, 2)) > 0:
        limits["cutovers_per_department_per_wave"] = per_department = draw(st.integers(1, 3))
        if draw(_rarely(False, True, 3)):  # a tight group larger than the limit: infeasible, so not too often
            _tight_group(draw, inventory, per_department + draw(st.integers(1, 2)))
    if limits:
        pol["limits"] = limits


def _tight_group(draw, inventory: dict, size: int) -> None:
    """Make ``size`` drawn systems one department's chain of tight, migrating systems (when there are enough)."""
    systems = inventory["systems"]
    if len(systems) < size:
        return
    group = draw(st.lists(st.sampled_from(systems), min_size=size, max_size=size, unique_by=lambda s: s["id"]))
    dept = next(d for d in inventory["departments"] if d["id"] == group[0]["department"])
    for k, s in enumerate(group):
        s.update(department=dept["id"], scope="department", section=None, classified=False, hosting="self-room",
                 in_ledger=True, om_active=True, idle=False, monthly_users=800, last_change=dt.date(2017, 6, 1))
        s["migration"].update(eligible=True, blocker=None)
        if k:
            s["depends_on"] = [d for d in s["depends_on"] if d["system"] != group[k - 1]["id"]]
            s["depends_on"].append({"system": group[k - 1]["id"], "coupling": "tight", "ports": [443]})


@st.composite
def facts_for(draw, plan, policy):
    """Actuals for a plan: as_of somewhere in it, and each moved thing done on a drawn day up to as_of, under way,
    or not yet — in any order and number, so that the record breaks rules (slots, freeze, connect first) as real
    records do."""
    last = max([w.wave for w in plan.waves] + [1])
    as_of = policy.wave_end(draw(st.integers(1, last)))
    days = st.integers(0, (as_of - policy.start).days).map(lambda d: policy.start + dt.timedelta(days=d))
    systems, networks, exits = [], [], []
    for s in plan.systems:
        if s.action in ("migrate", "integrate") and not s.classified:
            what = draw(st.sampled_from(("done", "started", "nothing")))
            if what != "nothing":
                systems.append({"id": s.id, "cut_over" if what == "done" else "started": draw(days)})
    for n in plan.networks:
        if n.action in ("consolidate", "intranet") and draw(st.booleans()):
            networks.append({"id": n.id, "consolidated": draw(days)})
    for e in plan.exits:
        if draw(st.booleans()):
            exits.append({"id": e.id, "consolidated": draw(days)})
    return {"actuals": {"as_of": as_of, "systems": systems, "networks": networks, "exits": exits}}
