"""Inputs -> frozen models. Every problem of a run is collected and raised once, as an InputError.

    inventory = load_inventory(Path("inventory/example-taian"))   # a .yaml file, a directory, or a .xlsx
    topology = load_topology(Path("topologies/example-taian.yaml"), inventory)
    policy = load_policy("taian-2017")                           # a preset name or a file
    actuals = load_actuals(Path("actuals.yaml"), inventory)      # what has happened (actuals.py)

Here: the inventory (merged from its files), the topology, the policy and its presets. Beside it:
sources.py (YAML/JSON read safely, line numbers on demand), block_yaml.py (the fast block-YAML
reader), workbook.py and workbook_read.py (the .xlsx ledger), messages.py (pydantic's errors in
words), references.py (the cross-reference checks) and actuals.py (the one reader of actuals).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import InputError, Issue
from ..model import Inventory, Policy, PolicyFile, Topology, TopologyFile
from ..model.inventory import Asset, Department, Exit, Network, Region, System
from .actuals import KnownObjects, load_actuals
from .messages import validated
from .references import check_inventory, check_policy, check_topology
from .sources import Located, read_yaml
from .workbook import read_workbook

__all__ = [
    "LISTS", "KnownObjects", "MergedSource", "load_actuals", "load_all", "load_inventory", "load_policy",
    "load_topology", "preset_names", "preset_text", "read_inventory_data",
]

LISTS: dict[str, type[BaseModel]] = {
    "departments": Department, "systems": System, "networks": Network, "exits": Exit, "assets": Asset,
}
PRESETS = "planner.presets"


class MergedSource:
    """Where each item of an inventory split over several files came from, and what reading them found."""

    def __init__(self) -> None:
        self.origin: dict[tuple[str, int], tuple[Located, int]] = {}
        self.region: Located | None = None
        self.files: list[str] = []
        self.parts: list[Located] = []

    def pending(self) -> list[Issue]:
        """Problems the readers found and handed on (a workbook's rows and cells)."""
        return [issue for part in self.parts for issue in part.pending]

    def covered(self, issue: Issue) -> bool:
        """Whether a reader already named the cell ``issue`` is about, in its own words."""
        return any(part.covers is not None and part.covers(issue) for part in self.parts)

    def where(self, path: tuple[Any, ...]) -> str:
        if path and path[0] == "region" and self.region:
            return self.region.where(path)
        if len(path) >= 2 and (path[0], path[1]) in self.origin:
            located, index = self.origin[(path[0], path[1])]
            return located.where((path[0], index, *path[2:]))
        return self.files[0] if self.files else ""


def read_inventory_data(path: Path) -> tuple[dict[str, Any], MergedSource]:
    """Read a YAML file, a directory of YAML files or a workbook into one dict of lists."""
    if not path.exists():
        raise InputError([Issue(str(path), "inventory", "", "does not exist",
                                "give a .yaml file, a directory of .yaml files or an .xlsx workbook")])
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
        if not files:
            raise InputError([Issue(str(path), "inventory", "", "holds no .yaml files",
                                    "put the inventory's region.yaml, systems.yaml, … in it")])
        parts = _read_all(files)
    elif path.suffix == ".xlsx":
        parts = [read_workbook(path)]
    else:
        parts = [read_yaml(path)]
    return _merge(parts)


def _read_all(files: list[Path]) -> list[Located]:
    parts, issues = [], []
    for file in files:
        try:
            parts.append(read_yaml(file))
        except InputError as exc:
            issues += exc.issues
    if issues:
        raise InputError(issues)
    return parts


def _merge(parts: list[Located]) -> tuple[dict[str, Any], MergedSource]:
    source = MergedSource()
    source.files, source.parts = [p.file for p in parts], parts
    data: dict[str, Any] = {key: [] for key in LISTS}
    issues: list[Issue] = []
    for part in parts:
        if part.data is None:
            continue
        if not isinstance(part.data, dict):
            issues.append(Issue(part.where(()), "document", "", "is not a mapping of lists",
                                "start the file with `systems:` (or departments:, networks:, exits:, assets:, region:)"))
            continue
        for key, value in part.data.items():
            if key == "region":
                if source.region is not None:
                    issues.append(Issue(part.where(("region",)), "region", "", f"is also given in {source.region.file}",
                                        "keep the region in one file"))
                source.region, data["region"] = part, value
            elif key in LISTS:
                if not isinstance(value, list):
                    issues.append(Issue(part.where((key,)), key, "", "is not a list", f"write `{key}:` followed by `- id: …` items"))
                    continue
                for index, item in enumerate(value):
                    source.origin[(key, len(data[key]))] = (part, index)
                    data[key].append(item)
            else:
                issues.append(Issue(part.where((key,)), str(key), "", "is not a part of an inventory",
                                    "use region, departments, systems, networks, exits or assets"))
    if "region" not in data:
        issues.append(Issue(source.files[0] if source.files else "", "region", "", "is missing",
                            "add `region: {id: …, name: …, level: city, counties: […]}`"))
    if issues:
        raise InputError(issues)
    return data, source


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Loading builds millions of small containers and no reference cycles; Python's cycle
    collector would rescan the growing heap again and again (50,000 systems: 23 s -> 13 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_inventory(path: Path) -> Inventory:
    """Load and check an inventory; raises InputError listing every problem found."""
    return _load_inventory(path)[0]


@_no_cycle_collection()
def _load_inventory(path: Path) -> tuple[Inventory, MergedSource]:
    """The inventory and where its items came from (for the checks against the topology, in `load_all`)."""
    data, source = read_inventory_data(Path(path))
    issues: list[Issue] = []
    region = validated(Region, data["region"], ("region",), source.where, issues)
    items: dict[str, list[tuple[int, Any]]] = {}
    for key, model in LISTS.items():
        items[key] = []
        for index, raw in enumerate(data[key]):
            obj = validated(model, raw, (key, index), source.where, issues)
            if obj is not None:
                items[key].append((index, obj))
    if region is not None:
        issues += check_inventory(region, items, data, source.where)
    issues = source.pending() + [i for i in issues if not source.covered(i)]
    if issues:
        raise InputError(issues)
    inventory = Inventory(region=region, **{key: [obj for _, obj in pairs] for key, pairs in items.items()})
    return inventory, source


def load_topology(path: Path, inventory: Inventory | None = None,
                  inventory_where: Callable[[tuple[Any, ...]], str] | None = None) -> Topology:
    """Load a topology file; with the inventory, also check what each refers to in the other (the counties of
    teams, the shared services of systems' `replace_with`). ``inventory_where`` locates an inventory path
    (``("systems", 3, "replace_with")``) for those issues; without it they point at the topology."""
    located = read_yaml(Path(path))
    model = validated(TopologyFile, located.data, (), located.where, issues := [])
    if model is not None:
        issues += check_topology(model.topology, inventory, located.where, inventory_where)
    if issues:
        raise InputError(issues)
    return model.topology


def preset_names() -> list[str]:
    """The policy presets shipped with the planner."""
    return sorted(p.name.removesuffix(".yaml") for p in resources.files(PRESETS).iterdir() if p.name.endswith(".yaml"))


def preset_text(name: str) -> str:
    """The YAML text of a preset, for `planner policy show`."""
    if name not in preset_names():
        raise InputError([Issue("", f"preset '{name}'", "", "does not exist", f"use one of {', '.join(preset_names())}")])
    return resources.files(PRESETS).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def load_policy(spec: str | Path, inventory: Inventory | None = None) -> Policy:
    """Load a policy from a preset name (e.g. `taian-2017`) or a YAML file; with the inventory, also check the
    departments and systems its milestones' scopes name."""
    text = str(spec)
    if text in preset_names():
        with resources.as_file(resources.files(PRESETS).joinpath(f"{text}.yaml")) as file:
            located = read_yaml(file)
            located.file = f"preset {text}"
    elif Path(text).exists():
        located = read_yaml(Path(text))
    else:
        raise InputError([Issue(text, "policy", "", "is neither a preset nor a file",
                                f"use a preset ({', '.join(preset_names())}) or the path of a policy file")])
    located.data = _extended(located.data, located.file)
    model = validated(PolicyFile, located.data, (), located.where, issues := [])
    if model is not None:
        issues += check_policy(model.policy, located.where, inventory)
    if issues:
        raise InputError(issues)
    return model.policy


def _extended(data: Any, file: str) -> Any:
    """A policy file that says ``extends: <preset>`` (extension): the preset, with each top-level key the file
    gives replacing the preset's (``limits``, ``not_before``, ``milestones``, …)."""
    if not isinstance(data, dict) or not isinstance(data.get("policy"), dict) or "extends" not in data["policy"]:
        return data
    own = dict(data["policy"])
    base = own.pop("extends")
    if base not in preset_names():
        raise InputError([Issue(file, "policy", "extends", f"names {base!r}, which is not a preset",
                                f"use one of {', '.join(preset_names())}")])
    with resources.as_file(resources.files(PRESETS).joinpath(f"{base}.yaml")) as preset:
        merged = dict(read_yaml(preset).data["policy"])
    merged.update(own)
    return {**data, "policy": merged}


def load_all(inventory: Path, topology: Path | None = None, policy: str | Path | None = None):
    """Inventory, and topology and policy when given; every problem of all three in one InputError."""
    issues: list[Issue] = []

    def attempt(fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except InputError as exc:
            issues.extend(exc.issues)
            return None

    inv, source = attempt(_load_inventory, inventory) or (None, None)
    top = attempt(load_topology, topology, inv, source.where if source else None) if topology else None
    pol = attempt(load_policy, policy, inv) if policy else None
    if issues:
        raise InputError(issues)
    return inv, top, pol
