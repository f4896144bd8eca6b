"""Mutated inventories never crash the loader: it accepts them or raises the planner's own error."""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from pathlib import Path

import yaml
from conftest import SMALL_INVENTORY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import PlannerError
from planner.load import load_inventory

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["fgw", "net-fgw", "10.0.0.0/8", "tight", "auto", "2017-12-01", "fgw-price"]),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                      max_leaves=6)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


ALL_PATHS = [p for p in _paths(SMALL_INVENTORY) if p]


@st.composite
def mutated(draw):
    data = copy.deepcopy(SMALL_INVENTORY)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
            if action == "replace":
                parent[path[-1]] = draw(values)
            elif action == "delete":
                del parent[path[-1]]
            elif isinstance(parent, list):
                parent.append(copy.deepcopy(parent[path[-1]]))
            else:
                parent[f"{path[-1]}x"] = copy.deepcopy(parent[path[-1]])
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed that path
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_loader_raises_only_planner_errors(data):
    """Any mutation of a valid inventory loads or raises a PlannerError with at least one issue."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inv.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        try:
            load_inventory(path)
        except PlannerError as exc:
            assert str(exc)
            assert getattr(exc, "issues", [None])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_loader_survives_arbitrary_bytes(blob):
    """Random bytes are a clear error, never a crash."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inv.yaml"
        path.write_bytes(blob)
        try:
            load_inventory(path)
        except PlannerError as exc:
            assert str(exc)
