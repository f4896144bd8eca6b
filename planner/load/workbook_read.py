"""Reading an inventory workbook (台账), and the mistakes people make in Excel.

The layout of every sheet is checked: a title (or empty) row above the header, merged cells,
columns without a key or with an unknown one. Every cell is read leniently where the meaning is
clear (full-width `；` `，` between list items, `2027/3/1` or `2027年3月1日` for a date,
`1,200,000` or full-width digits for a number) and named with its fix where it is not. When the
layout is right, the problems of rows and cells are handed on to `load_inventory`, which reports
them with the models' and the cross-references' problems, so one run says every problem; while the
layout is wrong nothing else is checked (every row would give follow-on errors).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from ..errors import InputError, Issue
from .sources import Located
from .workbook import (
    CHILD_SHEETS,
    COLUMNS,
    DATE_COLUMNS,
    INT_LIST_COLUMNS,
    LIST_COLUMNS,
    NUMBER_COLUMNS,
    TEXT_COLUMNS,
)

Rows = list[tuple[int, dict[str, Any]]]
TITLE_LOOKAHEAD = 6  # a header below a title row is looked for in rows 2..6


class CellError(ValueError):
    """A cell whose value cannot be read as its column's type, with the fix."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem, self.fix = problem, fix


class Report:
    """The problems of one workbook, in the order found.

    `layout` problems (sheets, header, merged cells) stop the checking of the inventory and of the
    child rows' owners (a sheet read wrongly would make every reference to it look unknown); the
    cells named in `cells` are not reported a second time by the models.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[Issue] = []
        self.layout_broken = False
        self.unread: set[str] = set()  # sheets not read at all (a title above the header)
        self.cells: dict[str, set[str]] = {}  # where -> columns already reported there

    def layout(self, where: str, obj: str, problem: str, fix: str) -> None:
        self.issues.append(Issue(where, obj, "", problem, fix))
        self.layout_broken = True

    def note(self, where: str, obj: str, problem: str, fix: str) -> None:
        self.issues.append(Issue(where, obj, "", problem, fix))

    def row(self, where: str, obj: str, field: str, problem: str, fix: str) -> None:
        self.issues.append(Issue(where, obj, field, problem, fix))
        self.cells.setdefault(where, set()).add(field)

    def said(self, issue: Issue) -> bool:
        """Whether `issue` (from the models) is about a cell already reported in the workbook's words."""
        columns = self.cells.get(issue.where)
        field = re.sub(r"\[\d+\]", "", issue.field)
        return bool(columns) and any(field == c or field.endswith(f".{c}") for c in columns)


def read_workbook(path: Path) -> Located:
    """Read an inventory workbook into the same plain data as a YAML inventory.

    Raises InputError when the layout is wrong (every row would give follow-on errors). Otherwise the
    problems of single rows and cells ride on the result (``pending``, and ``covers`` for the cells
    they name) and ``load_inventory`` reports them with the rest of the inventory's problems, at once.
    """
    from openpyxl import load_workbook  # imported here: YAML users never pay for it

    name = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError([Issue(name, "workbook", "", f"cannot be opened as .xlsx ({exc})",
                                "save it from Excel as .xlsx, or start from `planner template`")]) from None
    report = Report(name)
    sheets: dict[str, Rows] = {}
    try:
        merged = merged_ranges(path, book)
        for ws in book.worksheets:
            if ws.title not in COLUMNS:
                report.layout(name, f"sheet '{ws.title}'", "is not a sheet of the inventory",
                              f"rename it to one of {', '.join(COLUMNS)} or delete it")
                continue
            sheets[ws.title] = read_sheet(ws.title, ws.iter_rows(values_only=True), merged.get(ws.title, []), report)
    finally:
        book.close()
    located = Located(name, None)
    data = assemble(sheets, located, report)
    if report.issues and (report.layout_broken or "region" not in data):
        raise InputError(report.issues)
    located.data = data
    located.pending, located.covers = report.issues, report.said  # load_inventory reports them with the rest
    return located


# --- layout: title row, header, merged cells ---------------------------------------------------

