"""The synthetic region generator and the bundled Tai'an example made with it."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import netaddr
import pytest
import yaml

from planner.synthetic import BASE_SYSTEMS, generate_region

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_FILES = [f"inventory/example-taian/{name}.yaml"
                 for name in ("region", "departments", "systems", "networks", "exits", "assets")]
EXAMPLE_FILES.append("topologies/example-taian.yaml")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RFC1918 = netaddr.IPSet(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])
SHARED_NETWORKS = {"extranet-public", "extranet-admin", "intranet", "internet"}


def _counts(inventory: dict) -> dict[str, int]:
    return {key: len(value) for key, value in inventory.items() if isinstance(value, list)}


def _tight(system: dict) -> list[str]:
    return [d["system"] for d in system.get("depends_on", []) if d["coupling"] == "tight"]


def _reference_problems(inventory: dict) -> list[str]:
    """Every dangling or foreign reference of an inventory, in words."""
    problems = []
    counties = {c["id"] for c in inventory["region"]["counties"]}
    departments = {d["id"]: d for d in inventory["departments"]}
    systems = {s["id"]: s for s in inventory["systems"]}
    networks = {n["id"]: n for n in inventory["networks"]}
    for d in inventory["departments"]:
        if d["county"] is not None and d["county"] not in counties:
            problems.append(f"department {d['id']}: unknown county {d['county']}")
    for s in inventory["systems"]:
        dept = departments.get(s["department"])
        if dept is None:
            problems.append(f"system {s['id']}: unknown department")
            continue
        if s.get("section") is not None and s["section"] not in dept["sections"]:
            problems.append(f"system {s['id']}: section {s['section']} not of its department")
        if s["network"] not in networks and s["network"] not in SHARED_NETWORKS:
            problems.append(f"system {s['id']}: unknown network {s['network']}")
        for dep in s.get("depends_on", []):
            if dep["system"] not in systems:
                problems.append(f"system {s['id']}: depends on unknown {dep['system']}")
        replacement = s.get("replaceable_by")
        if replacement is not None and (replacement not in systems or systems[replacement]["department"] != s["department"]):
            problems.append(f"system {s['id']}: replaceable_by {replacement} is not of its department")
    for n in inventory["networks"]:
        if n["department"] not in departments:
            problems.append(f"network {n['id']}: unknown department")
    for e in inventory["exits"]:
        if e["department"] not in departments:
            problems.append(f"exit {e['id']}: unknown department")
        if e["network"] is not None and (e["network"] not in networks
                                         or networks[e["network"]]["department"] != e["department"]):
            problems.append(f"exit {e['id']}: network {e['network']} is not its department's")
        for p in e.get("published", []):
            if p["system"] not in systems or systems[p["system"]]["department"] != e["department"]:
                problems.append(f"exit {e['id']}: publishes {p['system']} of another department")
    for a in inventory["assets"]:
        if a["network"] not in networks:
            problems.append(f"asset {a['address']}: unknown network")
        elif a["system"] is not None and a["system"] not in systems:
            problems.append(f"asset {a['address']}: unknown system {a['system']}")
    return problems


@pytest.fixture(scope="module")
def region_400():
    return generate_region(400, seed=1)


def test_generate_region_same_seed_gives_identical_dicts():
    """Two runs with the same (systems, seed) give equal inventories and topologies."""
    assert generate_region(300, seed=5) == generate_region(300, seed=5)


def test_generate_region_different_seed_gives_a_different_region():
    """Another seed gives another region (names, counts, systems)."""
    first, _ = generate_region(300, seed=5)
    second, _ = generate_region(300, seed=6)
    assert first["region"] != second["region"]
    assert first["systems"] != second["systems"]


def test_generate_region_counts_scale_with_systems():
    """Departments, counties, networks, exits and assets grow linearly with the number of systems."""
    small, small_topology = generate_region(200, seed=1)
    large, large_topology = generate_region(800, seed=1)
    assert _counts(small) == {"departments": 30, "systems": 200, "networks": 29, "exits": 62, "assets": 248}
    assert _counts(large) == {"departments": 120, "systems": 800, "networks": 109, "exits": 221, "assets": 829}
    assert len(small["region"]["counties"]) == 3
    assert len(large["region"]["counties"]) == 12
    assert small_topology["topology"]["extranet"]["public"]["pool"] == ["59.255.0.0/20"]
    assert large_topology["topology"]["extranet"]["public"]["pool"] == ["59.255.0.0/18"]


def test_generate_region_proportions_per_400_systems(region_400):
    """Per 400 systems: 35 region-level departments, and the special cases in their planned numbers."""
    inventory, _ = region_400
    systems = inventory["systems"]
    region_level = [d for d in inventory["departments"] if d["county"] is None]
    kinds = Counter()
    for s in systems:
        kinds["shadow"] += s.get("in_ledger") is False
        kinds["section"] += s["scope"] == "section"
        kinds["classified"] += s["classified"]
        kinds["blocked"] += s["migration"]["eligible"] is False
        kinds["on-cloud"] += s["hosting"] == "gov-cloud"
        kinds["replaceable"] += s.get("replaceable_by") is not None
    assert len(region_level) == 35
    assert (kinds["shadow"], kinds["section"], kinds["classified"], kinds["blocked"], kinds["on-cloud"]) == (8, 40, 5, 20, 12)
    assert kinds["replaceable"] > 0
    networks = inventory["networks"]
    assert sum(n["classified"] for n in networks) == 2
    assert sum(n.get("retain") is not None for n in networks) == 2
    assert sum(n["vertical"] for n in networks) == 5


def test_generate_region_base_systems_exist_at_region_level(region_400):
    """The six shared base systems exist, in region-level departments, and many systems lean on them."""
    inventory, _ = region_400
    systems = {s["id"]: s for s in inventory["systems"]}
    departments = {d["id"]: d for d in inventory["departments"]}
    for base in BASE_SYSTEMS:
        assert departments[systems[base]["department"]]["county"] is None
    assert systems["pop-base"]["name"] == "人口基础信息库"
    assert systems["legal-base"]["name"] == "法人单位基础信息库"
    leaning = [s for s in inventory["systems"] if any(d["system"] in BASE_SYSTEMS for d in s.get("depends_on", []))]
    assert len(leaning) > 150


@pytest.mark.parametrize(("systems", "seed", "counties"), [(300, 1, None), (300, 2, None), (500, 3, 4), (60, 4, None), (20, 1, None), (20, 2, None)])
def test_generate_region_every_reference_resolves(systems, seed, counties):
    """Departments, counties, networks, systems (depends_on, replaceable_by, published, assets) all resolve."""
    inventory, _ = generate_region(systems, seed, counties)
    assert _reference_problems(inventory) == []
    if counties is not None:
        assert len(inventory["region"]["counties"]) == counties


def test_generate_region_ids_are_unique_slugs(region_400):
    """Every id is a slug and unique within its kind."""
    inventory, topology = region_400
    for key in ("departments", "systems", "networks", "exits"):
        ids = [item["id"] for item in inventory[key]]
        assert len(ids) == len(set(ids)), key
        assert all(SLUG.match(i) for i in ids), key
    assert all(SLUG.match(c["id"]) for c in inventory["region"]["counties"])
    assert SLUG.match(topology["topology"]["id"])


def test_generate_region_exits_only_on_own_consolidatable_networks(region_400):
    """Exits sit on the office LAN or on a non-classified, non-retained network of their own department."""
    inventory, _ = region_400
    networks = {n["id"]: n for n in inventory["networks"]}
    behind = [e for e in inventory["exits"] if e["network"] is not None]
    assert 0 < len(behind) < len(inventory["exits"])
    for e in behind:
        net = networks[e["network"]]
        assert net["department"] == e["department"]
        assert not net["classified"] and net.get("retain") is None
        assert e["peak_mbps"] <= e["bandwidth_mbps"]
    cidrs = [c for e in inventory["exits"] for c in e["public_cidrs"]]
    assert len(cidrs) == len(set(cidrs))


def test_generate_region_published_systems_are_migrating_public_services(region_400):
    """What an exit publishes is public-facing, of its department, not classified, blocked or a shadow."""
    inventory, _ = region_400
    systems = {s["id"]: s for s in inventory["systems"]}
    published = [p for e in inventory["exits"] for p in e.get("published", [])]
    assert published
    for p in published:
        s = systems[p["system"]]
        assert s["public_facing"] and not s["classified"]
        assert s["migration"]["eligible"] is not False and s.get("in_ledger", True)
        assert p["port"] in (80, 443)


def test_generate_region_tight_dependencies_stay_inside_one_department(region_400):
    """Tight dependencies join non-classified systems of one department and include one cycle."""
    inventory, _ = region_400
    systems = {s["id"]: s for s in inventory["systems"]}
    pairs = [(s, systems[t]) for s in inventory["systems"] for t in _tight(s)]
    assert len(pairs) >= 10
    for a, b in pairs:
        assert a["department"] == b["department"] and a["network"] == b["network"]
        assert not a["classified"] and not b["classified"]
    cycles = [s["id"] for s in inventory["systems"]
              if any(s["id"] in _tight(systems[t]) or any(s["id"] in _tight(systems[u]) for u in _tight(systems[t]))
                     for t in _tight(s))]
    assert len(cycles) == 3


def test_generate_region_networks_overlap_on_purpose(region_400):
    """About 10 % of the networks share address space with another department's network."""
    inventory, _ = region_400
    networks = inventory["networks"]
    overlapping = set()
    for i, a in enumerate(networks):
        for b in networks[i + 1:]:
            if a["department"] != b["department"] and netaddr.IPSet(a["cidrs"]) & netaddr.IPSet(b["cidrs"]):
                overlapping |= {a["id"], b["id"]}
    assert len(overlapping) == 6
    for n in networks:
        assert all(netaddr.IPNetwork(c) in RFC1918 for c in n["cidrs"])


