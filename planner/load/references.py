"""Cross-reference checks: what the schema alone cannot see (unknown or duplicate ids, wrong owners, …).

Each check is a small function returning issues; `check_inventory` runs them all so that every
problem of a run is reported at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import netaddr

from ..errors import Issue
from ..model.actuals import Actuals
from ..model.inventory import SHARED_NETWORKS, Region
from ..model.policy import Policy
from ..model.topology import Topology
from .messages import object_label

Where = Callable[[tuple[Any, ...]], str]
Items = dict[str, list[tuple[int, Any]]]


class _Reporter:
    def __init__(self, data: dict[str, Any], where: Where) -> None:
        self.data, self.where, self.issues = data, where, []

    def add(self, key: str, index: int, field: str, problem: str, fix: str) -> None:
        raw = self.data[key][index] if key in self.data and isinstance(self.data[key], list) else None
        path = (key, index, *field.split(".")) if field else (key, index)
        self.issues.append(Issue(self.where(path), object_label((key, index), raw), field, problem, fix))


def _raw_ids(data: dict[str, Any], key: str) -> set[str]:
    return {item["id"] for item in data.get(key, []) if isinstance(item, dict) and isinstance(item.get("id"), str)}


def check_inventory(region: Region, items: Items, data: dict[str, Any], where: Where) -> list[Issue]:
    """Every cross-reference rule of the inventory."""
    report = _Reporter(data, where)
    counties = {c.id for c in region.counties}
    ids = {key: _raw_ids(data, key) for key in ("departments", "systems", "networks", "exits")}
    _duplicate_counties(region, where, report)
    for key in ("departments", "systems", "networks", "exits"):
        _duplicate_ids(key, items[key], report)
    departments = {d.id: d for _, d in items["departments"]}
    networks = {n.id: n for _, n in items["networks"]}
    systems = {s.id: s for _, s in items["systems"]}
    _departments(items["departments"], counties, report)
    _systems(items["systems"], departments, ids, report)
    _networks(items["networks"], ids, report)
    _exits(items["exits"], networks, systems, ids, report)
    _assets(items["assets"], networks, ids, report)
    return report.issues


def _duplicate_counties(region: Region, where: Where, report: _Reporter) -> None:
    seen: set[str] = set()
    for i, county in enumerate(region.counties):
        if county.id in seen:
            report.issues.append(Issue(where(("region", "counties", i)), f"region.counties[{i}] {county.id}", "id",
                                       "is used by another county too", "give each county its own id"))
        seen.add(county.id)


def _duplicate_ids(key: str, pairs: list[tuple[int, Any]], report: _Reporter) -> None:
    counts = Counter(obj.id for _, obj in pairs)
    first: dict[str, int] = {}
    for index, obj in pairs:
        first.setdefault(obj.id, index)
        if counts[obj.id] > 1 and first[obj.id] != index:
            report.add(key, index, "id", f"'{obj.id}' is used by {key}[{first[obj.id]}] too",
                       f"ids must be unique among {key}: rename one of them")


def _departments(pairs: list[tuple[int, Any]], counties: set[str], report: _Reporter) -> None:
    for index, dept in pairs:
        if dept.county is not None and dept.county not in counties:
            report.add("departments", index, "county", f"unknown county '{dept.county}'",
                       _one_of(counties, "region.counties", extra="or leave it empty for a region-level department"))


def _systems(pairs: list[tuple[int, Any]], departments: dict[str, Any], ids: dict[str, set[str]],
             report: _Reporter) -> None:
    for index, system in pairs:
        dept = departments.get(system.department)
        if system.department not in ids["departments"]:
            report.add("systems", index, "department", f"unknown department '{system.department}'",
                       _one_of(ids["departments"], "departments"))
        if system.section is not None and dept is not None and system.section not in dept.sections:
            report.add("systems", index, "section", f"'{system.section}' is not a section of {dept.id}",
                       f"add it to the sections of department {dept.id}, or use one of {', '.join(dept.sections) or '(none)'}")
        if system.scope == "section" and system.section is None:
            report.add("systems", index, "section", "is missing for a section-level system (scope: section)",
                       "name the section (科室) the system exists for")
        if system.network not in ids["networks"] and system.network not in SHARED_NETWORKS:
            report.add("systems", index, "network", f"unknown network '{system.network}'",
                       _one_of(ids["networks"], "networks", extra="or " + " | ".join(SHARED_NETWORKS)))
        _dependencies(index, system, ids["systems"], report)
        if system.replaceable_by is not None:
            if system.replaceable_by == system.id:
                report.add("systems", index, "replaceable_by", "names the system itself", "name another system, or remove it")
            elif system.replaceable_by not in ids["systems"]:
                report.add("systems", index, "replaceable_by", f"unknown system '{system.replaceable_by}'",
                           "name a system of the inventory")
        if system.migration.eligible is False and not system.migration.blocker:
            report.add("systems", index, "migration.blocker", "is missing: eligible is false but no reason is given",
                       "say why it cannot go to the cloud (e.g. 专用加密硬件), or set eligible: auto")


def _dependencies(index: int, system: Any, system_ids: set[str], report: _Reporter) -> None:
    seen: set[str] = set()
    for k, dep in enumerate(system.depends_on):
        field = f"depends_on.{k}.system"
        if dep.system == system.id:
            report.add("systems", index, field, "the system depends on itself", "remove this dependency")
        elif dep.system not in system_ids:
            coupling = "tight " if dep.coupling == "tight" else ""
            report.add("systems", index, field, f"{coupling}dependency on unknown system '{dep.system}'",
                       "name a system of the inventory, or remove the dependency")
        elif dep.system in seen:
            report.add("systems", index, field, f"'{dep.system}' is listed twice", "keep one entry per system")
        seen.add(dep.system)


def _networks(pairs: list[tuple[int, Any]], ids: dict[str, set[str]], report: _Reporter) -> None:
    for index, net in pairs:
        if net.department not in ids["departments"]:
            report.add("networks", index, "department", f"unknown department '{net.department}'",
                       _one_of(ids["departments"], "departments"))


def _exits(pairs: list[tuple[int, Any]], networks: dict[str, Any], systems: dict[str, Any],
           ids: dict[str, set[str]], report: _Reporter) -> None:
    for index, ex in pairs:
        if ex.department not in ids["departments"]:
            report.add("exits", index, "department", f"unknown department '{ex.department}'",
                       _one_of(ids["departments"], "departments"))
        if ex.network is not None:
            net = networks.get(ex.network)
            if ex.network not in ids["networks"]:
                report.add("exits", index, "network", f"unknown network '{ex.network}'",
                           _one_of(ids["networks"], "networks", extra="or leave it empty for the office LAN"))
            elif net is not None and net.department != ex.department:
                report.add("exits", index, "network",
                           f"'{ex.network}' belongs to department {net.department}, not to {ex.department}",
                           f"give the exit to department {net.department}, or name a network of {ex.department}")
        if ex.peak_mbps > ex.bandwidth_mbps:
            report.add("exits", index, "peak_mbps", f"{ex.peak_mbps:g} Mbps is above the bandwidth of {ex.bandwidth_mbps:g} Mbps",
                       "give the observed 95th-percentile peak, at most the bandwidth")
        for k, pub in enumerate(ex.published):
            target = systems.get(pub.system)
            if pub.system not in ids["systems"]:
                report.add("exits", index, f"published.{k}.system", f"unknown system '{pub.system}'",
                           "name a system of the inventory")
            elif target is not None and target.classified:
                report.add("exits", index, f"published.{k}.system",
                           f"'{pub.system}' is classified (涉密) and must never be reachable from the internet",
                           "remove it from published and take the service off the internet")


def _assets(pairs: list[tuple[int, Any]], networks: dict[str, Any], ids: dict[str, set[str]], report: _Reporter) -> None:
    ranges: dict[str, list[tuple[int, int]]] = {}  # network id -> (first, last) address of each CIDR, built once

    def inside(address: str, net: Any) -> bool:
        if net.id not in ranges:
            ranges[net.id] = [(cidr.first, cidr.last) for cidr in map(netaddr.IPNetwork, net.cidrs)]
        value = int(netaddr.IPAddress(address))
        return any(first <= value <= last for first, last in ranges[net.id])

    for index, asset in pairs:
        net = networks.get(asset.network)
        if asset.network not in ids["networks"]:
            report.add("assets", index, "network", f"unknown network '{asset.network}'", _one_of(ids["networks"], "networks"))
        elif net is not None and not inside(asset.address, net):
            report.add("assets", index, "address", f"{asset.address} is outside the CIDRs of {net.id} ({', '.join(net.cidrs)})",
                       "correct the address or the network")
        if asset.system is not None and asset.system not in ids["systems"]:
            report.add("assets", index, "system", f"unknown system '{asset.system}'",
                       "name a system of the inventory, or leave it empty for an unregistered host")


def _one_of(options: Iterable[str], where: str, extra: str = "") -> str:
    options = sorted(options)
    shown = ", ".join(options[:6]) + (", …" if len(options) > 6 else "")
    text = f"use an id listed under {where}" + (f" ({shown})" if shown else "")
    return f"{text} {extra}".strip()


def check_topology(topology: Topology, inventory: Any, where: Where, inventory_where: Where | None = None) -> list[Issue]:
    """Capacity steps in order, unique ids, disjoint pools; with the inventory, the counties teams serve and the
    shared services systems are replaced with (located in the inventory by ``inventory_where`` when given)."""
    issues: list[Issue] = []

    def add(path: tuple[Any, ...], obj: str, field: str, problem: str, fix: str) -> None:
        issues.append(Issue(where(("topology", *path)), obj, field, problem, fix))

    for kind, objs in (("clouds", topology.clouds), ("teams", topology.teams), ("shared_services", topology.shared_services)):
        seen: set[str] = set()
        for i, obj in enumerate(objs):
            if obj.id in seen:
                add((kind, i), f"topology.{kind}[{i}] {obj.id}", "id", f"'{obj.id}' is used twice", f"ids must be unique among {kind}")
            seen.add(obj.id)
    for i, cloud in enumerate(topology.clouds):
        for k in range(1, len(cloud.capacity)):
            if cloud.capacity[k].from_ <= cloud.capacity[k - 1].from_:
                add(("clouds", i, "capacity", k), f"topology.clouds[{i}] {cloud.id}", f"capacity[{k}].from",
                    f"{cloud.capacity[k].from_} is not after the previous step ({cloud.capacity[k - 1].from_})",
                    "list the capacity steps in date order, each from a later date")
    steps = topology.exit_platforms.bandwidth_steps_mbps
    if any(b <= a for a, b in zip(steps, steps[1:], strict=False)):
        add(("exit_platforms", "bandwidth_steps_mbps"), "topology.exit_platforms", "bandwidth_steps_mbps",
            f"{[int(s) if s.is_integer() else s for s in steps]} is not in increasing order", "list the steps from small to large")
    pools = [("extranet.public", topology.extranet.public.pool), ("extranet.admin", topology.extranet.admin.pool),
             ("intranet", topology.intranet.pool)]
    for a in range(len(pools)):
        for b in range(a + 1, len(pools)):
            shared = netaddr.IPSet(pools[a][1]) & netaddr.IPSet(pools[b][1])
            if shared:
                add(tuple(pools[b][0].split(".")) + ("pool",), "topology", f"{pools[b][0]}.pool",
                    f"overlaps the {pools[a][0]} pool ({', '.join(str(c) for c in shared.iter_cidrs())})",
                    "give each domain its own address space")
    if inventory is not None:
        issues += _teams(topology, inventory, add)
        issues += _replacements(topology, inventory, where, inventory_where)
    return issues


def _teams(topology: Topology, inventory: Any, add: Callable[..., None]) -> list[Issue]:
    """Teams serve the region, every county or a known county. That every department with migrations
    has a team is checked with the decisions (planner.waves.prechecks): a county with nothing to
    migrate needs none."""
    counties = {c.id for c in inventory.region.counties}
    for i, team in enumerate(topology.teams):
        if team.serves not in ("region", "counties") and team.serves not in counties:
            fix = (f"use region, counties, or one of {', '.join(sorted(counties))}" if counties
                   else f"use region or counties (region {inventory.region.id} lists no counties)")
            add(("teams", i, "serves"), f"topology.teams[{i}] {team.id}", "serves", f"unknown county '{team.serves}'", fix)
    return []


def _replacements(topology: Topology, inventory: Any, where: Where, inventory_where: Where | None) -> list[Issue]:
    """A system's ``replace_with`` names a shared service of the topology (version 2, rule 17). The issue is
    located at the system in the inventory when its source is known, else at the topology's shared services."""
    services = {s.id for s in topology.shared_services}
    issues = []
    for index, system in enumerate(inventory.systems):
        if system.replace_with is None or system.replace_with in services:
            continue
        path = ("systems", index, "replace_with")
        located = inventory_where(path) if inventory_where is not None else where(("topology", "shared_services"))
        if services:
            fix = _one_of(services, "topology.shared_services", extra="or leave it empty")
        else:
            fix = f"add `- {{id: {system.replace_with}, name: …}}` under topology.shared_services, or leave it empty"
        issues.append(Issue(located, f"systems[{index}] {system.id}", "replace_with",
                            f"unknown shared service '{system.replace_with}'", fix))
    return issues


