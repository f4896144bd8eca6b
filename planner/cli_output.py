"""What the pipeline commands show on the terminal: the solver's live progress and the plan's summary table."""

from __future__ import annotations

from collections import Counter
from typing import TextIO


class LiveProgress:
    """A one-line live display of the solver's best cost, bound and gap (rich), or nothing."""

    def __init__(self, out: TextIO, quiet: bool) -> None:
        self.out, self.quiet, self.live = out, quiet, None

    def __enter__(self):
        if self.quiet:
            return None
        from rich.console import Console
        from rich.live import Live

        self.live = Live("greedy schedule, then the slice LPs' order, then CP-SAT…", console=Console(file=self.out),
                         transient=True)
        self.live.__enter__()

        def update(best: float, bound: float, gap: float, seconds: float) -> None:
            self.live.update(f"{seconds:6.1f} s  best {best:,.0f} CNY  bound {bound:,.0f}  gap {gap * 100:.1f} %")

        return update

    def __exit__(self, *exc) -> None:
        if self.live is not None:
            self.live.__exit__(*exc)


def print_summary(plan, out: TextIO, wall_seconds: float | None = None) -> None:
    """Counts per action and per department, milestones, cost, solver: a short table."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=110)
    actions = ("migrate", "on-cloud", "integrate", "intranet", "decommission", "stay")
    table = Table(title=f"{plan.region_name or plan.region} · {plan.policy}", show_lines=False)
    table.add_column("department")
    for a in actions:
        table.add_column(a, justify="right")
    per_dept: dict[str, Counter] = {}
    for s in plan.systems:
        per_dept.setdefault(s.department, Counter())[s.action] += 1
    names = {d.id: d.name for d in plan.departments}
    rows = sorted(per_dept.items(), key=lambda kv: -sum(kv[1].values()))
    for dept, counts in rows[:12]:
        table.add_row(f"{names.get(dept, dept)} ({dept})", *(str(counts[a] or "") for a in actions))
    if len(rows) > 12:
        rest = sum((c for _, c in rows[12:]), Counter())
        table.add_row(f"… {len(rows) - 12} more departments", *(str(rest[a] or "") for a in actions))
    total = sum(per_dept.values(), Counter())
    table.add_row("total", *(str(total[a]) for a in actions), style="bold")
    console.print(table)
    net = Counter(n.action for n in plan.networks)
    console.print(f"networks: {dict(sorted(net.items()))}   exits: {len(plan.exits)} → {len(plan.platforms)} platforms")
    for m in plan.milestones:
        mark = "[green]met[/green]" if m.met else "[red]UNMET[/red]"
        console.print(f"  {m.id:12} {m.planned * 100:5.1f} % of ≥{m.required * 100:.0f} % by {m.by}  {mark}")
    greedy = f"{plan.cost.greedy_legacy_cny:,.0f}" if plan.cost.greedy_legacy_cny is not None else "n/a"
    took = f" in {wall_seconds:.1f} s" if wall_seconds is not None else ""
    console.print(f"legacy cost {plan.cost.legacy_cny:,.0f} CNY (greedy schedule {greedy}); solver {plan.solver.status}, "
                  f"bound {plan.solver.bound:,.0f}, gap {plan.solver.gap * 100:.1f} %{took}")
    for c in plan.conflicts:
        console.print(f"[red]conflict[/red] {c.text}", markup=True, highlight=False)
