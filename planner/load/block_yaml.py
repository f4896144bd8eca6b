"""A fast reader for the block-style YAML that ledgers are written in.

libyaml runs at about 1 MB/s here once PyYAML has built a Python object for every event and node;
a 50,000-system ledger is 46 MB. Ledgers, whether written by hand, by `yaml.dump` or by the
planner's own tools, use a small part of YAML: block mappings and sequences, plain and simply
quoted scalars, `[]`/`{}` and one-line flow lists and mappings, comments, LF or CRLF line ends.
This module reads exactly that part, line by line, and gives up (`NotBlockYaml`) on anything
else — anchors, tags, multi-line scalars, escapes, tabs, lone CRs and other line breaks,
duplicate keys, anything malformed — so the caller can read the file with PyYAML instead, which
also produces the error messages. Whenever it returns a value, that value equals what PyYAML's
safe loader returns for the same text (the tests check it on generated documents and on mutated
ones); `block_line_map` gives the lines PyYAML would give, for error messages.

Plain scalars are resolved with PyYAML's own YAML 1.1 resolver and constructors, so `yes`,
`0123`, `10:30` and `2018-06-30` mean here what they mean there.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["NotBlockYaml", "block_line_map", "parse_block_yaml"]


class NotBlockYaml(Exception):
    """The text uses YAML beyond the block subset (or is not valid YAML): read it with PyYAML."""


# Characters PyYAML rejects, and the line breaks and tabs a line-by-line reader would misread.
_OUTSIDE = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")
_NOT_ONLY_STR = frozenset("yYnNtTfFoO~.+-0123456789=<")  # first characters of YAML 1.1 non-strings
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")  # a plain scalar may not start with these (some handled first)
_SPECIAL = _INDICATORS | _NOT_ONLY_STR | {" "}  # first characters that need more than "it is a string"
_FLOW_SCALAR = r"""(?:'(?P<single>(?:[^']|'')*)'|"(?P<double>[^"\\]*)"|(?P<plain>[^\s,\[\]{}#'":&*!|>%@`?-][^,\[\]{}#'":]*?))"""
_FLOW_END = r" *(?:(?P<comma>,)|(?={close}))"
_FLOW_ITEM = re.compile(_FLOW_SCALAR + _FLOW_END.format(close=r"\]"))
_FLOW_PAIR = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*): +" + _FLOW_SCALAR + _FLOW_END.format(close=r"\}"))


class _Scalars:
    """Plain scalar text -> value, with PyYAML's resolver and constructors, remembered per text."""

    def __init__(self) -> None:
        self._loader = yaml.SafeLoader("")
        self._values: dict[str, Any] = {}
        self._keys: set[str] = set()

    def plain(self, text: str) -> Any:
        if text[0] not in _NOT_ONLY_STR:
            return text
        try:
            return self._values[text]
        except KeyError:
            pass
        tag = self._loader.resolve(yaml.ScalarNode, text, (True, False))
        construct = self._loader.yaml_constructors.get(tag)
        if construct is None:  # e.g. "=" (tag:yaml.org,2002:value): PyYAML refuses it
            raise NotBlockYaml(f"scalar {text!r}")
        try:
            value = construct(self._loader, yaml.ScalarNode(tag, text))
        except (yaml.YAMLError, ValueError) as exc:
            raise NotBlockYaml(f"scalar {text!r}") from exc
        self._values[text] = value
        return value

    def key(self, text: str) -> str:
        if text not in self._keys:
            if not _KEY.match(text) or not isinstance(self.plain(text), str):
                raise NotBlockYaml(f"key {text!r}")
            self._keys.add(text)
        return text