def check_policy(policy: Policy, where: Where, inventory: Any = None) -> list[Issue]:
    """Milestones after the start, unique ids, freeze windows the right way round, cut-over limits in date
    order; with the inventory, the departments and systems milestone scopes name."""
    issues = []
    for kind, objs in (("milestones", policy.milestones), ("duties", policy.duties)):
        seen: set[str] = set()
        for i, obj in enumerate(objs):
            if obj.id in seen:
                issues.append(Issue(where(("policy", kind, i)), f"policy.{kind}[{i}] {obj.id}", "id",
                                    f"'{obj.id}' is used twice", f"ids must be unique among {kind}"))
            seen.add(obj.id)
    for i, ms in enumerate(policy.milestones):
        if ms.by < policy.start:
            issues.append(Issue(where(("policy", "milestones", i, "by")), f"policy.milestones[{i}] {ms.id}", "by",
                                f"{ms.by} is before the policy start {policy.start}",
                                "move the date after the start, or the start before it"))
    for i, window in enumerate(policy.freeze):
        if window.to < window.from_:
            issues.append(Issue(where(("policy", "freeze", i)), f"policy.freeze[{i}]", "to",
                                f"{window.to} is before from ({window.from_})", "swap the two dates"))
    steps = policy.limits.cutovers_per_wave
    for k in range(1, len(steps)):
        if steps[k].from_ <= steps[k - 1].from_:
            issues.append(Issue(where(("policy", "limits", "cutovers_per_wave", k)), "policy.limits",
                                f"cutovers_per_wave[{k}].from",
                                f"{steps[k].from_} is not after the previous step ({steps[k - 1].from_})",
                                "list the steps in date order, each from a later date"))
    if inventory is not None:
        issues += _milestone_scopes(policy, inventory, where)
    return issues