_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def merged_ranges(path: Path, book: Any) -> dict[str, list[tuple[str, int, int, int, int]]]:
    """sheet -> its merged ranges (ref, min_col, min_row, max_col, max_row).

    A read-only workbook does not expose them and a full load takes twice as long (10,000
    systems: 6.5 s against 3.2 s), so they are read from the end of each sheet's XML (~50 ms).
    """
    from openpyxl.utils.cell import range_boundaries

    out: dict[str, list[tuple[str, int, int, int, int]]] = {}
    with zipfile.ZipFile(path) as archive:
        for ws in book.worksheets:
            part = getattr(ws, "_worksheet_path", None)
            if ws.title not in COLUMNS or part is None:
                continue
            try:
                xml = archive.read(part.lstrip("/"))
            except KeyError:
                continue
            tail = xml[max(xml.rfind(b"sheetData"), 0):]  # <mergeCells> follows <sheetData>
            ranges = [(ref.decode(), *range_boundaries(ref.decode())) for ref in _MERGE_REF.findall(tail)]
            out[ws.title] = [r for r in ranges if (r[1], r[2]) != (r[3], r[4])]  # a one-cell "merge" hides nothing
    return out


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _column_letter(index: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(index)


def header_below(head: list[tuple[Any, ...]], known: set[str]) -> tuple[str | None, int] | None:
    """(title or None, header row) when row 1 holds one text that is not a key (a title) or nothing, and a
    row below it holds the keys."""
    first = [str(v).strip() for v in head[0] if _filled(v)]
    if len(first) > 1 or (first and first[0] in known):
        return None
    for number, values in enumerate(head[1:], start=2):
        filled = [str(v).strip() for v in values if _filled(v)]
        keys = [v for v in filled if v in known]
        if len(keys) >= 2 and 2 * len(keys) >= len(filled):
            return (first[0] if first else None), number
    return None


def read_sheet(sheet: str, rows: Iterator[tuple[Any, ...]], merged: list[tuple[str, int, int, int, int]],
               report: Report) -> Rows:
    """The data rows of one sheet as (row number, record); the sheet's layout problems go to `report`."""
    known = [c for c, _ in COLUMNS[sheet]]
    head = list(islice(rows, TITLE_LOOKAHEAD))
    if not head:
        return []
    where = f"{report.file}[{sheet}]"
    below = header_below(head, set(known))
    if below is not None:
        title, header = below
        above = "row 1" if header == 2 else f"rows 1 to {header - 1}"
        problem = (f"row 1 holds a title ({title!r}) above the header in row {header}" if title is not None
                   else f"row 1 is empty above the header in row {header}")
        report.layout(f"{where}:1", f"sheet '{sheet}'", problem,
                      f"delete {above} so that the keys ({known[0]}, {known[1]}, …) are in row 1")
        report.unread.add(sheet)
        return []
    columns = [str(h).strip() if h is not None else "" for h in head[0]]
    for col in columns:
        if col and col not in known:
            report.layout(f"{where}:1", f"column '{col}'", "is not a key of this sheet",
                          f"use one of {', '.join(sorted(known))}")
    covered = _check_header_merges(where, merged, report)
    out, stray = _records(sheet, columns, set(known), chain(head[1:], rows), report)
    _check_keyless_columns(where, columns, covered, stray, known, report)
    if merged:
        _check_data_merges(where, merged, {number for number, _ in out}, report)
    return out


def _check_header_merges(where: str, merged: list[tuple[str, int, int, int, int]], report: Report) -> set[int]:
    """Report the merged ranges of the header row; returns the columns (1-based) they hide."""
    hidden: set[int] = set()
    for ref, min_col, min_row, max_col, _ in merged:
        if min_row != 1:
            continue
        lost = list(range(min_col + 1, max_col + 1))
        hidden.update(lost)
        letters = ", ".join(_column_letter(c) for c in lost)
        problem = "are merged"
        if lost:
            problem += (f", so column {letters} has no key of its own" if len(lost) == 1
                        else f", so columns {letters} have no key of their own")
        report.layout(f"{where}:1", f"header cells {ref}", problem,
                      "unmerge the header cells: every column needs its own key in row 1")
    return hidden


def _check_keyless_columns(where: str, columns: list[str], covered: set[int], first_row: dict[int, int],
                           known: list[str], report: Report) -> None:
    """A column with values but no key in row 1 would be dropped without a word."""
    missing = [c for c in known if c not in columns]
    for index in sorted(first_row):
        if index in covered:
            continue  # said with the merged header cells
        fix = (f"write its key in row 1 (keys not in the header yet: {', '.join(missing)}), or delete the column"
               if missing else "delete the column, or move its values under their key")
        report.layout(f"{where}:{first_row[index]}", f"column {_column_letter(index)}", "has values but no key in row 1", fix)


def _check_data_merges(where: str, merged: list[tuple[str, int, int, int, int]], data_rows: set[int],
                       report: Report) -> None:
    """Merged cells below the header keep their value in the first cell only: the other rows lose it."""
    for ref, min_col, min_row, _, max_row in merged:
        if min_row == 1 or not data_rows.intersection(range(min_row, max_row + 1)):
            continue
        report.layout(f"{where}:{min_row}", f"cells {ref}",
                      f"are merged, so only {_column_letter(min_col)}{min_row} holds the value",
                      "unmerge them and write the value into every cell")


# --- rows and cells ----------------------------------------------------------------------------

def _records(sheet: str, columns: list[str], known: set[str], rows: Iterator[tuple[Any, ...]],
             report: Report) -> tuple[Rows, dict[int, int]]:
    """(row number, record) of every data row, and {column (1-based): first row} of the values under no key."""
    out: Rows = []
    stray: dict[int, int] = {}
    for number, values in enumerate(rows, start=2):
        if not values or not any(_filled(v) for v in values):
            continue
        if isinstance(values[0], str) and values[0].startswith("#"):
            continue  # the help row
        record: dict[str, Any] = {}
        errors = None
        for index, value in enumerate(values):
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            col = columns[index] if index < len(columns) else ""
            if col in known:
                try:
                    value = cell_value(col, value)
                except CellError as exc:  # the raw value stays for the models, which are not heard on it again
                    errors = [*(errors or []), (col, exc)]
                    value = value.strip() if isinstance(value, str) else value
                _put(record, col, value)
            elif not col:
                stray.setdefault(index + 1, number)
        for col, exc in errors or ():
            report.row(f"{report.file}[{sheet}]:{number}", _row_label(sheet, len(out), record), col, exc.problem, exc.fix)
        out.append((number, record))
    return out, stray


def _row_label(sheet: str, index: int, record: dict[str, Any]) -> str:
    """The object's name as the models' errors give it: 'systems[0] fgw-invest', 'region', 'dependencies row'."""
    if sheet in CHILD_SHEETS:
        return f"{sheet} row"
    if sheet == "region":
        return "region"
    ident = record.get("id")
    return f"{sheet}[{index}] {ident}" if ident is not None else f"{sheet}[{index}]"


def cell_value(column: str, value: Any) -> Any:
    """The value of one non-empty cell as the inventory's plain data; CellError when it cannot be read."""
    leaf = column.rsplit(".", 1)[-1]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer() and not leaf.endswith(("_tb", "_gb")):
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
    elif leaf in TEXT_COLUMNS and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if leaf in DATE_COLUMNS:
        return date_value(value)
    if isinstance(value, str):
        if value in ("是", "否"):
            return value == "是"
        if leaf in LIST_COLUMNS:
            return list_value(leaf, value)
        if leaf in NUMBER_COLUMNS:
            number = number_value(value)
            if isinstance(number, float) and number.is_integer() and not leaf.endswith(("_tb", "_gb")):
                return int(number)
            return number
    elif leaf in LIST_COLUMNS:
        return [value]
    return value


_LIST_SEPARATORS = re.compile(r"[;,、；，\n]")
_TECHNICAL_LISTS = {"cidrs", "public_cidrs", "ports"}  # ASCII values: full-width digits and dots are read as such


def list_value(leaf: str, text: str) -> list[Any]:
    """'a; b' (also `,` `、` `；` `，` or one item per line) -> ['a', 'b']."""
    items = [p.strip() for p in _LIST_SEPARATORS.split(text)]
    items = [p for p in items if p]
    if leaf in _TECHNICAL_LISTS:
        items = [unicodedata.normalize("NFKC", p).strip() for p in items]
    if leaf in INT_LIST_COLUMNS:
        return [int(p) if p.isascii() and p.isdigit() else p for p in items]
    return items


_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_NUMBER_LIKE = re.compile(r"[+-]?[0-9.,\s]*[0-9][0-9.,\s]*")


def number_value(text: str) -> Any:
    """'1200', '1,200,000', '１２００' -> a number; misplaced separators are a CellError; other text is left
    to the models ("input should be a valid number")."""
    plain = unicodedata.normalize("NFKC", text).strip()
    if _GROUPED.fullmatch(plain):
        plain = plain.replace(",", "")
    if _NUMBER.fullmatch(plain):
        return float(plain) if "." in plain else int(plain)
    if _NUMBER_LIKE.fullmatch(plain):
        raise CellError(f"{text!r} is not a number: ',' is read as a thousands separator only between groups of "
                        "three digits (1,200,000)", "write the digits only, with '.' for decimals, e.g. 1200000")
    return text


_YMD = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})|([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})[日号]?"
                  r"|([0-9]{4})([0-9]{2})([0-9]{2})")
