"""The systems: made from each department's templates, then given a role, an id and a place.

The roles are the cases the planner has to recognise: tight groups (one cycle of three, apps with
their database or front end), shadows, zombies, section systems, blocked, already on the government
cloud, vertical, classified, base, and the rest normal. The role then decides the network and the
hosting; the FORMATS.md fields follow in `system_fields`.
"""

from __future__ import annotations

from . import names
from .draws import below, one, pick
from .names import cn_number, unique
from .records import Dept, Draft, Sys


def make_systems(draft: Draft) -> None:
    """Each department's systems from its templates: base and classified ones first, then the rest."""
    rng = draft.rng
    for d in draft.depts:
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
                slug, name = f"{slug}-{round_ + 1}", f"{name}{cn_number(round_ + 1)}期"
            picks.append((slug, name, function, flags, False))
        for k, t in enumerate(picks):
            s = Sys(d, t)
            s.name = s.name.replace("{s}", d.short)
            if base and k < len(base):
                s.role = "base"
            elif k < len(base) + n_classified:
                s.role = "classified"
            d.systems.append(s)
            draft.systems.append(s)


def choose_tight_groups(draft: Draft) -> None:
    """Tight groups inside departments: one (or more) cycles of three, apps with database/front end."""
    rng, n = draft.rng, draft.n

    def free(d: Dept) -> list[Sys]:
        return [s for s in d.systems if s.role == "" and "v" not in s.flags and "h" not in s.flags]

    hosts = [d for d in draft.depts if d.main_net is not None and len(free(d)) >= 4]
    n_cycles = max(1, round(n / 400))
    cycle_hosts = sorted(hosts, key=lambda d: (d.template != "rsj" or not d.is_region, d.index))
    cycle_hosts = cycle_hosts[:1] + rng.sample(cycle_hosts[1:], max(0, min(len(cycle_hosts) - 1, n_cycles - 1)))
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
        app.tight.append((db, [one(rng, [1521, 3306, 1433])]))
        group = [app, db]
        if i % 3 == 0 and len(free(d)) >= 3:
            front = free(d)[2]
            front.name, front.function, front.flags, front.companion = app.name + "前置服务", "前置交换", "", "front"
            front.slug = app.slug + "-qz"
            front.tight.append((app, [one(rng, [443, 8080])]))
            group.append(front)
        for s in group:
            s.role = "tight"


def assign_roles(draft: Draft) -> None:
    """Shadows, zombies, section systems, blocked, already on cloud, vertical; the rest normal."""
    rng, n = draft.rng, draft.n
    pool = [s for s in draft.systems if s.role == ""]

    def take(k: int, candidates: list[Sys], role: str) -> list[Sys]:
        chosen = rng.sample(candidates, min(k, len(candidates)))
        for s in chosen:
            s.role = role
        return chosen

    def plain_first(candidates: list[Sys]) -> list[Sys]:
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
    for d in draft.depts:
        keepers = [s for s in d.systems if s.role in ("base", "normal", "tight", "vertical", "oncloud", "blocked")]
        if not keepers:
            for s in d.systems:
                if s.role in ("section", "zombie"):
                    s.role = "normal"
                    break


def name_systems(draft: Draft) -> None:
    """Section systems take their section's name; then every system gets its unique id."""
    rng = draft.rng
    for s in draft.systems:
        if s.role == "section":
            k = below(rng, len(s.dept.sections))
            slug, suffix, function = one(rng, names.SECTION_SUFFIXES)
            s.section = s.dept.sections[k]
            s.slug, s.name, s.function = f"ks{k + 1}-{slug}", s.section + suffix, function
            s.flags = ""
    for s in draft.systems:
        s.id = unique(s.slug if s.fixed else f"{s.dept.id}-{s.slug}", draft.ids)


def place_systems(draft: Draft) -> None:
    """Public-facing, hosting and network of every system, by its role."""
    rng = draft.rng
    for s in draft.systems:
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
            s.network, s.hosting = main.id, one(rng, ("self-room", "self-room", "dept-cloud"))
        elif role == "blocked" and "v" in s.flags:
            s.network, s.hosting = (vert.id if vert else "extranet-admin"), "vertical"
        elif role == "vertical":
            # run locally on the upper level's network: moves with it, then to the cloud
            s.network = vert.id if vert is not None and not vert.retained else (main.id if main else "extranet-admin")
            s.hosting = one(rng, ("self-room", "self-room", "dept-cloud"))
        else:
            s.hosting = pick(rng, ("self-room", "dept-cloud", "industry-cloud"), (62, 22, 8))
            x = rng.random()
            if main is None:
                s.network = "internet" if s.public and x < 0.5 else ("extranet-public" if s.public else "extranet-admin")
            elif x < 0.76 or role == "blocked":
                s.network = main.id
            elif x < 0.88:
                s.network = "extranet-public" if s.public else "extranet-admin"
            else:
                s.network = "internet" if s.public else main.id
        if s.network.startswith("net-") and draft.net(s.network).retained and role != "blocked":
            s.network = main.id if main and not main.retained else "extranet-admin"