def _milestone_scopes(policy: Policy, inventory: Any, where: Where) -> list[Issue]:
    """A milestone's scope names departments and systems of the inventory (version 2)."""
    known = {"departments": {d.id for d in inventory.departments}, "systems": {s.id for s in inventory.systems}}
    issues = []
    for i, ms in enumerate(policy.milestones):
        if ms.scope is None:
            continue
        for kind in ("departments", "systems"):
            seen: set[str] = set()
            for k, ident in enumerate(getattr(ms.scope, kind)):
                path = ("policy", "milestones", i, "scope", kind, k)
                if ident not in known[kind]:
                    problem = f"unknown {kind[:-1]} '{ident}'"
                    fix = _one_of(known[kind], f"{kind} of the inventory", extra="or remove it from the scope")
                elif ident in seen:
                    problem, fix = f"'{ident}' is listed twice", "keep one entry per id"
                else:
                    seen.add(ident)
                    continue
                issues.append(Issue(where(path), f"policy.milestones[{i}] {ms.id}", f"scope.{kind}[{k}]", problem, fix))
    return issues


def check_actuals(actuals: Actuals, known: Any, where: Where) -> list[Issue]:
    """Facts that contradict the inventory: an unknown id, one listed twice, a fact that says nothing, a date
    after as_of. ``known`` is a :class:`planner.load.KnownObjects` (from the inventory or from a plan: the same
    ids either way). A classified system's ``cut_over`` is its move to the intranet, the only place it can go
    (rule 2): never a cloud, so it is no contradiction. A fact that only breaks a scheduling rule
    (more cut-overs in a week than a team's slots, a cut-over in a freeze, an exit moved before its network)
    is still a fact: re-planning keeps it and reports it as a finding."""
    issues = []
    for kind in ("systems", "networks", "exits"):
        seen: set[str] = set()
        for i, fact in enumerate(getattr(actuals, kind)):
            obj = f"actuals.{kind}[{i}] {fact.id}"
            path = ("actuals", kind, i)
            if fact.id not in getattr(known, kind):
                issues.append(Issue(where(path), obj, "id", f"unknown {kind[:-1]} '{fact.id}'",
                                    f"name one of the {kind} of the inventory (plan.json lists the same ids)"))
                continue
            if fact.id in seen:
                issues.append(Issue(where(path), obj, "id", "is listed twice", "keep one entry per id"))
            seen.add(fact.id)
            dates = {k: v for k, v in fact.model_dump().items() if k != "id" and v is not None}
            if not dates:
                issues.append(Issue(where(path), obj, "", "says nothing happened", "give cut_over, started or decommissioned"))
            for key, day in dates.items():
                if day > actuals.as_of:
                    issues.append(Issue(where((*path, key)), obj, key, f"{day} is after as_of ({actuals.as_of})",
                                        "only record what has happened by as_of"))
    return issues
