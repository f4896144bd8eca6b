"""The inventory as an Excel workbook (台账): template, round trip, and row-level errors."""

from __future__ import annotations

import io

from conftest import SMALL_INVENTORY, problems, write_yaml
from openpyxl import load_workbook

from planner.cli import main
from planner.load import load_inventory
from planner.workbook import COLUMNS, write_inventory


def test_template_has_every_sheet_header_and_help_row(tmp_path):
    """`planner template` writes each sheet with its headers and a '#' help row."""
    out = tmp_path / "ledger.xlsx"
    assert main(["template", str(out)], out=io.StringIO()) == 0
    book = load_workbook(out)
    assert book.sheetnames == list(COLUMNS)
    systems = book["systems"]
    assert [c.value for c in systems[1]][:4] == ["id", "name", "department", "section"]
    assert systems["A2"].value.startswith("# ")


def test_empty_template_loads_with_a_clear_error(tmp_path):
    """An unfilled template says the region row is missing."""
    out = tmp_path / "ledger.xlsx"
    main(["template", str(out)], out=io.StringIO())
    assert problems(load_inventory, out) == ["region: has 0 rows, needs exactly 1 — fix: fill one row with id, name and level"]


def test_workbook_round_trip_equals_yaml(tmp_path):
    """The same inventory read from YAML and from a workbook gives equal models."""
    from_yaml = load_inventory(write_yaml(tmp_path / "inv.yaml", SMALL_INVENTORY))
    write_inventory(SMALL_INVENTORY, tmp_path / "inv.xlsx")
    assert load_inventory(tmp_path / "inv.xlsx") == from_yaml


def test_workbook_error_names_sheet_and_row(tmp_path):
    """An error in a workbook names the sheet and the row."""
    data = {**SMALL_INVENTORY, "systems": [dict(SMALL_INVENTORY["systems"][2], hosting="cloud")]}
    data["exits"] = [dict(SMALL_INVENTORY["exits"][1])]
    write_inventory(data, tmp_path / "inv.xlsx")
    issues = problems(load_inventory, tmp_path / "inv.xlsx")
    assert issues == ["systems[0] ny-edu.hosting: 'cloud' is not allowed — fix: use one of 'self-room', 'dept-cloud', "
                      "'industry-cloud', 'gov-cloud' or 'vertical'"]


def test_workbook_location_is_sheet_and_row(tmp_path):
    """The location of a workbook error is file[sheet]:row (row 3 = the first data row)."""
    from planner.errors import InputError

    data = {**SMALL_INVENTORY, "systems": [dict(SMALL_INVENTORY["systems"][2], hosting="cloud")],
            "exits": [dict(SMALL_INVENTORY["exits"][1])]}
    write_inventory(data, tmp_path / "inv.xlsx")
    try:
        load_inventory(tmp_path / "inv.xlsx")
    except InputError as exc:
        assert exc.issues[0].where == f"{tmp_path / 'inv.xlsx'}[systems]:3"
    else:
        raise AssertionError("expected an InputError")


def test_workbook_dependency_row_names_unknown_owner(tmp_path):
    """A dependency row whose system is not on the systems sheet is reported with its row."""
    write_inventory(SMALL_INVENTORY, tmp_path / "inv.xlsx")
    book = load_workbook(tmp_path / "inv.xlsx")
    book["dependencies"].append(["ghost", "fgw-price", "loose", None])
    book.save(tmp_path / "inv.xlsx")
    assert problems(load_inventory, tmp_path / "inv.xlsx") == [
        "dependencies row.system: names 'ghost', which is not an id on sheet systems — fix: use an id from sheet systems"]


def test_template_and_ledger_bytes_carry_no_time_of_writing(tmp_path):
    """Same inventory, same workbook bytes: no save time in docProps/core.xml or in the zip entries."""
    import zipfile

    write_inventory(SMALL_INVENTORY, tmp_path / "ledger.xlsx")
    with zipfile.ZipFile(tmp_path / "ledger.xlsx") as book:
        assert "2000-01-01T00:00:00Z</dcterms:modified>" in book.read("docProps/core.xml").decode()
        assert {info.date_time for info in book.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    assert main(["template", str(tmp_path / "a.xlsx")], out=io.StringIO()) == 0
    assert main(["template", str(tmp_path / "b.xlsx")], out=io.StringIO()) == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
