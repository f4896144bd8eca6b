"""Schedule the waves: greedy first, CP-SAT from it, milestones hard if they can be met, else soft + conflicts."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import InfeasibleError
from ..model import Inventory, Policy, Topology
from ..plan import Conflict, Cost, ExitPlan, MilestoneResult, NetworkPlan, Solver, SystemPlan
from ..rules.cost import cost_terms, retired_yearly
from ..rules.measures import share
from ..rules.orders import ends_in_plan
from ..schedule import (
    Result,
    Settings,
    Status,
    decompose,
    greedy_schedule,
    repair,
    slice_lp,
    solve,
    time_indexed_lp,
)
from ..schedule.problem import Problem
from ..schedule.result import completed
from ..schedule.timeindexed import solve as solve_time_indexed
from ..schedule.weighted_bound import weighted_end_lower_bound
from ..vocabulary import EXIT, NETWORK, activity_key, cutover_key, start_wave
from .budget import DETERMINISTIC_PER_SECOND, TIME_INDEXED_PER_SECOND, WALL_CAP
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
    t0 = time.perf_counter()
    args = (inventory, topology, policy, systems, networks, exits)
    horizon = default_horizon(policy)
    for attempt in range(4):  # widen the horizon if the hard rules alone do not fit in it
        t1 = time.perf_counter()
        used = build_problem(*args, horizon=horizon, pins=pins, reference=reference, hard_milestones=False)
        _stage(s, "build", t1)
        if attempt == 0 and (reasons := hard_limits(used, inventory, topology)):
            raise InfeasibleError(reasons)
        result = _solve(used, s)
        if result.feasible:
            break
        horizon *= 2
    else:
        raise InfeasibleError(
            f"no schedule within {horizon} waves (to {policy.wave_end(horizon)}) respects every hard rule at once; each "
            f"tight group, team, cloud and the transfer limit allows it on its own, so it is their combination — give "
            f"the clouds more capacity or the teams more slots, or shorten the freeze windows")
    t1 = time.perf_counter()
    greedy = greedy_schedule(used.problem)  # the plain greedy, for comparison (cost.greedy_legacy_cny)
    _stage(s, "plain greedy", t1)
    milestones = _milestone_results(policy, used, result)
    conflicts = []
    if any(not m.met for m in milestones):
        t1 = time.perf_counter()
        hard = build_problem(*args, horizon=horizon, pins=pins, reference=reference, hard_milestones=True)
        conflicts = describe_conflicts(policy, inventory, hard, milestones, result, s.explain_seconds)
        _stage(s, "conflicts", t1)
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




def _budget(s: WaveSettings, share: float, rate: float = DETERMINISTIC_PER_SECOND) -> Settings:
    """Solver settings for `share` of the time limit: deterministic time binds, the wall clock is a cap."""
    seconds = s.time_limit * share
    return Settings(time_limit=seconds * WALL_CAP, deterministic_time=seconds * rate,
                    num_workers=s.workers, seed=s.seed)


TIME_INDEXED_MAX_CELLS = 250_000  # activities x horizon up to which one time-indexed model is used
PARTS_ABOVE_GAP = 0.05  # the CP-SAT parts polish large plans only when proven further than this from optimal


def _solve(wp: WaveProblem, s: WaveSettings) -> Result:
    """Milestones are soft: as many as possible are met first, then the legacy cost is minimised.

    1. the milestone-aware greedy (:mod:`planner.schedule.repair`) gives a valid schedule in
       seconds, meeting every milestone it can; unless the time limit is 0, the greedy ordered by
       the LPs' target ends (:func:`_lp_guided`: slice LPs, and the time-indexed LP, whole on
       small regions or with ``prove``, by column generation up to ~20,000 systems) replaces it
       when better (at 10,000 systems 22 % cheaper), and those LPs bound the cost;
    2. when it misses one and the problem is small, the interval model (milestones soft: the
       first stage minimises their shortfall) searches for a schedule that meets more;
    3. the milestones met so far become hard and the cost is minimised from that schedule: by one
       time-indexed model when activities x waves <= TIME_INDEXED_MAX_CELLS (better bounds than
       the interval model), else part by part (:mod:`planner.schedule.decompose`: one part per
       team pool, the shared cloud capacity, data transfer and milestones split by the first
       schedule, the bound from the parts without those ties) unless the LPs already prove the
       schedule within PARTS_ABOVE_GAP of optimal.
    """
    problem = wp.problem
    t0 = time.perf_counter()
    start = repair.schedule(problem, seed=s.seed)
    _stage(s, "greedy", t0)
    began = t0
    t0 = time.perf_counter()
    start.bound = _best_bound(start.bound, weighted_end_lower_bound(problem))
    _stage(s, "bound", t0)
    _report(s, start, began)
    if s.time_limit > 0:
        t0 = time.perf_counter()
        guided, lp_bound = _lp_guided(problem, start, s.time_limit, prove=s.prove)
        guided.bound = _best_bound(start.bound, lp_bound)
        start = guided
        _stage(s, "lp-guided greedy", t0)
        _report(s, start, began)
    if s.time_limit <= 0 or not start.feasible:
        return start
    small = len(problem.activities) * problem.horizon <= TIME_INDEXED_MAX_CELLS
    polish = 1.0
    if small and start.shortfall > 0:
        t1 = time.perf_counter()
        first = solve(problem, _budget(s, 0.5), on_progress=s.on_progress)
        _stage(s, "cp-sat", t1)
        polish = 0.5
        if first.feasible and (first.shortfall, first.objective) < (start.shortfall, start.objective):
            start = first
    met = {name for name, outcome in start.milestones.items() if outcome.met}
    keep = dataclasses.replace(problem, milestones=tuple(
        dataclasses.replace(m, hard=m.name in met) for m in problem.milestones))
    t2 = time.perf_counter()
    if small:
        better = solve_time_indexed(keep, _budget(s, polish, TIME_INDEXED_PER_SECOND), on_progress=s.on_progress,
                                    start=start)
        _stage(s, "time-indexed", t2)
    elif start.shortfall == 0 and start.gap is not None and start.gap <= PARTS_ABOVE_GAP:
        if start.gap == 0.0:
            start.status = Status.OPTIMAL
        return start  # proven close enough: the parts gained < 0.1 % in 11-15 s (10,000 systems)
    else:
        better = decompose.solve(keep, start, _budget(s, polish, TIME_INDEXED_PER_SECOND), on_progress=s.on_progress)
        _stage(s, "parts", t2)
    if not better.feasible or (better.shortfall, better.objective) > (start.shortfall, start.objective):
        return start
    better = completed(problem, better)
    better.bound = _best_bound(start.bound, better.bound)
    if better.bound is not None and better.bound >= better.objective:
        better.status = Status.OPTIMAL
    return better


LP_STRIDE_ACTIVITIES = 100_000  # the slice LPs solve every k-th wave, k = 1 + activities // this (50,000 systems: k = 1)
BOTH_ORDERS_ACTIVITIES = 20_000  # up to this many, the greedy also runs in the slices' own order (50,000 systems: +35 s)


def _lp_guided(problem: Problem, start: Result, time_limit: float, *, prove: bool = False) -> tuple[Result, int | None]:
    """The greedy ordered by LP target ends if it beats ``start`` by :func:`_rank`, with the LPs'
    best bound of the cost. The slice LPs (:mod:`planner.schedule.slice_lp`) give targets at any
    size (their bound only at stride 1); up to :data:`time_indexed_lp.MAX_CELLS` columns the
    time-indexed LP gives better ones and a far better bound (1,000 systems: 17.33 M against the
    slices' 17.61 M, bound 16.97 M against 15.80 M); up to GENERATION_MAX_CELLS the same LP by
    column generation around the best guided schedule (10,000 systems: bound 152.98 M against the
    slices' 142.79 M); with ``prove`` whole at any size and without a time limit. Up to
    BOTH_ORDERS_ACTIVITIES, unless column generation runs, the order of the slices alone is tried
    too: the greedy's response to targets is uneven (the example: 6.71 M by the coupled LP's order,
    6.63 M by the slices'; 10,000 systems: 160.9 M vs 171.4 M)."""
    stride = 1 + len(problem.activities) // LP_STRIDE_ACTIVITIES
    lp = slice_lp.solve(problem, stride=stride)
    cells = time_indexed_lp.cells(problem)
    whole = prove or cells <= time_indexed_lp.MAX_CELLS
    by_columns = not whole and cells <= time_indexed_lp.GENERATION_MAX_CELLS
    orders, bounds = [t for t in (lp.targets,) if t], [lp.bound if stride == 1 else None]
    if (lp.targets and lp.slice_targets != lp.targets and len(problem.activities) <= BOTH_ORDERS_ACTIVITIES
            and not by_columns):
        orders.append(lp.slice_targets)
    start = _best_guided(problem, start, orders)
    strong = None
    if whole:
        strong = time_indexed_lp.solve(problem, time_limit=None if prove else max(1.0, time_limit))
    elif by_columns and start.feasible:  # around the best schedule so far
        strong = time_indexed_lp.solve_by_columns(problem, start.ends)
    if strong is not None:
        bounds.append(strong.bound)
        start = _best_guided(problem, start, [strong.targets] if strong.targets else [])
    return start, _best_bound(*bounds)


def _best_guided(problem: Problem, start: Result, orders: list[list[float]]) -> Result:
    """The best by :func:`_rank` of ``start`` and the greedy guided by each order of target ends."""
    for targets in orders:
        guided = repair.guided(problem, targets)
        if guided.feasible and (not start.feasible or _rank(problem, guided) < _rank(problem, start)):
            start = guided
    return start


def _best_bound(*bounds: int | None) -> int | None:
    """The strongest of the lower bounds that were proven (None: none was)."""
    return max((b for b in bounds if b is not None), default=None)


def _rank(problem: Problem, result: Result) -> tuple:
    """Milestone shortfall, then (re-planning) the changes to announced waves, then the cost."""
    ref = problem.reference
    kept = (result.deviation or 0) if ref is not None and ref.before_objective else 0
    return result.shortfall, kept, result.objective


def _report(s: WaveSettings, result: Result, since: float) -> None:
    """Show the best schedule so far on the progress display (the greedy stages run before CP-SAT)."""
    if s.on_progress and result.feasible and result.gap is not None:
        s.on_progress(result.objective, result.bound, result.gap, time.perf_counter() - since)


def _stage(s: WaveSettings, name: str, since: float) -> None:
    """Tell the caller (benchmarks, progress display) how long a stage took."""
    if s.on_stage:
        s.on_stage(name, time.perf_counter() - since)


def _milestone_results(policy: Policy, wp: WaveProblem, result: Result) -> list[MilestoneResult]:
    out = []
    for m in policy.milestones:
        terms, wave = wp.terms[m.id], policy.last_wave_ending_by(m.by)
        got = share(terms.reading, result.ends, wave)
        out.append(MilestoneResult(id=m.id, measure=str(m.measure), by=m.by.isoformat(), required=m.at_least,
                                   planned=round(got.value, 6), met=len(got.counted) >= terms.required_count,
                                   name=m.name, name_en=m.name_en, wave=wave))
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
    out_n = [p.model_copy(update={"wave": ends.get(activity_key(NETWORK, p.id))}) for p in networks]
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
