"""PSPLIB single-mode RCPSP benchmark of the scheduling core (CP-SAT adapter and greedy).

    python benchmarks/psplib.py DIR --time-limit S [--workers N] [--limit K] [--filter GLOB] [--only A,B]

DIR holds ``*_*.sm`` instances and one ``*_reference.csv`` (columns ``instance,reference``).
Each instance is solved as a makespan problem by the CP-SAT adapter and by the plain greedy;
the last line is the summary ``instances=... proven_optimal=... at_reference=... mean_gap=...%
total_seconds=...`` of the CP-SAT run.

Defaults: CP-SAT's parallel portfolio (``--deterministic`` for the adapter's reproducible
interleaved search, stopped by ``--dtime`` deterministic seconds), greedy hint with 20 sampling
passes. Plain makespan problems (all of j30) take :mod:`planner.schedule.rcpsp.staged`: from the
greedy's schedule, CP-SAT minimises the makespan with its LP off, first for 0.5 s with interval
models (the project with clique no_overlaps racing its mirror image, every precedence reversed),
then with time-indexed Boolean models (order encoding, :mod:`planner.schedule.rcpsp.sat_model`; with
and without the cliques racing) below the incumbent. ``--no-rcpsp`` gives the general staged
model (precedence-energy constraints, earliest-start branching). The run prints a calibration
loop's seconds before and after: this VM's speed drifts by up to 40 % (a fixed loop took 1.8 s
to 3.7 s within minutes), so compare runs by it.

Experiments (j30; the machine has 2 cores shared with other jobs, load average 1-9 during the
runs, so wall seconds are noisy: compare counts first; "hard 16" = j309_2, j3013_1/2/3/5/6/7/8,
j3029_3/4/6/7/8/9, j3045_2/6, the instances some configuration left unproven).

| run | configuration (10 s per instance, 2 workers) | hard 16 proven / s | all 480 proven | at ref | seconds (480) |
|---|---|---|---|---|---|
| brief | plain model (intervals + cumulative), portfolio | - | 473 | - | 130 |
| 1 | staged adapter, deterministic interleaved, 2.5 dtime, greedy x1 hint | - | 470 | 476 | 316 (load 5-9) |
| 2 | staged adapter, portfolio, greedy x20, precedence energy, earliest-start branching (``--no-rcpsp``) | 8 / 128.8 | 466 | 474 | 222 (load 5-9) |
| 3 | as 2, deterministic interleaved, 2.5 dtime | - | 468 | 477 | 335 (load 5-9) |
| 4 | rcpsp: optimise 1 s (share 0.1), then one decision solve per step | 9-10 / 91-92 | - | - | - |
| 5 | as 4, two racing decision solves (cliques on / off) | 10 / 96.9 | 474 | 479 | 132.8 |
| 6 | **rcpsp, decisions only (share 0), race cliques on / off (default)** | 11-12 / 85 | **475** | 479 | **134.2, 137.8** |
| 7 | as 6, race two seeds (both with cliques) | 11 / 100.6 | - | - | - |
| 8 | as 6, ``--deterministic --dtime 2.5`` (one decision solve, reproducible) | 8 / 97.1 | 472 | 477 | 164.3 (31.4 dtime; one core) |
| 9 | as 6, ``--time-limit 5`` | - | 473 | 479 | 106.4 |
| 6' | run 6 again, quiet machine (load < 1, as all runs below) | - | 475 | 480 | 147.2 |
| 10 | as 6, the race partner is the mirror image without cliques; CP-SAT's disjunctive inside the cumulative off | - | 477 | 480 | 123.9 |
| 11 | rcpsp minimises in one search per model (no decision steps), race as 10 | - | 477 | 480 | 89.9 |
| 12 | as 11, lower bound also from the mirror | - | 477-478 | 480 | 78.5, 81.6, 83.6, 85.2 |
| 8' | run 13's code, ``--deterministic --dtime 2.5`` (interval model 0.5 dtime, then the time-indexed one; one core, beside the test suite) | - | 472 | 479 | 69.5 (34.3 dtime) |
| 13 | **as 12 for 0.5 s, then time-indexed Boolean models racing with / without cliques (default)** | - | **480** | **480** | **48.6-78.2 (15 runs); final code: 48.6, 51.3, 53.2, 54.0 (calibration 0.11-0.20 s), 69.1 (0.19 s)** |

Runs 6'-12 (this session). Refuting ``optimum - 1`` on the 33 instances run 6' took over 0.9 s
(decision model, one core, 30 s cap, another job on the other core): forwards without cliques
107.8 s in all, the mirror without cliques 87.7 s, forwards with cliques 116.9 s (one not
refuted), the mirror with cliques 108.0 s; the better of a pair per instance: project with
cliques + mirror without 67.0 s, + mirror with 67.2 s, project with and without cliques 81.0 s.
Seeds move single instances by 30 % (j3013_2: 104,038 or 136,588 conflicts), so only totals
count. Without the disjunctive that CP-SAT builds inside each cumulative, j3013_2 is refuted
in 8.2 s instead of 12.1 s (12,700 conflicts a second instead of 6,800). Minimising in one
search (run 11) instead of one decision model per improvement: the medium instances go 2-4x
faster (j3013_8 2.8 -> 0.9 s, j3045_6 4.8 -> 1.1 s); on the hardest the refutation of
``optimum - 1`` still takes 4-8 s of one core after the optimum is found (j3013_2: found at
6.0 s by the mirror, proven at 14.2 s). Run 12: the 469 instances under 1 s take 18.5-23.4 s
(about 40 ms each: 27 ms in CP-SAT, the rest the greedy and the model), the other 11 take
58-62 s; j3013_2 and j3029_3 need 13-20 s. Not kept: hinting the decision models with the
incumbent (32/33 vs 33/33 in 20 s); forward-backward improvement of the greedy (2.52 % ->
2.21 % above the optimum, too little to matter); 5 greedy passes instead of 20 (78.5 and
83.6 s vs 81.6 s: noise); one model holding the project and its mirror with a shared makespan,
2 workers (4/12 of the hardest in 20 s vs 12/12); mirror with cliques or project without
(73.4-85.4 s vs 72.0 s on the 12 hardest); timetable edge finding or the overload checker in
one of the pair (73.8, 84.6 s); ``cp_model_probing_level=0``, ``symmetry_level=0``, no presolve
(easy instances 18.3-23.4 s vs 18.5 s).

Run 13, the time-indexed Boolean model (``rcpsp_sat``): refuting ``optimum - 1`` on the 12
hardest (one core) took 1.0-4.9 s each, 30.5 s in all, where the interval models took 3.3-30 s
each; finding the optimum at ``H = optimum`` 0.4-4.4 s without a hint. Alone for all 480 it is
slower (115.9 s: 72.2 s on the 469 easiest, the model costs 40 ms to build against 1.2 ms), hence
the 0.5 s of interval models first (0.2 s: 71.8 s, 0.1 s: 84.4 s, 1.0 s: 69.8 s, in the same
hour as 65.7-75.2 s at 0.5 s). Pairs on the 12 hardest (20 s cap): with / without cliques
34.7, 39.6 s; with cliques / the mirror without 50.7 s, / the mirror with 46.1 s, / the interval
mirror 42.8 s; without cliques / the mirror without 43.2 s. Stage 2 below the incumbent
(``UB - 1``): 34.7, 37.5 s against 39.5 s. Not kept: ``cp_model_probing_level=0``,
``symmetry_level=0``, no presolve (41.7-43.3 s against 39.5 s); explicit order Booleans for
every incompatible pair in the interval models (81.4 s, 11/12, against 72.0 s, 12/12). The
greedy now stops its passes at a schedule meeting its lower bound (same schedules, fewer passes).
Totals of run 13 spread over 48.6-78.2 s with the machine's speed (52.9, 65.7, 66.2, 68.5,
73.7; with the greedy's early stop 67.8, 76.5; with stage 2 below the incumbent 78.2, 75.2,
69.8 before the calibration loop existed; the final code 69.1, 51.3, 53.2, 54.0, 48.6 with the
loop at 0.19, 0.13, 0.20, 0.14 and 0.12 s before the run): the 469 instances under 1 s
take 22.5-32.1 s, the other 11 30.4-47.8 s; the slowest single instance is j3029_3 (4.7-6.9 s).

Run 6 in detail: the 464 other instances are all proven in 49.4 s in all (median 0.02 s); the
hard 16 take 85 s, and 4-5 of them (j3013_2, j3013_6, j3029_3, j3029_6, j3029_8; j3013_5 in one
run) still end at the 10 s limit with ``makespan <= opt - 1`` not refuted (the optimum found in
all but j3029_8, which stays at 81 of 80: the decision at 80 is feasible but not solved in time).
The 60 s target for all 480 is not reached: the refutation of ``opt - 1`` alone takes 1-16 s of
one core on each of the ~12 hardest instances.

What the pieces bought, measured on the refutation of ``makespan <= opt - 1`` (the proof that
remains once the optimum is found; 1 worker, 15 s cap, 5 instances j3013_1@57, j3029_8@79,
j3045_6@128, j3013_3@75, j3029_4@102, load ~1-2): default parameters (LP on; these 5 plus
j3013_8@105, 20 s cap) 55.6 s / 22.0 dtime with the clique no_overlaps, 59.4 s / 26.2 without;
``linearization_level=0`` 25.0 s / 6.9 dtime;
+ ``use_strong_propagation_in_disjunctive`` 19.6 s / 5.1 dtime (kept); without the clique
no_overlaps 22.6 s (faster on j3029_4, 3.0 vs 9.8 s; slower on j3045_6, 8.4 vs 1.0 s: hence the
race); timetable edge finding 46.8 s (2 unknown); overload checker, hard/all precedences in
cumulative, dynamic precedences, ``linearization_level=2``: slower (on the first 3, LP on); fixed earliest-start search
73.8 s (4 unknown), partial fixed 39.9 s, quick-restart portfolio 67.2 s; 2 workers on one
decision 36.7 s. Bottom-up bounding (refute ``LB``, ``LB + 1``, ... from the critical-path/energy
bound) proves only 26/40 of groups 9/13/29/45 in 190 s: the bound starts 10-25 below the
optimum, too many steps. The optimisation model with the makespan as an interval in every
cumulative (demand = capacity) did not move the LP bound (3/16 at load 5).

Older subsets (30 hardest instances, 1 worker, 4 deterministic s each: load-independent):
precedence-energy redundant constraints 22 proven / 55.0 dtime vs 22 / 55.7 without (no gain);
timetable edge finding + overload checker: slower per instance, 0/4 on the 4 hardest vs 2/4.
Four hardest (j3013_1, j3029_3, j309_2, j3045_2), 10 s, 2 workers: default portfolio 2/4
(7.9 s, 7.8 s); with earliest-start branching 2/4 (5.0 s, 4.1 s); subsolvers default_lp +
objective_lb_search 1/4, + objective_shaving 1/4, + lb_tree_search 0/4, max_lp + core 0/4,
quick_restart 1/4. This session (refuting ``opt - 1`` on j3013_1, j3029_8, j3045_6, j3013_3,
j3029_4, 1 worker, 15 s cap): the current decision model 5/5 in 16-18 s; a time-indexed model
(a boolean per activity and start, one linear row per resource and period, disaggregated
precedences, LP on) 0/5, and with the intervals kept as well 0/5; a left-shift dominance rule (each
activity starts at its earliest start or at some activity's end) 2/5 in 62 s; ``symmetry_level=0``,
``variables_shaving_level=1``, ``cp_model_probing_level=3``: the same deterministic time (no effect).
Greedy: 1 pass (latest finish time) 5.58 % above optimum, 20 seeded sampling
passes 2.52 % (4 s for all 480), 100 passes 1.93 % (on the first 120).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.schedule import (  # noqa: E402
    Activity,
    Objective,
    Precedence,
    Problem,
    Resource,
    rcpsp,  # noqa: E402
    violations,
)
from planner.schedule.cpsat import interval  # noqa: E402
from planner.schedule.cpsat.stages import Settings  # noqa: E402
from planner.schedule.heuristics import greedy  # noqa: E402


def parse_sm(text: str, name: str = "instance") -> Problem:
    """A PSPLIB ``.sm`` file as a makespan Problem (1-based jobs; dummy source and sink dropped)."""
    lines = text.splitlines()

    def section(title: str) -> int:
        for k, line in enumerate(lines):
            if line.strip().startswith(title):
                return k
        raise ValueError(f"{name}: no section '{title}'")

    n_jobs = int(re.search(r"jobs \(incl\. supersource/sink \):\s*(\d+)", text).group(1))
    succ: dict[int, list[int]] = {}
    k = section("PRECEDENCE RELATIONS:") + 2
    for line in lines[k:k + n_jobs]:
        f = [int(x) for x in line.split()]
        succ[f[0]] = f[3:3 + f[2]]
    k = section("REQUESTS/DURATIONS:") + 3
    dur: dict[int, int] = {}
    req: dict[int, list[int]] = {}
    for line in lines[k:k + n_jobs]:
        f = [int(x) for x in line.split()]
        dur[f[0]], req[f[0]] = f[2], f[3:]
    k = section("RESOURCEAVAILABILITIES:") + 2
    caps = [int(x) for x in lines[k].split()]
    source, sink = 1, n_jobs
    real = [j for j in range(1, n_jobs + 1) if j not in (source, sink)]
    names = [f"R{r + 1}" for r in range(len(caps))]
    activities = tuple(
        Activity(str(j), dur[j], demands={names[r]: q for r, q in enumerate(req[j]) if q}) for j in real)
    precedences = tuple(Precedence(str(a), str(b)) for a in real for b in succ[a] if b != sink)
    horizon = sum(dur.values())
    return Problem(activities, horizon, resources=tuple(Resource(n, c) for n, c in zip(names, caps, strict=True)),
                   precedences=precedences, objective=Objective.MAKESPAN)


def _references(directory: Path) -> dict[str, int]:
    refs: dict[str, int] = {}
    for path in sorted(directory.glob("*_reference.csv")):
        with path.open() as fh:
            for row in csv.DictReader(fh):
                refs[row["instance"]] = int(row["reference"])
    return refs


def _group(instance: str) -> str:
    return instance.rsplit("_", 1)[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance (CP-SAT)")
    ap.add_argument("--dtime", type=float, default=None, help="deterministic seconds per instance (deterministic mode)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="only the first K instances (0 = all)")
    ap.add_argument("--filter", default="*_*.sm", help="glob of instances inside DIR")
    ap.add_argument("--deterministic", action="store_true",
                    help="reproducible interleaved search (default: CP-SAT's faster, racing portfolio)")
    ap.add_argument("--no-hint", action="store_true")
    ap.add_argument("--greedy-passes", type=int, default=20, help="passes of the sampling greedy (hint, and its own row)")
    ap.add_argument("--no-redundant", action="store_true")
    ap.add_argument("--no-rcpsp", action="store_true", help="the general staged interval model (planner.schedule.cpsat) "
                    "instead of the makespan path planner.schedule.rcpsp")
    ap.add_argument("--param", action="append", default=[], help="extra SatParameters field=value")
    ap.add_argument("--only", default="", help="comma-separated instance names")
    ap.add_argument("--csv", type=Path, help="write one row per instance here")
    args = ap.parse_args(argv)

    refs = _references(args.directory)
    files = sorted(args.directory.glob(args.filter), key=_natural)
    files = [f for f in files if "_" in f.stem and not f.stem.endswith("opt")]
    if args.only:
        wanted = set(args.only.split(","))
        files = [f for f in files if f.stem in wanted]
    if args.limit:
        files = files[:args.limit]
    extra = {}
    for item in args.param:
        key, value = item.split("=", 1)
        extra[key] = _literal(value)
    settings = Settings(time_limit=args.time_limit, deterministic_time=args.dtime, num_workers=args.workers,
                        deterministic=args.deterministic, hint=not args.no_hint, greedy_passes=args.greedy_passes,
                        redundant=not args.no_redundant, parameters=extra)
    solve = interval.solve if args.no_rcpsp else rcpsp.solve

    speed_before = _calibration()
    rows = []
    by_group: dict[str, list[dict]] = defaultdict(list)
    for path in files:
        name = path.stem
        problem = parse_sm(path.read_text(), name)
        ref = refs.get(name)
        g = greedy.schedule(problem)
        gm = greedy.schedule(problem, passes=args.greedy_passes)
        c = solve(problem, settings)
        if violations(problem, c) or violations(problem, g) or violations(problem, gm):
            raise SystemExit(f"{name}: invalid schedule")
        row = {"instance": name, "ref": ref, "cp": c.objective, "cp_optimal": c.status.value == "OPTIMAL",
               "cp_seconds": c.seconds, "cp_work": c.work, "gr": g.objective, "gr_seconds": g.seconds,
               "grm": gm.objective, "grm_seconds": gm.seconds, "bound": c.bound}
        rows.append(row)
        group = _group(name)
        by_group[group].append(row)
        if len(by_group[group]) == sum(1 for f in files if _group(f.stem) == group):
            print(_line(group, by_group[group]), flush=True)

    if args.csv:
        with args.csv.open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    print()
    print(f"machine: calibration loop {speed_before:.2f} s before, {_calibration():.2f} s after "
          "(this VM's speed drifts by up to 40 % between runs: compare runs by it)")
    print(_summary("greedy", rows, "gr", None, "gr_seconds"))
    print(_summary(f"greedy x{args.greedy_passes}", rows, "grm", None, "grm_seconds"))
    print(_summary("cp-sat", rows, "cp", "cp_optimal", "cp_seconds"))
    cp_gap = _mean_gap(rows, "cp")
    for key, label in (("gr", "greedy"), ("grm", f"greedy x{args.greedy_passes}")):
        ratio = sum(r[key] for r in rows) / max(1, sum(r["cp"] for r in rows))
        print(f"{label}/cp-sat makespan ratio={ratio:.4f}")
    print(f"cp-sat deterministic work={sum(r['cp_work'] for r in rows):.1f}")
    print(f"instances={len(rows)} proven_optimal={sum(r['cp_optimal'] for r in rows)} "
          f"at_reference={sum(1 for r in rows if r['ref'] is not None and r['cp'] <= r['ref'])} "
          f"mean_gap={cp_gap:.2f}% total_seconds={sum(r['cp_seconds'] for r in rows):.1f}")
    return 0


def _line(group: str, rows: list[dict]) -> str:
    opt = sum(r["cp_optimal"] for r in rows)
    at = sum(1 for r in rows if r["ref"] is not None and r["cp"] <= r["ref"])
    return (f"{group:>8}: {len(rows)} inst, cp-sat optimal {opt}, at ref {at}, gap {_mean_gap(rows, 'cp'):.2f}%, "
            f"{sum(r['cp_seconds'] for r in rows):.1f}s | greedy gap {_mean_gap(rows, 'gr'):.2f}%, "
            f"multi-pass {_mean_gap(rows, 'grm'):.2f}%")


def _summary(label: str, rows: list[dict], key: str, optimal: str | None, seconds: str) -> str:
    n_opt = sum(r[optimal] for r in rows) if optimal else "-"
    at = sum(1 for r in rows if r["ref"] is not None and r[key] <= r["ref"])
    return (f"{label:>7}: instances={len(rows)} proven_optimal={n_opt} at_reference={at} "
            f"mean_gap={_mean_gap(rows, key):.2f}% total_seconds={sum(r[seconds] for r in rows):.2f}")


def _mean_gap(rows: list[dict], key: str) -> float:
    gaps = [100.0 * (r[key] - r["ref"]) / r["ref"] for r in rows if r["ref"]]
    return sum(gaps) / len(gaps) if gaps else 0.0


def _calibration() -> float:
    """Seconds of a fixed pure-Python loop: the machine's speed at the time of the run."""
    t0 = time.perf_counter()
    total = 0
    for k in range(3_000_000):
        total += k
    return time.perf_counter() - t0


def _natural(path: Path) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path.stem)]


def _literal(value: str):
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(value.lower(), value)


if __name__ == "__main__":
    sys.exit(main())
