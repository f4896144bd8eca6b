"""Seeded generator of realistic fictional regions: an inventory and a topology (FORMATS.md).

`generate_region(systems, seed)` returns ``(inventory, topology)`` as plain dicts, the same for the
same arguments (one ``random.Random(seed)``, lists only, no set iteration). Proportions per ~400
systems, scaled linearly: ~60 departments (~35 at region level, the rest spread over
``systems / 65`` counties), ~60 private networks, ~120 internet exits, and among the systems the
cases the planner has to recognise — zombies, shadows, section systems, classified, blocked,
already on the government cloud, vertical, public-facing — plus a dependency graph around the
shared base systems (``pop-base``, ``legal-base``, ``spatial-base``, ``unified-id``,
``sharing-platform``, ``e-license``) with a few tight app/database groups and one tight cycle.

Invariants the tests rely on: every reference resolves; exits sit only on their own department's
networks and never on classified or retained ones; nothing depends on a zombie, shadow or section
system; tight dependencies join migrating systems of one department on one network (never a
classified one); published systems are migrating public-facing systems of the exit's department;
systems with data to share that could not reach the extranet early are already connected to the
sharing platform.

>>> inventory, topology = generate_region(40, seed=1)
>>> len(inventory["systems"]), inventory["region"]["level"]
(40, 'city')
"""

from __future__ import annotations

import bisect
import ipaddress
import itertools
import math
import random
from datetime import date, timedelta
from typing import Any

from . import synthetic_names as names

__all__ = ["generate_region", "BASE_SYSTEMS", "PLAN_START"]

PLAN_START = date(2017, 12, 4)
_STALE_BEFORE = PLAN_START - timedelta(days=730)
BASE_SYSTEMS = ("pop-base", "legal-base", "spatial-base", "unified-id", "sharing-platform", "e-license")
MIN_SYSTEMS = 20

def _cn_number(n: int) -> str:
    """Chinese numeral for 1..99, Arabic digits beyond.

    >>> _cn_number(2), _cn_number(12), _cn_number(40)
    ('二', '十二', '四十')
    """
    if n <= 10:
        return names.CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else names.CN_DIGITS[tens]) + "十" + (names.CN_DIGITS[ones] if ones else "")
    return str(n)


def _county_section(name: str) -> str:
    """A city section's name one level down: 科 becomes 股, 支队 becomes 大队.

    >>> _county_section("投资科"), _county_section("科技信息化支队")
    ('投资股', '科技信息化大队')
    """
    for city, county in (("科", "股"), ("支队", "大队")):
        if name.endswith(city):
            return name[: -len(city)] + county
    return name


def _unique(base: str, used: dict[str, int]) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is still free; records it as used."""
    if base not in used:
        used[base] = 1
        return base
    n = used[base]
    while True:
        n += 1
        candidate = f"{base}-{n}"
        if candidate not in used:
            used[base] = n
            used[candidate] = 1
            return candidate


def _nice_ceil(value: float, step: float) -> float:
    return math.ceil(value / step) * step


def _pow2_prefix(addresses: int, minimum_prefix: int = 30) -> int:
    """Longest prefix whose block holds `addresses` addresses.

    >>> _pow2_prefix(7680), _pow2_prefix(8192)
    (19, 19)
    """
    return min(minimum_prefix, 32 - max(0, math.ceil(math.log2(max(1, addresses)))))


def _dotted(address: int) -> str:
    """
    >>> _dotted(167904004)
    '10.2.3.4'
    """
    return f"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}"


def _cidr(base: int, prefix: int) -> str:
    return f"{_dotted(base)}/{prefix}"


def _one(rng: random.Random, seq: Any) -> Any:
    """A uniform choice (like ``rng.choice``, cheaper)."""
    return seq[int(rng.random() * len(seq))]


def _between(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [low, high] (like ``rng.randint``, cheaper)."""
    return low + int(rng.random() * (high - low + 1))


def _below(rng: random.Random, start: int, stop: int | None = None) -> int:
    """A uniform integer in [start, stop) or [0, start) (like ``rng.randrange``, cheaper)."""
    if stop is None:
        start, stop = 0, start
    return start + int(rng.random() * (stop - start))


_CUMULATIVE: dict[tuple[int, ...], list[int]] = {}


