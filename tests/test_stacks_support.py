"""Running the stack program in-process under Pulumi mocks, and reading back what it registered.

Shared by the tests/test_stacks_*.py modules and benchmarks/bench_stacks.py (no tests here).
"""

from __future__ import annotations

import json
import re
import runpy
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi

import planner.emit

PROGRAM = Path(planner.emit.__file__).parent / "stack_program"
PROJECT = "egov-stacks"
FIXTURE = Path(__file__).parent / "fixtures" / "plan_small.json"
EXAMPLE = Path(__file__).parents[1] / "reports" / "example-taian" / "plan.json"
PSK = "test-psk-not-a-secret-anywhere"
TRACE = re.compile(r"planner:(\w+)=(\S+)")

if str(PROGRAM) not in sys.path:
    sys.path.insert(0, str(PROGRAM))
warnings.filterwarnings("ignore", category=DeprecationWarning)


@dataclass
class Registered:
    typ: str
    name: str
    inputs: dict[str, Any]
    custom: bool
    id: str

    @property
    def kind(self) -> str:
        """`alicloud:vpc/switch:Switch` -> `Switch`."""
        return self.typ.rsplit(":", 1)[-1]

    def own_trace(self) -> dict[str, str] | None:
        """planner:* from tags (dict or "k=v" list), else from a description/name field."""
        tags = self.inputs.get("tags")
        if isinstance(tags, dict):
            return {k.split(":", 1)[1]: v for k, v in tags.items() if k.startswith("planner:")}
        if isinstance(tags, list):
            return dict(TRACE.findall(" ".join(tags)))
        for key in ("description", "snatEntryName", "forwardEntryName"):
            found = dict(TRACE.findall(str(self.inputs.get(key, ""))))
            if found:
                return found
        return None


@dataclass
class Run:
    resources: list[Registered] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # every registration, duplicates included

    def custom(self) -> list[Registered]:
        return [r for r in self.resources if r.custom]

    def of(self, kind: str) -> list[Registered]:
        return [r for r in self.resources if r.kind == kind]

    def by_id(self) -> dict[str, Registered]:
        return {r.id: r for r in self.resources}

    def trace(self, r: Registered) -> dict[str, str] | None:
        """A resource's trace; link resources without any text field inherit the one they link."""
        own = r.own_trace()
        if own is not None:
            return own
        ids = self.by_id()
        for key in ("allocationId", "subnetId", "portId"):
            linked = ids.get(r.inputs.get(key, ""))
            if linked is not None:
                return linked.own_trace()
        return None


class Recorder(pulumi.runtime.Mocks):
    """Records every registration and fakes the computed outputs the program reads."""

    def __init__(self) -> None:
        self.run = Run()
        self._ips = 0

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        rid = f"{args.name}-id"
        outputs = dict(args.inputs)
        self._ips += 1
        if args.typ == "alicloud:vpc/natGateway:NatGateway":
            outputs.update(snatTableIds=f"stb-{args.name}", forwardTableIds=f"ftb-{args.name}")
        elif args.typ == "alicloud:ecs/eipAddress:EipAddress":
            outputs["ipAddress"] = f"203.0.{self._ips // 250}.{self._ips % 250 + 1}"
        elif args.typ == "alicloud:ecs/instance:Instance":
            outputs["privateIp"] = f"192.0.{self._ips // 250}.{self._ips % 250 + 1}"
        elif args.typ == "openstack:networking/port:Port":
            outputs["allFixedIps"] = [f"192.0.{self._ips // 250}.{self._ips % 250 + 1}"]
        self.run.names.append(args.name)
        self.run.resources.append(Registered(args.typ, args.name, dict(args.inputs), bool(args.custom), rid))
        return rid, outputs

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


def config_for(plan: Path, target: str, cloud: str, wave: int, **extra: Any) -> dict[str, str]:
    config = {f"{PROJECT}:plan": str(plan), f"{PROJECT}:target": target, f"{PROJECT}:cloud": cloud,
              f"{PROJECT}:wave": str(wave), f"{PROJECT}:image": "img-test", f"{PROJECT}:zone": "zone-a",
              f"{PROJECT}:vpn_psk": PSK}
    if target == "alicloud":
        config["alicloud:region"] = "cn-qingdao"
    config.update({f"{PROJECT}:{k}": v if isinstance(v, str) else json.dumps(v) for k, v in extra.items()})
    return config


def run_program(plan: Path, target: str, cloud: str, wave: int, **extra: Any) -> Run:
    """Run the stack program once under fresh mocks; exceptions from the program propagate."""
    pulumi.runtime.settings.reset_options()  # else the first program's root stack is reused
    recorder = Recorder()
    pulumi.runtime.set_mocks(recorder, project=PROJECT, stack=cloud, preview=False)
    pulumi.runtime.set_all_config(config_for(plan, target, cloud, wave, **extra), [f"{PROJECT}:vpn_psk"])

    @pulumi.runtime.test
    def program():
        runpy.run_path(str(PROGRAM / "__main__.py"), run_name="__main__")

    program()
    return recorder.run


def plan_clouds(plan: Path) -> list[str]:
    return [c["id"] for c in json.loads(plan.read_text(encoding="utf-8"))["clouds"]]


def plan_waves(plan: Path) -> list[int]:
    data = json.loads(plan.read_text(encoding="utf-8"))
    waves = [w["wave"] for w in data.get("waves", [])]
    return waves or [1]