def test_generate_region_assets_lie_inside_their_network(region_400):
    """Every scanned host is inside its network; about 3 % belong to no known system."""
    inventory, _ = region_400
    networks = {n["id"]: netaddr.IPSet(n["cidrs"]) for n in inventory["networks"]}
    assets = inventory["assets"]
    assert all(netaddr.IPAddress(a["address"]) in networks[a["network"]] for a in assets)
    assert len({(a["network"], a["address"]) for a in assets}) == len(assets)
    assert sum(a["system"] is None for a in assets) == 13


def test_generate_region_large_region_is_a_province():
    """With many counties the region becomes a province; references still resolve."""
    inventory, topology = generate_region(5000, seed=9)
    assert inventory["region"]["level"] == "province"
    assert len(inventory["region"]["counties"]) == 77
    assert _counts(inventory)["departments"] == 750
    assert _reference_problems(inventory) == []
    assert topology["topology"]["teams"][0]["id"] == "province-ops"


def test_generate_region_rejects_a_tiny_region():
    """Fewer than 20 systems cannot hold the base systems and their departments."""
    with pytest.raises(ValueError, match="at least 20"):
        generate_region(10, seed=1)


def test_bundled_example_is_reproducible(tmp_path):
    """`python tools/make_example.py` writes exactly the committed example files."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_example.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in EXAMPLE_FILES:
        assert (tmp_path / name).read_bytes() == (ROOT / name).read_bytes(), name


def test_bundled_example_counts():
    """Tai'an: six counties, 60 departments, 400 systems, 62 networks, 120 exits, 482 assets."""
    inventory = {}
    for name in EXAMPLE_FILES[:-1]:
        inventory.update(yaml.safe_load((ROOT / name).read_text(encoding="utf-8")))
    assert inventory["region"]["name"] == "泰安市"
    assert [c["id"] for c in inventory["region"]["counties"]] == [
        "taishan", "daiyue", "xintai", "feicheng", "ningyang", "dongping"]
    assert _counts(inventory) == {"departments": 60, "systems": 400, "networks": 62, "exits": 120, "assets": 482}
    assert _reference_problems(inventory) == []


def test_bundled_example_has_one_classified_tight_coupling():
    """Exactly one tight dependency crosses the classified line: gaj-jwzh on gaj-qbxx (a finding)."""
    systems = yaml.safe_load((ROOT / "inventory/example-taian/systems.yaml").read_text(encoding="utf-8"))["systems"]
    by_id = {s["id"]: s for s in systems}
    crossing = [(s["id"], t) for s in systems for t in _tight(s) if s["classified"] != by_id[t]["classified"]]
    assert crossing == [("gaj-jwzh", "gaj-qbxx")]


def test_bundled_example_loads_with_the_planner():
    """The planner's own loader accepts the example inventory and topology."""
    from planner.load import load_inventory, load_topology

    inventory = load_inventory(ROOT / "inventory" / "example-taian")
    topology = load_topology(ROOT / "topologies" / "example-taian.yaml", inventory)
    assert len(inventory.systems) == 400
    assert topology.id == "taian-egov"
