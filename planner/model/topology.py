"""The topology: what the target extranet, intranet, clouds and exit platforms offer."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, NonNegativeFloat, NonNegativeInt, PositiveFloat, PositiveInt

from .base import Cidr, Frozen, Slug
from .inventory import Carrier


class Domain(StrEnum):
    public = "public"
    admin = "admin"


class Pool(Frozen):
    pool: list[Cidr] = Field(min_length=1)


class Extranet(Frozen):
    public: Pool
    admin: Pool
    department_prefix: int = Field(default=27, ge=8, le=30)


class CapacityStep(Frozen):
    from_: dt.date = Field(alias="from")
    vcpu: NonNegativeInt
    memory_gb: NonNegativeFloat
    storage_tb: NonNegativeFloat


class Cloud(Frozen):
    id: Slug
    name: str = ""
    domain: Domain
    capacity: list[CapacityStep] = Field(min_length=1)

    def capacity_on(self, day: dt.date) -> CapacityStep | None:
        """The capacity step in force on `day` (None before the first step)."""
        in_force = [step for step in self.capacity if step.from_ <= day]
        return in_force[-1] if in_force else None


class RegionPlatform(Frozen):
    carriers: list[Carrier] = Field(min_length=1)
    public_cidrs: list[Cidr] = Field(min_length=1)
    ready: dt.date | None = None  # version 2: no exit moves onto the platform in a wave starting before


class CountyPlatform(Frozen):
    carriers: list[Carrier] = Field(min_length=1)
    public_cidrs: list[Cidr] = Field(min_length=1)
    county_prefix: int = Field(default=28, ge=8, le=32)
    ready: dt.date | None = None  # version 2: as the region platform's, for every county platform


class ExitPlatforms(Frozen):
    region: RegionPlatform
    county: CountyPlatform
    concurrency: float = Field(default=0.6, gt=0, le=1)
    bandwidth_steps_mbps: list[PositiveFloat] = Field(min_length=1)
    price_cny_per_mbps_year: NonNegativeFloat = 1000  # extension: to estimate the platforms' yearly cost


class WorkKind(StrEnum):
    """The kinds of work a team works on and a ``not_before`` date holds for (FORMATS.md version 2)."""

    migrations = "migrations"
    integrations = "integrations"  # extension: section systems merged into their department's system
    networks = "networks"
    exits = "exits"
    decommissions = "decommissions"  # also replacements
    intranet = "intranet"  # extension: classified systems moved to the intranet node


class Team(Frozen):
    id: Slug
    serves: Slug  # region | counties | <county id>
    slots: PositiveInt
    works_on: WorkKind = WorkKind.migrations  # version 2


class SharedService(Frozen):
    """A shared platform that replaces departments' own systems (version 2)."""

    id: Slug
    name: str
    name_en: str = ""
    ready: dt.date | None = None


class Topology(Frozen):
    id: Slug
    extranet: Extranet
    intranet: Pool
    clouds: list[Cloud] = Field(min_length=1)
    exit_platforms: ExitPlatforms
    teams: list[Team] = Field(min_length=1)
    transfer_tb_per_wave: PositiveFloat | None = None
    network_sites_per_wave: PositiveInt | None = None  # version 2: sites one network crew connects in a wave
    shared_services: list[SharedService] = Field(default_factory=list)  # version 2

    def teams_on(self, kind: WorkKind) -> list[Team]:
        """The teams that work on ``kind``."""
        return [t for t in self.teams if t.works_on == kind]

    def cloud_of(self, domain: Domain) -> Cloud | None:
        """The first cloud serving `domain` (migrations of that domain go there)."""
        return next((c for c in self.clouds if c.domain == domain), None)


class TopologyFile(Frozen):
    topology: Topology
