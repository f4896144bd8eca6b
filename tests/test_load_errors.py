"""Bad input gets one clear sentence per problem: where, which object, which field, what, and the fix."""

from __future__ import annotations

import pytest
from conftest import SMALL_INVENTORY, problems, write_yaml

from planner.errors import InputError
from planner.load import load_all, load_inventory, load_policy, load_topology


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
    "network-team-unknown-county": (
        lambda t: t["topology"]["teams"].append({"id": "x-net", "serves": "xintai", "slots": 1, "works_on": "networks"}),
        "topology.teams[2] x-net.serves: unknown county 'xintai' — fix: use region, counties, or one of ningyang"),
    "team-bad-work-kind": (
        lambda t: t["topology"]["teams"][0].update(works_on="network"),
        "topology.teams[0] city-ops.works_on: 'network' is not allowed — fix: use one of 'migrations', 'integrations', "
        "'networks', 'exits', 'decommissions' or 'intranet'"),
    "shared-service-duplicate": (
        lambda t: t["topology"].update(shared_services=[{"id": "gov-mail", "name": "全省统一电子邮件系统"},
                                                        {"id": "gov-mail", "name": "市邮件系统"}]),
        "topology.shared_services[1] gov-mail.id: 'gov-mail' is used twice — fix: ids must be unique among shared_services"),
    "shared-service-bad-ready": (
        lambda t: t["topology"].update(shared_services=[{"id": "gov-mail", "name": "邮件", "ready": "2018-02-30"}]),
        "topology.shared_services[0] gov-mail.ready: '2018-02-30' is not a date — fix: write dates as YYYY-MM-DD"),
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
                        "'private_networks_consolidated', 'exits_consolidated', 'departments_integrated' or "
                        "'systems_decommissioned'"),
    "share-above-one": (lambda p: p["policy"]["milestones"][0].update(at_least=70),
                        "policy.milestones[0] cloud-70.at_least: 70: input should be less than or equal to 1 — fix: correct the value"),
    "freeze-reversed": (lambda p: p["policy"]["freeze"][0].update(to="2018-02-01"),
                        "policy.freeze[0].to: 2018-02-01 is before from (2018-02-10) — fix: swap the two dates"),
    "cutover-steps-out-of-order": (
        lambda p: p["policy"].update(limits={"cutovers_per_wave": [{"from": "2018-03-01", "at_most": 40},
                                                                   {"from": "2017-12-04", "at_most": 5}]}),
        "policy.limits.cutovers_per_wave[1].from: 2017-12-04 is not after the previous step (2018-03-01) — fix: list "
        "the steps in date order, each from a later date"),
    "cutover-steps-same-date": (
        lambda p: p["policy"].update(limits={"cutovers_per_wave": [{"from": "2017-12-04", "at_most": 5},
                                                                   {"from": "2017-12-04", "at_most": 40}]}),
        "policy.limits.cutovers_per_wave[1].from: 2017-12-04 is not after the previous step (2017-12-04) — fix: list "
        "the steps in date order, each from a later date"),
    "not-before-unknown-kind": (
        lambda p: p["policy"].update(not_before={"migration": "2018-03-01"}),
        "policy.not_before.migration: 'migration' is not allowed — fix: use one of 'migrations', 'integrations', "
        "'networks', 'exits', 'decommissions' or 'intranet'"),
    "scope-bad-level": (
        lambda p: p["policy"]["milestones"][0].update(scope={"level": "city"}),
        "policy.milestones[0] cloud-70.scope.level: 'city' is not allowed — fix: use one of 'region' or 'county'"),
    "scope-typo-key": (
        lambda p: p["policy"]["milestones"][0].update(scope={"departmets": ["fgw"]}),
        "policy.milestones[0] cloud-70.scope.departmets: is not a known key — fix: did you mean `departments`?"),
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


# --- version 2: what the inventory, the topology and the policy name in each other ---------------

