"""One exception root for the planner.

Every error the planner raises on purpose derives from :class:`PlannerError`; the CLI
prints it without a traceback and exits with the matching :class:`planner.exit_codes.ExitCode`.
An error names where it happened (file and line, or sheet and row), the object, the field,
what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    """One problem found in an input: where, which object, which field, what, and the fix."""

    where: str  # "inventory/systems.yaml:42" or "systems.xlsx[systems]:7"
    obj: str  # "systems[7] fgw-invest"
    field: str  # "network"
    problem: str  # "unknown network 'net-x'"
    fix: str = ""  # "use one of the ids under networks:, or extranet-public | ..."

    def __str__(self) -> str:
        head = f"{self.where} {self.obj}" if self.where else self.obj
        if self.field:
            head += f".{self.field}"
        text = f"{head}: {self.problem}"
        return f"{text} — fix: {self.fix}" if self.fix else text


class PlannerError(Exception):
    """Root of every error the planner raises on purpose."""


@dataclass
class InputError(PlannerError):
    """The inputs are wrong; carries every issue found in one run, not just the first."""

    issues: list[Issue] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.issues)
        lines = [f"{n} problem{'s' if n != 1 else ''} in the input:"]
        lines += [f"  {issue}" for issue in self.issues]
        return "\n".join(lines)


class InfeasibleError(PlannerError):
    """No plan respects the hard rules (not the milestones: those are reported as conflicts).

    Carries every reason found, each a sentence with its fix.
    """

    def __init__(self, reasons: str | list[str]) -> None:
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.reasons[0] if len(self.reasons) == 1 else "\n".join(f"  - {r}" for r in self.reasons)

    def report(self) -> str:
        """What the CLI prints: a heading, then one line per reason."""
        return "infeasible: no plan can respect the hard rules:\n" + "\n".join(f"  - {r}" for r in self.reasons)


class PlanBugError(PlannerError):
    """The planner produced a plan that breaks a hard rule: a bug in the planner, never the user's fault."""


class PoolExhaustedError(PlannerError):
    """An address pool is too small for what must be allocated from it.

    ``pool`` names the pool ("extranet-public", "intranet", "county exit platforms"); ``fits`` is the
    prefix length of the smallest pool that would do.
    """

    def __init__(self, message: str, pool: str = "", fits: int | None = None) -> None:
        self.pool, self.fits = pool, fits
        super().__init__(message)
