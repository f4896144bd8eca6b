"""The stack program under Pulumi mocks, for both targets, every cloud and every wave of the fixture plan."""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import json
import re
import typing
from pathlib import Path

import pytest
from test_stacks_support import FIXTURE, PROGRAM, PSK, Run, plan_clouds, plan_waves, run_program

TARGETS = ("alicloud", "openstack")
SECRET_KEY, SECRET_SIG = "4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"  # Pulumi's secret wrapper
SUBNET_KIND = {"alicloud": ("alicloud:vpc/switch:Switch", "cidrBlock"),
               "openstack": ("openstack:networking/subnet:Subnet", "cidr")}
RULE_KIND = {"alicloud": "alicloud:ecs/securityGroupRule:SecurityGroupRule",
             "openstack": "openstack:networking/secGroupRule:SecGroupRule"}
INSTANCE_KIND = {"alicloud": "alicloud:ecs/instance:Instance", "openstack": "openstack:compute/instance:Instance"}
SYSTEM_KINDS = {"Instance", "SecurityGroup", "SecGroup", "SecurityGroupRule", "SecGroupRule", "ForwardEntry",
                "PortForwardingV2"}


@functools.cache
def run(target: str, cloud: str, wave: int, plan: Path = FIXTURE) -> Run:
    return run_program(plan, target, cloud, wave)


def plan_data(plan: Path = FIXTURE) -> dict:
    return json.loads(plan.read_text(encoding="utf-8"))


def domain_of(plan: dict, cloud: str) -> str:
    return {"public": "extranet-public", "admin": "extranet-admin"}[
        next(c["domain"] for c in plan["clouds"] if c["id"] == cloud)]


def migrated(plan: dict, cloud: str, wave: int) -> set[str]:
    """Systems the plan cuts over to `cloud` in waves <= `wave` (classified ones never count)."""
    return {s["id"] for s in plan["systems"] if s["action"] == "migrate" and s["target"] == cloud
            and s["wave"] is not None and s["wave"] <= wave and not s.get("classified")}


def published_ports(plan: dict) -> set[tuple[str, int]]:
    pubs = {(p["system"], p["port"]) for pl in plan["platforms"] for p in pl["published"]}
    return pubs | {(p["system"], p["port"]) for e in plan["exits"] for p in e["published"]}


def mentions(blob: str, *idents: str) -> bool:
    """An id occurs as a whole token (`net-gaj` is in `transit-net-gaj`, not in `subnet-gaj`)."""
    return any(re.search(rf"(?<![a-z0-9]){re.escape(i)}(?![a-z0-9])", blob) for i in idents)


def rule_target(rule_name: str) -> str:
    return rule_name[len("in-"):].split("-from-")[0].split("-internet-")[0]


CASES = [(t, c, w) for t in TARGETS for c in plan_clouds(FIXTURE) for w in plan_waves(FIXTURE)]


@pytest.mark.parametrize("target,cloud,wave", CASES)
def test_stacks_instances_are_the_migrated_systems_up_to_the_wave(target, cloud, wave):
    """One instance per system cut over to this cloud in waves <= N, and nothing else."""
    instances = {r.name for r in run(target, cloud, wave).resources if r.typ == INSTANCE_KIND[target]}
    assert instances == {f"vm-{s}" for s in migrated(plan_data(), cloud, wave)}


@pytest.mark.parametrize("target", TARGETS)
def test_stacks_landing_zone_subnets_are_the_planned_prefixes(target):
    """Each department with a system on the cloud gets exactly its planned block of the cloud's domain."""
    plan = plan_data()
    typ, key = SUBNET_KIND[target]
    for cloud in plan_clouds(FIXTURE):
        domain = domain_of(plan, cloud)
        departments = {s["department"] for s in plan["systems"] if s["id"] in migrated(plan, cloud, 6)}
        expected = {d["prefixes"][domain] for d in plan["departments"] if d["id"] in departments}
        got = {r.inputs[key] for r in run(target, cloud, 6).resources if r.typ == typ and r.name.startswith("subnet-")}
        assert got == expected


def test_stacks_landing_zone_subnets_of_admin_cloud_are_explicit():
    """admin-cloud at wave 6 has the admin blocks of rsj, gaj, jyj, taishan-mzj and feicheng-wsj."""
    got = {r.inputs["cidrBlock"] for r in run("alicloud", "admin-cloud", 6).of("Switch")
           if r.name.startswith("subnet-")}
    assert got == {"59.255.48.32/27", "59.255.48.64/27", "59.255.48.96/27", "59.255.49.0/27", "59.255.49.32/27"}


