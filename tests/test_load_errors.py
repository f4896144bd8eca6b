"""Bad input gets one clear sentence per problem: where, which object, which field, what, and the fix."""

from __future__ import annotations

import pytest
from conftest import SMALL_INVENTORY, problems, write_yaml

from planner.errors import InputError
from planner.load import load_inventory, load_policy


def system(data: dict, system_id: str) -> dict:
    return next(s for s in data["systems"] if s["id"] == system_id)


def test_load_accepts_the_small_inventory(tmp_path):
    """The fixture itself is valid: three systems load."""
    inventory = load_inventory(write_yaml(tmp_path / "inv.yaml", SMALL_INVENTORY))
    assert [s.id for s in inventory.systems] == ["fgw-invest", "fgw-price", "ny-edu"]


INVENTORY_CASES = {
    "typo-key": (lambda d: system(d, "ny-edu").update(netwrok="x"),
                 "systems[2] ny-edu.netwrok: is not a known key — fix: did you mean `network`?"),
    "bad-slug": (lambda d: system(d, "ny-edu").update(id="NY_edu"),
                 "systems[2] NY_edu.id: 'NY_edu' is not a valid id — fix: ids are lowercase letters, digits and '-', "
                 "starting with a letter or digit (e.g. fgw-invest)"),
    "missing-key": (lambda d: system(d, "ny-edu").pop("scope"),
                    "systems[2] ny-edu.scope: is missing — fix: add the key `scope`"),
    "bad-enum": (lambda d: system(d, "ny-edu").update(hosting="cloud"),
                 "systems[2] ny-edu.hosting: 'cloud' is not allowed — fix: use one of 'self-room', 'dept-cloud', "
                 "'industry-cloud', 'gov-cloud' or 'vertical'"),
    "bad-date": (lambda d: system(d, "ny-edu").update(last_change="2017-13-01"),
                 "systems[2] ny-edu.last_change: '2017-13-01' is not a date — fix: write dates as YYYY-MM-DD"),
    "protection-level": (lambda d: system(d, "ny-edu").update(protection_level=6),
                         "systems[2] ny-edu.protection_level: 6: input should be less than or equal to 5 — fix: correct the value"),
    "bad-eligible": (lambda d: system(d, "ny-edu").update(migration={"eligible": "maybe"}),
                     "systems[2] ny-edu.migration.eligible: 'maybe' is not allowed — fix: use one of auto, true or false"),
    "duplicate-system": (lambda d: system(d, "ny-edu").update(id="fgw-price"),
                         "systems[2] fgw-price.id: 'fgw-price' is used by systems[1] too — fix: ids must be unique "
                         "among systems: rename one of them"),
    "unknown-department": (lambda d: system(d, "ny-edu").update(department="jyj"),
                           "systems[2] ny-edu.department: unknown department 'jyj' — fix: use an id listed under "
                           "departments (fgw, ny-jyj)"),
    "unknown-network": (lambda d: system(d, "ny-edu").update(network="net-x"),
                        "systems[2] ny-edu.network: unknown network 'net-x' — fix: use an id listed under networks "
                        "(net-fgw) or extranet-public | extranet-admin | intranet | internet"),
    "section-not-in-department": (lambda d: system(d, "fgw-price").update(section="法规科"),
                                  "systems[1] fgw-price.section: '法规科' is not a section of fgw — fix: add it to the "
                                  "sections of department fgw, or use one of 投资科, 价格科"),
    "section-scope-without-section": (lambda d: system(d, "fgw-price").pop("section"),
                                      "systems[1] fgw-price.section: is missing for a section-level system (scope: section)"
                                      " — fix: name the section (科室) the system exists for"),
    "tight-dependency-unknown": (lambda d: system(d, "fgw-invest")["depends_on"][0].update(system="pop-base"),
                                 "systems[0] fgw-invest.depends_on.0.system: tight dependency on unknown system "
                                 "'pop-base' — fix: name a system of the inventory, or remove the dependency"),
    "self-dependency": (lambda d: system(d, "fgw-invest")["depends_on"][0].update(system="fgw-invest"),
                        "systems[0] fgw-invest.depends_on.0.system: the system depends on itself — fix: remove this dependency"),
    "duplicate-dependency": (lambda d: system(d, "fgw-invest")["depends_on"].append({"system": "fgw-price", "coupling": "loose"}),
                             "systems[0] fgw-invest.depends_on.1.system: 'fgw-price' is listed twice — fix: keep one "
                             "entry per system"),
    "replaceable-by-unknown": (lambda d: system(d, "fgw-price").update(replaceable_by="old-price"),
                               "systems[1] fgw-price.replaceable_by: unknown system 'old-price' — fix: name a system of "
                               "the inventory"),
    "blocker-missing": (lambda d: system(d, "ny-edu").update(migration={"eligible": False}),
                        "systems[2] ny-edu.migration.blocker: is missing: eligible is false but no reason is given — "
                        "fix: say why it cannot go to the cloud (e.g. 专用加密硬件), or set eligible: auto"),
    "cidr-host-bits": (lambda d: d["networks"][0].update(cidrs=["10.12.0.1/16"]),
                       "networks[0] net-fgw.cidrs[0]: '10.12.0.1/16' has host bits set — fix: write the network, 10.12.0.0/16"),
    "cidr-garbage": (lambda d: d["networks"][0].update(cidrs=["10.12.0.0/33"]),
                     "networks[0] net-fgw.cidrs[0]: '10.12.0.0/33' is not a CIDR — fix: write it like 10.12.0.0/16"),
    "cidrs-empty": (lambda d: d["networks"][0].update(cidrs=[]),
                    "networks[0] net-fgw.cidrs: is empty — fix: give at least one value"),
    "exit-on-other-department-network": (lambda d: d["exits"][1].update(network="net-fgw"),
                                         "exits[1] exit-ny-jyj-1.network: 'net-fgw' belongs to department fgw, not to "
                                         "ny-jyj — fix: give the exit to department fgw, or name a network of ny-jyj"),
    "peak-above-bandwidth": (lambda d: d["exits"][1].update(peak_mbps=80),
                             "exits[1] exit-ny-jyj-1.peak_mbps: 80 Mbps is above the bandwidth of 50 Mbps — fix: give "
                             "the observed 95th-percentile peak, at most the bandwidth"),
    "published-classified": (lambda d: system(d, "fgw-invest").update(classified=True),
                             "exits[0] exit-fgw-1.published.0.system: 'fgw-invest' is classified (涉密) and must never be "
                             "reachable from the internet — fix: remove it from published and take the service off the internet"),
    "asset-outside-network": (lambda d: d["assets"][0].update(address="192.168.1.9"),
                              "assets[0].address: 192.168.1.9 is outside the CIDRs of net-fgw (10.12.0.0/16) — fix: "
                              "correct the address or the network"),
    "asset-bad-address": (lambda d: d["assets"][0].update(address="10.12.300.4"),
                          "assets[0].address: '10.12.300.4' is not an IP address — fix: write it like 10.12.3.4"),
    "unknown-county": (lambda d: d["departments"][1].update(county="dongping"),
                       "departments[1] ny-jyj.county: unknown county 'dongping' — fix: use an id listed under "
                       "region.counties (ningyang) or leave it empty for a region-level department"),
    "unknown-top-level": (lambda d: d.update(sytems=[]),
                          "sytems: is not a part of an inventory — fix: use region, departments, systems, networks, "
                          "exits or assets"),
    "port-out-of-range": (lambda d: d["exits"][0]["published"][0].update(port=70000),
                          "exits[0] exit-fgw-1.published[0].port: 70000: input should be less than or equal to 65535 "
                          "— fix: correct the value"),
}


