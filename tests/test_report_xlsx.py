"""The schedule workbook that goes back to the departments."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.emit.schedule_xlsx import sheet_title, write_schedule_xlsx
from planner.plan import read_plan
from planner.timeline import wave_end

FIXTURE = Path(__file__).parent / "fixtures" / "plan_report.json"


@pytest.fixture(scope="module")
def plan():
    return read_plan(FIXTURE)


def test_workbook_has_summary_and_one_sheet_per_department(plan, tmp_path):
    """A summary sheet, then one sheet per department with one row per system."""
    wb = load_workbook(write_schedule_xlsx(plan, tmp_path))
    assert len(wb.sheetnames) == 1 + len(plan.departments)
    summary = wb.worksheets[0]
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [d.id for d in plan.departments]
    assert sum(r[3] for r in rows) == len(plan.systems)
    for ws, dept in zip(wb.worksheets[1:], plan.departments, strict=True):
        ids = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
        assert sorted(ids) == sorted(s.id for s in plan.systems if s.department == dept.id)


def test_workbook_rows_carry_wave_dates_team_target(plan, tmp_path):
    """A migration's row: action, target, waves, dates, team."""
    wb = load_workbook(write_schedule_xlsx(plan, tmp_path, "en"))
    s = next(x for x in plan.systems if x.id == "fgw-invest")
    ws = wb.worksheets[1 + [d.id for d in plan.departments].index("fgw")]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "fgw-invest")
    assert row[2:6] == ("Migrate to cloud", "public-cloud", s.start_wave, s.wave)
    assert row[7] == wave_end(plan, s.wave).isoformat() and row[8] == "city-ops"


def test_workbook_names_are_text_never_formulas(plan, tmp_path):
    """A name starting with '=' stays text; the <script> name is stored as it is."""
    odd = plan.model_copy(update={"systems": [s.model_copy(update={"name": "=HYPERLINK(\"http://x\")"})
                                              if s.id == "fgw-price" else s for s in plan.systems]})
    wb = load_workbook(write_schedule_xlsx(odd, tmp_path))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    formula = [c for c in cells if c.value == "=HYPERLINK(\"http://x\")"]
    assert formula and all(c.data_type == "s" for c in formula)
    assert any(isinstance(c.value, str) and "<script>alert(1)</script>" in c.value for c in cells)


def test_workbook_same_plan_same_bytes(plan, tmp_path):
    """Fixed document dates and zip entry dates: the same bytes twice."""
    a = write_schedule_xlsx(plan, tmp_path / "a").read_bytes()
    b = write_schedule_xlsx(plan, tmp_path / "b").read_bytes()
    assert a == b


def test_sheet_titles_are_valid_and_unique():
    """Forbidden characters replaced, 31 characters at most, duplicates numbered."""
    taken: set[str] = set()
    titles = [sheet_title(n, taken) for n in ("a/b:c", "x" * 40, "x" * 40, "Sheet")]
    assert titles[0] == "a_b_c" and all(len(t) <= 31 for t in titles) and len(set(titles)) == 4


def test_workbook_carries_no_time_of_writing(plan, tmp_path):
    """openpyxl stamps the save time into docProps/core.xml; the planner writes a fixed date instead."""
    import zipfile

    with zipfile.ZipFile(write_schedule_xlsx(plan, tmp_path)) as book:
        core = book.read("docProps/core.xml").decode()
        dates = {info.date_time for info in book.infolist()}
    assert "<dcterms:modified" in core and "2000-01-01T00:00:00Z</dcterms:modified>" in core
    assert dates == {(2000, 1, 1, 0, 0, 0)}
