"""An internet exit platform (region or county:<id>) in the public-domain cloud's stack: a gateway,
public addresses per carrier, SNAT for the departments whose exits moved onto it and DNAT for the
services it re-publishes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pulumi

from .common import Placed, Target
from .plan_data import PlatformSpec, Trace


@dataclass
class ExitPlatformArgs:
    platform: PlatformSpec  # already gated to the stack's wave
    target: Target
    placed: dict[str, Placed] = field(default_factory=dict)  # system id -> its instance (DNAT targets)
    subnets: dict[str, pulumi.CustomResource] = field(default_factory=dict)  # department -> landing zone subnet


class ExitPlatform(pulumi.ComponentResource):
    def __init__(self, name: str, args: ExitPlatformArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("egov:stacks:ExitPlatform", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        target, platform = args.target, args.platform
        self.gateway = target.platform_gateway(platform, child)
        snat_ips = target.snat_addresses(platform, self.gateway, child)
        for entry in platform.snat:
            target.snat(platform, entry, self.gateway, snat_ips, args.subnets, child)
        for system in sorted({d.system for d in platform.dnat}):
            ports = [d for d in platform.dnat if d.system == system]
            trace = Trace(ports[0].department, platform.system_wave(system), system)
            for carrier in platform.carriers:
                address = target.public_address(platform, f"{platform.slug}-{system}-{carrier}", carrier, trace,
                                                 self.gateway, child)
                for dnat in ports:
                    target.dnat(platform, dnat, carrier, self.gateway, address, args.placed[system], child)
        self.register_outputs({"gateway_id": self.gateway.id})
