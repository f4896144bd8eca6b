"""What decide() returns, and how it becomes the systems, networks, exits and flows of plan.json."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import plan
from ..model import Inventory


@dataclass
class SystemDecision:
    """What happens to one system: `target` is a cloud id (migrate), a system id (integrate) or "intranet"."""

    action: plan.SystemAction
    target: str | None = None
    reasons: list[str] = field(default_factory=list)
    next_step: str | None = None
    findings: list[str] = field(default_factory=list)  # kinds of the findings that name this system
    group: str | None = None  # move group id (smallest member), None when nothing is tight with it


@dataclass
class NetworkDecision:
    action: plan.NetworkAction
    domain: str | None  # extranet-public | extranet-admin | intranet; None when retained
    reasons: list[str] = field(default_factory=list)


@dataclass
class ExitDecision:
    platform: str | None  # region | county:<county id>; None when the exit is closed
    reasons: list[str] = field(default_factory=list)
    action: plan.ExitAction = "consolidate"


@dataclass
class Decisions:
    """One action with reasons for every system, network and exit; dicts are in id order."""

    systems: dict[str, SystemDecision]
    networks: dict[str, NetworkDecision]
    exits: dict[str, ExitDecision]
    findings: list[plan.Finding]
    unregistered_hosts: list[plan.UnregisteredHost]
    flows: list[plan.Flow]

    def counts(self) -> dict[str, int]:
        """Number of systems per action, e.g. {"migrate": 40, "stay": 3, ...}, in action order."""
        got = Counter(d.action for d in self.systems.values())
        return {a: got[a] for a in ("migrate", "on-cloud", "integrate", "intranet", "decommission", "stay") if got[a]}

    def system_plans(self, inventory: Inventory) -> list[plan.SystemPlan]:
        """The plan.json systems, sorted by id, waves left empty for the scheduler."""
        out = []
        for s in sorted(inventory.systems, key=lambda s: s.id):
            d = self.systems[s.id]
            out.append(plan.SystemPlan(
                id=s.id, name=s.name, department=s.department, action=d.action, target=d.target,
                reasons=list(d.reasons), next_step=d.next_step, classified=s.classified,
                public_facing=s.public_facing, protection_level=s.protection_level, network=s.network,
                resources=plan.Resources(**s.resources.model_dump()), data_tb=s.data_tb,
                yearly_om_cny=s.funding.yearly_om_cny, group=d.group,
                eligible=not s.classified and s.migration.eligible is not False, shares=list(s.shares),
                connected_to_sharing=s.connected_to_sharing))
        return out

    def network_plans(self, inventory: Inventory) -> list[plan.NetworkPlan]:
        """The plan.json networks, sorted by id; waves, prefixes and NAT are filled later."""
        return [plan.NetworkPlan(
            id=n.id, name=n.name, department=n.department, action=self.networks[n.id].action,
            domain=self.networks[n.id].domain, cidrs=list(n.cidrs), classified=n.classified,
            yearly_cost_cny=n.yearly_cost_cny, reasons=list(self.networks[n.id].reasons))
            for n in sorted(inventory.networks, key=lambda n: n.id)]

    def exit_plans(self, inventory: Inventory) -> list[plan.ExitPlan]:
        """The plan.json exits, sorted by id; the wave is filled later."""
        return [plan.ExitPlan(
            id=e.id, department=e.department, action=self.exits[e.id].action, platform=self.exits[e.id].platform,
            network=e.network, carrier=str(e.carrier), peak_mbps=e.peak_mbps, yearly_cost_cny=e.yearly_cost_cny,
            published=[plan.Publication(system=p.system, port=p.port, exit=e.id)
                       for p in sorted(e.published, key=lambda p: (p.system, p.port))],
            reasons=list(self.exits[e.id].reasons))
            for e in sorted(inventory.exits, key=lambda e: e.id)]
