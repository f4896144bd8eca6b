"""The fast block-YAML reader gives exactly what PyYAML gives, or gives up.

Differential tests: every text it accepts is also read by PyYAML's safe loader (libyaml, as the
planner uses it), to the same values of the same types in the same order. Texts beyond its subset
or not valid YAML make it give up, never return something PyYAML would not.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.load.block_yaml import NotBlockYaml, block_line_map, parse_block_yaml
from planner.load.sources import pyyaml_line_map

ROOT = Path(__file__).resolve().parent.parent


def typed(value):
    """A comparable form that tells 1 from True and 1.0, and keeps the order of mappings."""
    if isinstance(value, dict):
        return ("map", tuple((typed(k), typed(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("seq", tuple(typed(v) for v in value))
    if isinstance(value, float):
        return ("float", repr(value))
    return (type(value).__name__, value)


def pyyaml(text: str):
    return yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506 - the safe loader


def check_agrees(text: str) -> bool:
    """True if the fast reader accepted `text` (and agreed with PyYAML); False if it gave up."""
    try:
        fast = parse_block_yaml(text)
    except NotBlockYaml:
        return False
    assert typed(fast) == typed(pyyaml(text)), text
    return True


@pytest.mark.parametrize("folder", ["inventory/example-taian", "topologies", "planner/presets"])
def test_the_bundled_files_are_read_fast_and_the_same(folder):
    files = sorted((ROOT / folder).glob("*.yaml"))
    assert files
    for file in files:
        assert check_agrees(file.read_text(encoding="utf-8")), file


ACCEPTED = [
    "a: 1\nb: yes\nc: '0123'\nd: 0123\ne: 10:30\nf: 2018-06-30\ng: ~\nh: null\ni: .inf\nj: -5\nk: 1_000\n",
    "a:\n- 1\n- x\nb:\n  - c: 1\n    d:\n    - e\n  -\n  - f\n",
    "# comment\n---\nlist: [80, 443]\nempty: []\nnone: {}\nq: 'it''s # not a comment'  # but this is\n",
    'u: "统一 身份: 认证"\nplain: a#b c # comment\nurl: http://x.y/z\nc: C#\n',
    "- id: a\n  ports:\n  - 1\n- id: b\n  x:\n    y: z\n- plain\n-\n",
    "a:\n    deep:\n        deeper: 1\n    next: 2\nb: 3\n",
    "- a:\n  - 1\n  b: 2\n",
    'm: {id: x, name: "春节 Spring #1", by: 2018-02-10, n: 1.5}  # c\ns: [ a , \'b\' ]\ne: [ ]\n',
    "t: 2002-12-14t21:59:43.10-05:00\nf: 1.5e3\nb: 0b101\nh: 0x1F\nn: -.inf\nnan: .NaN\ns: '-'\n",
]

REFUSED = [
    "a: &x 1\nb: *x\n",  # anchors
    "a: !!str 1\n",  # tags
    "a: |\n  text\n",  # block scalars
    "a: one\n  two\n",  # multi-line plain
    'a: "esc\\n"\n',  # escapes
    "a: 1\na: 2\n",  # duplicate key: PyYAML reads it and the planner reports it
    "a:\tb\n",  # tab
    "a: b: c\n",  # invalid
    "a: 1\n b: 2\n",  # invalid indentation
    "- a\nb: 1\n",  # invalid
    "a: [1, [2]]\n",  # nested flow
    "a: {b: [1]}\n",  # nested flow
    "a: [1, 2,]\n",  # trailing comma
    'a: [x]y\n',  # text after a flow collection
    "yes: 1\n",  # key that is not a string in YAML 1.1
    "a: =\n",  # the value tag PyYAML refuses
    "--- 1\n",
    "a: 1\n---\nb: 2\n",  # two documents
    "",
    "just text\n",
    "a: 'unterminated\n  b'\n",
    "a: 1\rb: 2\r",  # old Mac line ends
    "? a\n: b\n",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepts_the_ledger_subset_and_agrees_with_pyyaml(text):
    assert check_agrees(text)


@pytest.mark.parametrize("text", REFUSED)
def test_gives_up_beyond_the_subset(text):
    with pytest.raises(NotBlockYaml):
        parse_block_yaml(text)


KEYS = st.sampled_from(["id", "name", "a.b", "x-y", "_k", "on", "no", "null", "1", "ports", "k2"])
TEXT = st.one_of(
    st.sampled_from(["yes", "No", "0123", "10:30", "1e3", "1.5", ".5", "-", "a: b", "#x", "a #b", "- x", "'q'", '"',
                     "", " lead", "trail ", "~", "null", "[x]", "{}", "统一身份认证", "2018-06-30", "0x1F", "<<", "=",
                     "a\nb", "tab\tx", "c#", "it's", "http://x/y", "%x", "@x", "`x", "!x", "&x", "*x", "|", ">"]),
    st.text(alphabet=st.sampled_from("ab 0:-#'\"[]{},.统&*!|>"), max_size=8),
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), TEXT,
    st.floats(allow_nan=False, width=64), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
)
DATA = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(KEYS, inner, max_size=4)), max_leaves=25)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=DATA, flow=st.sampled_from([False, None]), indent=st.sampled_from([2, 4]), width=st.sampled_from([20, 80]),
       top=st.sampled_from(["map", "seq"]))
def test_dumped_documents_read_the_same(data, flow, indent, width, top):
    document = {"root": data} if top == "map" else [data]
    text = yaml.safe_dump(document, default_flow_style=flow, indent=indent, width=width, allow_unicode=True,
                          sort_keys=False)
    check_agrees(text)


MUTATIONS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 3),
                               st.sampled_from(list(" -:#'\"[]{},\n\t&*!|>%x0."))), min_size=1, max_size=4)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=MUTATIONS, base=st.sampled_from(ACCEPTED))
def test_mutated_documents_are_read_the_same_or_refused(mutations, base):
    text = base
    for position, deleted, inserted in mutations:
        at = position % (len(text) + 1)
        text = text[:at] + inserted + text[at + deleted:]
    try:
        fast = parse_block_yaml(text)
    except NotBlockYaml:
        return
    assert typed(fast) == typed(pyyaml(text)), text  # PyYAML raising here would fail the test too


def test_most_generated_block_documents_take_the_fast_path():
    """Not vacuous: plain block dumps of ledger-like data are accepted, not all handed to PyYAML."""
    rows = [{"id": f"s{i}", "name": f"系统{i}", "ports": [80, 443], "date": dt.date(2018, 6, i % 28 + 1),
             "eligible": "auto", "blocker": None, "cost": 1.5 * i, "classified": i % 2 == 0} for i in range(50)]
    text = yaml.safe_dump({"systems": rows}, allow_unicode=True, sort_keys=False)
    assert check_agrees(text)


def agrees_on_lines(text: str) -> None:
    """Every path the fast map knows has PyYAML's line; every path PyYAML knows is found at its line
    or, inside a one-line flow collection, at the collection's line."""
    fast, slow = block_line_map(text), pyyaml_line_map(text)
    for path, line in slow.items():
        known = next(path[:end] for end in range(len(path), -1, -1) if path[:end] in fast)
        assert fast[known] == line, (path, text)


@pytest.mark.parametrize("text", ACCEPTED)
def test_line_numbers_are_pyyamls(text):
    agrees_on_lines(text)


def test_line_numbers_of_the_bundled_inventory_are_pyyamls():
    for file in sorted((ROOT / "inventory/example-taian").glob("*.yaml")):
        agrees_on_lines(file.read_text(encoding="utf-8"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=DATA, indent=st.sampled_from([2, 4]))
def test_line_numbers_of_dumped_documents_are_pyyamls(data, indent):
    text = yaml.safe_dump({"root": data, "next": [data]}, default_flow_style=False, indent=indent, allow_unicode=True,
                          sort_keys=False)
    try:
        parse_block_yaml(text)
    except NotBlockYaml:
        return
    agrees_on_lines(text)


@pytest.mark.parametrize("text", ACCEPTED)
def test_windows_line_ends_read_the_same(text):
    crlf = text.replace("\n", "\r\n")
    assert check_agrees(crlf)
    agrees_on_lines(crlf)
