"""Sweep of drawn regions through the whole pipeline: how many end in each exit code (issue 15).

    .venv/bin/python benchmarks/bench_drawn_regions.py [--regions 500] [--max-systems 40]
        [--version2 drawn|always|never] [--keep DIR]

Regions are drawn by tests/region_strategy.py across the input space (not by the project's own
generator), derandomised so the same sweep runs every time. Each runs `planner plan --time-limit 0`
and, when a plan is written, `planner verify`, through the CLI in-process. A region that planned is
then re-planned over drawn actuals (tests/region_strategy.facts_for: facts in any order and number,
breaking rules as real records do) and the re-plan verified. Prints the count per exit code, the
re-plans' outcomes, the regions whose outcome the issue does not allow (exit 5, a traceback, a plan
that fails verify, an input error without its fix, an infeasibility in internal words, a re-plan
that drops a fact or fails verify) and the seconds per region; exits 1 if any outcome is not allowed.
About two regions in three use version-2 keys (crews per kind of work, network_sites_per_wave, platform
ready dates, not_before, ramps and per-department limits, systems_decommissioned milestones); the exit
codes are also counted apart for version-1 and version-2 regions. ``--keep DIR`` writes the inputs of
every region whose outcome is not allowed to DIR/region-<n>/ (inventory.yaml, topology.yaml,
policy.yaml, actuals.yaml when it was re-planned, and what went wrong in outcome.txt).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from region_runs import judge, plan_region, replan_region  # noqa: E402
from region_strategy import regions, uses_version2  # noqa: E402

MEANING = {0: "plan, every milestone met", 3: "input error naming the object", 4: "infeasible, in words",
           7: "plan, a milestone unmet (conflicts say why)", 5: "planner bug", 1: "internal error (traceback)"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=500)
    parser.add_argument("--max-systems", type=int, default=40)
    parser.add_argument("--min-systems", type=int, default=0)
    parser.add_argument("--copies", type=int, default=1, help="tile each drawn region this many times (large regions)")
    parser.add_argument("--version2", choices=("drawn", "always", "never"), default="drawn",
                        help="version-2 keys in about two regions in three (drawn), in every region, or in none")
    parser.add_argument("--keep", type=Path, help="write the inputs of each region not allowed to KEEP/region-<n>/")
    args = parser.parse_args()
    codes: collections.Counter[int] = collections.Counter()
    by_version: dict[int, collections.Counter[int]] = {1: collections.Counter(), 2: collections.Counter()}
    version2 = {"drawn": None, "always": True, "never": False}[args.version2]
    replans: collections.Counter[str] = collections.Counter()
    seconds: list[float] = []
    bad: list[str] = []

    @settings(max_examples=args.regions, database=None, deadline=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(regions(max_systems=args.max_systems, min_systems=args.min_systems, copies=args.copies,
                   version2=version2), st.data())
    def sweep(region, data):
        with tempfile.TemporaryDirectory() as where:
            t0 = time.perf_counter()
            outcome = plan_region(region, Path(where))
            wrong = judge(outcome)
            if outcome.code in (0, 7) and not wrong:
                kind, wrong = replan_region(Path(where), data.draw)
                replans[kind] += 1
            seconds.append(time.perf_counter() - t0)
            if wrong and args.keep:
                kept = args.keep / f"region-{len(seconds)}"
                kept.mkdir(parents=True, exist_ok=True)
                for name in ("inventory.yaml", "topology.yaml", "policy.yaml", "actuals.yaml"):
                    if (Path(where) / name).exists():  # actuals: drawn when the region was re-planned
                        shutil.copy(Path(where) / name, kept / name)
                (kept / "outcome.txt").write_text(wrong + "\n", encoding="utf-8")
        codes[outcome.code] += 1
        by_version[2 if uses_version2(region) else 1][outcome.code] += 1
        if wrong:
            bad.append(f"region {len(seconds)} ({len(region[0]['systems'])} systems): {wrong.splitlines()[0]}")

    started = time.perf_counter()
    sweep()
    total = time.perf_counter() - started
    tiles = f", each tiled {args.copies} times" if args.copies > 1 else ""
    print(f"{len(seconds)} drawn regions ({args.min_systems} to {args.max_systems} systems each{tiles}) in "
          f"{total:.0f} s")
    for code in sorted(codes):
        print(f"  exit {code}: {codes[code]:4d}  ({codes[code] / len(seconds):5.1%})  {MEANING.get(code, '')}")
    for version, counted in by_version.items():
        print(f"  version-{version} regions: {sum(counted.values())} ("
              + ", ".join(f"exit {code}: {n}" for code, n in sorted(counted.items())) + ")")
    print(f"re-planned over drawn actuals: {sum(replans.values())}")
    for kind, n in sorted(replans.items()):
        print(f"  {kind}: {n}")
    print(f"  seconds per region (plan, verify, re-plan): median {statistics.median(seconds):.2f}, "
          f"max {max(seconds):.2f}")
    print(f"outcomes the issue does not allow: {len(bad)}")
    for line in bad[:20]:
        print("  " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
