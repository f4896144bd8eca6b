"""Validation against the models: pydantic's errors turned into the planner's one-sentence issues with a fix."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Issue

SLUG_FIX = "ids are lowercase letters, digits and '-', starting with a letter or digit (e.g. fgw-invest)"


def object_label(path: tuple[Any, ...], raw: Any) -> str:
    """'systems[7] fgw-invest' for an item of a list, 'topology' for a file's root."""
    if not path:
        return "document"
    head = path[0] if len(path) == 1 else f"{path[0]}[{path[1]}]"
    ident = raw.get("id") if isinstance(raw, dict) else None
    return f"{head} {ident}" if ident is not None else str(head)


def field_label(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validated(model: type[BaseModel], raw: Any, path: tuple[Any, ...], where: Callable[[tuple[Any, ...]], str],
              issues: list[Issue]) -> Any:
    """``raw`` as a ``model``; None when it is not one, and its problems added to ``issues``."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        issues += issues_from_validation(exc, model, raw, path, where)
        return None


def issues_from_validation(exc: ValidationError, model: type[BaseModel], raw: Any, path: tuple[Any, ...],
                           where: Callable[[tuple[Any, ...]], str]) -> list[Issue]:
    issues = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if len(loc) > 1 and loc[-1] == "[key]" and err["type"] != "extra_forbidden":
            loc = loc[:-1]  # a bad key of a mapping (not_before: {migration: …}): the key is the field
        full = (*path, *loc)
        obj, inner = _split_object(full, raw, path)
        problem, fix = _explain(err, model, loc)
        issues.append(Issue(where(full), obj, field_label(inner), problem, fix))
    return issues


def _split_object(full: tuple[Any, ...], raw: Any, path: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """Name the innermost list item as the object (topology.clouds[1] admin-cloud), the rest as the field."""
    if path:
        return object_label(path, raw), full[len(path):]
    node, last_item, label = raw, 0, "document"
    for i, part in enumerate(full):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            ident = node.get("id") if isinstance(node, dict) else None
            label = field_label(full[: i + 1]) + (f" {ident}" if ident is not None else "")
            last_item = i + 1
        else:
            break
    if last_item == 0:
        return (str(full[0]) if full else "document"), full[1:]
    return label, full[last_item:]


def _explain(err: dict[str, Any], model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, str]:
    kind, msg, given = err["type"], err["msg"], err.get("input")
    if kind == "missing":
        return "is missing", f"add the key `{loc[-1]}`"
    if kind == "extra_forbidden":
        return "is not a known key", _suggest(str(loc[-1]), _known_keys(model, loc[:-1]))
    if kind == "string_pattern_mismatch":
        return f"{given!r} is not a valid id", SLUG_FIX
    if kind in ("enum", "literal_error"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"{given!r} is not allowed", f"use one of {expected}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{given!r} is not a date", "write dates as YYYY-MM-DD"
    if kind == "value_error":
        problem, _, fix = msg.removeprefix("Value error, ").partition("|")
        return problem, fix
    if kind in ("too_short",) and isinstance(given, list):
        return "is empty", "give at least one value"
    if kind.startswith(("greater", "less")):
        return f"{given!r}: {msg[0].lower()}{msg[1:]}", "correct the value"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{given!r}: {msg[0].lower()}{msg[1:]}", "correct the value's type"
    return f"{msg[0].lower()}{msg[1:]}", ""


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at `loc` inside `model` (following nested models and lists)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part) or next(
            (f for f in getattr(current, "model_fields", {}).values() if f.alias == part), None)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _suggest(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return f"remove it; the keys here are {', '.join(known)}" if known else "remove it"
