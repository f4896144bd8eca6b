"""Run the planner's CLI on a drawn region, as a user would, and judge the outcome.

`plan_region` writes the three inputs as YAML, runs ``planner plan --time-limit 0`` and, when a plan
is written, ``planner verify`` on it (both in-process through ``planner.cli.main``). `judge` says
what is wrong with an outcome, or None when it is one the issue allows: a plan that verifies (exit 0
or 7), an input error naming the object (3), or an infeasibility in a manager's words (4).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from planner.cli import main

# Internal vocabulary that must never reach a manager's sentence about infeasibility.
INTERNAL = re.compile(r"\b(system|integrate|network|exit|done|team|cloud|milestone):[a-z0-9]|volume '|\bx100\b")


@dataclass
class Outcome:
    code: int
    plan_out: str
    plan_err: str
    verify_code: int | None = None
    verify_out: str = ""


def _write(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def plan_region(region: tuple[dict, dict, dict], where: Path, *extra: str) -> Outcome:
    inventory, topology, policy = region
    inv, top, pol = (_write(where / "inventory.yaml", inventory), _write(where / "topology.yaml", topology),
                     _write(where / "policy.yaml", policy))
    out, err = io.StringIO(), io.StringIO()
    code = main(["plan", str(inv), "--topology", str(top), "--policy", str(pol), "--out", str(where / "out"),
                 "--time-limit", "0", "--quiet", *extra], out=out, err=err)
    outcome = Outcome(code, out.getvalue(), err.getvalue())
    if code in (0, 7):
        vout = io.StringIO()
        outcome.verify_code = main(["verify", str(where / "out" / "plan.json"), "--inventory", str(inv),
                                    "--topology", str(top), "--policy", str(pol)], out=vout, err=vout)
        outcome.verify_out = vout.getvalue()
    return outcome


def replan_region(where: Path, draw) -> tuple[str, str | None]:
    """Re-plan the region planned in ``where`` over drawn actuals (:func:`region_strategy.facts_for`).

    Returns (outcome kind, what is wrong or None): a re-plan must verify and keep every fact's wave,
    or end in an infeasibility in words.
    """
    from region_strategy import facts_for

    from planner.errors import InfeasibleError
    from planner.load import load_actuals, load_inventory, load_policy, load_topology
    from planner.pipeline import PlanSettings, make_plan
    from planner.plan import read_plan
    from planner.verify import verify

    inventory = load_inventory(where / "inventory.yaml")
    topology, policy = load_topology(where / "topology.yaml", inventory), load_policy(where / "policy.yaml")
    drawn = draw(facts_for(read_plan(where / "out" / "plan.json"), policy))
    _write(where / "actuals.yaml", drawn)  # beside the inputs, so that a failing re-plan can be reproduced
    facts = load_actuals(drawn, inventory)
    try:
        plan = make_plan(inventory, topology, policy, PlanSettings(time_limit=0), actuals=facts)
    except InfeasibleError as exc:
        wrong = f"re-plan infeasible in internal words: {exc}" if INTERNAL.search(str(exc)) else None
        return "infeasible, in words", wrong
    broken = verify(plan, inventory, topology, policy)
    if broken:
        return "re-plan fails verify", f"re-plan fails verify: {broken[0]}"
    rows = {s.id: s for s in plan.systems}
    lost = [f.id for f in facts.systems if f.cut_over and rows[f.id].wave != policy.wave_containing(f.cut_over)
            and rows[f.id].action in ("migrate", "integrate")]
    if lost:
        return "re-plan dropped facts", f"re-plan moved recorded cut-overs: {lost}"
    kept = "verified, facts kept" + (", with fact findings" if any(f.kind.startswith("fact-") for f in plan.findings)
                                     else "")
    return kept, None


def judge(o: Outcome) -> str | None:
    """What is wrong with the outcome, or None when the issue allows it."""
    if o.code in (0, 7):
        if o.verify_code != 0:
            return f"plan exit {o.code} but verify exit {o.verify_code}:\n{o.verify_out}"
        return None
    if o.code == 3:
        if "problem" not in o.plan_err and "fix" not in o.plan_err:
            return f"exit 3 without a located problem and fix:\n{o.plan_err}"
        return None
    if o.code == 4:
        if INTERNAL.search(o.plan_err):
            return f"exit 4 in internal words:\n{o.plan_err}"
        return None
    return f"exit {o.code}:\n{o.plan_err}"
