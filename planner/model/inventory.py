"""The inventory: what exists in the region (FORMATS.md "Inventory")."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, NonNegativeFloat, NonNegativeInt, PositiveInt

from ..vocabulary import SHARED_NETWORKS  # noqa: F401 - the shared networks a system can sit on (re-exported)
from .base import Address, Cidr, Frozen, Slug


class Level(StrEnum):
    province = "province"
    city = "city"


class Scope(StrEnum):
    section = "section"
    department = "department"
    cross_department = "cross-department"
    region = "region"
    public = "public"


class FundingSource(StrEnum):
    fiscal = "fiscal"
    joint = "joint"
    purchased_service = "purchased-service"
    self = "self"


class Hosting(StrEnum):
    self_room = "self-room"
    dept_cloud = "dept-cloud"
    industry_cloud = "industry-cloud"
    gov_cloud = "gov-cloud"
    vertical = "vertical"


class Coupling(StrEnum):
    tight = "tight"
    loose = "loose"


class Carrier(StrEnum):
    telecom = "telecom"
    unicom = "unicom"
    mobile = "mobile"
    other = "other"


class County(Frozen):
    id: Slug
    name: str
    townships: NonNegativeInt = 0


class Region(Frozen):
    id: Slug
    name: str
    level: Level
    counties: list[County] = Field(default_factory=list)


class Owner(Frozen):
    """Version 2: who answers for a department's work (责任人)."""

    name: str
    title: str = ""


class Contact(Frozen):
    phone: str = ""
    email: str = ""


class Department(Frozen):
    id: Slug
    name: str
    county: Slug | None = None
    sections: list[str] = Field(default_factory=list)
    owner: Owner | None = None  # version 2
    contact: Contact | None = None  # version 2


class Approval(Frozen):
    by: str
    date: dt.date


class Funding(Frozen):
    source: FundingSource
    build_cny: NonNegativeFloat = 0
    yearly_om_cny: NonNegativeFloat = 0


class Resources(Frozen):
    vcpu: NonNegativeInt = 0
    memory_gb: NonNegativeFloat = 0
    storage_tb: NonNegativeFloat = 0


def _eligible(value: object) -> object:
    """auto | true | false (also 是/否 and yes/no from a workbook)."""
    if isinstance(value, bool) or value == "auto":
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "是", "1"):
        return True
    if text in ("false", "no", "否", "0"):
        return False
    raise ValueError(f"{value!r} is not allowed|use one of auto, true or false")


Eligibility = Annotated[Literal["auto"] | bool, BeforeValidator(_eligible)]


class Migration(Frozen):
    eligible: Eligibility = "auto"
    blocker: str | None = None
    effort_days: PositiveInt = 5
    cutover_hours: NonNegativeFloat = 8


Port = Annotated[int, Field(ge=1, le=65535)]


class Dependency(Frozen):
    system: Slug
    coupling: Coupling
    ports: list[Port] = [443]  # extension: TCP ports the dependent system calls


class System(Frozen):
    id: Slug
    name: str
    department: Slug
    section: str | None = None
    function: str = ""
    scope: Scope
    monthly_users: NonNegativeInt
    approved: Approval | None = None
    funding: Funding
    classified: bool
    protection_level: int = Field(ge=1, le=5)
    public_facing: bool = False
    hosting: Hosting
    resources: Resources
    data_tb: NonNegativeFloat
    network: str
    in_ledger: bool = True
    om_active: bool = True
    idle: bool = False
    last_change: dt.date | None = None
    replaceable_by: Slug | None = None
    replace_with: Slug | None = None  # version 2: the shared service (topology) that replaces it
    migration: Migration = Migration()
    depends_on: list[Dependency] = Field(default_factory=list)
    shares: list[str] = Field(default_factory=list)
    connected_to_sharing: bool = False


class Retention(Frozen):
    approved_by: str
    reason: str


class Network(Frozen):
    id: Slug
    name: str
    department: Slug
    vertical: bool = False
    classified: bool = False
    cidrs: list[Cidr] = Field(min_length=1)
    sites: NonNegativeInt
    carrier: Carrier
    yearly_cost_cny: NonNegativeFloat
    retain: Retention | None = None


class Published(Frozen):
    system: Slug
    port: Port


class Exit(Frozen):
    id: Slug
    department: Slug
    network: Slug | None = None
    carrier: Carrier
    bandwidth_mbps: NonNegativeFloat
    peak_mbps: NonNegativeFloat
    public_cidrs: list[Cidr] = Field(default_factory=list)
    yearly_cost_cny: NonNegativeFloat
    published: list[Published] = Field(default_factory=list)


class Asset(Frozen):
    address: Address
    network: Slug
    ports: list[Port] = Field(default_factory=list)
    system: Slug | None = None


class Inventory(Frozen):
    region: Region
    departments: list[Department] = Field(default_factory=list)
    systems: list[System] = Field(default_factory=list)
    networks: list[Network] = Field(default_factory=list)
    exits: list[Exit] = Field(default_factory=list)
    assets: list[Asset] = Field(default_factory=list)
