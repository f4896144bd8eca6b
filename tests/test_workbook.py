"""The inventory as an Excel workbook (台账): template, round trip, row-level errors, and Excel's mistakes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from conftest import SMALL_INVENTORY, problems, write_yaml
from openpyxl import load_workbook

from planner.cli import main
from planner.errors import InputError
from planner.exit_codes import ExitCode
from planner.load import load_inventory
from planner.load.workbook import COLUMNS, write_inventory


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


# --- helpers for the tests of Excel's mistakes: the small inventory as a workbook, then one edit --

def _ledger(tmp_path, edit):
    """The small inventory written as a workbook, changed by `edit(book)` as a person would in Excel."""
    path = tmp_path / "ledger.xlsx"
    write_inventory(SMALL_INVENTORY, path)
    book = load_workbook(path)
    edit(book)
    book.save(path)
    return path


def _set(book, sheet, row, key, value):
    """Write `value` in the column of `key` (row 3 is the first data row)."""
    ws = book[sheet]
    column = [c.value for c in ws[1]].index(key) + 1
    ws.cell(row=row, column=column).value = value


def _wheres(path):
    with pytest.raises(InputError) as caught:
        load_inventory(path)
    return [issue.where for issue in caught.value.issues]


# --- 1. `planner template` never overwrites a ledger by accident ------------------------------------

def test_template_refuses_an_existing_file(tmp_path):
    """`planner template FILE` on an existing file exits 3, names the file and leaves its bytes alone."""
    path = tmp_path / "ledger.xlsx"
    write_inventory(SMALL_INVENTORY, path)
    before = path.read_bytes()
    out, err = io.StringIO(), io.StringIO()
    assert main(["template", str(path)], out=out, err=err) == ExitCode.BAD_INPUT == 3
    assert err.getvalue() == (f"1 problem in the input:\n  {path} file: already exists and would be overwritten — fix: "
                              "choose another file name, or add --force to overwrite it\n")
    assert out.getvalue() == ""
    assert path.read_bytes() == before


def test_template_force_overwrites_an_existing_file(tmp_path):
    """With --force the existing file is replaced by the empty template."""
    path, fresh = tmp_path / "ledger.xlsx", tmp_path / "fresh.xlsx"
    write_inventory(SMALL_INVENTORY, path)
    assert main(["template", str(fresh)], out=io.StringIO()) == 0
    assert main(["template", str(path), "--force"], out=io.StringIO(), err=io.StringIO()) == 0
    assert path.read_bytes() == fresh.read_bytes()


def test_template_into_a_folder_is_refused(tmp_path):
    """A folder given as the template's file is an input error that names a file to write instead."""
    err = io.StringIO()
    assert main(["template", str(tmp_path), "--force"], out=io.StringIO(), err=err) == 3
    assert err.getvalue() == (f"1 problem in the input:\n  {tmp_path} file: is a folder — fix: give the name of the "
                              f"workbook to write, e.g. {tmp_path / 'ledger.xlsx'}\n")


def test_template_into_a_missing_folder_is_refused(tmp_path):
    """A template in a folder that does not exist is an input error naming the folder."""
    err = io.StringIO()
    assert main(["template", str(tmp_path / "nowhere" / "ledger.xlsx")], out=io.StringIO(), err=err) == 3
    assert err.getvalue() == (f"1 problem in the input:\n  {tmp_path / 'nowhere' / 'ledger.xlsx'} file: cannot be "
                              f"written: the folder {tmp_path / 'nowhere'} does not exist — fix: create the folder "
                              "first, or choose another path\n")


# --- 2. merged cells and columns without a key ------------------------------------------------------

def test_workbook_merged_header_cells_are_named(tmp_path):
    """Header cells merged across two columns are one issue naming the sheet and the range, nothing else."""
    path = _ledger(tmp_path, lambda book: book["systems"].merge_cells("A1:B1"))
    assert problems(load_inventory, path) == [
        "header cells A1:B1: are merged, so column B has no key of its own — fix: unmerge the header cells: "
        "every column needs its own key in row 1"]
    assert _wheres(path) == [f"{path}[systems]:1"]


def test_workbook_merged_data_cells_are_named(tmp_path):
    """A department cell merged over two rows (the second row would lose its department) is named."""
    path = _ledger(tmp_path, lambda book: book["systems"].merge_cells("C3:C4"))
    assert problems(load_inventory, path) == [
        "cells C3:C4: are merged, so only C3 holds the value — fix: unmerge them and write the value into every cell"]
    assert _wheres(path) == [f"{path}[systems]:3"]