@pytest.mark.parametrize("case", sorted(INVENTORY_CASES))
def test_inventory_error_message(case, inventory_data, inventory_problems):
    """Each bad inventory gets exactly its one expected sentence."""
    mutate, expected = INVENTORY_CASES[case]
    mutate(inventory_data)
    assert inventory_problems(inventory_data) == [expected]


def test_inventory_errors_are_all_reported_in_one_run(inventory_data, inventory_problems):
    """Three independent mistakes give three problems, not just the first."""
    system(inventory_data, "ny-edu").update(hosting="cloud")
    inventory_data["networks"][0].update(cidrs=["10.12.0.1/16"])
    inventory_data["exits"][1].update(peak_mbps=80)
    assert len(inventory_problems(inventory_data)) == 3


def test_inventory_error_names_file_and_line(tmp_path, inventory_data):
    """The location is the file and the line of the offending key."""
    system(inventory_data, "ny-edu").update(hosting="cloud")
    path = write_yaml(tmp_path / "inv.yaml", inventory_data)
    with pytest.raises(InputError) as caught:
        load_inventory(path)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "hosting: cloud" in text)
    assert caught.value.issues[0].where == f"{path}:{line}"


def test_yaml_duplicate_key_is_an_error(tmp_path):
    """YAML would silently keep the last of two equal keys; the loader refuses."""
    path = tmp_path / "inv.yaml"
    path.write_text("region: {id: a, name: A, level: city}\nsystems: []\nsystems: []\n", encoding="utf-8")
    assert problems(load_inventory, path) == ["document.systems: appears twice in the same mapping — fix: keep one of the two"]


