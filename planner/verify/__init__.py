"""The rules of a valid plan (FORMATS.md "What makes a plan valid" 1–13 and version 2's 14–18) and the safety
invariants S1–S3.

    violations = verify(plan, inventory, topology, policy)   # [] when the plan is valid
    print(format_violations(violations))

Each rule is a tiny unit with a stable id and a one-sentence name (``RULES``); a failure lists every
offending row with the ids of the objects at fault. Rules 12 and 13 recompute the measures and the
cost from the plan (:mod:`planner.verify.recomputed`) by the same readings the planner schedules
with (:mod:`planner.rules`); rules 14–18 judge all the work by :func:`planner.rules.work.planned_work`
(:mod:`planner.verify.work`).
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.model import Inventory, Policy, Topology
from planner.plan import Plan

from . import (  # noqa: F401 - registers the rules
    addressing,
    capacity,
    cost,
    coverage,
    decisions,
    milestones,
    platforms,
    safety,
    security,
    timing,
    work,
)
from .base import REGISTRY, Context, Rule, Violation

RULES: tuple[Rule, ...] = tuple(sorted(REGISTRY, key=lambda r: (r.id[0] != "R", r.id)))
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

__all__ = ["FACT_RULES", "RULES", "RULES_BY_ID", "Rule", "Violation", "broken_by_facts", "format_violations", "verify"]


def verify(plan: Plan, inventory: Inventory, topology: Topology, policy: Policy,
           rules: Iterable[str] | None = None, history: int | None = None) -> list[Violation]:
    """Every violation of the plan, rule by rule in ``RULES`` order (or only the ``rules`` ids given).

    A plan made over actuals binds the scheduling rules only after its ``as_of`` (``history=0`` judges the
    facts as well: :func:`broken_by_facts`)."""
    ctx = Context(plan, inventory, topology, policy, history)
    chosen = RULES if rules is None else [RULES_BY_ID[i] for i in rules]
    return [v for r in chosen for v in r.run(ctx)]


FACT_RULES = ("R05-durations-and-freeze", "R06-team-slots", "R07-tight-pairs-together",
              "R08-cloud-capacity-and-transfer", "R09-connect-first")


def broken_by_facts(plan: Plan, inventory: Inventory, topology: Topology, policy: Policy) -> list[Violation]:
    """What the recorded facts of a re-plan break: the violations of the scheduling rules when they bind the past
    too, less those of the plan as it stands (which has none when it is valid)."""
    standing = set(verify(plan, inventory, topology, policy, FACT_RULES))
    return [v for v in verify(plan, inventory, topology, policy, FACT_RULES, history=0) if v not in standing]


def format_violations(violations: Iterable[Violation], per_rule: int = 10) -> str:
    """One block per rule: its id and sentence, then at most ``per_rule`` offending rows, then "… and N more".

    >>> print(format_violations([Violation("R01-coverage", "Every system appears once.", ("a",), "a is missing")]))
    R01-coverage — Every system appears once. (1 violation)
      - a: a is missing
    >>> format_violations([])
    'no violations'
    """
    grouped: dict[str, list[Violation]] = {}
    for v in violations:
        grouped.setdefault(v.rule, []).append(v)
    if not grouped:
        return "no violations"
    lines = []
    for rule_id, rows in grouped.items():
        n = len(rows)
        lines.append(f"{rule_id} — {rows[0].name} ({n} violation{'s' * (n != 1)})")
        for v in rows[:per_rule]:
            lines.append(f"  - {', '.join(v.objects)}: {v.details}")
        if n > per_rule:
            lines.append(f"  … and {n - per_rule} more")
    return "\n".join(lines)
