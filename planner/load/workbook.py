"""The inventory as an Excel workbook (台账): one sheet per list, one column per key.

Nested keys are dotted columns (`funding.source`); lists of plain values are written in one cell,
separated by `;` (`,` `、` and the full-width `；` `，` are accepted too); the lists of mappings inside
an object have a sheet of their own whose first column names the owner (`dependencies`: system →
depends_on, `published`: exit → system, port). The second row of every sheet is a help row starting
with `#`. Reading, with the checks of the mistakes people make in Excel, is in `workbook_read`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import InputError, Issue
from .sources import Located

# sheet -> (column, help) in the order written by `planner template`
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "region": [("id", "地区id region id, e.g. taian"), ("name", "名称 name, e.g. 泰安市"),
               ("level", "province | city")],
    "counties": [("id", "区县id county id"), ("name", "名称 name"), ("townships", "乡镇数 townships")],
    "departments": [("id", "部门id department id"), ("name", "部门名称 name"),
                    ("county", "所属区县id, empty = region level"), ("sections", "科室, separated by ;"),
                    ("owner.name", "责任人 owner"), ("owner.title", "职务 title"), ("contact.phone", "电话 phone"),
                    ("contact.email", "邮箱 email")],
    "systems": [
        ("id", "系统id"), ("name", "系统名称"), ("department", "部门id"), ("section", "科室 (section-level systems)"),
        ("function", "功能"), ("scope", "section | department | cross-department | region | public"),
        ("monthly_users", "月活跃用户数"), ("approved.by", "审批单位"), ("approved.date", "审批日期 YYYY-MM-DD"),
        ("funding.source", "fiscal | joint | purchased-service | self"), ("funding.build_cny", "建设投资 CNY"),
        ("funding.yearly_om_cny", "年运维费用 CNY"), ("classified", "涉密 true/false"),
        ("protection_level", "等保级别 1..5"), ("public_facing", "面向公众 true/false"),
        ("hosting", "self-room | dept-cloud | industry-cloud | gov-cloud | vertical"),
        ("resources.vcpu", "vCPU"), ("resources.memory_gb", "内存 GB"), ("resources.storage_tb", "存储 TB"),
        ("data_tb", "迁移数据量 TB"), ("network", "专网id or extranet-public | extranet-admin | intranet | internet"),
        ("in_ledger", "在台账 true/false"), ("om_active", "运维中 true/false"), ("idle", "资源闲置 true/false"),
        ("last_change", "最近更新 YYYY-MM-DD"), ("replaceable_by", "可替代系统id"),
        ("replace_with", "由共享服务替代: 共享服务id (topology shared_services)"),
        ("migration.eligible", "可迁移 auto | true | false"), ("migration.blocker", "不能上云原因 (when false)"),
        ("migration.effort_days", "迁移工作量 days (5)"), ("migration.cutover_hours", "割接停机 hours (8)"),
        ("shares", "共享数据资源, separated by ;"), ("connected_to_sharing", "已接入共享平台 true/false"),
    ],
    "dependencies": [("system", "系统id (the dependent system)"), ("depends_on", "所依赖的系统id"),
                     ("coupling", "tight (same cutover) | loose"), ("ports", "TCP ports, separated by ; (443)")],
    "networks": [
        ("id", "专网id"), ("name", "专网名称"), ("department", "部门id"), ("vertical", "垂直专网 true/false"),
        ("classified", "涉密 true/false"), ("cidrs", "地址段, separated by ;"), ("sites", "接入点数"),
        ("carrier", "telecom | unicom | mobile | other"), ("yearly_cost_cny", "年费用 CNY"),
        ("retain.approved_by", "保留批准单位 (only if retained)"), ("retain.reason", "保留原因"),
    ],
    "exits": [
        ("id", "出口id"), ("department", "部门id"), ("network", "专网id, empty = office LAN"),
        ("carrier", "telecom | unicom | mobile | other"), ("bandwidth_mbps", "带宽 Mbps"),
        ("peak_mbps", "峰值 Mbps (95th percentile)"), ("public_cidrs", "公网地址, separated by ;"),
        ("yearly_cost_cny", "年费用 CNY"),
    ],
    "published": [("exit", "出口id"), ("system", "发布的系统id"), ("port", "端口")],
    "assets": [("address", "IP"), ("network", "专网id"), ("ports", "ports, separated by ;"),
               ("system", "对应系统id, empty = unregistered")],
}
LIST_COLUMNS = {"sections", "shares", "cidrs", "public_cidrs", "ports"}
INT_LIST_COLUMNS = {"ports"}
NUMBER_COLUMNS = {"townships", "monthly_users", "build_cny", "yearly_om_cny", "protection_level", "vcpu", "memory_gb",
                  "storage_tb", "data_tb", "effort_days", "cutover_hours", "sites", "yearly_cost_cny", "bandwidth_mbps",
                  "peak_mbps", "port"}  # (the last part of a column's key)
DATE_COLUMNS = {"date", "last_change"}
TEXT_COLUMNS = {"phone"}  # a number typed here (Excel makes 13800000000 one) is read as its digits
CHILD_SHEETS = {"dependencies": ("systems", "system", "depends_on"), "published": ("exits", "exit", "published")}


def read_workbook(path: Path) -> Located:
    """Read an inventory workbook into the same plain data as a YAML inventory (see `workbook_read`)."""
    from .workbook_read import read_workbook as read  # the reading half, with the checks of Excel's mistakes

    return read(path)


def write_template(path: Path, force: bool = False) -> None:
    """An empty inventory workbook: every sheet, its column headers and a help row starting with '#'.

    An existing file is kept (InputError) unless `force`: it may be a filled ledger.
    """
    _check_target(Path(path), force)
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    bold, grey = Font(bold=True), Font(italic=True, color="666666")
    fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet, columns in COLUMNS.items():
        ws = book.create_sheet(sheet)
        ws.append([col for col, _ in columns])
        ws.append([f"# {text}" if i == 0 else text for i, (_, text) in enumerate(columns)])
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
        for cell in ws[2]:
            cell.font = grey
        for i, (col, text) in enumerate(columns):
            ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = max(12, min(40, len(text) + 4, len(col) + 10))
        ws.freeze_panes = "A3"
    Path(path).write_bytes(stable_xlsx_bytes(book))


def _check_target(path: Path, force: bool) -> None:
    """The file a template may be written to: not a folder, in a folder that exists, new unless `force`."""
    if path.is_dir():
        problem, fix = "is a folder", f"give the name of the workbook to write, e.g. {path / 'ledger.xlsx'}"
    elif not path.parent.is_dir():
        problem, fix = f"cannot be written: the folder {path.parent} does not exist", "create the folder first, or choose another path"
    elif path.exists() and not force:
        problem, fix = "already exists and would be overwritten", "choose another file name, or add --force to overwrite it"
    else:
        return
    raise InputError([Issue(str(path), "file", "", problem, fix)])


def write_inventory(data: dict[str, Any], path: Path) -> None:
    """Write an inventory (plain data, as read from YAML) as a workbook that `read_workbook` reads back."""
    write_template(path, force=True)
    from openpyxl import load_workbook

    book = load_workbook(path)
    rows: dict[str, list[dict[str, Any]]] = {sheet: [] for sheet in COLUMNS}
    rows["region"] = [{k: v for k, v in data["region"].items() if k != "counties"}]
    rows["counties"] = list(data["region"].get("counties", []))
    for sheet in ("departments", "systems", "networks", "exits", "assets"):
        rows[sheet] = list(data.get(sheet, []))
    for child, (parent, owner_col, key) in CHILD_SHEETS.items():
        for item in data.get(parent, []):
            for entry in item.get(key, []):
                record = {owner_col: item["id"], **entry}
                if child == "dependencies":
                    record["depends_on"] = record.pop("system")
                    record["system"] = item["id"]
                rows[child].append(record)
    for sheet, records in rows.items():
        ws = book[sheet]
        for record in records:
            ws.append([_to_cell(_get(record, col)) for col, _ in COLUMNS[sheet]])
    Path(path).write_bytes(stable_xlsx_bytes(book))


FIXED_DATE = dt.datetime(2000, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def stable_xlsx_bytes(book: Any) -> bytes:
    """The workbook's bytes, the same for the same content: fixed document dates and zip entry dates.

    openpyxl stamps `modified` with the time of saving, whatever the properties say; it is
    rewritten here, with the zip entries' dates.
    """
    book.properties.created = book.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


def _get(record: dict[str, Any], column: str) -> Any:
    value: Any = record
    for key in column.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _to_cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