@pytest.mark.parametrize("target,cloud,wave", CASES)
def test_stacks_ingress_only_from_plan_flows_and_published_ports(target, cloud, wave):
    """Every rule is a plan flow into its system on a flow port; 0.0.0.0/0 only on a published port."""
    plan = plan_data()
    flows = {(f["to"], f["from"], p) for f in plan["flows"] for p in f["ports"]}
    published = published_ports(plan)
    for r in run(target, cloud, wave).resources:
        if r.typ != RULE_KIND[target]:
            continue
        port = int(r.inputs.get("portRange", "0/0").split("/")[0]) if target == "alicloud" \
            else int(r.inputs["portRangeMin"])
        cidr = r.inputs.get("cidrIp") or r.inputs.get("remoteIpPrefix")
        assert (r.inputs.get("type") or r.inputs.get("direction")) == "ingress"
        if cidr == "0.0.0.0/0":
            assert (rule_target(r.name), port) in published, r.name
        else:
            source = r.name.split("-from-")[1].rsplit("-", 1)[0]
            assert (rule_target(r.name), source, port) in flows, r.name


def test_stacks_rule_source_address_follows_the_source_system():
    """fgw-invest -> rsj-social:1521 comes from net-fgw's prefix at wave 1, from fgw's public landing zone after."""
    def cidr(wave):
        rules = [r for r in run("alicloud", "admin-cloud", wave).of("SecurityGroupRule")
                 if r.name == "in-rsj-social-from-fgw-invest-1521"]
        return rules[0].inputs["cidrIp"]

    assert cidr(1) == "59.255.48.0/27"
    assert cidr(2) == "59.255.40.0/27"


def test_stacks_unreachable_or_classified_sources_open_nothing():
    """No rule from the classified gaj-case, nor from jyj-legacy on the retained net-jyj."""
    names = {r.name for t in TARGETS for c in plan_clouds(FIXTURE) for r in run(t, c, 6).resources}
    assert not {n for n in names if "from-gaj-case" in n or "from-jyj-legacy" in n}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("cloud", plan_clouds(FIXTURE))
def test_stacks_raising_the_wave_only_adds(target, cloud):
    """Logical names at wave N are a subset of those at N+1, and traces never change once a resource exists."""
    waves = plan_waves(FIXTURE)
    for lower, upper in zip(waves, waves[1:], strict=False):
        before = {r.name: r for r in run(target, cloud, lower).resources}
        after = {r.name: r for r in run(target, cloud, upper).resources}
        assert set(before) <= set(after), sorted(set(before) - set(after))
        for name, r in before.items():
            assert r.typ == after[name].typ
            assert r.own_trace() == after[name].own_trace(), name


@pytest.mark.parametrize("target,cloud,wave", CASES)
def test_stacks_no_duplicate_logical_names(target, cloud, wave):
    """The engine rejects duplicate names and the mocks silently overwrite them: check here."""
    names = run(target, cloud, wave).names
    assert len(names) == len(set(names))


@pytest.mark.parametrize("target,cloud,wave", CASES)
def test_stacks_every_resource_traces_back_to_the_plan(target, cloud, wave):
    """Every provider resource carries planner:department and planner:wave; a system's also planner:system."""
    result = run(target, cloud, wave)
    for r in result.custom():
        trace = result.trace(r)
        assert trace is not None, r.name
        assert trace.get("department") and trace.get("wave", "").isdigit(), (r.name, trace)
        assert int(trace["wave"]) <= wave, r.name
        if r.kind in SYSTEM_KINDS and not r.name.startswith("eip"):
            assert trace.get("system"), r.name


def test_stacks_instance_trace_and_size():
    """vm-fgw-invest (16 vCPU, 64 GiB, 2 TB) is an ecs.g7.4xlarge with a 2048 GiB data disk, traced to fgw, wave 2."""
    vm = next(r for r in run("alicloud", "public-cloud", 6).of("Instance") if r.name == "vm-fgw-invest")
    assert vm.inputs["instanceType"] == "ecs.g7.4xlarge"
    assert [d["size"] for d in vm.inputs["dataDisks"]] == [2048]
    assert vm.inputs["tags"] == {"planner:department": "fgw", "planner:wave": "2", "planner:system": "fgw-invest"}
    os_vm = next(r for r in run("openstack", "public-cloud", 6).of("Instance") if r.name == "vm-fgw-invest")
    assert os_vm.inputs["flavorName"] == "egov.g.4xlarge"


