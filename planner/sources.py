"""Read input files into plain data, remembering where every value came from.

YAML is read with the safe loader (libyaml when available); every node's line is kept so that
an error can say "inventory/systems.yaml:42". A workbook is read with openpyxl; every row's
sheet and number is kept ("inventory.xlsx[systems]:7").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Issue

try:  # libyaml is ~10x faster on large inventories; the pure-Python loader gives the same result
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[Any, ...]


@dataclass
class Located:
    """Data read from one file, and the line of each path inside it."""

    file: str
    data: Any
    lines: dict[Path_, int | str] = field(default_factory=dict)  # a line, or "[sheet]:row" for a workbook

    def where(self, path: Path_) -> str:
        """'file:line' of the deepest known prefix of `path`."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if isinstance(line, str):
                return f"{self.file}{line}"
            if line is not None:
                return f"{self.file}:{line}"
        return self.file


def read_yaml(path: Path) -> Located:
    """Parse one YAML file safely; duplicate keys and syntax errors become InputErrors."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Issue(name, "file", "", f"is not UTF-8 text ({exc.reason})", "save it as UTF-8")]) from None
    except OSError as exc:
        raise InputError([Issue(name, "file", "", f"cannot be read ({exc.strerror})", "check the path")]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        located = Located(name, None)
        issues: list[Issue] = []
        located.data = _build(node, (), located, issues, _Loader(""))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError([Issue(where, "file", "", f"is not valid YAML: {problem}", "fix the syntax at that line")]) from None
    finally:
        loader.dispose()
    if issues:
        raise InputError(issues)
    return located


def _build(node: yaml.Node | None, path: Path_, located: Located, issues: list[Issue], loader: Any) -> Any:
    if node is None:
        return None
    located.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                issues.append(Issue(f"{located.file}:{key_node.start_mark.line + 1}", _label(path), str(key),
                                    "appears twice in the same mapping", "keep one of the two"))
            out[key] = _build(value_node, (*path, key), located, issues, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), located, issues, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _label(path: Path_) -> str:
    if not path:
        return "document"
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))