def test_yaml_syntax_error_names_the_line(tmp_path):
    """A syntax error is reported with its line, not a traceback."""
    path = tmp_path / "inv.yaml"
    path.write_text("region: {id: a, name: A\nsystems: [\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_inventory(path)
    assert str(caught.value.issues[0]).startswith(f"{path}:")
    assert "is not valid YAML" in str(caught.value.issues[0])


def test_yaml_unsafe_tag_is_refused(tmp_path):
    """YAML is loaded safely: a python object tag is an error, never executed."""
    path = tmp_path / "inv.yaml"
    path.write_text("region: !!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_inventory(path)


def test_directory_with_two_regions_is_an_error(tmp_path, inventory_data):
    """An inventory split over files has one region."""
    write_yaml(tmp_path / "a.yaml", {"region": inventory_data["region"]})
    write_yaml(tmp_path / "b.yaml", {"region": inventory_data["region"]})
    assert problems(load_inventory, tmp_path) == [f"region: is also given in {tmp_path / 'a.yaml'} — fix: keep the region in one file"]


def test_missing_inventory_path_is_an_error(tmp_path):
    """A path that does not exist is one clear problem."""
    assert problems(load_inventory, tmp_path / "nope.yaml") == [
        "inventory: does not exist — fix: give a .yaml file, a directory of .yaml files or an .xlsx workbook"]


TOPOLOGY_CASES = {
    "capacity-out-of-order": (
        lambda t: t["topology"]["clouds"][1]["capacity"][1].update({"from": "2017-11-01"}),
        "topology.clouds[1] admin-cloud.capacity[1].from: 2017-11-01 is not after the previous step (2017-12-01) — "
        "fix: list the capacity steps in date order, each from a later date"),
    "team-unknown-county": (
        lambda t: t["topology"]["teams"].append({"id": "x-ops", "serves": "xintai", "slots": 2}),
        "topology.teams[2] x-ops.serves: unknown county 'xintai' — fix: use region, counties, or one of ningyang"),
    "pools-overlap": (
        lambda t: t["topology"]["intranet"].update(pool=["59.255.48.0/22"]),
        "topology.intranet.pool: overlaps the extranet.admin pool (59.255.48.0/22) — fix: give each domain its own address space"),
    "steps-unordered": (
        lambda t: t["topology"]["exit_platforms"].update(bandwidth_steps_mbps=[100, 500, 200]),
        "topology.exit_platforms.bandwidth_steps_mbps: [100, 500, 200] is not in increasing order — fix: list the steps "
        "from small to large"),
    "cloud-bad-domain": (
        lambda t: t["topology"]["clouds"][0].update(domain="private"),
        "topology.clouds[0] public-cloud.domain: 'private' is not allowed — fix: use one of 'public' or 'admin'"),
}


@pytest.mark.parametrize("case", sorted(TOPOLOGY_CASES))
def test_topology_error_message(case, topology_data, topology_problems):
    """Each bad topology gets exactly its one expected sentence."""
    mutate, expected = TOPOLOGY_CASES[case]
    mutate(topology_data)
    assert topology_problems(topology_data) == [expected]


def small_policy() -> dict:
    return {"policy": {"id": "test", "start": "2017-12-04", "milestones": [
        {"id": "cloud-70", "measure": "eligible_systems_on_cloud", "at_least": 0.7, "by": "2018-06-30"}],
        "freeze": [{"from": "2018-02-10", "to": "2018-02-24", "why": "春节"}]}}


POLICY_CASES = {
    "milestone-before-start": (lambda p: p["policy"]["milestones"][0].update(by="2017-11-30"),
                               "policy.milestones[0] cloud-70.by: 2017-11-30 is before the policy start 2017-12-04 — "
                               "fix: move the date after the start, or the start before it"),
    "unknown-measure": (lambda p: p["policy"]["milestones"][0].update(measure="systems_on_cloud"),
                        "policy.milestones[0] cloud-70.measure: 'systems_on_cloud' is not allowed — fix: use one of "
                        "'eligible_systems_on_cloud', 'systems_on_extranet', 'systems_connected_to_sharing', "
                        "'private_networks_consolidated', 'exits_consolidated' or 'departments_integrated'"),
    "share-above-one": (lambda p: p["policy"]["milestones"][0].update(at_least=70),
                        "policy.milestones[0] cloud-70.at_least: 70: input should be less than or equal to 1 — fix: correct the value"),
    "freeze-reversed": (lambda p: p["policy"]["freeze"][0].update(to="2018-02-01"),
                        "policy.freeze[0].to: 2018-02-01 is before from (2018-02-10) — fix: swap the two dates"),
}


@pytest.mark.parametrize("case", sorted(POLICY_CASES))
def test_policy_error_message(case, policy_problems):
    """Each bad policy gets exactly its one expected sentence."""
    data = small_policy()
    mutate, expected = POLICY_CASES[case]
    mutate(data)
    assert policy_problems(data) == [expected]


def test_unknown_policy_name_lists_the_presets():
    """A policy that is neither a preset nor a file says what the presets are."""
    assert problems(load_policy, "taian-2018") == [
        "policy: is neither a preset nor a file — fix: use a preset (chongqing-2017, shaanxi-2017, taian-2017, "
        "tibet-2017, xinxiang-2017) or the path of a policy file"]


def test_yaml_value_tag_is_a_clear_error(tmp_path):
    """A bare '=' (YAML's value tag, found by the fuzz test) is an input error, not a crash."""
    path = tmp_path / "inv.yaml"
    path.write_text("=", encoding="utf-8")
    assert problems(load_inventory, path) == [
        "file: is not valid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:value' — "
        "fix: fix the syntax at that line"]


def test_json_inventory_loads_like_yaml(tmp_path):
    """A ledger exported as JSON (a subset of YAML) gives the same models as the YAML one."""
    import json

    from_yaml = load_inventory(write_yaml(tmp_path / "inv.yaml", SMALL_INVENTORY))
    (tmp_path / "inv.json").write_text(json.dumps(SMALL_INVENTORY, ensure_ascii=False), encoding="utf-8")
    assert load_inventory(tmp_path / "inv.json") == from_yaml


def test_json_duplicate_key_is_an_error(tmp_path):
    """JSON would keep the last of two equal keys too; the loader refuses, with the line."""
    path = tmp_path / "inv.json"
    path.write_text('{"region": {"id": "a", "name": "A", "level": "city"},\n "systems": [],\n "systems": []}',
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_inventory(path)
    assert [str(i) for i in caught.value.issues] == [
        f"{path}:1 document.systems: appears twice in the same mapping — fix: keep one of the two"]
