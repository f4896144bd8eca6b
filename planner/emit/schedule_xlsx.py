"""The schedule as an Excel workbook that goes back to the departments (the ledger, 台账).

A summary sheet (one row per department) and one sheet per department with one row per system:
action, target, wave, start and cutover dates, team, reasons and next step. Text cells are always
written as text (a name starting with '=' never becomes a formula). Same plan, same bytes: the
document properties and the zip entries carry a fixed date.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..load.workbook import stable_xlsx_bytes
from ..plan import Plan
from ..timeline import wave_end, wave_start
from .i18n import text
from .render import atomic_write

_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
HEAD_FILL = PatternFill("solid", fgColor="DBEAFE")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title (at most 31 characters, none of []:*?/\\).

    >>> sheet_title("a/b", set()), sheet_title("x", {"x"})
    ('a_b', 'x (2)')
    """
    base = _BAD_SHEET.sub("_", name).strip("'") or "sheet"
    base = base[:31]
    title, k = base, 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f" ({k})"
        title, k = base[: 31 - len(suffix)] + suffix, k + 1
    taken.add(title)
    return title


def _put(ws: Any, row: int, col: int, value: Any) -> Cell:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _table(ws: Any, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    for c, h in enumerate(headers, start=1):
        cell = _put(ws, 1, c, h)
        cell.font, cell.fill = Font(bold=True), HEAD_FILL
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            cell = _put(ws, r, c, v)
            if isinstance(v, str) and len(v) > 40:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


def build_workbook(plan: Plan, lang: str = "zh") -> Workbook:
    t = text(lang)
    wb = Workbook()
    wb.properties.creator = "planner"
    systems = {s.id: s for s in plan.systems}
    by_dept: dict[str, list[Any]] = {d.id: [] for d in plan.departments}
    for s in plan.systems:
        by_dept.setdefault(s.department, []).append(s)
    names = {d.id: d.name or d.id for d in plan.departments}
    teams = {d.id: d.team or "" for d in plan.departments}

    summary = wb.active
    summary.title = sheet_title(t("summary_sheet"), taken := set())
    actions = ["migrate", "integrate", "decommission", "replace", "intranet", "on-cloud", "stay"]
    rows = []
    for dept_id, ss in by_dept.items():
        waves = [s.wave for s in ss if s.wave is not None]
        starts = [s.start_wave or s.wave for s in ss if s.wave is not None]
        rows.append([dept_id, names.get(dept_id, dept_id), teams.get(dept_id, ""), len(ss)]
                    + [sum(s.action == a for s in ss) for a in actions]
                    + [wave_start(plan, min(starts)).isoformat() if starts else "",
                       wave_end(plan, max(waves)).isoformat() if waves else ""])
    _table(summary, ["id", t("department"), t("team"), t("systems_total")] + [t(f"action.{a}") for a in actions]
           + [t("start_date"), t("cutover_date")], rows, [16, 28, 14, 10] + [12] * len(actions) + [13, 13])

    headers = ["id", t("system"), t("action"), t("target"), t("start_wave"), t("wave"), t("start_date"),
               t("cutover_date"), t("team"), t("reasons"), t("next_step")]
    for dept_id, ss in by_dept.items():
        ws = wb.create_sheet(sheet_title(names.get(dept_id, dept_id), taken))
        rows = []
        for s in sorted(ss, key=lambda s: (s.wave if s.wave is not None else 10**6, s.id)):
            start = s.start_wave if s.start_wave is not None else s.wave
            target = s.target or ""
            if s.action == "integrate" and target in systems:
                target = systems[target].name or target
            rows.append([s.id, s.name or s.id, t(f"action.{s.action}"), target, start, s.wave,
                         wave_start(plan, start).isoformat() if start else "",
                         wave_end(plan, s.wave).isoformat() if s.wave else "",
                         teams.get(dept_id, "") if s.wave is not None else "", "; ".join(s.reasons),
                         s.next_step or ""])
        _table(ws, headers, rows, [18, 30, 12, 18, 9, 8, 12, 12, 12, 50, 36])
    return wb


def schedule_xlsx_bytes(plan: Plan, lang: str = "zh") -> bytes:
    return stable_xlsx_bytes(build_workbook(plan, lang))


def write_schedule_xlsx(plan: Plan, out_dir: Path, lang: str = "zh") -> Path:
    """Write schedule.xlsx into out_dir (atomically) and return its path."""
    return atomic_write(Path(out_dir) / "schedule.xlsx", schedule_xlsx_bytes(plan, lang))
