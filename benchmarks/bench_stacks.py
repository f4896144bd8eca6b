"""Time the stack program under Pulumi mocks on a whole plan (every cloud, both targets, last wave).

    .venv/bin/python benchmarks/bench_stacks.py [--systems 2000]

Runs the example plan (reports/example-taian/plan.json) when present and a synthetic plan built
by tests/fixtures/make_plan_small.py's scaled_plan; prints seconds, resources/second and the ratio
to the ~3.5 ms/resource measured in /work/shared/notes/pulumi-offline.md.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "fixtures")]

from make_plan_small import scaled_plan  # noqa: E402
from test_stacks_support import EXAMPLE, plan_clouds, plan_waves, run_program  # noqa: E402

from planner.plan import plan_to_json  # noqa: E402

NOTES_MS_PER_RESOURCE = 3.5


def bench(label: str, plan: Path) -> None:
    wave = plan_waves(plan)[-1]
    for target in ("alicloud", "openstack"):
        total, seconds = 0, 0.0
        for cloud in plan_clouds(plan):
            t0 = time.perf_counter()
            result = run_program(plan, target, cloud, wave)
            seconds += time.perf_counter() - t0
            total += len(result.resources)
        ms = 1000 * seconds / max(total, 1)
        print(f"{label:<28} {target:<9} wave {wave:>3}: {total:>6} resources in {seconds:7.2f} s = "
              f"{total / seconds:7.0f} resources/s, {ms:5.2f} ms/resource "
              f"({ms / NOTES_MS_PER_RESOURCE:4.2f}x the notes' {NOTES_MS_PER_RESOURCE} ms)")


def _plan_example(folder: Path) -> Path:
    """The bundled example planned by the pipeline (greedy), when reports/ holds no plan yet."""
    from planner.load import load_inventory, load_policy, load_topology
    from planner.pipeline import PlanSettings, make_plan

    root = Path(__file__).resolve().parent.parent
    inventory = load_inventory(root / "inventory" / "example-taian")
    topology = load_topology(root / "topologies" / "example-taian.yaml", inventory)
    path = folder / "example-plan.json"
    path.write_text(plan_to_json(make_plan(inventory, topology, load_policy("taian-2017"), PlanSettings(time_limit=0))),
                    encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=2000)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the plan's warnings (pulumi.log.warn) are not what is measured
    with tempfile.TemporaryDirectory() as tmp:
        example = EXAMPLE if EXAMPLE.exists() else _plan_example(Path(tmp))
        bench("example-taian", example)
        plan = Path(tmp) / "plan.json"
        plan.write_text(plan_to_json(scaled_plan(args.systems)), encoding="utf-8")
        bench(f"synthetic {args.systems} systems", plan)


if __name__ == "__main__":
    main()
