"""plan.json as plain data: read it, and the small frozen specs the stack's components are built from.

Stacks consume data, not planner internals: this package reads the JSON with the standard library
only. :mod:`.stack_view` turns a plan into the specs below, one cloud and one wave at a time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMATS = ("egov-plan/1", "egov-plan/2")
SHARED = "shared"  # planner:department of resources serving several departments (VPC, NAT gateway)
INTERNET = "0.0.0.0/0"
DOMAINS = {"public": "extranet-public", "admin": "extranet-admin"}


class PlanDataError(ValueError):
    """plan.json cannot be applied as it stands; the message names the object and the fix."""


def load_plan(path: str | Path) -> dict[str, Any]:
    """Read plan.json (the only input of the stacks besides their config)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PlanDataError(f"{path}: cannot be read as JSON ({exc}); give the plan.json written by `planner plan`") from None
    if not isinstance(data, dict) or data.get("format") not in FORMATS:
        raise PlanDataError(f"{path}: is not a {' or '.join(FORMATS)} plan; give the plan.json written by `planner plan`")
    return data


def slug(identifier: str) -> str:
    """A plan id as a logical-name part (`county:taishan` -> `county-taishan`).

    >>> slug("county:taishan")
    'county-taishan'
    """
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in identifier)


@dataclass(frozen=True)
class Trace:
    """What a resource traces back to in the plan: department, wave, and system where it is one's."""

    department: str
    wave: int
    system: str | None = None

    def tags(self) -> dict[str, str]:
        tags = {"planner:department": self.department, "planner:wave": str(self.wave)}
        if self.system:
            tags["planner:system"] = self.system
        return tags

    def text(self) -> str:
        """The trace for resources without tags (rules, NAT entries): `planner:key=value ...`."""
        return " ".join(f"{k}={v}" for k, v in self.tags().items())


@dataclass(frozen=True)
class SystemSpec:
    id: str
    name: str
    department: str
    wave: int
    vcpu: float
    memory_gb: float
    storage_tb: float

    @property
    def trace(self) -> Trace:
        return Trace(self.department, self.wave, self.id)


@dataclass(frozen=True)
class IngressSpec:
    """Ingress to `system` on `port` from `cidr` (the source system's address, or the internet)."""

    name: str
    system: str
    department: str
    source: str  # a system id, or "internet" for a published port
    port: int
    cidr: str
    wave: int

    @property
    def trace(self) -> Trace:
        return Trace(self.department, self.wave, self.system)


@dataclass(frozen=True)
class LandingZoneSpec:
    department: str
    prefix: str
    wave: int  # the first cutover of the department onto this cloud
    systems: tuple[SystemSpec, ...]
    ingress: tuple[IngressSpec, ...]

    @property
    def trace(self) -> Trace:
        return Trace(self.department, self.wave)


@dataclass(frozen=True)
class SnatSpec:
    department: str
    cidr: str
    wave: int
    landing_zone_wave: int | None  # None: the department has no landing zone on this cloud


@dataclass(frozen=True)
class DnatSpec:
    system: str
    department: str
    port: int
    wave: int


@dataclass(frozen=True)
class PlatformSpec:
    id: str
    slug: str
    name: str
    wave: int
    carriers: tuple[str, ...]
    bandwidth_mbps: float
    public_cidrs: tuple[str, ...]
    snat: tuple[SnatSpec, ...]
    dnat: tuple[DnatSpec, ...]

    def system_wave(self, system: str) -> int:
        """The wave the system's first port is published here (its DNAT address appears then)."""
        return min(d.wave for d in self.dnat if d.system == system)


@dataclass(frozen=True)
class InterconnectSpec:
    network: str
    department: str
    wave: int
    prefixes: tuple[str, ...]  # the network's addresses in the domain (NAT outside addresses included)
    peer_ip: str  # its border router: the first host of its first prefix unless config says otherwise

    @property
    def trace(self) -> Trace:
        return Trace(self.department, self.wave)


@dataclass(frozen=True)
class StackView:
    """What the stack of `cloud` builds at `wave`: the gated specs plus the plan-wide anchors."""

    cloud: str
    domain: str
    wave: int
    core_wave: int | None  # first wave anything exists on this cloud; None: nothing ever does
    vpc_cidr: str | None
    edge_cidr: str | None  # a /28 for the NAT and VPN gateways, free of every department prefix
    hosts_platforms: bool
    landing_zones: tuple[LandingZoneSpec, ...]
    platforms: tuple[PlatformSpec, ...]
    interconnects: tuple[InterconnectSpec, ...]
    vpn_wave: int | None
    local_cidrs: tuple[str, ...] = ()  # this cloud's side of the interconnection
    warnings: tuple[str, ...] = field(default=())

    @property
    def core_due(self) -> bool:
        return self.core_wave is not None and self.core_wave <= self.wave

    @property
    def systems(self) -> list[SystemSpec]:
        return [s for lz in self.landing_zones for s in lz.systems]
