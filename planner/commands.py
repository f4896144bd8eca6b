"""The pipeline commands (plan, verify, emit, report, progress, generate): their arguments, registered on
the CLI, and the library calls they make. What they show on the terminal is in cli_output.py."""

from __future__ import annotations

import argparse
import dataclasses
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .atomic import write_files
from .cli_output import LiveProgress, print_summary
from .exit_codes import ExitCode


def add_pipeline_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="decide, schedule, address and verify; write DIR/plan.json")
    _inputs(p)
    p.add_argument("--out", type=Path, required=True, help="directory for plan.json (created; replaced atomically)")
    p.add_argument("--time-limit", type=float, default=30.0, help="seconds for CP-SAT (0: greedy only)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--actuals", type=Path, help="what has really happened: pins the past (re-planning)")
    p.add_argument("--previous", type=Path, help="the plan announced before: re-planning keeps to it where it can")
    p.add_argument("--prove", action="store_true",
                   help="solve the time-indexed LP whatever the region's size: the strongest bound and a better "
                        "plan, at some cost in time on large regions (10,000 systems: 87 s, gap 2.4 %% instead of 2.9 %%)")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.set_defaults(run=run_plan)

    p = sub.add_parser("verify", help="check a plan against every rule of a valid plan")
    p.add_argument("plan", type=Path)
    p.add_argument("--inventory", type=Path, required=True)
    p.add_argument("--topology", type=Path, required=True)
    p.add_argument("--policy", required=True)
    p.set_defaults(run=run_verify)

    p = sub.add_parser("emit", help="write the Pulumi project (one stack per cloud) that applies a plan wave by wave")
    p.add_argument("plan", type=Path)
    p.add_argument("--target", choices=("alicloud", "openstack"), required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=run_emit)

    p = sub.add_parser("report", help="the managers' report: one self-contained HTML page, a Markdown summary, "
                                      "and the schedule as an Excel workbook (one sheet per department)")
    p.add_argument("plan", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--screenshot", action="store_true", help="also a PNG of the page (needs chromium)")
    p.set_defaults(run=run_report)

    p = sub.add_parser("progress", help="the monthly progress report: planned against actual, and what slipped")
    p.add_argument("plan", type=Path)
    p.add_argument("--actuals", type=Path, required=True)
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(run=run_progress)

    p = sub.add_parser("generate", help="write a seeded synthetic region (inventory + topology) to try the planner at scale")
    p.add_argument("--systems", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--without-crews", action="store_true",
                   help="a version-1 topology: migration teams only, networks and exits free and instant")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=run_generate)


def _inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("inventory", type=Path, help="a .yaml file, a directory of .yaml files, or an .xlsx workbook")
    p.add_argument("--topology", type=Path, required=True)
    p.add_argument("--policy", required=True, help="a preset name (planner policy list) or a policy file")


def load_inputs(args: argparse.Namespace):
    """Inventory, topology and policy; every problem of all three in one InputError."""
    from .load import load_all

    return load_all(args.inventory, args.topology, args.policy)


@contextmanager
def located_in(topology: Path):
    """Input errors found while planning (a pool too small) name the topology file they are about."""
    from .errors import InputError

    try:
        yield
    except InputError as exc:
        exc.issues = [dataclasses.replace(i, where=str(topology)) if not i.where and i.obj == "topology" else i
                      for i in exc.issues]
        raise InputError(exc.issues) from None


def run_plan(args: argparse.Namespace, out: TextIO):
    from .load import load_actuals
    from .pipeline import PlanSettings, make_plan
    from .plan import plan_to_json, read_plan

    inventory, topology, policy = load_inputs(args)
    actuals = load_actuals(args.actuals, inventory) if args.actuals else None
    previous = read_plan(args.previous) if args.previous else None
    with LiveProgress(out, args.quiet or args.time_limit <= 0) as on_progress:
        settings = PlanSettings(time_limit=args.time_limit, workers=args.workers, seed=args.seed,
                                on_progress=on_progress, prove=args.prove)
        started = time.perf_counter()
        with located_in(args.topology):
            plan = make_plan(inventory, topology, policy, settings, actuals=actuals, previous=previous)
        wall = time.perf_counter() - started
    write_files(args.out, {"plan.json": plan_to_json(plan)})
    print_summary(plan, out, wall)
    print(f"wrote {args.out / 'plan.json'}", file=out)
    return ExitCode.UNMET if any(not m.met for m in plan.milestones) else ExitCode.OK


def run_verify(args: argparse.Namespace, out: TextIO):
    from .plan import read_plan
    from .verify import format_violations, verify

    inventory, topology, policy = load_inputs(args)
    plan = read_plan(args.plan)
    broken = verify(plan, inventory, topology, policy)
    if broken:
        print(format_violations(broken), file=out)
        return ExitCode.PLAN_INVALID
    print(f"ok: {args.plan} satisfies every rule of a valid plan and the safety invariants", file=out)
    return ExitCode.OK


def run_emit(args: argparse.Namespace, out: TextIO):
    from .emit.pulumi_project import emit_stacks

    files = emit_stacks(args.plan, args.target, args.out)
    print(f"wrote {len(files)} files to {args.out}; see {args.out / 'README.md'} to apply them wave by wave", file=out)
    return ExitCode.OK


def run_report(args: argparse.Namespace, out: TextIO):
    from .emit.markdown import write_markdown
    from .emit.report import screenshot, write_report
    from .emit.schedule_xlsx import write_schedule_xlsx
    from .plan import read_plan

    plan = read_plan(args.plan)
    written = [write_report(plan, args.out, args.lang), write_markdown(plan, args.out, args.lang),
               write_schedule_xlsx(plan, args.out, args.lang)]
    if args.screenshot:
        png = args.out / f"report.{args.lang}.png"
        if screenshot(written[0], png, height=6500):
            written.append(png)
        else:
            print("note: no screenshot (chromium is not installed: apt-get install -y chromium fonts-noto-cjk)", file=out)
    for path in written:
        print(f"wrote {path}", file=out)
    return ExitCode.OK


def run_progress(args: argparse.Namespace, out: TextIO):
    from .emit.progress_report import write_progress
    from .plan import read_plan
    from .progress import read_actuals

    plan = read_plan(args.plan)
    actuals = read_actuals(args.actuals, plan, where=str(args.actuals))
    for path in write_progress(plan, actuals, args.month, args.out, args.lang):
        print(f"wrote {path}", file=out)
    return ExitCode.OK


def run_generate(args: argparse.Namespace, out: TextIO):
    import yaml

    from .synthetic import generate_region

    inventory, topology = generate_region(args.systems, args.seed, crews=not args.without_crews)
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)  # noqa: E731
    write_files(args.out, {"inventory.yaml": dump(inventory), "topology.yaml": dump(topology)})
    print(f"wrote {args.out}/inventory.yaml ({args.systems} systems) and topology.yaml", file=out)
    return ExitCode.OK
