"""The `planner` command: parse, call the library, print. Exit codes are an IntEnum."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from .errors import InfeasibleError, InputError, PlanBugError, PlannerError
from .exit_codes import ExitCode


def _validate(args: argparse.Namespace, out: TextIO) -> ExitCode:
    """Every input problem at once; with a topology and a policy, also the hard limits no schedule can meet."""
    from .load import load_all

    inventory, topology, policy = load_all(args.inventory, args.topology, args.policy)
    if topology is not None and policy is not None:
        from .pipeline import hard_limit_reasons

        reasons = hard_limit_reasons(inventory, topology, policy)
        if reasons:
            raise InfeasibleError(reasons)
    counts = ", ".join(f"{len(getattr(inventory, k))} {k}" for k in ("departments", "systems", "networks", "exits", "assets"))
    print(f"ok: {args.inventory}: {counts}", file=out)
    return ExitCode.OK


def _template(args: argparse.Namespace, out: TextIO) -> ExitCode:
    from .load.workbook import write_template

    write_template(args.out, force=args.force)
    print(f"wrote {args.out}: fill one sheet per list (the second row of each sheet explains the columns)", file=out)
    return ExitCode.OK


def _policy_show(args: argparse.Namespace, out: TextIO) -> ExitCode:
    from .load import preset_text

    out.write(preset_text(args.name))
    return ExitCode.OK


def _policy_list(args: argparse.Namespace, out: TextIO) -> ExitCode:
    from .load import load_policy, preset_names

    for name in preset_names():
        policy = load_policy(name)
        print(f"{name:16} {policy.source:22} start {policy.start}  {policy.name}", file=out)
    return ExitCode.OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planner", description="Plan the migration of a region's government "
                                     "systems, private networks and internet exits onto the e-government extranet, cloud and exit platforms.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check an inventory (and topology, policy) and report every problem")
    p.add_argument("inventory", type=Path, help="a .yaml file, a directory of .yaml files, or an .xlsx workbook")
    p.add_argument("--topology", type=Path)
    p.add_argument("--policy", help="a preset name (planner policy list) or a policy file")
    p.set_defaults(run=_validate)

    p = sub.add_parser("template", help="write an empty inventory workbook (台账) to fill in Excel")
    p.add_argument("out", type=Path)
    p.add_argument("--force", action="store_true", help="overwrite the file if it exists (it may be a filled ledger)")
    p.set_defaults(run=_template)

    policy = sub.add_parser("policy", help="the policy presets").add_subparsers(dest="policy_command", required=True)
    p = policy.add_parser("show", help="print a preset as YAML, to copy and adapt")
    p.add_argument("name")
    p.set_defaults(run=_policy_show)
    p = policy.add_parser("list", help="list the presets")
    p.set_defaults(run=_policy_list)

    from .commands import add_pipeline_commands

    add_pipeline_commands(sub)
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args, out))
    except InputError as exc:
        print(exc, file=err)
        return ExitCode.BAD_INPUT
    except InfeasibleError as exc:
        print(exc.report(), file=err)
        return ExitCode.INFEASIBLE
    except PlanBugError as exc:
        print(f"planner bug (please report it): {exc}", file=err)
        return ExitCode.PLAN_BUG
    except PlannerError as exc:
        print(f"error: {exc}", file=err)
        return ExitCode.BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=err)
        return ExitCode.INTERNAL
    except Exception as exc:  # a bug: one clear line, the traceback only on request
        if os.environ.get("PLANNER_DEBUG"):
            raise
        print(f"internal error ({type(exc).__name__}: {exc}); nothing was written. This is a planner bug: "
              "please report it with the command you ran (PLANNER_DEBUG=1 shows the traceback)", file=err)
        return ExitCode.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
