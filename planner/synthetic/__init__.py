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

The steps run in a fixed order on one shared `records.Draft` (the rng and the records so far), one
module per concern: `region`, `networks`, `systems`, `system_fields`, `dependencies`, `exits`,
`assets`, `topology`; `names` holds the name tables, `draws` and `ipv4` the small helpers. Every
step draws from the same rng, so reordering steps or draws changes every region generated after.

>>> inventory, topology = generate_region(40, seed=1)
>>> len(inventory["systems"]), inventory["region"]["level"]
(40, 'city')
"""

from __future__ import annotations

from typing import Any

from .assets import make_assets
from .dependencies import add_dependencies
from .exits import make_exits
from .networks import address_networks, plan_networks
from .records import Draft
from .region import make_departments, make_region, size_departments
from .system_fields import PLAN_START, fill_system_records
from .systems import assign_roles, choose_tight_groups, make_systems, name_systems, place_systems
from .topology import make_topology

__all__ = ["generate_region", "BASE_SYSTEMS", "PLAN_START"]

BASE_SYSTEMS = ("pop-base", "legal-base", "spatial-base", "unified-id", "sharing-platform", "e-license")
MIN_SYSTEMS = 20


def generate_region(systems: int, seed: int, counties: int | None = None, *, region: dict[str, Any] | None = None,
                    crews: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    """A fictional region with `systems` systems: ``(inventory, topology)`` as FORMATS.md dicts.

    `counties` defaults to ``max(2, round(systems / 65))``. `region` (optional) fixes the region's
    identity: ``{"id", "name", "level", "counties": [{"id", "name", "townships"}, ...]}``; its
    counties then override `counties`. Dates are ``datetime.date`` objects. `crews`: the topology has crews for
    networks, exits and clean-up, network sites per wave and platform readiness dates (FORMATS.md version 2).
    """
    if systems < MIN_SYSTEMS:
        raise ValueError(f"systems={systems}: a region needs at least {MIN_SYSTEMS} systems")
    draft = Draft(systems, seed, counties, region)
    draft.crews = crews
    make_region(draft)
    make_departments(draft)
    size_departments(draft)
    plan_networks(draft)
    make_systems(draft)
    choose_tight_groups(draft)
    assign_roles(draft)
    name_systems(draft)
    place_systems(draft)
    fill_system_records(draft)
    add_dependencies(draft)
    address_networks(draft)
    make_exits(draft)
    make_assets(draft)
    inventory = {
        "region": draft.region,
        "departments": [d.as_dict() for d in draft.depts],
        "systems": [s.record for s in draft.systems],
        "networks": [net.as_dict() for net in draft.networks],
        "exits": draft.exits,
        "assets": draft.assets,
    }
    return inventory, make_topology(draft, crews)
