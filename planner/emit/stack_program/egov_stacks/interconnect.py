"""The link from a cloud to the private networks consolidated into its domain: one gateway, then
per network a connection (alicloud: VPN customer gateway + IPsec connection; openstack: a transit
network on the core router) routing the network's prefixes."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from .common import Target
from .plan_data import InterconnectSpec, Trace


@dataclass
class InterconnectArgs:
    networks: tuple[InterconnectSpec, ...]  # already gated to the stack's wave
    local_subnets: list[str]  # this cloud's side: its landing zones and edge
    trace: Trace  # of the gateway: shared, from the first consolidated network's wave
    target: Target


class Interconnect(pulumi.ComponentResource):
    def __init__(self, name: str, args: InterconnectArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("egov:stacks:Interconnect", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        gateway = args.target.interconnect_gateway(args.trace, child)
        for spec in args.networks:
            args.target.interconnect_network(spec, gateway, args.local_subnets, child)
        self.register_outputs({"gateway_id": gateway.id, "networks": [s.network for s in args.networks]})