def test_stacks_exit_platforms_snat_and_dnat_on_alicloud():
    """Wave 4: region SNATs fgw, jyj, rsj; DNAT per published port and carrier on the faked forward tables."""
    result = run("alicloud", "public-cloud", 4)
    snat = {r.name: r.inputs for r in result.of("SnatEntry")}
    assert set(snat) == {"snat-region-fgw", "snat-region-jyj", "snat-region-rsj", "snat-county-feicheng-feicheng-wsj"}
    assert snat["snat-region-fgw"]["sourceCidr"] == "59.255.40.0/27"
    assert snat["snat-region-fgw"]["snatTableId"] == "stb-natgw-region"
    assert len(snat["snat-region-fgw"]["snatIp"].split(",")) == 2  # one EIP per carrier
    dnat = {r.name: r.inputs for r in result.of("ForwardEntry")}
    assert set(dnat) == {f"dnat-{p}-{s}-{port}-{c}" for p, s, port in [
        ("region", "fgw-invest", 443), ("region", "jyj-enroll", 443), ("region", "rsj-portal", 443),
        ("county-feicheng", "feicheng-wsj-health", 443), ("county-feicheng", "feicheng-wsj-health", 80)]
        for c in ("telecom", "unicom")}
    entry = dnat["dnat-region-fgw-invest-443-telecom"]
    assert entry["forwardTableId"] == "ftb-natgw-region"
    assert entry["internalIp"] and entry["externalIp"] and entry["externalPort"] == "443"


def test_stacks_published_port_waits_for_its_exit():
    """fgw-invest cuts over in wave 2 but its exit moves in wave 3: no internet rule or DNAT before."""
    names2 = {r.name for r in run("alicloud", "public-cloud", 2).resources}
    names3 = {r.name for r in run("alicloud", "public-cloud", 3).resources}
    assert "in-fgw-invest-internet-443" not in names2 and "vm-fgw-invest" in names2
    assert {"in-fgw-invest-internet-443", "dnat-region-fgw-invest-443-telecom"} <= names3


def test_stacks_exit_platforms_live_in_the_public_cloud_only():
    """No NAT gateway, router with SNAT or floating IP in the admin-cloud stacks."""
    kinds = {r.kind for t in TARGETS for r in run(t, "admin-cloud", 6).resources}
    assert not kinds & {"NatGateway", "SnatEntry", "ForwardEntry", "EipAddress", "FloatingIp", "PortForwardingV2"}


def test_stacks_interconnect_routes_consolidated_networks():
    """net-fgw (admin domain, wave 1) gets a VPN connection on alicloud and a transit subnet on openstack."""
    ali = run("alicloud", "admin-cloud", 1)
    connection = next(r for r in ali.of("Connection"))
    assert connection.name == "vpn-net-fgw"
    assert connection.inputs["remoteSubnets"] == ["59.255.48.0/27"]
    ike = connection.inputs["ikeConfig"]
    assert ike.get(SECRET_KEY) == SECRET_SIG  # the pre-shared key keeps its secret marking
    assert ike["value"]["psk"] == PSK
    assert next(r for r in ali.of("CustomerGateway")).inputs["ipAddress"] == "59.255.48.1"
    ost = run("openstack", "admin-cloud", 1)
    assert [r.inputs["cidr"] for r in ost.of("Subnet") if r.name.startswith("transit-")] == ["59.255.48.0/27"]


def test_stacks_never_emit_anything_classified():
    """gaj-case and net-gaj appear in no resource name or input of any stack at any wave."""
    for target, cloud, wave in CASES:
        for r in run(target, cloud, wave).resources:
            blob = r.name + json.dumps(r.inputs, default=str)
            assert not mentions(blob, "gaj-case", "net-gaj", "10.250.0.0"), r.name


def test_stacks_filter_classified_even_when_the_plan_is_wrong(tmp_path):
    """A classified system wrongly migrating, and a classified network wrongly consolidated, are still dropped."""
    plan = plan_data()
    for s in plan["systems"]:
        if s["id"] == "gaj-case":
            s.update(action="migrate", target="public-cloud", wave=1)
    for n in plan["networks"]:
        if n["id"] == "net-gaj":
            n.update(action="consolidate", domain="extranet-admin", wave=1, prefixes=["59.255.48.64/27"])
    plan["platforms"][1]["published"].append({"system": "gaj-case", "port": 443, "exit": None})
    wrong = tmp_path / "plan.json"
    wrong.write_text(json.dumps(plan), encoding="utf-8")
    for target in TARGETS:
        for cloud in plan_clouds(wrong):
            for r in run_program(wrong, target, cloud, 6).resources:
                blob = r.name + json.dumps(r.inputs, default=str)
                assert not mentions(blob, "gaj-case", "net-gaj"), r.name


def test_stacks_sdk_type_error_fails_the_run(monkeypatch):
    """A misspelled provider keyword raises TypeError out of the program instead of being swallowed."""
    import egov_stacks.alicloud as ali

    original = ali.vpc.Switch

    def misspelled(name, **kwargs):
        kwargs["cidr_blok"] = kwargs.pop("cidr_block")
        return original(name, **kwargs)

    monkeypatch.setattr(ali.vpc, "Switch", misspelled)
    with pytest.raises(TypeError, match="cidr_blok"):
        run_program(FIXTURE, "alicloud", "public-cloud", 6)


