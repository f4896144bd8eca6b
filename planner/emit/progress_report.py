"""The monthly progress report (Xinxiang §9) rendered as Markdown and HTML; the data comes from planner.progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..plan import Plan
from ..progress import ProgressReport, progress_report
from .i18n import text
from .render import atomic_write, render_html, render_markdown_template


def render_progress_markdown(report: ProgressReport, lang: str = "zh") -> str:
    return render_markdown_template("progress.md.j2", lang, r=report)


def render_progress_html(report: ProgressReport, lang: str = "zh") -> str:
    title = f"{text(lang)('progress_title')} · {report.region_name or report.region} · {report.month}"
    return render_html("progress.html.j2", lang, r=report, title=title)


def write_progress(plan: Plan, actuals: Any, month: str, out_dir: Path, lang: str = "zh") -> tuple[Path, Path]:
    """Write progress-YYYY-MM.<lang>.md and .html into out_dir (atomically); returns both paths."""
    report = progress_report(plan, actuals, month)
    out = Path(out_dir)
    md = atomic_write(out / f"progress-{month}.{lang}.md", render_progress_markdown(report, lang).encode())
    html = atomic_write(out / f"progress-{month}.{lang}.html", render_progress_html(report, lang).encode())
    return md, html
