"""The Plan and its JSON: the contract with stacks/ and reports.

FORMATS.md fixes the required keys; the extra keys here carry what the stacks and the reports
need so that they read plan.json only (names, departments, resources, flows, prefixes, platforms).
Same plan, same bytes: lists are sorted by id, no timestamps, floats rounded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "egov-plan/1"
FORMAT_2 = "egov-plan/2"  # a plan made with any of FORMATS.md's version-2 keys
FORMATS = (FORMAT, FORMAT_2)

SystemAction = Literal["migrate", "integrate", "decommission", "replace", "intranet", "stay", "on-cloud"]
NetworkAction = Literal["consolidate", "intranet", "retain"]
ExitAction = Literal["consolidate", "close"]  # close: behind a classified network (extension)


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Wave(Part):
    wave: int
    start: str
    end: str
    frozen: bool = False  # overlaps a freeze window: nothing cuts over in it


class County(Part):
    id: str
    name: str


class Department(Part):
    id: str
    name: str
    county: str | None = None
    team: str | None = None  # the team that migrates its systems
    blocks: dict[str, str] = {}  # domain (extranet-public | extranet-admin | intranet) -> the department's block
    prefixes: dict[str, str] = {}  # domain -> its landing zone on that domain's cloud (the block's first subnet)


class Capacity(Part):
    from_: str = Field(alias="from")
    vcpu: int
    memory_gb: float
    storage_tb: float
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Cloud(Part):
    id: str
    name: str = ""
    domain: Literal["public", "admin"]
    capacity: list[Capacity] = []


class Resources(Part):
    vcpu: int = 0
    memory_gb: float = 0
    storage_tb: float = 0


class SystemPlan(Part):
    id: str
    name: str = ""
    department: str = ""
    action: SystemAction
    target: str | None = None  # cloud id (migrate), system id (integrate), "intranet"
    start_wave: int | None = None
    wave: int | None = None  # cutover wave; null when nothing is cut over
    reasons: list[str] = []
    next_step: str | None = None
    classified: bool = False
    public_facing: bool = False
    protection_level: int = 1
    network: str = ""  # where it runs today
    resources: Resources = Resources()
    data_tb: float = 0
    yearly_om_cny: float = 0
    group: str | None = None  # move group: systems cut over together (tight dependencies)
    eligible: bool = True  # counts in "eligible systems on cloud" (not classified, migration.eligible not false)
    shares: list[str] = []  # data resources it offers (the sharing measure)
    connected_to_sharing: bool = False


class Flow(Part):
    """A dependency that must keep working after the move: `source` calls `target` on `ports`."""

    source: str = Field(alias="from")
    target: str = Field(alias="to")
    ports: list[int] = [443]
    coupling: Literal["tight", "loose"] = "loose"
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Nat(Part):
    inside: str
    outside: str
    advice: str = "nat"  # nat | re-address
    why: str = ""


class NetworkPlan(Part):
    id: str
    name: str = ""
    department: str = ""
    action: NetworkAction
    domain: str | None = None  # extranet-public | extranet-admin | intranet
    start_wave: int | None = None  # the first wave of its work (version 2: sites / network_sites_per_wave waves)
    wave: int | None = None  # the wave its work ends: consolidated, or moved to the intranet
    prefixes: list[str] = []
    nat: list[Nat] = []
    cidrs: list[str] = []  # the original CIDRs
    classified: bool = False
    yearly_cost_cny: float = 0
    reasons: list[str] = []


class Publication(Part):
    system: str
    port: int
    exit: str | None = None  # the exit it was published through before


class ExitPlan(Part):
    id: str
    department: str = ""
    action: ExitAction = "consolidate"
    platform: str | None = None  # region | county:<county id>; None when the exit is closed
    wave: int | None = None
    network: str | None = None
    carrier: str = ""
    peak_mbps: float = 0
    yearly_cost_cny: float = 0
    published: list[Publication] = []
    reasons: list[str] = []


class Platform(Part):
    id: str  # region | county:<county id>
    name: str = ""
    county: str | None = None
    carriers: list[str]
    bandwidth_mbps: float
    public_cidrs: list[str]
    summed_peak_mbps: float = 0
    exits: list[str] = []
    departments: list[str] = []  # SNAT: departments whose traffic leaves through it
    published: list[Publication] = []  # DNAT: services re-published on it
    yearly_cost_before_cny: float = 0  # the exits it replaces
    yearly_cost_after_cny: float = 0  # bandwidth x the topology's price per Mbps-year


class MilestoneScope(Part):
    """Version 2: the policy milestone's ``scope`` (FORMATS.md "Measures and scope"), so that plan.json alone
    recomputes its share (progress, confidence)."""

    level: str | None = None  # region | county
    departments: list[str] = []
    systems: list[str] = []


def scope_row(scope: Any) -> MilestoneScope | None:
    """The plan's copy of a policy milestone's scope (None without one)."""
    if scope is None:
        return None
    level = getattr(scope, "level", None)
    return MilestoneScope(level=str(level) if level is not None else None, departments=list(scope.departments),
                          systems=list(scope.systems))


class MilestoneResult(Part):
    id: str
    measure: str
    by: str
    required: float
    planned: float
    met: bool
    name: str = ""
    name_en: str = ""
    wave: int = 0  # the last wave ending by `by`
    scope: MilestoneScope | None = None  # version 2: the population is restricted (null: the whole region)


class Cost(Part):
    legacy_cny: float
    greedy_legacy_cny: float | None = None  # the greedy schedule's cost, for comparison
    before_yearly_cny: float = 0  # yearly cost of the legacy O&M, networks and exits today
    exits_before_yearly_cny: float = 0
    exits_after_yearly_cny: float = 0


class Solver(Part):
    status: str
    objective: float
    bound: float
    seconds: float  # the solver's time budget (the wall time varies from run to run; the CLI prints it)
    gap: float = 0
    engine: str = ""


class Conflict(Part):
    milestone: str | None = None
    text: str  # one sentence a manager understands
    text_zh: str = ""
    constraints: list[str] = []  # labels of the constraints that together make it impossible
    remedies: list[str] = []  # what would make it feasible


class Finding(Part):
    kind: str  # stable id, e.g. tight-group-mixes-classified
    objects: list[str]
    text: str
    text_zh: str = ""


class UnregisteredHost(Part):
    address: str
    network: str
    ports: list[int] = []


class Duty(Part):
    id: str
    name: str
    name_en: str = ""
    by: str


class Replan(Part):
    """What re-planning kept: facts pinned from the actuals, and how much of the announced plan changed."""

    as_of: str
    pinned: int  # cut-overs, consolidations and started migrations fixed from the actuals
    compared: int = 0  # activities the previous plan had announced
    changed: int = 0  # of those, how many now have another wave


class Plan(Part):
    format: str = FORMAT
    region: str
    region_name: str = ""
    topology: str
    policy: str
    policy_source: str = ""
    start: str = ""
    wave_days: int = 7
    waves: list[Wave] = []
    counties: list[County] = []
    departments: list[Department] = []
    clouds: list[Cloud] = []
    systems: list[SystemPlan] = []
    flows: list[Flow] = []
    networks: list[NetworkPlan] = []
    exits: list[ExitPlan] = []
    platforms: list[Platform] = []
    milestones: list[MilestoneResult] = []
    cost: Cost = Cost(legacy_cny=0)
    solver: Solver = Solver(status="NOT_SOLVED", objective=0, bound=0, seconds=0)
    conflicts: list[Conflict] = []
    findings: list[Finding] = []
    unregistered_hosts: list[UnregisteredHost] = []
    duties: list[Duty] = []  # the policy's per-department duties, for the report
    replan: Replan | None = None  # set when planned with --actuals / --previous


def plan_to_json(plan: Plan) -> str:
    """Canonical JSON: keys in model order, lists as built (the builders sort them), UTF-8, 1 space indent."""
    data = plan.model_dump(mode="json", by_alias=True)
    return json.dumps(_round(data), ensure_ascii=False, indent=1) + "\n"


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_round(v) for v in value]
    return value


def read_plan(path: Path) -> Plan:
    """Read a plan.json written by `planner plan`."""
    from .errors import InputError, Issue

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError([Issue(str(path), "plan", "", f"cannot be read as JSON ({exc})",
                                "give the plan.json written by `planner plan`")]) from None
    if not isinstance(data, dict) or data.get("format") not in FORMATS:
        raise InputError([Issue(str(path), "plan", "format", f"is not a {' or '.join(FORMATS)} plan",
                                "give the plan.json written by `planner plan`")])
    from pydantic import ValidationError

    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError([Issue(str(path), "plan", ".".join(map(str, first["loc"])), first["msg"],
                                "regenerate it with `planner plan`")]) from None
