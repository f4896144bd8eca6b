"""A department's landing zone on one cloud: its subnet, and per system a security group, the
ingress rules the plan's flows need, and the instance. It appears with the department's first
cutover onto the cloud and only grows afterwards."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from .common import Placed, Target
from .plan_data import LandingZoneSpec


@dataclass
class LandingZoneArgs:
    zone: LandingZoneSpec  # already gated to the stack's wave
    target: Target  # an alicloud.Alicloud or openstack.Openstack builder


class LandingZone(pulumi.ComponentResource):
    def __init__(self, name: str, args: LandingZoneArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("egov:stacks:LandingZone", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        target, zone = args.target, args.zone
        self.subnet = target.subnet(zone, child)
        self.placed: dict[str, Placed] = {}
        for system in zone.systems:
            group = target.security_group(system, child)
            for rule in zone.ingress:
                if rule.system == system.id:
                    target.ingress_rule(rule, group, child)
            self.placed[system.id] = target.instance(system, self.subnet, group, child)
        self.register_outputs({
            "subnet_id": self.subnet.id,
            "instance_ids": {sid: p.instance.id for sid, p in self.placed.items()},
        })
