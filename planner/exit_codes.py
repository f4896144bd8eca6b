"""The exit codes of the `planner` command (one meaning each, stable for scripts)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1  # an unexpected failure of the planner itself
    USAGE = 2  # wrong command-line arguments (argparse's own code)
    BAD_INPUT = 3  # the inventory, topology, policy or actuals are wrong
    INFEASIBLE = 4  # no plan respects the hard rules
    PLAN_BUG = 5  # the planner made a plan that breaks a hard rule (a bug: please report it)
    PLAN_INVALID = 6  # `planner verify` found a plan that breaks the rules
    UNMET = 7  # the plan is valid but a milestone cannot be met (see conflicts)
