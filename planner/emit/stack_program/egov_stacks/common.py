"""What the target modules share: the stack settings, the logical-name guard, a placed system."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi

from .plan_data import StackView


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


class Target:
    """Base of the per-cloud builders; `view` is what the stack builds, `settings` the config."""

    name = ""

    def __init__(self, view: StackView, settings: Settings, vpn_psk: Any = None) -> None:
        self.view = view
        self.settings = settings
        self.vpn_psk = vpn_psk  # a secret Output, asked for only when an interconnect needs it
        self.name_of = Names()
        self.core: dict[str, Any] = {}
