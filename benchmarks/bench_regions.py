"""The whole pipeline on synthetic regions of 1,000 / 10,000 / 50,000 systems (seeded), policy taian-2017.

    .venv/bin/python benchmarks/bench_regions.py [--sizes 1000 10000 50000] [--time-limit 30] [--seed 1] [--prove]
                                                 [--version 1|2]

--version 2 (FORMATS.md version 2, issue 17's targets: 10,000 < 60 s with a gap <= 3 %, 50,000 < 5 minutes
with a gap <= 5 %): the generated topology has crews for networks, exits and clean-up, network sites per
wave and platform readiness dates (`planner generate`), and the policy is the preset with its not_before
dates, its clean-up milestone and a ramp of cut-overs (RAMP). --version 1 (the default, the figures
below): migration teams only, and the preset without its version-2 keys (no not_before, no
systems_decommissioned milestone), as the preset read before version 2.

Per size: total seconds (decide, waves, addressing, exits, verify), the plain greedy's legacy cost and
the milestones it meets, the optimised legacy cost, the proven bound and the gap, the cost as a
share of the greedy's, the milestones met, and where the time went. The last line is a summary.
Targets (issue 4, 2 cores): 10,000 systems in 60 s with a gap <= 5 % and a cost >= 15 % below the
greedy; 50,000 systems in 5 minutes.

Measured 2026-12-03 (--time-limit 30, seed 1; costs include rule 18's switch-off cost, so they are above the
table below; column generation on highspy, around the greedy's plan):

| systems | seconds | plain greedy (milestones) | plan (milestones) | bound | gap |
|---|---|---|---|---|---|
| 1,000, version 1 | 12.9 | 21.88 M (4/5, misses exits) | 17.94 M (5/5), -18.0 % | 17.66 M | 1.6 % |
| 10,000, version 1 | 26.6 | 209.15 M (4/5, misses exits) | 162.43 M (5/5), -22.3 % | 159.95 M | 1.5 % |
| 10,000, version 2 | 51.3 | 762.26 M | 704.35 M (6/6), -7.6 % | 685.53 M | 2.7 % |
| 50,000, version 2 | see the issue-17 note | | | | |

Version 2 at 10,000 before this: 422.8 s (CLP's rounds from scratch, 20 s each, 3 of them, after the slice LPs;
crews sized to version 1's dates, so 4 milestones missed and 330 s of conflicts), gap 4.4 %. At 50,000 (4.7 M
cells) the first round alone took 159 s, so the slice LPs still bound it there.

Before rule 18 (--time-limit 30, seed 1, quiet machine unless said):

| systems | seconds | plain greedy (milestones) | plan (milestones) | bound | gap |
|---|---|---|---|---|---|
| 1,000 | 14.4 | 20.97 M (4/5, misses exits) | 17.33 M (5/5), -17.4 % | 16.97 M | 2.1 % |
| 10,000 | 53.2-58.0 | 201.95 M (4/5, misses exits) | 157.17 M (5/5), -22.2 % | 152.62 M | 2.9 % |
| 10,000, seed 3 (holdout) | 54.6 | 195.74 M (4/5, misses exits) | 154.69 M (5/5), -21.0 % | 149.12 M | 3.6 % |
| 10,000, --prove | 87.0 | 201.95 M | 156.70 M (5/5), -22.4 % | 153.02 M | 2.4 % |
| 50,000 | 256.0 | 1,001.48 M (4/5, misses exits) | 800.99 M (5/5), -20.0 % | 711.92 M | 11.1 % |

What the bound and the plan owe to which LP (planner/schedule/bounds/slice_lp.py, time_indexed_lp.py):
- the slice LPs (one per wave) see each team only as energy up to a time, so slots left idle while
  the cloud waits for its step (wave 18) all "end" on the step; the time-indexed LP (the share of
  each activity ending in each wave, team slots per wave) cannot. 1,000 systems: 16.97 M against
  the slices' 15.80 M; CP-SAT's time-indexed model, given 300 s, found 17.06 M, so the optimum
  lies within 0.6 % of that bound. 10,000 systems: 153.02 M against 142.79 M.
- ordered by its targets the greedy schedules 1,000 systems at 17.33 M (slices: 17.61 M) and
  10,000 at 156.72 M (slices: 160.34 M). HiGHS solves it in 2 s at 1,000 systems (106,000
  columns) and 42-46 s at 10,000 (1,010,000 columns), so it runs whole up to 250,000 columns
  and at any size with --prove; up to 2,000,000 columns by column generation: ends within 3 waves
  of the best guided schedule first, then those with a negative reduced cost under CLP's duals,
  3 rounds; each round's duals bound the LP (a Lagrangian value, each activity choosing its
  cheapest end), valid whether or not the rounds converged. 10,000 systems: 68,000 columns at
  first, ~5 s a round, bound 136.4 / 146.9 / 152.6 / 153.0 M after rounds 1-4 (the LP 153.02 M);
  with 4 rounds the run took 66.8 s (gap 2.5 %), with 3 61.1 s (2.9 %), and 53.2-58.0 s once
  CP-SAT's parts are skipped for plans proven within 5 % (they had gained 157.17 -> 157.14 M in
  11 s; seed 3: 154.69 -> 154.65 M in 15 s). --prove before that skip: 112.0 s, 156.68 M.
  Last stop's 10,000 run: 37.7 s, 160.24 M (-20.7 %), bound 142.79 M, gap 10.9 %.
- its precedences hold on mean ends. Written per wave instead (share ended by t of the after side
  <= that of the before side), with "share ended by t" variables, the bound rises 0.1 % (16.99 M,
  153.21 M) and the greedy gains a little (17.18 M, 156.39 M), but HiGHS needs 265-320 s at
  10,000 (1,000,000 columns, 1.7 M rows; cut at wave 46: 203 s; HiGHS's interior point 34
  iterations in 240 s; its PDLP and OR-Tools' PDLP to 1e-3: over 240 s). That version, with
  --prove, took 302.5 s for 156.36 M, bound 153.21 M, gap 2.0 %.
- tried, not adopted: cutting the LP at the plan's last wave with one "late" column per activity
  (10,000: 147.2 M in 26 s; the late columns use no team); PDLP on this LP (stops at iteration 0
  on relative tolerances, the stock rows' 183,000 setting the scale; 1e-6 relative did not finish
  in 10 minutes); column generation on the per-wave version (windows of +-3 waves around the
  guided plan's ends, as now): 152.97 M after 3 rounds, but 55-90 s per round, 5 times more rows
  than the mean-end form's); subgradient steps from PDLP's duals
  (+0.3 % in 300 steps). HiGHS's duals as OR-Tools returns them do not price its LP (8 for an
  optimum of 14 on a 3-job example; CLP's, GLOP's and PDLP's do), so the bound is HiGHS's optimum
  less 1e-6, as GLOP's is for the slices.

Slice LPs, earlier measurements (10,000, seed 1 unless said): targets from the sixth wave on come
from one LP over every sixth wave, coupled so that what ended stays ended (slices alone 171.44 M;
coupled every 4th / 6th / 8th / 12th wave 162.21 / 160.54 / 161.07 / 191.66 M; holdout seed 3
167.00 -> 159.39 M); PDLP to 1e-5 (GLOP exact: ~10 s at 10,000, ~470 s at 50,000). Up to 20,000
activities the greedy also runs in the slices' own order and the better is kept. Before the slice
LPs: 10,000 cost 204.34 M (+1.2 % on the greedy), gap 35.9 %. Not adopted: alpha-points instead of
mean ends (217-220 M), jittered targets (+1.1-1.4 %), monotone slices one after another (208 M),
freeze slices uncapped in the coupled LP (+3 %), the coupled LP over every wave for the bound
(~146.1 M, 83 s).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from planner.load import load_policy
from planner.model import Inventory, TopologyFile
from planner.pipeline import PlanSettings, make_plan
from planner.schedule import greedy_schedule
from planner.synthetic import generate_region
from planner.verify import verify
from planner.waves import build_problem
from planner.waves.solve import default_horizon


def plain_greedy_milestones(inventory, topology, policy, plan) -> str:
    """Milestones the plain greedy meets (met/all), from the plan's own decisions."""
    from planner.decide import decide
    from planner.graph import RegionGraph

    decisions = decide(inventory, topology, policy, RegionGraph(inventory, topology))
    wp = build_problem(inventory, topology, policy, decisions.system_plans(inventory),
                       decisions.network_plans(inventory), decisions.exit_plans(inventory),
                       horizon=default_horizon(policy), hard_milestones=False)
    result = greedy_schedule(wp.problem)
    met = sum(o.met for o in result.milestones.values())
    missed = [name for name, o in result.milestones.items() if not o.met]
    return f"{met}/{len(result.milestones)}" + (f" (misses {', '.join(missed)})" if missed else "")


