"""load → graph → decide → waves → addresses → exits → verify → Plan. One function, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from .addresses import plan_addresses
from .decide import decide
from .errors import PlanBugError
from .exits import plan_platforms
from .graph import RegionGraph
from .model import Actuals, Inventory, Policy, Topology
from .plan import FORMAT, FORMAT_2, Capacity, Cloud, County, Department, Finding, Plan, Replan, Wave
from .replan import pins_from_actuals, unplanned_facts
from .rules.orders import ends_in_plan
from .waves import WaveSettings, schedule_waves
from .waves.build import team_resources


@dataclass
class PlanSettings(WaveSettings):
    verify: bool = True


def hard_limit_reasons(inventory: Inventory, topology: Topology, policy: Policy) -> list[str]:
    """What no schedule can get around (planner.waves.prechecks), in words; [] when nothing: `planner validate`."""
    from .waves.build import build_problem
    from .waves.prechecks import hard_limits
    from .waves.solve import default_horizon

    graph = RegionGraph(inventory, topology)
    decisions = decide(inventory, topology, policy, graph)
    problem = build_problem(inventory, topology, policy, decisions.system_plans(inventory),
                            decisions.network_plans(inventory), decisions.exit_plans(inventory),
                            horizon=default_horizon(policy), hard_milestones=False)
    return hard_limits(problem, inventory, topology)


def make_plan(inventory: Inventory, topology: Topology, policy: Policy, settings: PlanSettings | None = None, *,
              actuals: Actuals | None = None, previous: Plan | None = None) -> Plan:
    """The whole plan; raises PlanBugError if it breaks a hard rule (that would be a planner bug)."""
    settings = settings or PlanSettings()
    graph = RegionGraph(inventory, topology)
    decisions = decide(inventory, topology, policy, graph)
    systems, networks, exits = (decisions.system_plans(inventory), decisions.network_plans(inventory),
                                decisions.exit_plans(inventory))
    pins = pins_from_actuals(actuals, policy, systems) if actuals else None
    reference = _announced(previous) if previous else None
    outcome = schedule_waves(inventory, topology, policy, systems, networks, exits, settings, pins=pins,
                             reference=reference)
    addresses = plan_addresses(inventory, topology, outcome.systems, outcome.networks, outcome.exits)
    out_exits, platforms = plan_platforms(inventory, topology, outcome.exits, outcome.systems, addresses.networks)
    horizon = max([p.wave or 0 for p in (*outcome.systems, *addresses.networks, *out_exits)] + [1])
    teams = team_resources(inventory, topology)
    cost = outcome.cost.model_copy(update={
        "before_yearly_cny": round(sum(s.funding.yearly_om_cny for s in inventory.systems)
                                   + sum(n.yearly_cost_cny for n in inventory.networks)
                                   + sum(e.yearly_cost_cny for e in inventory.exits), 2),
        "exits_before_yearly_cny": round(sum(p.yearly_cost_before_cny for p in platforms), 2),
        "exits_after_yearly_cny": round(sum(p.yearly_cost_after_cny for p in platforms), 2)})
    plan = Plan(
        format=FORMAT_2 if uses_version_2(inventory, topology, policy) else FORMAT, region=inventory.region.id, region_name=inventory.region.name, topology=topology.id, policy=policy.id,
        policy_source=policy.source, start=policy.start.isoformat(), wave_days=policy.wave_days,
        waves=[Wave(wave=w, start=policy.wave_start(w).isoformat(), end=policy.wave_end(w).isoformat(),
                    frozen=policy.is_frozen(w)) for w in range(1, horizon + 1)],
        counties=[County(id=c.id, name=c.name) for c in inventory.region.counties],
        departments=[Department(id=d.id, name=d.name, county=d.county,
                                team=teams.names.get(teams.pool_of[d.id]), blocks=addresses.blocks.get(d.id, {}),
                                prefixes=addresses.landing_zones.get(d.id, {}))
                     for d in sorted(inventory.departments, key=lambda d: d.id)],
        clouds=[Cloud(id=c.id, name=c.name, domain=str(c.domain),
                      capacity=[Capacity(from_=s.from_.isoformat(), vcpu=s.vcpu, memory_gb=s.memory_gb,
                                         storage_tb=s.storage_tb) for s in c.capacity]) for c in topology.clouds],
        systems=outcome.systems, flows=decisions.flows, networks=addresses.networks, exits=out_exits,
        platforms=platforms, milestones=outcome.milestones, cost=cost,
        # the budget, not the wall time: the same inputs and settings must give the same bytes
        solver=outcome.solver.model_copy(update={"seconds": float(settings.time_limit)}),
        conflicts=outcome.conflicts, findings=decisions.findings, unregistered_hosts=decisions.unregistered_hosts,
        duties=[d.model_dump(mode="json") for d in policy.duties],
        replan=_replan(actuals, pins, reference, outcome.changed),
    )
    if actuals is not None:
        plan.findings = sorted([*plan.findings, *unplanned_facts(actuals, plan.systems),
                                *_fact_findings(plan, inventory, topology, policy)], key=lambda f: (f.kind, f.objects))
    if settings.verify:
        from .verify import format_violations, verify

        broken = verify(plan, inventory, topology, policy)
        if broken:
            raise PlanBugError("the plan breaks hard rules:\n" + format_violations(broken))
    return plan


def uses_version_2(inventory: Inventory, topology: Topology, policy: Policy) -> bool:
    """Whether the inputs use any of FORMATS.md's version-2 keys (the plan then says egov-plan/2)."""
    platforms = topology.exit_platforms
    return bool(any(t.works_on != "migrations" for t in topology.teams) or topology.network_sites_per_wave
                or platforms.region.ready or platforms.county.ready or topology.shared_services
                or policy.not_before or policy.limits.cutovers_per_wave
                or policy.limits.cutovers_per_department_per_wave
                or any(m.scope is not None or m.measure == "systems_decommissioned" for m in policy.milestones)
                or any(d.owner or d.contact for d in inventory.departments)
                or any(s.replace_with for s in inventory.systems))


def _fact_findings(plan: Plan, inventory: Inventory, topology: Topology, policy: Policy) -> list[Finding]:
    """What the recorded facts broke (the scheduling rules bind only after as_of), one finding per violation."""
    from .verify import broken_by_facts

    return [Finding(kind=f"fact-breaks-{v.rule.split('-', 1)[0].lower()}", objects=list(v.objects),
                    text=f"a recorded fact breaks rule {v.rule}: {v.details} — it is kept, and the scheduling rules "
                         f"bind only the waves after {plan.replan.as_of}")
            for v in broken_by_facts(plan, inventory, topology, policy)]


def _replan(actuals, pins, reference, changed) -> Replan | None:
    if actuals is None and reference is None:
        return None
    return Replan(as_of=actuals.as_of.isoformat() if actuals else "",
                  pinned=len(pins.ends) + len(pins.starts) if pins else 0,
                  compared=len(reference or {}), changed=changed or 0)


def _announced(previous: Plan) -> dict[str, int]:
    """The waves a previous plan announced, as activity ends."""
    return ends_in_plan(previous.systems, previous.networks, previous.exits)
