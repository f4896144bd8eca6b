"""A short Markdown summary of a plan (for mail and IM), and the Markdown of the monthly report.

The templates' every ``{{ … }}`` string goes through :func:`md_escape` (the environment's
``finalize``): a name like ``<script>`` or ``*bold*`` stays literal text in any Markdown viewer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..plan import Plan
from .figures import counts, savings
from .i18n import name_of, text
from .render import atomic_write, render_markdown_template


def summary_context(plan: Plan, lang: str) -> dict[str, Any]:
    t = text(lang)
    names = {m.id: name_of(m, lang) if (m.name or m.name_en) else t(f"measure.{m.measure}") for m in plan.milestones}
    conflicts = []
    for c in plan.conflicts:
        words = (c.text_zh or c.text) if lang == "zh" else (c.text or c.text_zh)
        label = names.get(c.milestone or "", c.milestone or "")
        conflicts.append({"milestone": "" if label and words.startswith(label) else label, "text": words})
    met = sum(m.met for m in plan.milestones)
    depts = {d.id: d.name for d in plan.departments}
    stay = [{"name": s.name or s.id, "department": depts.get(s.department, s.department),
             "reason": "; ".join(s.reasons), "next_step": s.next_step or "—"}
            for s in plan.systems if s.action == "stay"]
    return {"plan": plan, "region_name": plan.region_name or plan.region, "names": names, "met": met,
            "counts": counts(plan), "savings": savings(plan), "conflicts": conflicts, "stay": stay,
            "sentence": t("all_met") if met == len(plan.milestones) else t("milestones_met", met=met,
                                                                          n=len(plan.milestones))}


def render_markdown(plan: Plan, lang: str = "zh") -> str:
    """The plan's summary as Markdown."""
    return render_markdown_template("summary.md.j2", lang, **summary_context(plan, lang))


def write_markdown(plan: Plan, out_dir: Path, lang: str = "zh") -> Path:
    """Write summary.<lang>.md into out_dir (atomically) and return its path."""
    return atomic_write(Path(out_dir) / f"summary.{lang}.md", render_markdown(plan, lang).encode("utf-8"))