RAMP = [{"from": "2017-12-04", "at_most": 0.002}, {"from": "2018-03-01", "at_most": 0.02},
        {"from": "2018-04-01", "at_most": 0.05}]  # shares of the systems: pilot waves first


def bench_policy(version: int, systems: int):
    """The preset as version 1 read it, or with its version-2 keys and a ramp scaled to the region."""
    policy = load_policy("taian-2017")
    if version == 1:
        return policy.model_copy(update={"not_before": {}, "milestones": [
            m for m in policy.milestones if m.measure != "systems_decommissioned" and m.scope is None]})
    ramp = [{"from": r["from"], "at_most": max(2, round(r["at_most"] * systems))} for r in RAMP]
    return type(policy).model_validate({**policy.model_dump(by_alias=True), "limits": {"cutovers_per_wave": ramp}})


def run(systems: int, time_limit: float, seed: int, prove: bool = False, version: int = 1) -> dict:
    inv_data, top_data = generate_region(systems, seed, crews=version == 2)
    inventory = Inventory.model_validate(inv_data)
    topology = TopologyFile.model_validate(top_data).topology
    policy = bench_policy(version, systems)
    stages: dict[str, float] = defaultdict(float)

    def on_stage(name: str, seconds: float) -> None:
        stages[name] += seconds

    t0 = time.perf_counter()
    plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=time_limit, workers=2, seed=0,
                                                              on_stage=on_stage, verify=False, prove=prove))
    t1 = time.perf_counter()
    broken = verify(plan, inventory, topology, policy)
    t2 = time.perf_counter()
    stages["verify"] = t2 - t1
    stages["decide, addresses, exits"] = (t1 - t0) - sum(v for k, v in stages.items() if k != "verify")
    greedy = plan.cost.greedy_legacy_cny or 0.0
    return {
        "systems": systems, "seconds": t2 - t0, "greedy": greedy,
        "greedy_met": plain_greedy_milestones(inventory, topology, policy, plan),
        "cost": plan.cost.legacy_cny, "bound": plan.solver.bound, "objective": plan.solver.objective,
        "gap": plan.solver.gap, "ratio": plan.cost.legacy_cny / greedy if greedy else float("nan"),
        "met": f"{sum(m.met for m in plan.milestones)}/{len(plan.milestones)}",
        "engine": plan.solver.engine, "status": plan.solver.status, "valid": not broken, "stages": dict(stages),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--time-limit", type=float, default=30.0, help="CP-SAT seconds per region")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prove", action="store_true", help="the time-indexed LP at every size (planner plan --prove)")
    parser.add_argument("--version", type=int, choices=(1, 2), default=1,
                        help="2: crews for every kind of work, not_before dates and a ramp (FORMATS.md version 2)")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        row = run(n, args.time_limit, args.seed, args.prove, args.version)
        rows.append(row)
        where = ", ".join(f"{k} {v:.1f}" for k, v in row["stages"].items())
        print(f"{n:>6} systems  {row['seconds']:6.1f} s  greedy {row['greedy'] / 1e6:8.2f} M CNY (milestones "
              f"{row['greedy_met']})  optimised {row['cost'] / 1e6:8.2f} M  bound {row['bound'] / 1e6:8.2f} M  "
              f"gap {row['gap'] * 100:5.1f} %  cost/greedy {row['ratio']:.3f}  milestones {row['met']}  "
              f"{row['engine']} {row['status']}{'' if row['valid'] else '  INVALID'}", flush=True)
        print(f"{'':>6}   time: {where}", flush=True)
    summary = "; ".join(f"{r['systems']}: {r['seconds']:.0f} s, gap {r['gap'] * 100:.1f} %, "
                        f"{(1 - r['ratio']) * 100:.1f} % below greedy, milestones {r['met']}" for r in rows)
    print(f"summary (version {args.version}, time limit {args.time_limit:g} s{', --prove' if args.prove else ''}): "
          f"{summary}")


if __name__ == "__main__":
    main()