def _pick(rng: random.Random, population: tuple[Any, ...], weights: tuple[int, ...]) -> Any:
    """One weighted choice (like ``rng.choices(population, weights)[0]``, cheaper)."""
    cumulative = _CUMULATIVE.get(weights)
    if cumulative is None:
        cumulative = _CUMULATIVE[weights] = list(itertools.accumulate(weights))
    return population[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


# ---------------------------------------------------------------------------------------------
# Internal records (plain, mutable while generating; turned into FORMATS.md dicts at the end)
# ---------------------------------------------------------------------------------------------


class _Dept:
    __slots__ = ("index", "id", "name", "county", "sections", "template", "short", "is_region", "systems",
                 "main_net", "vertical_net", "classified_net", "extra_classified", "networks", "exits",
                 "weight", "count", "approvers")

    def __init__(self, index: int, id: str, name: str, county: str | None, sections: list[str],
                 template: str, short: str) -> None:
        self.index, self.id, self.name, self.county = index, id, name, county
        self.sections, self.template, self.short = sections, template, short
        self.is_region = county is None
        self.systems: list[_Sys] = []
        self.main_net: _Net | None = None
        self.vertical_net: _Net | None = None
        self.classified_net: _Net | None = None
        self.extra_classified = False
        self.networks: list[_Net] = []
        self.exits: list[dict[str, Any]] = []
        self.weight = 1.0
        self.count = 1
        self.approvers: list[str] = []


class _Net:
    __slots__ = ("id", "name", "dept", "kind", "retained", "cidrs", "sites", "carrier", "cost", "retain",
                 "base", "size", "used")

    def __init__(self, id: str, name: str, dept: _Dept, kind: str) -> None:
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


class _Sys:
    __slots__ = ("dept", "slug", "name", "function", "flags", "fixed", "role", "id", "section", "public",
                 "network", "hosting", "tight", "companion", "zombie_rules", "replace", "record", "published")

    def __init__(self, dept: _Dept, template: tuple[str, str, str, str, bool]) -> None:
        self.dept = dept
        self.slug, self.name, self.function, self.flags, self.fixed = template
        self.role = "base" if self.fixed else ""
        self.id = ""
        self.section: str | None = None
        self.public = False
        self.network = ""
        self.hosting = "self-room"
        self.tight: list[tuple[_Sys, list[int]]] = []  # tight dependencies with their ports
        self.companion = ""  # "db" | "front" for the members added to an app's tight group
        self.zombie_rules: list[str] = []
        self.replace: _Sys | None = None
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


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


def generate_region(systems: int, seed: int, counties: int | None = None, *,
                    region: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """A fictional region with `systems` systems: ``(inventory, topology)`` as FORMATS.md dicts.

    `counties` defaults to ``max(2, round(systems / 65))``. `region` (optional) fixes the region's
    identity: ``{"id", "name", "level", "counties": [{"id", "name", "townships"}, ...]}``; its
    counties then override `counties`. Dates are ``datetime.date`` objects.
    """
    if systems < MIN_SYSTEMS:
        raise ValueError(f"systems={systems}: a region needs at least {MIN_SYSTEMS} systems")
    return _Generator(systems, seed, counties, region).run()


class _Generator:
    def __init__(self, n: int, seed: int, counties: int | None, region: dict[str, Any] | None) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.region_spec = region
        self.n_counties = len(region["counties"]) if region else (counties or max(2, round(n / 65)))
        self.depts: list[_Dept] = []
        self.systems: list[_Sys] = []
        self.networks: list[_Net] = []
        self.exits: list[dict[str, Any]] = []
        self.assets: list[dict[str, Any]] = []
        self.ids: dict[str, int] = {}

    def run(self) -> tuple[dict[str, Any], dict[str, Any]]:
        self._make_region()
        self._make_departments()
        self._size_departments()
        self._plan_networks()
        self._make_systems()
        self._choose_tight_groups()
        self._assign_roles()
        self._name_systems()
        self._place_systems()
        self._fill_system_records()
        self._add_dependencies()
        self._address_networks()
        self._make_exits()
        self._make_assets()
        inventory = {
            "region": self.region,
            "departments": [self._department_dict(d) for d in self.depts],
            "systems": [s.record for s in self.systems],
            "networks": [self._network_dict(net) for net in self.networks],
            "exits": self.exits,
            "assets": self.assets,
        }
        return inventory, self._make_topology()

    # -- region and departments ---------------------------------------------------------------

    def _make_region(self) -> None:
        """The region and its counties: given by the caller, or made up from syllables."""
        rng = self.rng
        if self.region_spec:
            spec = self.region_spec
            self.region = {"id": spec["id"], "name": spec["name"], "level": spec.get("level", "city"),
                           "counties": [{"id": c["id"], "name": c["name"], "townships": c["townships"]}
                                        for c in spec["counties"]]}
        else:
            province = self.n_counties > 40
            a, b = rng.sample(names.SYLLABLES, 2)
            suffix = "省" if province else "市"
            used: dict[str, int] = {}
            counties = []
            for i in range(self.n_counties):
                c, d = rng.sample(names.SYLLABLES, 2)
                kind = "市" if province else ("区" if i < 2 else _one(rng, "县县县市"))
                counties.append({"id": _unique(c[0] + d[0], used), "name": c[1] + d[1] + kind,
                                 "townships": _between(rng, 6, 22)})
            self.region = {"id": a[0] + b[0], "name": a[1] + b[1] + suffix,
                           "level": "province" if province else "city", "counties": counties}
        self.county_names = {c["id"]: c["name"] for c in self.region["counties"]}
        self.prefix = "省" if self.region["level"] == "province" else "市"

    def _make_departments(self) -> None:
        """~35 region-level departments per 400 systems, the rest spread over the counties."""
        rng, n = self.rng, self.n
        n_region = max(len(names.BASE_HOLDERS) + 1, round(n * 35 / 400))
        n_total = max(n_region + self.n_counties, round(n * 60 / 400))
        used = self.ids_departments = {}
        for i in range(n_region):
            row = names.REGION_DEPARTMENTS[i % len(names.REGION_DEPARTMENTS)]
            round_ = i // len(names.REGION_DEPARTMENTS)
            slug, name = row[0], self.prefix + row[1]
            if round_:
                aff_slug, aff_name = names.AFFILIATES[(round_ - 1) % len(names.AFFILIATES)]
                slug, name = f"{slug}-{aff_slug}", name + aff_name
            dept = _Dept(len(self.depts), _unique(slug, used), name, None, row[3].split(), row[0], row[2])
            if round_ > len(names.AFFILIATES):
                dept.name += f"第{_cn_number(round_ // len(names.AFFILIATES) + 1)}分部"
            dept.weight = (1.0 + rng.random()) * (1.4 if slug in names.BASE_HOLDERS else 1.0)
            dept.approvers = [f"{self.prefix}发展改革委", f"{self.prefix}政府办公室", f"{self.prefix}财政局", name]
            self.depts.append(dept)
        per_county = [(n_total - n_region) // self.n_counties] * self.n_counties
        for i in range((n_total - n_region) % self.n_counties):
            per_county[i] += 1
        for county, k in zip(self.region["counties"], per_county, strict=True):
            picks = sorted(rng.sample(range(len(names.COUNTY_DEPARTMENTS)), min(k, len(names.COUNTY_DEPARTMENTS))))
            picks += [_below(rng, len(names.COUNTY_DEPARTMENTS)) for _ in range(k - len(picks))]
            for p in picks:
                slug, name, template = names.COUNTY_DEPARTMENTS[p]
                row = names.DEPT_ROWS[template]
                sections = ["办公室"] + [_county_section(s) for s in row[3].split() if s != "办公室"][: _between(rng, 2, 3)]
                dept = _Dept(len(self.depts), _unique(f"{county['id']}-{slug}", used), county["name"] + name,
                             county["id"], sections, template, row[2])
                dept.weight = 0.5 + 0.8 * rng.random()
                dept.approvers = [f"{county['name']}发展改革局", f"{county['name']}人民政府",
                                  f"{county['name']}财政局", dept.name]
                self.depts.append(dept)

    def _size_departments(self) -> None:
        """Systems per department: a minimum each, the rest by weight (largest remainder)."""
        minimum = {}
        for d in self.depts:
            base = sum(1 for t in names.DEPT_SYSTEMS[d.template] if t[4]) if d.is_region and d.id in names.BASE_HOLDERS else 0
            minimum[d.id] = base + 1
        spare = self.n - sum(minimum.values())
        if spare < 0:
            raise ValueError(f"systems={self.n}: too few for {len(self.depts)} departments")
        total_weight = sum(d.weight for d in self.depts)
        shares = [spare * d.weight / total_weight for d in self.depts]
        counts = [math.floor(s) for s in shares]
        left = spare - sum(counts)
        order = sorted(range(len(self.depts)), key=lambda i: (counts[i] - shares[i], i))
        for i in order[:left]:
            counts[i] += 1
        for d, c in zip(self.depts, counts, strict=True):
            d.count = minimum[d.id] + c

    def _plan_networks(self) -> None:
        """Which departments run a private, a vertical and a classified network; which are retained."""
        rng, n = self.rng, self.n
        for d in self.depts:
            if d.id in names.BASE_HOLDERS or rng.random() < (0.9 if d.is_region else 0.8):
                d.main_net = self._add_net(f"net-{d.id}", self._net_name(d, names.DEPT_ROWS[d.template][4]), d, "main")
        # classified networks: the secrecy-minded departments first, then any region-level one with room
        n_classified = max(1, round(n / 200))
        preferred = ["bmj", "gaj", "rfb", "zfb"]
        candidates = [d for d in self.depts if d.is_region and d.count >= 3]
        candidates.sort(key=lambda d: (preferred.index(d.id) if d.id in preferred else 9, d.index))
        head, tail = candidates[:4], candidates[4:]
        rng.shuffle(tail)
        for d in (head + tail)[:n_classified]:
            d.classified_net = self._add_net(f"net-{d.id}-sm", self._net_name(d, f"{d.short}涉密网"), d, "classified")
        # vertical networks run by the upper level, in departments with vertical business
        n_vertical = max(1, round(n / 80))
        candidates = [d for d in self.depts if any("v" in t[3] for t in names.DEPT_SYSTEMS[d.template])]
        region_first = [d for d in candidates if d.is_region] + [d for d in candidates if not d.is_region]
        head = region_first[: max(1, n_vertical // 2)]
        tail = region_first[len(head):]
        rng.shuffle(tail)
        for d in head + tail[: n_vertical - len(head)]:
            name = names.DEPT_ROWS[d.template][5] or f"{d.short}纵向专网"
            d.vertical_net = self._add_net(f"net-{d.id}-zx", self._net_name(d, name), d, "vertical")
        verticals = [net for net in self.networks if net.kind == "vertical"]
        for net in rng.sample(verticals, min(len(verticals), max(1, round(n / 250)))):
            net.retained = True
            net.retain = {"approved_by": f"{self.prefix}人民政府", "reason": _one(rng, names.RETAIN_REASONS)}
        # a few extra classified systems sit directly on the intranet
        others = [d for d in self.depts if d.is_region and d.classified_net is None and d.count >= 3]
        for d in rng.sample(others, min(len(others), round(n / 400))):
            d.extra_classified = True
        self.networks.sort(key=lambda net: (net.dept.index, ("main", "vertical", "classified").index(net.kind)))

    def _net_name(self, d: _Dept, name: str) -> str:
        county = self.county_names.get(d.county, "") if d.county else ""
        return (county[:-1] if county else "") + name

    def _add_net(self, id: str, name: str, d: _Dept, kind: str) -> _Net:
        net = _Net(id, name, d, kind)
        d.networks.append(net)
        self.networks.append(net)
        return net

    # -- systems ------------------------------------------------------------------------------

    def _make_systems(self) -> None:
        """Each department's systems from its templates: base and classified ones first, then the rest."""
        rng = self.rng
        for d in self.depts:
            own = [t for t in names.DEPT_SYSTEMS[d.template] if "c" not in t[3]]
            base = [t for t in own if t[4]] if d.is_region and d.id in names.BASE_HOLDERS else []
            specific = [t for t in own if not t[4]]
            generic = list(names.GENERIC)
            rng.shuffle(generic)
            if not d.is_region:
                rng.shuffle(specific)
            n_classified = 0
            if d.classified_net is not None:
                n_classified = 2 if d.count >= 4 else 1
            elif d.extra_classified:
                n_classified = 1
            classified = [t for t in names.DEPT_SYSTEMS[d.template] if "c" in t[3]] + list(names.CLASSIFIED)
            pool = specific + generic
            picks = base + classified[:n_classified]
            need = d.count - len(picks)
            for i in range(need):
                slug, name, function, flags, _ = pool[i % len(pool)]
                round_ = i // len(pool)
                if round_:
                    slug, name = f"{slug}-{round_ + 1}", f"{name}{_cn_number(round_ + 1)}期"
                picks.append((slug, name, function, flags, False))
            for k, t in enumerate(picks):
                s = _Sys(d, t)
                s.name = s.name.replace("{s}", d.short)
                if base and k < len(base):
                    s.role = "base"
                elif k < len(base) + n_classified:
                    s.role = "classified"
                d.systems.append(s)
                self.systems.append(s)

    def _choose_tight_groups(self) -> None:
        """Tight groups inside departments: one (or more) cycles of three, apps with database/front end."""
        rng, n = self.rng, self.n

        def free(d: _Dept) -> list[_Sys]:
            return [s for s in d.systems if s.role == "" and "v" not in s.flags and "h" not in s.flags]

        hosts = [d for d in self.depts if d.main_net is not None and len(free(d)) >= 4]
        n_cycles = max(1, round(n / 400))
        cycle_hosts = sorted(hosts, key=lambda d: (d.template != "rsj" or not d.is_region, d.index))
        cycle_hosts = cycle_hosts[:1] + rng.sample(cycle_hosts[1:], min(len(cycle_hosts) - 1, n_cycles - 1))
        for d in cycle_hosts:
            members = free(d)[:3]
            for a, b in zip(members, members[1:] + members[:1], strict=True):
                a.tight.append((b, [8080]))
            for s in members:
                s.role = "tight"
        hosts = [d for d in hosts if len(free(d)) >= 3]
        for i, d in enumerate(rng.sample(hosts, min(len(hosts), round(n / 50)))):
            app, db = free(d)[:2]
            db.name, db.function, db.flags, db.companion = app.name + "数据库", "数据存储", "", "db"
            db.slug = app.slug + "-db"
            app.tight.append((db, [_one(rng, [1521, 3306, 1433])]))
            group = [app, db]
            if i % 3 == 0 and len(free(d)) >= 3:
                front = free(d)[2]
                front.name, front.function, front.flags, front.companion = app.name + "前置服务", "前置交换", "", "front"
                front.slug = app.slug + "-qz"
                front.tight.append((app, [_one(rng, [443, 8080])]))
                group.append(front)
            for s in group:
                s.role = "tight"

    def _assign_roles(self) -> None:
        """Shadows, zombies, section systems, blocked, already on cloud, vertical; the rest normal."""
        rng, n = self.rng, self.n
        pool = [s for s in self.systems if s.role == ""]

        def take(k: int, candidates: list[_Sys], role: str) -> list[_Sys]:
            chosen = rng.sample(candidates, min(k, len(candidates)))
            for s in chosen:
                s.role = role
            return chosen

        def plain_first(candidates: list[_Sys]) -> list[_Sys]:
            """Small unflagged systems (OA, mail, ledgers) when there are enough, else anything."""
            plain = [s for s in candidates if not any(f in s.flags for f in "pxr")]
            return plain if len(plain) >= len(candidates) // 2 else candidates

        take(round(0.02 * n), plain_first([s for s in pool if "x" not in s.flags and "r" not in s.flags]), "shadow")
        zombies = take(round(0.08 * n), plain_first([s for s in pool if s.role == "" and s.dept.count >= 2]), "zombie")
        take(round(0.08 * n) - len(zombies), [s for s in pool if s.role == "" and s.dept.count >= 2], "zombie")
        take(round(0.10 * n), [s for s in pool if s.role == "" and s.dept.count >= 3 and s.dept.sections
                               and "p" not in s.flags], "section")
        flagged = [s for s in pool if s.role == "" and ("v" in s.flags or "h" in s.flags)]
        blocked = take(round(0.05 * n), flagged, "blocked")
        take(round(0.05 * n) - len(blocked), [s for s in pool if s.role == ""], "blocked")
        take(round(0.03 * n), [s for s in pool if s.role == "" and "v" not in s.flags], "oncloud")
        take(round(0.02 * n), [s for s in pool if s.role == "" and "v" in s.flags], "vertical")
        for s in pool:
            if s.role == "":
                s.role = "normal"
        # a section system is merged into another system of its department: keep one to merge into
        for d in self.depts:
            keepers = [s for s in d.systems if s.role in ("base", "normal", "tight", "vertical", "oncloud", "blocked")]
            if not keepers:
                for s in d.systems:
                    if s.role in ("section", "zombie"):
                        s.role = "normal"
                        break

    def _name_systems(self) -> None:
        """Section systems take their section's name; then every system gets its unique id."""
        rng = self.rng
        for s in self.systems:
            if s.role == "section":
                k = _below(rng, len(s.dept.sections))
                slug, suffix, function = _one(rng, names.SECTION_SUFFIXES)
                s.section = s.dept.sections[k]
                s.slug, s.name, s.function = f"ks{k + 1}-{slug}", s.section + suffix, function
                s.flags = ""
        for s in self.systems:
            s.id = _unique(s.slug if s.fixed else f"{s.dept.id}-{s.slug}", self.ids)

    def _place_systems(self) -> None:
        """Public-facing, hosting and network of every system, by its role."""
        rng = self.rng
        for s in self.systems:
            d, role = s.dept, s.role
            s.public = "p" in s.flags and role not in ("section", "classified")
            main = d.main_net
            vert = d.vertical_net if d.vertical_net is not None else main
            if role == "classified":
                s.network = d.classified_net.id if d.classified_net is not None else "intranet"
                s.hosting = "self-room"
            elif role == "base":
                s.network, s.hosting = (main.id if main else "extranet-admin"), "dept-cloud"
            elif role == "oncloud":
                s.network, s.hosting = ("extranet-public" if s.public else "extranet-admin"), "gov-cloud"
            elif role == "tight":
                s.network, s.hosting = main.id, _one(rng, ("self-room", "self-room", "dept-cloud"))
            elif role == "blocked" and "v" in s.flags:
                s.network, s.hosting = (vert.id if vert else "extranet-admin"), "vertical"
            elif role == "vertical":
                # run locally on the upper level's network: moves with it, then to the cloud
                s.network = vert.id if vert is not None and not vert.retained else (main.id if main else "extranet-admin")
                s.hosting = _one(rng, ("self-room", "self-room", "dept-cloud"))
            else:
                s.hosting = _pick(rng, ("self-room", "dept-cloud", "industry-cloud"), (62, 22, 8))
                x = rng.random()
                if main is None:
                    s.network = "internet" if s.public and x < 0.5 else ("extranet-public" if s.public else "extranet-admin")
                elif x < 0.76 or role == "blocked":
                    s.network = main.id
                elif x < 0.88:
                    s.network = "extranet-public" if s.public else "extranet-admin"
                else:
                    s.network = "internet" if s.public else main.id
            if s.network.startswith("net-") and self._net(s.network).retained and role != "blocked":
                s.network = main.id if main and not main.retained else "extranet-admin"

    def _net(self, id: str) -> _Net:
        if not hasattr(self, "_nets_by_id"):
            self._nets_by_id = {net.id: net for net in self.networks}
        return self._nets_by_id[id]

    def _fill_system_records(self) -> None:
        """Every FORMATS.md field of every system, in FORMATS.md key order."""
        rng = self.rng
        for s in self.systems:
            d, role = s.dept, s.role
            if role == "zombie":
                self._zombie_rules(s)
            scope = self._scope(s)
            users = self._monthly_users(s, scope)
            rec: dict[str, Any] = {"id": s.id, "name": s.name, "department": d.id}
            if s.section:
                rec["section"] = s.section
            rec["function"] = s.function
            rec["scope"] = scope
            rec["monthly_users"] = users
            last_change = self._last_change(s)
            if role != "shadow" and (rng.random() < 0.88 or role in ("base", "classified")):
                latest = last_change or date(2017, 6, 30)
                span = (latest - date(2006, 1, 1)).days
                rec["approved"] = {"by": _one(rng, d.approvers),
                                   "date": date(2006, 1, 1) + timedelta(days=_below(rng, max(1, span)))}
            rec["funding"] = self._funding(s)
            rec["classified"] = role == "classified"
            rec["protection_level"] = self._protection_level(s, scope)
            rec["public_facing"] = s.public
            rec["hosting"] = s.hosting
            resources, data_tb = self._resources(s, scope)
            rec["resources"] = resources
            rec["data_tb"] = data_tb
            rec["network"] = s.network
            if role == "shadow":
                rec["in_ledger"] = False
            if "om" in s.zombie_rules:
                rec["om_active"] = False
            if "idle" in s.zombie_rules:
                rec["idle"] = True
            if last_change is not None:
                rec["last_change"] = last_change
            if s.replace is not None:
                rec["replaceable_by"] = s.replace.id
            rec["migration"] = self._migration(s)
            s.record = rec

    def _zombie_rules(self, s: _Sys) -> None:
        rng = self.rng
        keepers = [o for o in s.dept.systems if o is not s and o.role in ("normal", "tight", "oncloud")]
        options = ["om", "idle", "stale", "low"] + (["replace"] * 2 if keepers else [])
        s.zombie_rules = rng.sample(options, _one(rng, (1, 1, 2)))
        if "replace" in s.zombie_rules:
            s.replace = _one(rng, keepers)

    def _scope(self, s: _Sys) -> str:
        if s.role == "section":
            return "section"
        if "low" in s.zombie_rules or s.companion:
            return "department"
        if s.role == "base" or "r" in s.flags:
            return "region"
        if s.public:
            return "public"
        if "x" in s.flags:
            return "cross-department"
        return "cross-department" if self.rng.random() < 0.25 else "department"

    def _monthly_users(self, s: _Sys, scope: str) -> int:
        rng = self.rng
        if "low" in s.zombie_rules:
            return _between(rng, 0, 19)
        low, high = {"section": (30, 150), "department": (30, 1500), "cross-department": (200, 6000),
                     "region": (2000, 60000), "public": (3000, 300000)}[scope]
        if not s.dept.is_region:
            high = max(low + 10, high // 4)
        return int(math.exp(rng.uniform(math.log(low), math.log(high))))

    def _last_change(self, s: _Sys) -> date | None:
        rng = self.rng
        if "stale" in s.zombie_rules:
            return date(2011, 1, 1) + timedelta(days=_below(rng, (_STALE_BEFORE - date(2011, 1, 1)).days - 30))
        if rng.random() < 0.1 and s.role != "base":
            return None
        start = _STALE_BEFORE + timedelta(days=45)
        return start + timedelta(days=_below(rng, (date(2017, 11, 30) - start).days))

    def _funding(self, s: _Sys) -> dict[str, Any]:
        rng = self.rng
        source = "self" if s.role == "shadow" else _pick(
            rng, ("fiscal", "joint", "purchased-service", "self"), (60, 10, 18, 12))
        big = s.role == "base" or "r" in s.flags or "x" in s.flags
        build = math.exp(rng.uniform(math.log(3e5 if big else 5e4), math.log(2e7 if big else 3e6)))
        om = min(800_000, max(20_000, build * rng.uniform(0.06, 0.15)))
        if source == "purchased-service":
            build = build * 0.2
        return {"source": source, "build_cny": int(round(build, -3)), "yearly_om_cny": int(round(om, -3))}

    def _protection_level(self, s: _Sys, scope: str) -> int:
        rng = self.rng
        if s.role == "classified":
            return _one(rng, (3, 3, 4))
        if s.role == "base" or s.dept.template == "gaj" and scope != "section" and rng.random() < 0.3:
            # level 4 is above what the government cloud is rated for: only where the system stays anyway
            return 4 if s.role == "blocked" and rng.random() < 0.5 else 3
        if scope in ("public", "region", "cross-department"):
            return 3 if rng.random() < 0.8 else 2
        if scope == "section":
            return _one(rng, (1, 2))
        return _pick(rng, (1, 2, 3), (15, 65, 20))

    def _resources(self, s: _Sys, scope: str) -> tuple[dict[str, Any], float]:
        rng = self.rng
        if s.role == "base":
            vcpu = _one(rng, (32, 64))
        elif scope in ("public", "region") or "x" in s.flags:
            vcpu = _pick(rng, (4, 8, 16, 32, 64), (15, 30, 30, 18, 7))
        elif scope == "section" or s.role in ("zombie", "shadow"):
            vcpu = _pick(rng, (2, 4, 8), (45, 40, 15))
        else:
            vcpu = _pick(rng, (2, 4, 8, 16, 32), (15, 35, 30, 15, 5))
        memory = min(256, max(4, vcpu * _one(rng, (2, 4, 4, 8 if s.companion == "db" else 4))))
        median = 4.0 if s.role == "base" else (1.2 if s.companion == "db" else 0.6)
        storage = round(min(20.0, max(0.1, rng.lognormvariate(math.log(median), 0.9))), 1)
        data = round(max(0.01, storage * rng.uniform(0.2, 0.9)), 2)
        return {"vcpu": vcpu, "memory_gb": memory, "storage_tb": storage}, min(data, storage)

    def _migration(self, s: _Sys) -> dict[str, Any]:
        rng = self.rng
        if s.role == "base":
            effort = _between(rng, 20, 40)
        elif s.companion:
            effort = _between(rng, 3, 14)
        else:
            band = _pick(rng, ((3, 7), (8, 14), (15, 21), (22, 40)), (58, 27, 9, 6))
            effort = _between(rng, *band)
        blocker = None
        if s.role == "blocked":
            blocker = names.BLOCKERS["v" if "v" in s.flags else "h" if "h" in s.flags else ""]
            if s.network.startswith("net-") and self._net(s.network).retained:
                blocker = names.BLOCKERS["v"]
        eligible: bool | str = False if blocker else ("auto" if rng.random() < 0.85 else True)
        return {"eligible": eligible, "blocker": blocker, "effort_days": effort,
                "cutover_hours": _one(rng, (2, 4, 8, 8, 8, 12, 24, 48))}

    def _add_dependencies(self) -> None:
        """Loose dependencies on the base systems and across departments; the tight groups; shares."""
        rng = self.rng
        by_id = {s.id: s for s in self.systems}
        bases = [b for b, _ in names.BASE_DEPENDENCY_WEIGHTS if b in by_id]
        weights = tuple(w for b, w in names.BASE_DEPENDENCY_WEIGHTS if b in by_id)
        targets = [s for s in self.systems if s.depend_target and s.role != "base"]
        for s in self.systems:
            deps: list[dict[str, Any]] = []
            if s.role == "classified":
                pass
            elif s.role == "base":
                for target in names.BASE_DEPENDENCIES.get(s.id, ()):
                    if target in by_id:
                        deps.append(self._dep(target, "loose", [443]))
            else:
                for target, ports in s.tight:
                    deps.append(self._dep(target.id, "tight", ports))
                if bases and rng.random() < 0.65:
                    picked: list[str] = []
                    for _ in range(_one(rng, (1, 1, 2, 2, 3))):
                        b = _pick(rng, bases, weights)
                        if b not in picked:
                            picked.append(b)
                    for b in picked:
                        deps.append(self._dep(b, "loose", _one(rng, (None, [443], [443], [8080], [443, 8080]))))
                if targets and rng.random() < 0.12:
                    other = _one(rng, targets)
                    if other.dept is not s.dept and all(dep["system"] != other.id for dep in deps):
                        deps.append(self._dep(other.id, "loose", _one(rng, ([443], [8080], None))))
            if deps:
                s.record["depends_on"] = deps
            self._shares(s)

    @staticmethod
    def _dep(system: str, coupling: str, ports: list[int] | None) -> dict[str, Any]:
        dep: dict[str, Any] = {"system": system, "coupling": coupling}
        if ports is not None:
            dep["ports"] = list(ports)
        return dep

    def _shares(self, s: _Sys) -> None:
        rng = self.rng
        if s.role == "base":
            s.record["shares"] = list(names.BASE_SHARES[s.id])
            s.record["connected_to_sharing"] = True
            return
        if s.role not in ("normal", "tight", "vertical", "blocked", "oncloud") or s.companion or rng.random() > 0.4:
            return
        shares = [f"{s.function}信息"] + ([f"{s.function}统计数据"] if rng.random() < 0.3 else [])
        s.record["shares"] = shares
        # the sharing milestone falls early: what cannot reach the extranet in time is connected already
        off_extranet = s.network in ("internet",) or s.role in ("blocked", "vertical") or (
            s.network.startswith("net-") and self._net(s.network).retained)
        if off_extranet or rng.random() < 0.75:
            s.record["connected_to_sharing"] = True

    # -- networks, exits, assets --------------------------------------------------------------

    def _address_networks(self) -> None:
        """RFC 1918 blocks for every network; ~10 % of the networks overlap another department's."""
        rng = self.rng
        count = len(self.networks)
        space_ten = (10 << 24) + (1 << 16), (10 << 24) + (240 << 16)  # 10.1.0.0 .. 10.239.255.255
        space_172 = (172 << 24) + (16 << 16), (172 << 24) + (32 << 16)
        room = (space_ten[1] - space_ten[0]) + (space_172[1] - space_172[0])
        p0 = 16
        while p0 < 24 and count * 2 ** (32 - p0) * 1.6 > room:
            p0 += 1
        spaces = [list(space_ten), list(space_172)]
        for net in self.networks:
            d = net.dept
            extra = {"main": 0 if d.is_region else 2, "vertical": 1, "classified": 4}[net.kind]
            prefix = min(24, p0 + extra)
            size = 2 ** (32 - prefix)
            for space in spaces:
                start = _nice_ceil(space[0], size)
                if start + size <= space[1]:
                    space[0] = start + size
                    break
            else:
                raise ValueError("private address space exhausted")
            net.base, net.size = start, size
            net.cidrs = [_cidr(start, prefix)]
            if net.kind == "classified":
                net.sites = _between(rng, 2, 30)
            elif net.kind == "vertical":
                net.sites = _between(rng, 5, 150)
            elif d.is_region:
                net.sites = _between(rng, 10, 300)
            else:
                net.sites = _between(rng, 1, 60)
            net.carrier = _pick(rng, names.CARRIERS, names.CARRIER_WEIGHTS)
            net.cost = int(round(min(2_000_000, max(50_000, 30_000 + net.sites * rng.uniform(3000, 8000))), -3))
        # deliberate overlaps: pairs of networks of different departments share address space
        pool = [net for net in self.networks if net.consolidatable]
        rng.shuffle(pool)
        pairs: list[tuple[_Net, _Net]] = []
        while len(pool) >= 2 and len(pairs) < max(1, round(0.05 * count)):
            a = pool.pop()
            b = next((x for x in pool if x.dept is not a.dept), None)
            if b is None:
                break
            pool.remove(b)
            pairs.append((a, b))
        common = [1, 0, 10, 100, 2, 3, 8, 20]
        for i, (a, b) in enumerate(pairs):
            if i % 2 == 0 or i // 2 >= 256:
                b.cidrs.append(a.cidrs[0])  # e.g. both on 10.1.0.0/16
            else:
                k = i // 2
                third = common[k] if k < len(common) else k
                shared = f"192.168.{third % 256}.0/24"
                a.cidrs.append(shared)
                b.cidrs.append(shared)

    def _make_exits(self) -> None:
        """1–3 exits per department, on the office LAN or one of its own consolidatable networks."""
        rng = self.rng
        cursors = {c: int(ipaddress.IPv4Network(space).network_address) for c, space in names.CARRIER_SPACE.items()}
        limits = {c: int(ipaddress.IPv4Network(space).broadcast_address) for c, space in names.CARRIER_SPACE.items()}
        for d in self.depts:
            nets = [net for net in d.networks if net.consolidatable]
            for k in range(_pick(rng, (1, 2, 3), (33, 37, 30))):
                net = _one(rng, nets) if nets and rng.random() < 0.45 else None
                carrier = net.carrier if net is not None and rng.random() < 0.7 else _pick(rng, names.CARRIERS, names.CARRIER_WEIGHTS)
                bandwidth = _one(rng, (10, 20, 50, 100, 100, 200, 300, 500, 1000) if d.is_region
                                       else (10, 20, 20, 50, 50, 100, 100, 200))
                peak = max(1, round(bandwidth * rng.uniform(0.2, 0.95)))
                prefix = _one(rng, (29, 29, 29, 28))
                cursors[carrier] += _below(rng, 1, 4) * 16  # exits are scattered over the carrier's space
                if cursors[carrier] + 16 > limits[carrier]:
                    raise ValueError(f"public address space of {carrier} exhausted")
                cost = int(round(min(300_000, max(10_000, 8000 + bandwidth * rng.uniform(300, 900))), -2))
                d.exits.append({"id": f"exit-{d.id}-{k + 1}", "department": d.id,
                                "network": net.id if net is not None else None, "carrier": carrier,
                                "bandwidth_mbps": bandwidth, "peak_mbps": peak,
                                "public_cidrs": [_cidr(cursors[carrier], prefix)], "yearly_cost_cny": cost})
            self._publish(d)
            self.exits.extend(d.exits)

    def _publish(self, d: _Dept) -> None:
        """Each migrating public-facing system of the department behind its own network or the LAN."""
        rng = self.rng
        for s in d.systems:
            if not (s.public and s.role in ("normal", "tight", "base")) or s.network.startswith("extranet"):
                continue
            exit_ = next((e for e in d.exits if e["network"] == s.network), None) or next(
                (e for e in d.exits if e["network"] is None), None) or d.exits[0]
            ports = _pick(rng, ([443], [80], [80, 443]), (70, 15, 15))
            exit_.setdefault("published", []).extend({"system": s.id, "port": p} for p in ports)
            s.published = True

    def _make_assets(self) -> None:
        """Hosts found by a scan of the private networks; ~3 % of them belong to no known system."""
        rng = self.rng
        for s in self.systems:
            if not s.network.startswith("net-"):
                continue
            net = self._net(s.network)
            if net.kind == "classified":
                continue
            for _ in range(_pick(rng, (1, 2, 3), (60, 30, 10))):
                if s.companion == "db":
                    ports = [_one(rng, (1521, 3306, 1433))]
                elif s.public:
                    ports = [80, 443]
                else:
                    ports = _one(rng, ([443], [8080], [80, 8080], [22, 443], [3389, 80]))
                self.assets.append(self._asset(net, ports, s.id))
        scanned = [net for net in self.networks if net.kind != "classified"]
        for _ in range(round(len(self.assets) * 0.03)):
            net = _one(rng, scanned)
            self.assets.append(self._asset(net, _one(rng, ([22], [3389], [80], [445, 3389], [8080], [21, 80])), None))
        order = {net.id: i for i, net in enumerate(self.networks)}
        keyed = sorted((order[a["network"]], a.pop("_int"), i) for i, a in enumerate(self.assets))
        self.assets = [self.assets[i] for _, _, i in keyed]

    def _asset(self, net: _Net, ports: list[int], system: str | None) -> dict[str, Any]:
        while True:
            offset = _below(self.rng, 2, min(net.size, 65536) - 1)
            if offset % 256 not in (0, 255) and offset not in net.used:
                net.used[offset] = True
                break
        address = net.base + offset
        return {"address": _dotted(address), "network": net.id, "ports": list(ports), "system": system,
                "_int": address}

    # -- topology -----------------------------------------------------------------------------

    def _bandwidth_steps(self, concurrency: float) -> list[int]:
        """The usual steps up to 100 Gbps, doubled further until the busiest platform fits (large regions)."""
        steps = [100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000]
        peaks: dict[str | None, float] = {}
        for d in self.depts:
            for e in d.exits:
                peaks[d.county] = peaks.get(d.county, 0) + e["peak_mbps"]
        while steps[-1] < concurrency * max(peaks.values(), default=0):
            steps.append(steps[-1] * 2)
        return steps

    def _make_topology(self) -> dict[str, Any]:
        """Pools, clouds, exit platforms and teams sized to the region (see module docstring)."""
        n_depts, n_counties = len(self.depts), self.n_counties
        migrating = [s for s in self.systems if s.migrating]
        pool_prefix = min(22, _pow2_prefix(n_depts * 32 * 4))
        if pool_prefix >= 17:
            public, admin = f"59.255.0.0/{pool_prefix}", f"59.255.128.0/{pool_prefix}"
        else:
            public, admin = f"59.224.0.0/{pool_prefix}", f"59.192.0.0/{pool_prefix}"
        n_classified = sum(1 for net in self.networks if net.kind == "classified") + sum(
            1 for d in self.depts if d.extra_classified)
        intranet = f"10.248.0.0/{min(20, _pow2_prefix(n_classified * 256 * 2))}"
        county_prefix = min(22, _pow2_prefix(n_counties * 16 * 4))
        if county_prefix >= 18:
            county_pool = f"218.56.64.0/{county_prefix}"
        elif county_prefix == 17:
            county_pool = "218.56.128.0/17"
        else:
            county_pool = f"218.{58 if county_prefix >= 15 else 64}.0.0/{county_prefix}"
        region_pool = f"218.56.0.0/{24 if n_depts < 2000 else 22}"

        clouds = []
        for cloud_id, domain, public_facing in (("public-cloud", "public", True), ("admin-cloud", "admin", False)):
            need = [s for s in migrating if s.public == public_facing]
            vcpu = sum(s.record["resources"]["vcpu"] for s in need)
            memory = sum(s.record["resources"]["memory_gb"] for s in need)
            storage = sum(s.record["resources"]["storage_tb"] for s in need)
            steps = []
            for start, share in ((date(2017, 12, 1), 0.4), (date(2018, 4, 1), 1.15)):
                steps.append({"from": start, "vcpu": int(_nice_ceil(vcpu * share, 50)),
                              "memory_gb": int(_nice_ceil(memory * share, 256)),
                              "storage_tb": int(_nice_ceil(storage * share, 10))})
            clouds.append({"id": cloud_id, "domain": domain, "capacity": steps})

        waves = {s.id: max(1, math.ceil(s.record["migration"]["effort_days"] / 7)) for s in migrating}
        region_load = sum(waves[s.id] for s in migrating if s.dept.is_region)
        county_load: dict[str, int] = {}
        for s in migrating:
            if s.dept.county is not None:
                county_load[s.dept.county] = county_load.get(s.dept.county, 0) + waves[s.id]
        city_slots = max(6, math.ceil(region_load / 40))
        county_slots = max(3, min(5, math.ceil(max(county_load.values(), default=0) / 12)))
        group_data = max([s.record["data_tb"] + sum(t.record["data_tb"] for t, _ in s.tight) for s in migrating]
                         + [0.0])
        total_data = sum(s.record["data_tb"] for s in migrating)
        transfer = int(_nice_ceil(max(total_data * 3 / 52, group_data * 1.5, 10), 5))
        return {"topology": {
            "id": f"{self.region['id']}-egov",
            "extranet": {"public": {"pool": [public]}, "admin": {"pool": [admin]}, "department_prefix": 27},
            "intranet": {"pool": [intranet]},
            "clouds": clouds,
            "exit_platforms": {
                "region": {"carriers": ["telecom", "unicom"], "public_cidrs": [region_pool]},
                "county": {"carriers": ["telecom", "unicom"], "public_cidrs": [county_pool], "county_prefix": 28},
                "concurrency": 0.6,
                "bandwidth_steps_mbps": self._bandwidth_steps(0.6),
                "price_cny_per_mbps_year": 400,  # bulk price of a consolidated line (the exits pay ~300-1,000 today)
            },
            "teams": [{"id": "city-ops" if self.prefix == "市" else "province-ops", "serves": "region",
                       "slots": city_slots},
                      {"id": "county-ops", "serves": "counties", "slots": county_slots}],
            "transfer_tb_per_wave": transfer,
        }}

    # -- dicts --------------------------------------------------------------------------------

    @staticmethod
    def _department_dict(d: _Dept) -> dict[str, Any]:
        return {"id": d.id, "name": d.name, "county": d.county, "sections": list(d.sections)}

    @staticmethod
    def _network_dict(net: _Net) -> dict[str, Any]:
        out: dict[str, Any] = {"id": net.id, "name": net.name, "department": net.dept.id,
                               "vertical": net.kind == "vertical", "classified": net.kind == "classified",
                               "cidrs": list(net.cidrs), "sites": net.sites, "carrier": net.carrier,
                               "yearly_cost_cny": net.cost}
        if net.retain is not None:
            out["retain"] = dict(net.retain)
        return out
