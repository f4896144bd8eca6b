"""Read input files into plain data, remembering where every value came from.

YAML in the block style ledgers use is read by `block_yaml` (~10x faster than libyaml through
PyYAML); anything else by PyYAML's safe loader (libyaml when available), which also words every
syntax error. Each node's line can be found again so that an error can say
"inventory/systems.yaml:42". A workbook is read with openpyxl; every row's
sheet and number is kept ("inventory.xlsx[systems]:7").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Issue
from .block_yaml import NotBlockYaml, block_line_map, parse_block_yaml

try:  # libyaml is ~10x faster on large inventories; the pure-Python loader gives the same result
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[Any, ...]


@dataclass
class Located:
    """Data read from one file, and the line of each path inside it.

    For YAML the line map is computed only when an error has to be located (`where`): the fast
    path parses once and never walks the nodes.
    """

    file: str
    data: Any
    lines: dict[Path_, int | str] | None = field(default_factory=dict)  # a line, or "[sheet]:row" (workbook)
    text: str | None = None  # the YAML source, to compute `lines` lazily
    pending: list[Issue] = field(default_factory=list)  # problems found while reading, reported with the rest
    covers: Any = None  # Issue -> bool: a later issue about a cell `pending` already names (workbook)

    def where(self, path: Path_) -> str:
        """'file:line' of the deepest known prefix of `path`."""
        if self.lines is None:
            self.lines = line_map(self.text or "")
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if isinstance(line, str):
                return f"{self.file}{line}"
            if line is not None:
                return f"{self.file}:{line}"
        return self.file


_STR_TAG = "tag:yaml.org,2002:str"
_NOT_ONLY_STR = frozenset("yYnNtTfFoO~.+-0123456789=<")  # first characters of YAML 1.1 bools, nulls, numbers, dates


class _CheckingLoader(_Loader):
    """The safe loader, recording keys that appear twice in one mapping (YAML would keep the last).

    It also resolves plain scalars that can only be strings without running PyYAML's regular
    expressions (most of a ledger: Chinese names, ids), which saves ~10 % of a large load.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _NOT_ONLY_STR:
            return _STR_TAG
        return super().resolve(kind, value, implicit)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append((key_node.start_mark.line + 1, key_node.value))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path) -> Located:
    """Parse one YAML file safely; duplicate keys and syntax errors become InputErrors."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Issue(name, "file", "", f"is not UTF-8 text ({exc.reason})", "save it as UTF-8")]) from None
    except OSError as exc:
        raise InputError([Issue(name, "file", "", f"cannot be read ({exc.strerror})", "check the path")]) from None
    if text.lstrip().startswith("{"):
        return _read_json(name, text)
    try:
        return Located(name, parse_block_yaml(text), lines=None, text=text)
    except NotBlockYaml:
        pass  # beyond the fast subset, or not valid: libyaml reads it and words any error
    loader = _CheckingLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError([Issue(where, "file", "", f"is not valid YAML: {problem}", "fix the syntax at that line")]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise InputError([Issue(f"{name}:{line}", "document", key, "appears twice in the same mapping", "keep one of the two")
                          for line, key in loader.duplicates])
    return Located(name, data, lines=None, text=text)


def _read_json(name: str, text: str) -> Located:
    """JSON is YAML too, and a ledger exported from a database often is JSON: parse it ~20x faster."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InputError([Issue(f"{name}:{exc.lineno}", "file", "", f"is not valid JSON: {exc.msg}",
                                "fix the syntax at that line")]) from None
    located = Located(name, data, lines=None, text=text)
    if duplicates:
        raise InputError([Issue(located.where(()), "document", key, "appears twice in the same mapping",
                                "keep one of the two") for key in duplicates])
    return located


def line_map(text: str) -> dict[Path_, int | str]:
    """path -> line of every node of a YAML text (for error messages only)."""
    try:
        return dict(block_line_map(text))
    except NotBlockYaml:
        return pyyaml_line_map(text)


def pyyaml_line_map(text: str) -> dict[Path_, int | str]:
    """The same from PyYAML's composer: any YAML, ten times slower; {} if the text is not YAML."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return {}
    finally:
        loader.dispose()
    lines: dict[Path_, int | str] = {}
    stack: list[tuple[Any, Path_]] = [(node, ())] if node is not None else []
    while stack:
        current, path = stack.pop()
        lines[path] = current.start_mark.line + 1
        if isinstance(current, yaml.MappingNode):
            stack.extend((value, (*path, key.value)) for key, value in current.value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, (*path, i)) for i, item in enumerate(current.value))
    return lines
