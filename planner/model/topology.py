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


class CountyPlatform(Frozen):
    carriers: list[Carrier] = Field(min_length=1)
    public_cidrs: list[Cidr] = Field(min_length=1)
    county_prefix: int = Field(default=28, ge=8, le=32)


class ExitPlatforms(Frozen):
    region: RegionPlatform
    county: CountyPlatform
    concurrency: float = Field(default=0.6, gt=0, le=1)
    bandwidth_steps_mbps: list[PositiveFloat] = Field(min_length=1)
    price_cny_per_mbps_year: NonNegativeFloat = 1000  # extension: to estimate the platforms' yearly cost


class Team(Frozen):
    id: Slug
    serves: Slug  # region | counties | <county id>
    slots: PositiveInt


class Topology(Frozen):
    id: Slug
    extranet: Extranet
    intranet: Pool
    clouds: list[Cloud] = Field(min_length=1)
    exit_platforms: ExitPlatforms
    teams: list[Team] = Field(min_length=1)
    transfer_tb_per_wave: PositiveFloat | None = None

    def cloud_of(self, domain: Domain) -> Cloud | None:
        """The first cloud serving `domain` (migrations of that domain go there)."""
        return next((c for c in self.clouds if c.domain == domain), None)


class TopologyFile(Frozen):
    topology: Topology