def _line_of(path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _v2_files(tmp_path, inventory_data, topology_data, policy_data=None):
    """The three inputs written to files (the policy is the small one unless given)."""
    return (write_yaml(tmp_path / "inv.yaml", inventory_data), write_yaml(tmp_path / "topology.yaml", topology_data),
            write_yaml(tmp_path / "policy.yaml", policy_data or small_policy()))


def test_replace_with_unknown_service_is_named_at_the_system(tmp_path, inventory_data, topology_data):
    """A system replaced with a service the topology does not offer: the inventory's file and line, and the services."""
    topology_data["topology"]["shared_services"] = [{"id": "gov-mail", "name": "全省统一电子邮件系统"}]
    system(inventory_data, "ny-edu")["replace_with"] = "gov-mial"
    inv, top, pol = _v2_files(tmp_path, inventory_data, topology_data)
    with pytest.raises(InputError) as caught:
        load_all(inv, top, pol)
    assert [str(i).split(" ", 1)[1] for i in caught.value.issues] == [
        "systems[2] ny-edu.replace_with: unknown shared service 'gov-mial' — fix: use an id listed under "
        "topology.shared_services (gov-mail) or leave it empty"]
    assert caught.value.issues[0].where == f"{inv}:{_line_of(inv, 'replace_with: gov-mial')}"


def test_replace_with_and_no_shared_services_says_how_to_add_one(tmp_path, inventory_data, topology_data):
    """Without any shared service in the topology the fix is the line to add."""
    system(inventory_data, "fgw-invest")["replace_with"] = "gov-mail"
    inv, top, pol = _v2_files(tmp_path, inventory_data, topology_data)
    assert problems(load_all, inv, top, pol) == [
        "systems[0] fgw-invest.replace_with: unknown shared service 'gov-mail' — fix: add `- {id: gov-mail, name: …}` "
        "under topology.shared_services, or leave it empty"]


def test_replace_with_checked_by_load_topology_alone_points_at_the_services(tmp_path, inventory_data, topology_data):
    """`load_topology(path, inventory)` knows no inventory file: the issue points at the topology's shared_services."""
    topology_data["topology"]["shared_services"] = [{"id": "gov-mail", "name": "全省统一电子邮件系统"}]
    system(inventory_data, "ny-edu")["replace_with"] = "gov-oa"
    inventory = load_inventory(write_yaml(tmp_path / "inv.yaml", inventory_data))
    path = write_yaml(tmp_path / "topology.yaml", topology_data)
    with pytest.raises(InputError) as caught:
        load_topology(path, inventory)
    assert [str(i).split(" ", 1)[1] for i in caught.value.issues] == [
        "systems[2] ny-edu.replace_with: unknown shared service 'gov-oa' — fix: use an id listed under "
        "topology.shared_services (gov-mail) or leave it empty"]
    assert caught.value.issues[0].where == f"{path}:{_line_of(path, '- id: gov-mail')}"  # the list's first line


def test_replace_with_a_known_service_loads(tmp_path, inventory_data, topology_data):
    topology_data["topology"]["shared_services"] = [{"id": "gov-mail", "name": "全省统一电子邮件系统", "ready": "2018-03-31"}]
    system(inventory_data, "ny-edu")["replace_with"] = "gov-mail"
    inventory, topology, _ = load_all(*_v2_files(tmp_path, inventory_data, topology_data))
    assert system_of(inventory, "ny-edu").replace_with == topology.shared_services[0].id == "gov-mail"


def system_of(inventory, system_id):
    return next(s for s in inventory.systems if s.id == system_id)


def _scoped_policy(scope: dict) -> dict:
    data = small_policy()
    data["policy"]["milestones"].append({"id": "fgw-cloud", "measure": "eligible_systems_on_cloud", "at_least": 1.0,
                                         "by": "2018-06-30", "scope": scope})
    return data


SCOPE_CASES = {
    "unknown-department": (
        {"departments": ["fgw", "jyj"]},
        "policy.milestones[1] fgw-cloud.scope.departments[1]: unknown department 'jyj' — fix: use an id listed under "
        "departments of the inventory (fgw, ny-jyj) or remove it from the scope"),
    "unknown-system": (
        {"systems": ["fgw-invst"]},
        "policy.milestones[1] fgw-cloud.scope.systems[0]: unknown system 'fgw-invst' — fix: use an id listed under "
        "systems of the inventory (fgw-invest, fgw-price, ny-edu) or remove it from the scope"),
    "listed-twice": (
        {"systems": ["fgw-invest", "fgw-invest"]},
        "policy.milestones[1] fgw-cloud.scope.systems[1]: 'fgw-invest' is listed twice — fix: keep one entry per id"),
}


@pytest.mark.parametrize("case", sorted(SCOPE_CASES))
def test_milestone_scope_names_ids_of_the_inventory(case, tmp_path, inventory_data):
    """A milestone's scope.departments and scope.systems are checked against the inventory, at the policy's line."""
    scope, expected = SCOPE_CASES[case]
    inventory = load_inventory(write_yaml(tmp_path / "inv.yaml", inventory_data))
    path = write_yaml(tmp_path / "policy.yaml", _scoped_policy(scope))
    with pytest.raises(InputError) as caught:
        load_policy(path, inventory)
    assert [str(i).split(" ", 1)[1] for i in caught.value.issues] == [expected]
    assert caught.value.issues[0].where.startswith(f"{path}:")


def test_milestone_scope_of_known_ids_loads(tmp_path, inventory_data):
    inventory = load_inventory(write_yaml(tmp_path / "inv.yaml", inventory_data))
    policy = load_policy(write_yaml(tmp_path / "policy.yaml", _scoped_policy(
        {"level": "region", "departments": ["fgw"], "systems": ["fgw-invest"]})), inventory)
    assert policy.milestones[1].scope.departments == ["fgw"]


def test_milestone_scope_without_the_inventory_is_not_checked(tmp_path):
    """`planner policy show` and other readers without an inventory accept any ids in a scope."""
    policy = load_policy(write_yaml(tmp_path / "policy.yaml", _scoped_policy({"departments": ["anything"]})))
    assert policy.milestones[1].scope.departments == ["anything"]


def test_version_2_problems_of_all_three_inputs_come_in_one_run(tmp_path, inventory_data, topology_data):
    """load_all says the replace_with, the shared service, the team, the scope and the limits problems at once."""
    topology_data["topology"]["shared_services"] = [{"id": "gov-mail", "name": "邮件"}, {"id": "gov-mail", "name": "邮件"}]
    topology_data["topology"]["teams"].append({"id": "x-net", "serves": "xintai", "slots": 1, "works_on": "networks"})
    system(inventory_data, "ny-edu")["replace_with"] = "gov-oa"
    policy = _scoped_policy({"departments": ["jyj"]})
    policy["policy"]["limits"] = {"cutovers_per_wave": [{"from": "2018-03-01", "at_most": 40},
                                                        {"from": "2017-12-04", "at_most": 5}]}
    inv, top, pol = _v2_files(tmp_path, inventory_data, topology_data, policy)
    found = problems(load_all, inv, top, pol)
    assert [p.split(":", 1)[0] for p in found] == [
        "topology.shared_services[1] gov-mail.id", "topology.teams[2] x-net.serves", "systems[2] ny-edu.replace_with",
        "policy.limits.cutovers_per_wave[1].from", "policy.milestones[1] fgw-cloud.scope.departments[0]"]


# --- version 2: the examples of FORMATS.md load ----------------------------------------------------
# Each V2_* text is the FORMATS.md snippet as printed; `_filled` replaces only its placeholders ([...], ...)
# and adds the keys the version-1 parts need, so the snippet is read exactly as a user would copy it.

V2_TOPOLOGY = """\
  teams:                                   # works_on (opt, default migrations): the kind of work
    - {id: city-ops,  serves: region,   slots: 6}
    - {id: net-crew,  serves: region,   slots: 2, works_on: networks}       # extranet access crews
    - {id: cty-net,   serves: counties, slots: 1, works_on: networks}
    - {id: exit-crew, serves: region,   slots: 8, works_on: exits}
    - {id: cleanup,   serves: region,   slots: 10, works_on: decommissions}  # also replacements
  network_sites_per_wave: 6                # (opt) unlimited; sites one crew connects in one wave
  exit_platforms:
    region: {carriers: [...], public_cidrs: [...], ready: 2018-04-01}   # (opt) ready: policy start
    county: {carriers: [...], public_cidrs: [...], county_prefix: 28, ready: 2018-05-01}
  shared_services:                         # (opt) []; shared platforms that replace departments' own systems
    - {id: gov-mail, name: 全省统一电子邮件系统, ready: 2018-03-31}
"""

V2_POLICY = """\
  not_before:                              # (opt) per kind: no cut-over in a wave that starts before
    migrations: 2018-03-01                 #   e.g. once the migration list (上云清单) is approved
    networks: 2018-02-01                   #   once the network plan (专网整合计划) is approved
    exits: 2018-04-01
    decommissions: 2018-01-01
  limits:                                  # (opt) change risk per wave (migration cut-overs only)
    cutovers_per_wave: [{from: 2017-12-04, at_most: 5}, {from: 2018-03-01, at_most: 40}]
    cutovers_per_department_per_wave: 3
  milestones:
    - {id: city-extranet, measure: systems_on_extranet, at_least: 1.0, by: 2017-11-25,
       scope: {level: region}}             # (opt) level: region | county; departments: [ids]; systems: [ids]
    - {id: cleanup, measure: systems_decommissioned, at_least: 1.0, by: 2017-12-31}
"""

V2_INVENTORY = """\
departments:
  - {id: fgw, name: 市发展改革委, owner: {name: 王某, title: 副主任}, contact: {phone: "0538-0000000", email: it@fgw.example}}
systems:
  - {id: fgw-mail, ..., replace_with: gov-mail}   # (opt) null; the shared service that replaces it
"""

V2_REGION = """\
region:
  id: taian
  name: 泰安市
  level: city
  counties:
    - {id: taishan, name: 泰山区, townships: 7}
"""

V1_TOPOLOGY_HEAD = """\
topology:
  id: taian-egov
  extranet:
    public: {pool: [59.255.40.0/21]}
    admin:  {pool: [59.255.48.0/21]}
  intranet: {pool: [10.250.0.0/20]}
  clouds:
    - {id: public-cloud, domain: public, capacity: [{from: 2017-12-01, vcpu: 2000, memory_gb: 8000, storage_tb: 400}]}
    - {id: admin-cloud, domain: admin, capacity: [{from: 2017-12-01, vcpu: 3000, memory_gb: 12000, storage_tb: 600}]}
"""

# The milestone city-extranet of the example is due 2017-11-25, so this policy starts before it (a milestone
# before the start is an input error).
V1_POLICY_HEAD = "policy:\n  id: v2-example\n  start: 2017-11-20\n"

FGW_MAIL = ("name: 发改委电子邮件系统, department: fgw, scope: department, monthly_users: 300, "
            "funding: {source: fiscal, yearly_om_cny: 20000}, classified: false, protection_level: 2, hosting: self-room, "
            "resources: {vcpu: 2, memory_gb: 4, storage_tb: 0.5}, data_tb: 0.1, network: extranet-admin")


def _filled() -> tuple[str, str, str]:
    """(inventory, topology, policy) texts around the FORMATS.md snippets."""
    topology = (V2_TOPOLOGY
                .replace("region: {carriers: [...], public_cidrs: [...]", "region: {carriers: [telecom], public_cidrs: [218.56.0.0/24]")
                .replace("county: {carriers: [...], public_cidrs: [...]", "county: {carriers: [telecom], public_cidrs: [218.56.64.0/20]")
                .replace("  shared_services:", "    bandwidth_steps_mbps: [100, 200, 500, 1000]\n  shared_services:"))
    inventory = V2_INVENTORY.replace("{id: fgw-mail, ...,", "{id: fgw-mail, " + FGW_MAIL + ",")
    assert "..." not in topology + inventory
    return V2_REGION + inventory, V1_TOPOLOGY_HEAD + topology, V1_POLICY_HEAD + V2_POLICY


def test_the_version_2_examples_of_formats_md_load(tmp_path):
    """Every version-2 key of FORMATS.md, as its examples write them, loads into the models (through load_all,
    so with the checks across the three files)."""
    import datetime as dt

    from planner.model import WorkKind

    texts = _filled()
    paths = [tmp_path / name for name in ("inventory.yaml", "topology.yaml", "policy.yaml")]
    for path, text in zip(paths, texts, strict=True):
        path.write_text(text, encoding="utf-8")
    inventory, topology, policy = load_all(*paths)

    fgw = inventory.departments[0]
    assert (fgw.owner.name, fgw.owner.title, fgw.contact.phone, fgw.contact.email) == (
        "王某", "副主任", "0538-0000000", "it@fgw.example")
    assert inventory.systems[0].replace_with == "gov-mail"

    assert [(t.id, t.works_on) for t in topology.teams] == [
        ("city-ops", WorkKind.migrations), ("net-crew", WorkKind.networks), ("cty-net", WorkKind.networks),
        ("exit-crew", WorkKind.exits), ("cleanup", WorkKind.decommissions)]
    assert topology.network_sites_per_wave == 6
    assert topology.exit_platforms.region.ready == dt.date(2018, 4, 1)
    assert topology.exit_platforms.county.ready == dt.date(2018, 5, 1)
    assert [(s.id, s.name, s.ready) for s in topology.shared_services] == [("gov-mail", "全省统一电子邮件系统", dt.date(2018, 3, 31))]

    assert policy.not_before == {WorkKind.migrations: dt.date(2018, 3, 1), WorkKind.networks: dt.date(2018, 2, 1),
                                 WorkKind.exits: dt.date(2018, 4, 1), WorkKind.decommissions: dt.date(2018, 1, 1)}
    assert [(s.from_, s.at_most) for s in policy.limits.cutovers_per_wave] == [(dt.date(2017, 12, 4), 5), (dt.date(2018, 3, 1), 40)]
    assert policy.limits.cutovers_per_department_per_wave == 3
    assert [(m.id, m.measure, m.scope and m.scope.level) for m in policy.milestones] == [
        ("city-extranet", "systems_on_extranet", "region"), ("cleanup", "systems_decommissioned", None)]


def test_the_version_2_examples_in_block_style_load_the_same(tmp_path):
    """The examples use nested flow mappings (read by PyYAML); the same data in the block style ledgers are
    written in goes through the fast reader, which reads it as PyYAML does, to the same models."""
    import yaml

    from planner.load.block_yaml import parse_block_yaml

    flow, block = [], []
    for name, text in zip(("inventory", "topology", "policy"), _filled(), strict=True):
        data = yaml.safe_load(text)
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        assert parse_block_yaml(dumped) == data  # the fast path, not a fallback
        (tmp_path / f"{name}-flow.yaml").write_text(text, encoding="utf-8")
        (tmp_path / f"{name}-block.yaml").write_text(dumped, encoding="utf-8")
        flow.append(tmp_path / f"{name}-flow.yaml")
        block.append(tmp_path / f"{name}-block.yaml")
    assert load_all(*block) == load_all(*flow)


def test_team_serving_a_county_of_a_region_without_counties(topology_data, topology_problems, inventory_data):
    """The fix does not offer "one of" nothing when the region lists no counties."""
    inventory_data["region"]["counties"] = []
    inventory_data["departments"][1].pop("county")
    topology_data["topology"]["teams"].append({"id": "x-ops", "serves": "xintai", "slots": 2})
    assert topology_problems(topology_data, inventory_data) == [
        "topology.teams[2] x-ops.serves: unknown county 'xintai' — fix: use region or counties (region taian lists "
        "no counties)"]