_YEAR_LAST = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
_SHORT_YEAR = re.compile(r"[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{1,2}")
_NO_DAY = re.compile(r"([0-9]{4})(?:[-/.]|年)([0-9]{1,2})月?")


def date_value(value: Any) -> Any:
    """A date cell: a date, or text written year first ('2027/3/1', '2027.3.1', '2027年3月1日', '20270301')
    or unambiguously year last ('13/3/2027'); CellError for the ambiguous and the impossible."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return value
    if not isinstance(value, str):
        return _date_number(value)
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    if match := _YMD.fullmatch(text):
        year, month, day = (int(g) for g in match.groups() if g is not None)
        return _real_date(value, year, month, day)
    if match := _YEAR_LAST.fullmatch(text):
        first, second, year = (int(g) for g in match.groups())
        if first <= 12 and second <= 12 and first != second:
            raise CellError(f"{value!r} is ambiguous: month first it is {dt.date(year, first, second)}, "
                            f"day first {dt.date(year, second, first)}",
                            f"write the date year first as YYYY-MM-DD, e.g. {dt.date(year, first, second)}")
        day, month = (first, second) if first > 12 else (second, first)
        return _real_date(value, year, month, day)
    if _SHORT_YEAR.fullmatch(text):
        raise CellError(f"{value!r} has no four-digit year", "write the date with the full year as YYYY-MM-DD, e.g. 2027-03-01")
    if match := _NO_DAY.fullmatch(text):
        year, month = int(match[1]), int(match[2])
        example = f"{year}-{month:02}-01" if 1 <= month <= 12 else "2027-03-01"
        raise CellError(f"{value!r} has no day", f"write the full date as YYYY-MM-DD, e.g. {example}")
    return value  # not a date at all: the models say "is not a date"


def _date_number(value: float) -> dt.date:
    """A number in a date column: 20270301 is read as that date; anything else (e.g. 46447, the date of a
    cell formatted as a number in Excel) is a CellError."""
    if isinstance(value, int) and 19000101 <= value <= 29991231:
        return _real_date(value, value // 10000, value // 100 % 100, value % 100)
    from openpyxl.utils.datetime import from_excel

    shown = ""
    if 1 <= value < 2958466:
        shown = f"{from_excel(value).date()}"
        problem = f"{value!r} is a number, not a date (Excel shows it as {shown} when the cell is formatted as a date)"
    else:
        problem = f"{value!r} is a number, not a date"
    raise CellError(problem, f"format the cell as a date, or write the date as text, YYYY-MM-DD{f', e.g. {shown}' if shown else ''}")


def _real_date(given: Any, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(f"{given!r} is not a real date ({exc})", "write an existing date as YYYY-MM-DD") from None


def _put(record: dict[str, Any], column: str, value: Any) -> None:
    *parents, leaf = column.split(".")
    for key in parents:
        record = record.setdefault(key, {})
    record[leaf] = value


# --- the inventory -----------------------------------------------------------------------------

def assemble(sheets: dict[str, Rows], located: Located, report: Report) -> dict[str, Any]:
    """The sheets as one inventory: region with counties, the lists, the child rows under their owners.

    A child row naming an unknown owner is left out, and reported unless the layout is wrong.
    """
    file = report.file
    data: dict[str, Any] = {}
    region_rows = sheets.get("region", [])
    if len(region_rows) != 1 and "region" not in report.unread:
        report.note(f"{file}[region]", "region", f"has {len(region_rows)} rows, needs exactly 1",
                    "fill one row with id, name and level")
    elif region_rows:
        number, region = region_rows[0]
        located.lines[("region",)] = f"[region]:{number}"
        region["counties"] = []
        for i, (row, county) in enumerate(sheets.get("counties", [])):
            region["counties"].append(county)
            located.lines[("region", "counties", i)] = f"[counties]:{row}"
        data["region"] = region
    for sheet in ("departments", "systems", "networks", "exits", "assets"):
        data[sheet] = []
        for i, (row, record) in enumerate(sheets.get(sheet, [])):
            data[sheet].append(record)
            located.lines[(sheet, i)] = f"[{sheet}]:{row}"
    for child, (parent, owner_col, key) in CHILD_SHEETS.items():
        index = {rec.get("id"): i for i, rec in enumerate(data[parent])}
        for row, record in sheets.get(child, []):
            owner = record.pop(owner_col, None)
            if owner not in index:
                if report.layout_broken:
                    continue
                report.row(f"{file}[{child}]:{row}", f"{child} row", owner_col,
                           f"names {owner!r}, which is not an id on sheet {parent}", f"use an id from sheet {parent}")
                continue
            if child == "dependencies":
                record["system"] = record.pop("depends_on", None)
            owner_items = data[parent][index[owner]].setdefault(key, [])
            located.lines[(parent, index[owner], key, len(owner_items))] = f"[{child}]:{row}"
            owner_items.append(record)
    return data
