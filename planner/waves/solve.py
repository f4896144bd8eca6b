"""Schedule the waves: the scheduling core's strategy on the wave problem, milestones hard if they can be met,
else soft with conflicts that say why."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import InfeasibleError
from ..model import Inventory, Policy, Topology
from ..plan import Conflict, Cost, ExitPlan, MilestoneResult, NetworkPlan, Solver, SystemPlan, scope_row
from ..rules.cost import cost_terms, retired_yearly
from ..rules.measures import share
from ..rules.orders import ends_in_plan
from ..schedule import Budget, Result, greedy_schedule, stage
from ..schedule import solve as solve_schedule
from ..vocabulary import EXIT, NETWORK, activity_key, cutover_key, start_wave
from .build import Pins, WaveProblem, build_problem
from .conflicts import describe_conflicts
from .prechecks import hard_limits

ProgressFn = Callable[[float, float, float, float], None]


@dataclass
class WaveSettings:
    time_limit: float = 30.0  # seconds for CP-SAT (0: greedy only)
    workers: int = 2
    seed: int = 0
    explain_seconds: float = 20.0
    on_progress: ProgressFn | None = None
    on_stage: Callable[[str, float], None] | None = None  # (stage, seconds): build, greedy, cp-sat, ...
    prove: bool = False  # the time-indexed LP whole whatever the size: the strongest bound (10,000 systems: 87 s)

    def budget(self) -> Budget:
        return Budget(time_limit=self.time_limit, workers=self.workers, seed=self.seed, prove=self.prove,
                      on_progress=self.on_progress, on_stage=self.on_stage)


@dataclass
class WaveOutcome:
    systems: list[SystemPlan]
    networks: list[NetworkPlan]
    exits: list[ExitPlan]
    milestones: list[MilestoneResult]
    cost: Cost
    solver: Solver
    conflicts: list[Conflict] = field(default_factory=list)
    changed: int | None = None  # activities whose wave differs from the reference (re-planning)


def default_horizon(policy: Policy) -> int:
    """Enough waves for every milestone and half a year more."""
    last = max((policy.last_wave_ending_by(m.by) for m in policy.milestones), default=0)
    return max(last + 26, 60)


def schedule_waves(inventory: Inventory, topology: Topology, policy: Policy, systems: list[SystemPlan],
                   networks: list[NetworkPlan], exits: list[ExitPlan], settings: WaveSettings | None = None, *,
                   pins: Pins | None = None, reference: dict[str, int] | None = None) -> WaveOutcome:
    s = settings or WaveSettings()
    budget = s.budget()
    t0 = time.perf_counter()

    def problem(horizon: int, hard_milestones: bool) -> WaveProblem:
        return build_problem(inventory, topology, policy, systems, networks, exits, horizon=horizon, pins=pins,
                             reference=reference, hard_milestones=hard_milestones)

    horizon = default_horizon(policy)
    for attempt in range(4):  # widen the horizon if the hard rules alone do not fit in it
        with stage(budget, "build"):
            used = problem(horizon, hard_milestones=False)
        if attempt == 0 and (reasons := hard_limits(used, inventory, topology)):
            raise InfeasibleError(reasons)
        result = solve_schedule(used.problem, budget)
        if result.feasible:
            break
        horizon *= 2
    else:
        raise InfeasibleError(
            f"no schedule within {horizon} waves (to {policy.wave_end(horizon)}) respects every hard rule at once; each "
            f"tight group, team, cloud and the transfer limit allows it on its own, so it is their combination — give "
            f"the clouds more capacity or the teams more slots, or shorten the freeze windows")
    with stage(budget, "plain greedy"):
        greedy = greedy_schedule(used.problem)  # the plain greedy, for comparison (cost.greedy_legacy_cny)
    milestones = _milestone_results(policy, used, result)
    conflicts = []
    if any(not m.met for m in milestones):
        with stage(budget, "conflicts"):
            conflicts = describe_conflicts(policy, inventory, problem(horizon, hard_milestones=True), milestones,
                                           result, s.explain_seconds)
    out_systems, out_networks, out_exits = _apply(result, systems, networks, exits)
    cost = Cost(legacy_cny=legacy_cost(inventory, policy, out_systems, out_networks, out_exits),
                greedy_legacy_cny=_greedy_cost(inventory, policy, greedy, systems, networks, exits))
    solver = Solver(status=str(result.status), objective=float(result.objective or 0),
                    bound=float(result.bound if result.bound is not None else result.objective or 0),
                    seconds=round(time.perf_counter() - t0, 1), gap=round(result.gap or 0.0, 4), engine=result.solver)
    changed = None
    if reference:
        changed = sum(1 for aid, w in reference.items() if aid in result.ends and result.ends[aid] != w)
    return WaveOutcome(out_systems, out_networks, out_exits, milestones, cost, solver, conflicts, changed)


def _milestone_results(policy: Policy, wp: WaveProblem, result: Result) -> list[MilestoneResult]:
    out = []
    for m in policy.milestones:
        terms, wave = wp.terms[m.id], policy.last_wave_ending_by(m.by)
        got = share(terms.reading, result.ends, wave)
        out.append(MilestoneResult(id=m.id, measure=str(m.measure), by=m.by.isoformat(), required=m.at_least,
                                   planned=round(got.value, 6), met=len(got.counted) >= terms.required_count,
                                   name=m.name, name_en=m.name_en, wave=wave, scope=scope_row(m.scope)))
    return out


def _apply(result: Result, systems: list[SystemPlan], networks: list[NetworkPlan],
           exits: list[ExitPlan]) -> tuple[list[SystemPlan], list[NetworkPlan], list[ExitPlan]]:
    ends, starts = result.ends, result.starts

    def waves(key: str | None) -> dict:
        if key is None or key not in ends:
            return {"start_wave": None, "wave": None}
        return {"start_wave": start_wave(starts[key]), "wave": ends[key]}

    out_s = [p.model_copy(update=waves(cutover_key(p.id, p.action))) if cutover_key(p.id, p.action) else p
             for p in systems]
    out_n = [p.model_copy(update=waves(activity_key(NETWORK, p.id))) for p in networks]
    out_e = [p.model_copy(update={"wave": ends.get(activity_key(EXIT, p.id))}) for p in exits]
    return out_s, out_n, out_e


def legacy_cost(inventory: Inventory, policy: Policy, systems: list[SystemPlan], networks: list[NetworkPlan],
                exits: list[ExitPlan]) -> float:
    """Rule 13: what the old infrastructure costs until it is retired (:mod:`planner.rules.cost`)."""
    retired = retired_yearly(inventory, systems, networks, exits)
    return round(sum(cny for _, cny in cost_terms(retired, ends_in_plan(systems, networks, exits), policy.wave_days)), 2)


def _greedy_cost(inventory, policy, greedy: Result, systems, networks, exits) -> float | None:
    if not greedy.feasible:
        return None
    return legacy_cost(inventory, policy, *_apply(greedy, systems, networks, exits))
