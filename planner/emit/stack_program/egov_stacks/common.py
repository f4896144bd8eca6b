"""What the target modules share: the stack settings, a placed system, the logical-name guard, and
the interface the program and the components build through (:class:`Target`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import pulumi

from .plan_data import (
    DnatSpec,
    IngressSpec,
    InterconnectSpec,
    LandingZoneSpec,
    PlatformSpec,
    SnatSpec,
    StackView,
    SystemSpec,
    Trace,
)


@dataclass(frozen=True)
class Settings:
    """The stack config besides plan/target/cloud/wave (see the emitted README for each key)."""

    image: str = "CHANGE-ME"
    zone: str = "CHANGE-ME"  # alicloud availability zone of the switches
    peers: dict[str, str] = field(default_factory=dict)  # network id -> its border router's address
    ip_pools: dict[str, str] = field(default_factory=dict)  # platform id -> alicloud public IP pool id
    external_networks: dict[str, str] = field(default_factory=dict)  # carrier -> openstack external network id
    floating_pools: dict[str, str] = field(default_factory=dict)  # carrier -> openstack floating IP pool
    vpn_bandwidth: str = "100"

    @staticmethod
    def from_config(config: pulumi.Config) -> Settings:
        return Settings(
            image=config.get("image") or "CHANGE-ME",
            zone=config.get("zone") or "CHANGE-ME",
            peers=config.get_object("peers") or {},
            ip_pools=config.get_object("ip_pools") or {},
            external_networks=config.get_object("external_networks") or {},
            floating_pools=config.get_object("floating_pools") or {},
            vpn_bandwidth=config.get("vpn_bandwidth") or "100",
        )


@dataclass
class Placed:
    """A system's compute instance and what the exit platforms need of it."""

    instance: pulumi.CustomResource
    private_ip: pulumi.Output[str]
    port_id: pulumi.Output[str] | None = None


class Names:
    """Logical names claimed in this program: the engine rejects a duplicate (the mocks do not)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def __call__(self, name: str) -> str:
        if name in self._taken:
            raise ValueError(f"duplicate logical name {name!r}: two plan objects map to one resource")
        self._taken.add(name)
        return name


@runtime_checkable
class Target(Protocol):
    """One cloud's builder as the program and the components call it (alicloud.Alicloud, openstack.Openstack).

    The resources a builder returns are handles to the components: they read only their `id` and
    hand them back to the same builder, which knows their concrete type (a landing zone subnet is a
    vSwitch on alicloud, a subnet on openstack). `opts` carries `parent=` the calling component.
    """

    name_of: Names  # claims each logical name once; program.py names the components with it too

    def build_core(self, opts: pulumi.ResourceOptions | None = None) -> None:
        """The domain's network and its edge (alicloud) or router (openstack), from the first wave on."""

    # ------------------------------------------------------------------ LandingZone

    def subnet(self, zone: LandingZoneSpec, opts: pulumi.ResourceOptions) -> pulumi.CustomResource:
        """The department's landing zone subnet, on its block of the domain."""

    def security_group(self, system: SystemSpec, opts: pulumi.ResourceOptions) -> pulumi.CustomResource:
        """The system's security group: ingress from the plan's flows and published ports only."""

    def ingress_rule(self, rule: IngressSpec, group: pulumi.CustomResource,
                     opts: pulumi.ResourceOptions) -> None:
        """One ingress rule in the group `security_group` returned."""

    def instance(self, system: SystemSpec, subnet: pulumi.CustomResource, group: pulumi.CustomResource,
                 opts: pulumi.ResourceOptions) -> Placed:
        """The system's instance, sized from its planned resources, in its landing zone subnet."""

    # ------------------------------------------------------------------ ExitPlatform

    def platform_gateway(self, platform: PlatformSpec, opts: pulumi.ResourceOptions) -> pulumi.CustomResource:
        """The exit platform's gateway (alicloud: a NAT gateway; openstack: a router with SNAT)."""

    def snat_addresses(self, platform: PlatformSpec, gateway: pulumi.CustomResource,
                       opts: pulumi.ResourceOptions) -> list[pulumi.Output[str]]:
        """The platform's SNAT addresses, one per carrier (none where the gateway itself does SNAT)."""

    def snat(self, platform: PlatformSpec, entry: SnatSpec, gateway: pulumi.CustomResource,
             addresses: list[pulumi.Output[str]], subnets: Mapping[str, pulumi.CustomResource],
             opts: pulumi.ResourceOptions) -> None:
        """SNAT for one department; `subnets` maps a department to its landing zone subnet here."""

    def public_address(self, platform: PlatformSpec, key: str, carrier: str, trace: Trace,
                       gateway: pulumi.CustomResource, opts: pulumi.ResourceOptions) -> pulumi.Output[str]:
        """A public address on `carrier`, named by `key`, as `dnat` takes it (alicloud: the EIP's
        address; openstack: the floating IP's id)."""

    def dnat(self, platform: PlatformSpec, entry: DnatSpec, carrier: str, gateway: pulumi.CustomResource,
             address: pulumi.Output[str], placed: Placed, opts: pulumi.ResourceOptions) -> None:
        """DNAT of one published port from `address` to the placed system."""

    # ------------------------------------------------------------------ Interconnect

    def interconnect_gateway(self, trace: Trace, opts: pulumi.ResourceOptions) -> pulumi.CustomResource:
        """This cloud's end of the interconnection (alicloud: a VPN gateway; openstack: its core router)."""

    def interconnect_network(self, spec: InterconnectSpec, gateway: pulumi.CustomResource,
                             local: list[str], opts: pulumi.ResourceOptions) -> None:
        """The link to one consolidated network, routing its prefixes to `local` (this cloud's side)."""


class TargetBase:
    """State the builders share: `view` is what the stack builds, `settings` the config, `core` the
    core network's resources by role once :meth:`~Target.build_core` has run."""

    def __init__(self, view: StackView, settings: Settings,
                 vpn_psk: pulumi.Output[str] | None = None) -> None:
        self.view = view
        self.settings = settings
        self.vpn_psk = vpn_psk  # a secret Output, asked for only when an interconnect needs it
        self.name_of = Names()
        self.core: dict[str, pulumi.CustomResource] = {}