def test_stacks_program_does_not_import_the_planner():
    """Stacks consume plan.json, not planner internals."""
    for path in PROGRAM.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "planner" for a in node.names), path
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert node.module.split(".")[0] != "planner", path


TARGET_CLASSES = {"alicloud": "Alicloud", "openstack": "Openstack"}
TARGET_USERS = ("program.py", "landing_zone.py", "exit_platform.py", "interconnect.py")


def target_protocol_members() -> tuple[dict[str, inspect.Signature], dict[str, type]]:
    """(method name -> signature, attribute name -> type) of the egov_stacks.common.Target Protocol."""
    from egov_stacks.common import Target

    methods = {name: inspect.signature(member) for name, member in vars(Target).items()
               if inspect.isfunction(member) and not name.startswith("_")}
    return methods, typing.get_type_hints(Target)


def accepts(expected: object, given: object) -> bool:
    """A value of type `given` may stand where `expected` is declared: the same type, or a subclass."""
    if expected == given:
        return True
    return isinstance(expected, type) and isinstance(given, type) and issubclass(given, expected)


def test_stacks_target_protocol_lists_what_the_program_and_components_call():
    """Target has exactly the members program.py and the three components call on their target."""
    called = set()
    for module in TARGET_USERS:
        for node in ast.walk(ast.parse((PROGRAM / "egov_stacks" / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and (
                    (isinstance(node.value, ast.Name) and node.value.id == "target")
                    or (isinstance(node.value, ast.Attribute) and node.value.attr == "target")):
                called.add(node.attr)
    methods, attributes = target_protocol_members()
    assert called == set(methods) | set(attributes)


@pytest.mark.parametrize("target", TARGETS)
def test_stacks_target_class_satisfies_the_protocol(target):
    """The target class has every Target member: same parameters, types no narrower in, no wider out."""
    # program.py's `_target` returns each class as a Target, so a type checker checks the same there.
    from egov_stacks.common import Names, Settings, Target
    from egov_stacks.stack_view import build_view

    cls = getattr(importlib.import_module(f"egov_stacks.{target}"), TARGET_CLASSES[target])
    methods, attributes = target_protocol_members()
    for name, protocol in methods.items():
        implemented = inspect.signature(getattr(cls, name))
        assert [(p.name, p.kind, p.default) for p in implemented.parameters.values()] == \
            [(p.name, p.kind, p.default) for p in protocol.parameters.values()], name
        want = typing.get_type_hints(getattr(Target, name))
        got = typing.get_type_hints(getattr(cls, name))
        for param in protocol.parameters:
            if param != "self":
                assert accepts(got[param], want[param]), (name, param, got[param], want[param])
        assert accepts(want["return"], got["return"]), (name, want["return"], got["return"])
    builder = cls(build_view(plan_data(), "public-cloud", 6), Settings())
    assert attributes == {"name_of": Names} and isinstance(builder.name_of, Names)
    assert isinstance(builder, Target)
    assert not isinstance(object(), Target)


@pytest.fixture(scope="module")
def example_plan(tmp_path_factory) -> Path:
    """The bundled example planned by the pipeline (greedy: a second), written as plan.json."""
    from planner.load import load_inventory, load_policy, load_topology
    from planner.pipeline import PlanSettings, make_plan
    from planner.plan import plan_to_json

    root = Path(__file__).resolve().parent.parent
    inventory = load_inventory(root / "inventory" / "example-taian")
    topology = load_topology(root / "topologies" / "example-taian.yaml", inventory)
    plan = make_plan(inventory, topology, load_policy("taian-2017"), PlanSettings(time_limit=0))
    path = tmp_path_factory.mktemp("example") / "plan.json"
    path.write_text(plan_to_json(plan), encoding="utf-8")
    return path


@pytest.mark.parametrize("target", TARGETS)
def test_stacks_example_plan_applies_cleanly(target, example_plan):
    """The pipeline's example plan: instances match, names unique, every resource traced, monotone."""
    EXAMPLE = example_plan  # noqa: N806 - the plan under test
    plan = plan_data(EXAMPLE)
    waves = plan_waves(EXAMPLE)
    for cloud in plan_clouds(EXAMPLE):
        previous: set[str] = set()
        for wave in sorted({waves[0], waves[len(waves) // 2], waves[-1]}):
            result = run_program(EXAMPLE, target, cloud, wave)
            assert len(result.names) == len(set(result.names))
            instances = {r.name for r in result.resources if r.typ == INSTANCE_KIND[target]}
            assert instances == {f"vm-{s}" for s in migrated(plan, cloud, wave)}
            assert all(result.trace(r) for r in result.custom())
            assert previous <= set(result.names)
            previous = set(result.names)