def test_workbook_column_without_key_is_named(tmp_path):
    """Values under an empty header cell are not dropped without a word: the column and the missing key are named."""
    path = _ledger(tmp_path, lambda book: _set(book, "networks", 1, "sites", None))
    assert problems(load_inventory, path) == [
        "column G: has values but no key in row 1 — fix: write its key in row 1 (keys not in the header yet: sites), "
        "or delete the column"]
    assert _wheres(path) == [f"{path}[networks]:3"]


# --- 3. a title row above the header ----------------------------------------------------------------

def test_workbook_title_row_above_header_is_one_issue(tmp_path):
    """A (merged) title in row 1 above the header gives one issue for the sheet and no follow-on errors."""
    def add_title(book):
        ws = book["systems"]
        ws.insert_rows(1)
        ws["A1"] = "云溪县政务信息系统台账"
        ws.merge_cells("A1:F1")

    path = _ledger(tmp_path, add_title)
    assert problems(load_inventory, path) == [
        "sheet 'systems': row 1 holds a title ('云溪县政务信息系统台账') above the header in row 2 — fix: delete row 1 "
        "so that the keys (id, name, …) are in row 1"]
    assert _wheres(path) == [f"{path}[systems]:1"]


def test_workbook_title_row_on_the_region_sheet_is_the_only_issue(tmp_path):
    """A title above the region's header does not also say that the region row is missing."""
    def add_title(book):
        book["region"].insert_rows(1)
        book["region"]["A1"] = "云溪县"

    path = _ledger(tmp_path, add_title)
    assert problems(load_inventory, path) == [
        "sheet 'region': row 1 holds a title ('云溪县') above the header in row 2 — fix: delete row 1 so that the keys "
        "(id, name, …) are in row 1"]


def test_workbook_title_and_empty_row_above_header_name_both_rows(tmp_path):
    """A title and an empty row above the header: delete rows 1 to 2."""
    def add_title(book):
        book["departments"].insert_rows(1, amount=2)
        book["departments"]["A1"] = "部门清单"

    path = _ledger(tmp_path, add_title)
    assert problems(load_inventory, path) == [
        "sheet 'departments': row 1 holds a title ('部门清单') above the header in row 3 — fix: delete rows 1 to 2 "
        "so that the keys (id, name, …) are in row 1"]


# --- 4. every problem of the workbook in one run --------------------------------------------------

def test_workbook_unknown_owner_and_inventory_problems_are_reported_together(tmp_path):
    """A dependency row naming an unknown system and a system's unknown department come in one InputError."""
    def edit(book):
        book["dependencies"].append(["ghost", "fgw-price", "loose", None])
        _set(book, "systems", 5, "department", "nowhere")

    path = _ledger(tmp_path, edit)
    assert problems(load_inventory, path) == [
        "dependencies row.system: names 'ghost', which is not an id on sheet systems — fix: use an id from sheet systems",
        "systems[2] ny-edu.department: unknown department 'nowhere' — fix: use an id listed under departments "
        "(fgw, ny-jyj)"]
    assert _wheres(path) == [f"{path}[dependencies]:4", f"{path}[systems]:5"]


# --- 5. full-width separators, dates and numbers as people type them -------------------------------

def test_workbook_list_cells_accept_full_width_separators(tmp_path):
    """`；` and `，` separate list items like `;` and `,` (sections, shares, cidrs, public_cidrs, ports)."""
    def edit(book):
        _set(book, "departments", 3, "sections", "投资科；价格科")
        _set(book, "systems", 3, "shares", "投资项目基本信息，项目审批结果")
        _set(book, "networks", 3, "cidrs", "10.12.0.0/16；10.13.0.0/16")
        _set(book, "exits", 3, "public_cidrs", "202.110.1.0/29，202.110.2.0/29")
        _set(book, "assets", 3, "ports", "80，443；８０８０")

    inventory = load_inventory(_ledger(tmp_path, edit))
    assert inventory.departments[0].sections == ["投资科", "价格科"]
    assert inventory.systems[0].shares == ["投资项目基本信息", "项目审批结果"]
    assert inventory.networks[0].cidrs == ["10.12.0.0/16", "10.13.0.0/16"]
    assert inventory.exits[0].public_cidrs == ["202.110.1.0/29", "202.110.2.0/29"]
    assert inventory.assets[0].ports == [80, 443, 8080]