class _Reader:
    """One pass over the significant lines: `indents[i]` and `bodies[i]` (text after the indent)."""

    def __init__(self, text: str, locate: bool = False) -> None:
        if "\r" in text:  # Windows line ends are line breaks to YAML too; a lone CR is left to PyYAML
            text = text.replace("\r\n", "\n")
        if _OUTSIDE.search(text):
            raise NotBlockYaml("characters outside the subset")
        lines = text.split("\n")
        bodies = [line.lstrip(" ") for line in lines]
        indents = [len(line) - len(body) for line, body in zip(lines, bodies, strict=True)]
        if " \n" in text or text.endswith(" "):
            bodies = [body.rstrip(" ") for body in bodies]
        skipped = {i for i, body in enumerate(bodies) if not body or body[0] == "#"}  # blank lines, comments
        numbers = [i for i in range(len(bodies)) if i not in skipped] if locate else []
        if skipped:
            indents = [n for i, n in enumerate(indents) if i not in skipped]
            bodies = [body for i, body in enumerate(bodies) if i not in skipped]
        if bodies and indents[0] == 0 and bodies[0] == "---":
            del indents[0], bodies[0]
            del numbers[:1]
        self.indents, self.bodies, self.count = indents, bodies, len(bodies)
        self.scalars = _Scalars()
        self.numbers = numbers  # locate: the 0-based line in the text of each significant line
        self.lines: dict[tuple[Any, ...], int] | None = {} if locate else None  # locate: path -> 1-based line

    def document(self) -> Any:
        if not self.count:
            raise NotBlockYaml("empty document")
        if any(b.startswith(("---", "...", "%")) for i, b in zip(self.indents, self.bodies, strict=True) if i == 0):
            raise NotBlockYaml("document markers or directives")
        if self.indents[0] != 0:
            raise NotBlockYaml("indented document")
        value, end = self.node(0, 0, ())
        if end != self.count:
            raise NotBlockYaml(f"unexpected line {end}")
        return value

    def node(self, i: int, indent: int, path: tuple[Any, ...]) -> tuple[Any, int]:
        if self.lines is not None:
            self.lines[path] = self.numbers[i] + 1
        if _is_item(self.bodies[i]):
            return self.sequence(i, indent, path)
        if ":" not in self.bodies[i]:
            raise NotBlockYaml("a scalar where a collection starts")
        return self.mapping(i, indent, path)

    def mapping(self, i: int, indent: int, path: tuple[Any, ...]) -> tuple[dict[Any, Any], int]:
        indents, bodies, count, lines = self.indents, self.bodies, self.count, self.lines
        out: dict[Any, Any] = {}
        while i < count and indents[i] == indent:
            body = bodies[i]
            key_text, colon, rest = body.partition(": ")
            if not colon:
                if body[-1] != ":":
                    raise NotBlockYaml("not a key: value line")
                key_text, rest = body[:-1], ""
            key = self.scalars.key(key_text)
            if key in out:
                raise NotBlockYaml("duplicate key")  # PyYAML reads it and reports where
            if lines is not None:
                lines[(*path, key)] = self.numbers[i] + 1
            i += 1
            if rest and rest[0] not in _SPECIAL and " #" not in rest and ": " not in rest and rest[-1] != ":":
                out[key] = rest  # the common case, a plain string: no comment, no colon, nothing to resolve
                continue
            rest = rest.lstrip(" ")
            if rest and rest[0] != "#":
                out[key] = self.scalar(rest)
            elif i < count and indents[i] > indent:
                out[key], i = self.node(i, indents[i], (*path, key))
            elif i < count and indents[i] == indent and _is_item(bodies[i]):
                out[key], i = self.node(i, indent, (*path, key))
            else:
                out[key] = None
        if i < count and indents[i] > indent:
            raise NotBlockYaml("unexpected indentation")
        return out, i

    def sequence(self, i: int, indent: int, path: tuple[Any, ...]) -> tuple[list[Any], int]:
        indents, bodies, count, lines = self.indents, self.bodies, self.count, self.lines
        out: list[Any] = []
        while i < count and indents[i] == indent and _is_item(bodies[i]):
            rest = bodies[i][1:].lstrip(" ")
            here = (*path, len(out)) if lines is not None else path
            if lines is not None:
                lines[here] = self.numbers[i] + 1
            if not rest or rest[0] == "#":
                i += 1
                if i < count and indents[i] > indent:
                    value, i = self.node(i, indents[i], here)
                    out.append(value)
                else:
                    out.append(None)
            elif _is_item(rest) or rest[0] == "?":
                raise NotBlockYaml("compact nested collection")
            elif _starts_mapping(rest):  # "- key: value": a mapping whose first line is this one
                indents[i], bodies[i] = indent + len(bodies[i]) - len(rest), rest
                value, i = self.mapping(i, indents[i], here)
                out.append(value)
            else:
                out.append(self.scalar(rest))
                i += 1
        if i < count and indents[i] > indent:
            raise NotBlockYaml("unexpected indentation")
        return out, i

    def scalar(self, text: str) -> Any:
        first = text[0]
        if first == "'":
            return _single_quoted(text)
        if first == '"':
            return _double_quoted(text)
        if first == "[" or first == "{":
            return self.flow(text)
        if first in _INDICATORS and not (first in "-?:" and len(text) > 1 and text[1] != " "):
            raise NotBlockYaml(f"indicator {first!r}")
        text = _cut_comment(text)
        if ": " in text or text.endswith(":"):
            raise NotBlockYaml("a colon inside a plain scalar")
        return self.scalars.plain(text)

    def flow(self, text: str) -> list[Any] | dict[Any, Any]:
        """A one-line flow collection of scalars: `[80, 443]`, `{id: x, by: 2018-06-30}`."""
        closing, item = ("]", _FLOW_ITEM) if text[0] == "[" else ("}", _FLOW_PAIR)
        items: list[Any] = []
        pairs: dict[Any, Any] = {}
        at = len(text) - len(text[1:].lstrip(" "))
        while text[at:at + 1] != closing:
            match = item.match(text, at)
            if not match:
                raise NotBlockYaml("flow collection beyond the subset")
            single, double, plain = match.group("single", "double", "plain")
            value = (single.replace("''", "'") if single is not None else double if double is not None
                     else self.scalars.plain(plain))
            if closing == "]":
                items.append(value)
            else:
                key = self.scalars.key(match.group("key"))
                if key in pairs:
                    raise NotBlockYaml("duplicate key")
                pairs[key] = value
            at = match.end()
            if match.group("comma"):
                at += len(text[at:]) - len(text[at:].lstrip(" "))
                if text[at:at + 1] == closing:
                    raise NotBlockYaml("trailing comma")
        _quoted_end(text, at)
        return items if closing == "]" else pairs


