"""The region while it is being generated: mutable records and the shared state.

`Dept`, `Net` and `Sys` are plain records the steps fill in one after the other; `Draft` holds the
one seeded ``random.Random`` every step draws from, the records made so far and the id counters.
They become FORMATS.md dicts only at the end (`Dept.as_dict`, `Net.as_dict`, `Sys.record`).
"""

from __future__ import annotations

import random
from typing import Any


class Dept:
    __slots__ = ("index", "id", "name", "county", "sections", "template", "short", "is_region", "systems",
                 "main_net", "vertical_net", "classified_net", "extra_classified", "networks", "exits",
                 "weight", "count", "approvers")

    def __init__(self, index: int, id: str, name: str, county: str | None, sections: list[str],
                 template: str, short: str) -> None:
        self.index, self.id, self.name, self.county = index, id, name, county
        self.sections, self.template, self.short = sections, template, short
        self.is_region = county is None
        self.systems: list[Sys] = []
        self.main_net: Net | None = None
        self.vertical_net: Net | None = None
        self.classified_net: Net | None = None
        self.extra_classified = False
        self.networks: list[Net] = []
        self.exits: list[dict[str, Any]] = []
        self.weight = 1.0
        self.count = 1
        self.approvers: list[str] = []

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "county": self.county, "sections": list(self.sections)}


class Net:
    __slots__ = ("id", "name", "dept", "kind", "retained", "cidrs", "sites", "carrier", "cost", "retain",
                 "base", "size", "used")

    def __init__(self, id: str, name: str, dept: Dept, kind: str) -> None:
        self.id, self.name, self.dept, self.kind = id, name, dept, kind  # kind: main | vertical | classified
        self.retained = False
        self.cidrs: list[str] = []
        self.sites = 1
        self.carrier = "telecom"
        self.cost = 0
        self.retain: dict[str, str] | None = None
        self.base = 0
        self.size = 0
        self.used: dict[int, bool] = {}

    @property
    def consolidatable(self) -> bool:
        return self.kind != "classified" and not self.retained

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "department": self.dept.id,
                               "vertical": self.kind == "vertical", "classified": self.kind == "classified",
                               "cidrs": list(self.cidrs), "sites": self.sites, "carrier": self.carrier,
                               "yearly_cost_cny": self.cost}
        if self.retain is not None:
            out["retain"] = dict(self.retain)
        return out


class Sys:
    __slots__ = ("dept", "slug", "name", "function", "flags", "fixed", "role", "id", "section", "public",
                 "network", "hosting", "tight", "companion", "zombie_rules", "replace", "record", "published")

    def __init__(self, dept: Dept, template: tuple[str, str, str, str, bool]) -> None:
        self.dept = dept
        self.slug, self.name, self.function, self.flags, self.fixed = template
        self.role = "base" if self.fixed else ""
        self.id = ""
        self.section: str | None = None
        self.public = False
        self.network = ""
        self.hosting = "self-room"
        self.tight: list[tuple[Sys, list[int]]] = []  # tight dependencies with their ports
        self.companion = ""  # "db" | "front" for the members added to an app's tight group
        self.zombie_rules: list[str] = []
        self.replace: Sys | None = None
        self.record: dict[str, Any] = {}
        self.published = False

    @property
    def migrating(self) -> bool:
        """Expected to be migrated by the planner (not classified, blocked, cleaned up or on cloud)."""
        return self.role in ("base", "normal", "tight", "vertical")

    @property
    def depend_target(self) -> bool:
        """Something other systems may depend on."""
        return self.role in ("base", "normal", "tight", "vertical", "blocked", "oncloud")


class Draft:
    """The region under construction: the one seeded rng, the records so far, the id counters."""

    def __init__(self, n: int, seed: int, counties: int | None, region: dict[str, Any] | None) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.crews = False  # version 2 (generate_region's `crews`): the sharing milestone falls before networks may move
        self.region_spec = region
        self.n_counties = len(region["counties"]) if region else (counties or max(2, round(n / 65)))
        self.region: dict[str, Any] = {}
        self.county_names: dict[str, str] = {}
        self.prefix = ""  # 市 or 省, the region's level in department names
        self.depts: list[Dept] = []
        self.systems: list[Sys] = []
        self.networks: list[Net] = []
        self.exits: list[dict[str, Any]] = []
        self.assets: list[dict[str, Any]] = []
        self.ids: dict[str, int] = {}  # system ids taken so far (see names.unique)
        self._nets_by_id: dict[str, Net] | None = None

    def net(self, id: str) -> Net:
        """The network `id`; only once the networks are final (it indexes them on first use)."""
        if self._nets_by_id is None:
            self._nets_by_id = {net.id: net for net in self.networks}
        return self._nets_by_id[id]