def test_workbook_dates_typed_as_text_are_read(tmp_path):
    """Dates written 2027/3/1, 2027.3.1, 2027年3月1日 or with full-width digits are that date."""
    def edit(book):
        _set(book, "systems", 3, "approved.by", "市发改委")
        _set(book, "systems", 3, "approved.date", "2027/3/1")
        _set(book, "systems", 3, "last_change", "2027.3.1")
        _set(book, "systems", 4, "last_change", "2027年3月1日")
        _set(book, "systems", 5, "last_change", "２０２７－０３－０１")

    inventory = load_inventory(_ledger(tmp_path, edit))
    assert inventory.systems[0].approved.date == dt.date(2027, 3, 1)
    assert [s.last_change for s in inventory.systems] == [dt.date(2027, 3, 1)] * 3


@pytest.mark.parametrize(("cell", "message"), [
    ("3/1/2027", "'3/1/2027' is ambiguous: month first it is 2027-03-01, day first 2027-01-03 — fix: write the date "
                 "year first as YYYY-MM-DD, e.g. 2027-03-01"),
    ("2027/2/30", "'2027/2/30' is not a real date (day is out of range for month) — fix: write an existing date as "
                  "YYYY-MM-DD"),
    ("2027年3月", "'2027年3月' has no day — fix: write the full date as YYYY-MM-DD, e.g. 2027-03-01"),
    ("27.3.1", "'27.3.1' has no four-digit year — fix: write the date with the full year as YYYY-MM-DD, e.g. 2027-03-01"),
    (46447, "46447 is a number, not a date (Excel shows it as 2027-03-01 when the cell is formatted as a date) — fix: "
            "format the cell as a date, or write the date as text, YYYY-MM-DD, e.g. 2027-03-01"),
])
def test_workbook_unclear_date_names_the_fix(tmp_path, cell, message):
    """An ambiguous, impossible or partial date, or a bare number, is one issue with the fix (not also the model's)."""
    path = _ledger(tmp_path, lambda book: _set(book, "systems", 4, "last_change", cell))
    assert problems(load_inventory, path) == [f"systems[1] fgw-price.last_change: {message}"]
    assert _wheres(path) == [f"{path}[systems]:4"]


def test_workbook_numbers_with_separators_or_full_width_digits_are_read(tmp_path):
    """'1,200,000' is one number (funding.build_cny is not a list), and so are '１５００００' and '1，200'."""
    def edit(book):
        _set(book, "systems", 3, "funding.build_cny", "1,200,000")
        _set(book, "systems", 3, "funding.yearly_om_cny", "１５００００")
        _set(book, "systems", 3, "monthly_users", "1，200")
        _set(book, "exits", 3, "bandwidth_mbps", "１００.５")

    inventory = load_inventory(_ledger(tmp_path, edit))
    assert inventory.systems[0].funding.build_cny == 1_200_000
    assert inventory.systems[0].funding.yearly_om_cny == 150_000
    assert inventory.systems[0].monthly_users == 1200
    assert inventory.exits[0].bandwidth_mbps == 100.5


def test_workbook_misplaced_thousands_separator_names_the_fix(tmp_path):
    """'1,20,000' is not read as any number: one issue with the fix, with the other problems of the inventory."""
    def edit(book):
        _set(book, "systems", 3, "funding.build_cny", "1,20,000")
        _set(book, "systems", 5, "network", "net-nowhere")

    path = _ledger(tmp_path, edit)
    assert problems(load_inventory, path) == [
        "systems[0] fgw-invest.funding.build_cny: '1,20,000' is not a number: ',' is read as a thousands separator "
        "only between groups of three digits (1,200,000) — fix: write the digits only, with '.' for decimals, "
        "e.g. 1200000",
        "systems[2] ny-edu.network: unknown network 'net-nowhere' — fix: use an id listed under networks (net-fgw) "
        "or extranet-public | extranet-admin | intranet | internet"]


# --- 6. version 2: owners and contacts of departments, systems replaced with a shared service ------

def _with_owners(data):
    """The small inventory with the version-2 keys of the ledger filled (a copy)."""
    import copy

    data = copy.deepcopy(data)
    data["departments"][0].update(owner={"name": "王某", "title": "副主任"},
                                  contact={"phone": "0538-0000000", "email": "it@fgw.example"})
    data["departments"][1].update(owner={"name": "李某"}, contact={"phone": "13800000000"})
    data["systems"][2]["replace_with"] = "gov-mail"
    return data