def _is_item(body: str) -> bool:
    return body[0] == "-" and (len(body) == 1 or body[1] == " ")


def _starts_mapping(text: str) -> bool:
    key, colon, _ = text.partition(": ")
    return bool(colon) and _KEY.match(key) is not None or text.endswith(":") and _KEY.match(text[:-1]) is not None


def _cut_comment(text: str) -> str:
    at = text.find(" #")
    return text[:at].rstrip(" ") if at >= 0 else text


def _quoted_end(text: str, end: int) -> None:
    tail = text[end + 1:].lstrip(" ")
    if tail and (tail[0] != "#" or end + 1 == len(text) - len(tail)):
        raise NotBlockYaml("text after a quoted scalar")


def _single_quoted(text: str) -> str:
    at = 1
    while True:
        at = text.find("'", at)
        if at < 0:
            raise NotBlockYaml("multi-line quoted scalar")
        if text[at + 1:at + 2] != "'":
            break
        at += 2
    _quoted_end(text, at)
    return text[1:at].replace("''", "'")


def _double_quoted(text: str) -> str:
    at = text.find('"', 1)
    if at < 0 or "\\" in text[:at]:
        raise NotBlockYaml("escapes or multi-line quoted scalar")
    _quoted_end(text, at)
    return text[1:at]


def parse_block_yaml(text: str) -> Any:
    """The data of `text`, as PyYAML's safe loader would give it; NotBlockYaml if beyond the subset."""
    return _Reader(text).document()


def block_line_map(text: str) -> dict[tuple[Any, ...], int]:
    """path -> 1-based line of every collection and mapping value of `text` (the line PyYAML gives
    its node; values of one-line flow collections are found at their collection's line).

    For error messages: about twice the time of a plain read, a tenth of PyYAML's composer.
    NotBlockYaml if beyond the subset.
    """
    reader = _Reader(text, locate=True)
    reader.document()
    assert reader.lines is not None
    return reader.lines