def test_template_has_the_version_2_columns_with_their_hints(tmp_path):
    """departments: owner.name, owner.title, contact.phone, contact.email; systems: replace_with; each with its hint."""
    out = tmp_path / "ledger.xlsx"
    assert main(["template", str(out)], out=io.StringIO()) == 0
    book = load_workbook(out)

    def hints(sheet):
        ws = book[sheet]
        return {key.value: hint.value for key, hint in zip(ws[1], ws[2], strict=True)}

    departments = hints("departments")
    assert [departments[k].split()[0] for k in ("owner.name", "owner.title", "contact.phone", "contact.email")] == [
        "责任人", "职务", "电话", "邮箱"]
    assert hints("systems")["replace_with"].startswith("由共享服务替代")


def test_workbook_round_trip_with_owners_and_replacements_equals_yaml(tmp_path):
    """A ledger with owners, contacts and replace_with filled loads into the same inventory as the YAML."""
    data = _with_owners(SMALL_INVENTORY)
    from_yaml = load_inventory(write_yaml(tmp_path / "inv.yaml", data))
    write_inventory(data, tmp_path / "inv.xlsx")
    from_book = load_inventory(tmp_path / "inv.xlsx")
    assert from_book == from_yaml
    fgw, ny = from_book.departments
    assert (fgw.owner.name, fgw.owner.title, fgw.contact.phone, fgw.contact.email) == (
        "王某", "副主任", "0538-0000000", "it@fgw.example")
    assert (ny.owner.name, ny.owner.title, ny.contact.phone, ny.contact.email) == ("李某", "", "13800000000", "")
    assert [s.replace_with for s in from_book.systems] == [None, None, "gov-mail"]


def test_old_workbook_without_the_version_2_columns_still_loads(tmp_path):
    """A ledger made from the version-1 template (no owner, contact or replace_with columns) loads as before."""
    new = {"departments": ["owner.name", "owner.title", "contact.phone", "contact.email"], "systems": ["replace_with"]}

    def drop_columns(book):
        for sheet, keys in new.items():
            ws = book[sheet]
            for key in keys:
                ws.delete_cols([c.value for c in ws[1]].index(key) + 1)

    path = _ledger(tmp_path, drop_columns)
    assert not {"owner.name", "replace_with"} & {c.value for s in ("departments", "systems") for c in load_workbook(path)[s][1]}
    assert load_inventory(path) == load_inventory(write_yaml(tmp_path / "inv.yaml", SMALL_INVENTORY))
    assert all(d.owner is None and d.contact is None for d in load_inventory(path).departments)


def test_workbook_phone_typed_as_a_number_is_read_as_text(tmp_path):
    """Excel stores 13800000000 typed in a cell as a number; the phone column reads it as its digits."""
    def edit(book):
        _set(book, "departments", 3, "owner.name", "王某")
        _set(book, "departments", 3, "contact.phone", 13800000000)
        _set(book, "departments", 4, "contact.phone", 13900000000.0)

    inventory = load_inventory(_ledger(tmp_path, edit))
    assert [d.contact.phone for d in inventory.departments] == ["13800000000", "13900000000"]


def test_workbook_owner_title_without_a_name_is_named(tmp_path):
    """An owner's title with no name is one problem, at the row, as in YAML."""
    path = _ledger(tmp_path, lambda book: _set(book, "departments", 4, "owner.title", "局长"))
    assert problems(load_inventory, path) == ["departments[1] ny-jyj.owner.name: is missing — fix: add the key `name`"]
    assert _wheres(path) == [f"{path}[departments]:4"]


def test_workbook_replace_with_unknown_service_names_the_sheet_and_row(tmp_path):
    """Checked against the topology (planner plan loads both), a ledger's replace_with is named at its row."""
    import copy

    from conftest import SMALL_TOPOLOGY

    from planner.load import load_all

    write_inventory(_with_owners(SMALL_INVENTORY), tmp_path / "inv.xlsx")
    topology = copy.deepcopy(SMALL_TOPOLOGY)
    topology["topology"]["shared_services"] = [{"id": "gov-oa", "name": "全市协同办公平台"}]
    with pytest.raises(InputError) as caught:
        load_all(tmp_path / "inv.xlsx", write_yaml(tmp_path / "topology.yaml", topology))
    assert [str(i).split(" ", 1)[1] for i in caught.value.issues] == [
        "systems[2] ny-edu.replace_with: unknown shared service 'gov-mail' — fix: use an id listed under "
        "topology.shared_services (gov-oa) or leave it empty"]
    assert caught.value.issues[0].where == f"{tmp_path / 'inv.xlsx'}[systems]:5"
