"""The topology that goes with the inventory: pools, clouds, exit platforms, teams, transfer.

Sized to the region rather than drawn (no random draws here): address pools large enough for every
department, cloud capacity in two steps that end a little above what the migrating systems need,
exit bandwidth steps up to the busiest platform, team slots and transfer volume from the migration
effort and data of the migrating systems. With ``crews`` (version 2, FORMATS.md rule 14): crews for
networks, exits and clean-up sized to their work, the sites a network crew connects per wave, and
readiness dates of the exit platforms.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from .ipv4 import nice_ceil, pow2_prefix
from .records import Draft
from .system_fields import PLAN_START

SITES_PER_WAVE = 30  # sites one network crew connects in one wave


def make_topology(draft: Draft, crews: bool = False) -> dict[str, Any]:
    """Pools, clouds, exit platforms and teams sized to the region (see module docstring)."""
    n_depts, n_counties = len(draft.depts), draft.n_counties
    migrating = [s for s in draft.systems if s.migrating]
    pool_prefix = min(22, pow2_prefix(n_depts * 32 * 4))
    if pool_prefix >= 17:
        public, admin = f"59.255.0.0/{pool_prefix}", f"59.255.128.0/{pool_prefix}"
    else:
        public, admin = f"59.224.0.0/{pool_prefix}", f"59.192.0.0/{pool_prefix}"
    n_classified = sum(1 for net in draft.networks if net.kind == "classified") + sum(
        1 for d in draft.depts if d.extra_classified)
    intranet = f"10.248.0.0/{min(20, pow2_prefix(n_classified * 256 * 2))}"
    county_prefix = min(22, pow2_prefix(n_counties * 16 * 4))
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
            steps.append({"from": start, "vcpu": int(nice_ceil(vcpu * share, 50)),
                          "memory_gb": int(nice_ceil(memory * share, 256)),
                          "storage_tb": int(nice_ceil(storage * share, 10))})
        clouds.append({"id": cloud_id, "domain": domain, "capacity": steps})

    waves = {s.id: max(1, math.ceil(s.record["migration"]["effort_days"] / 7)) for s in migrating}
    region_load = sum(waves[s.id] for s in migrating if s.dept.is_region)
    county_load: dict[str, int] = {}
    for s in migrating:
        if s.dept.county is not None:
            county_load[s.dept.county] = county_load.get(s.dept.county, 0) + waves[s.id]
    # version 2: migrations start later (the preset's not_before), so the teams are sized to a shorter window
    window, county_window = (24, 7) if crews else (40, 12)
    city_slots = max(6, math.ceil(region_load / window))
    county_slots = max(3, min(5 + 2 * crews, math.ceil(max(county_load.values(), default=0) / county_window)))
    group_data = max([s.record["data_tb"] + sum(t.record["data_tb"] for t, _ in s.tight) for s in migrating]
                     + [0.0])
    total_data = sum(s.record["data_tb"] for s in migrating)
    transfer = int(nice_ceil(max(total_data * 3 / 52, group_data * 1.5, 10), 5))
    topology = {
        "id": f"{draft.region['id']}-egov",
        "extranet": {"public": {"pool": [public]}, "admin": {"pool": [admin]}, "department_prefix": 27},
        "intranet": {"pool": [intranet]},
        "clouds": clouds,
        "exit_platforms": {
            "region": {"carriers": ["telecom", "unicom"], "public_cidrs": [region_pool]},
            "county": {"carriers": ["telecom", "unicom"], "public_cidrs": [county_pool], "county_prefix": 28},
            "concurrency": 0.6,
            "bandwidth_steps_mbps": _bandwidth_steps(draft, 0.6),
            "price_cny_per_mbps_year": 400,  # bulk price of a consolidated line (the exits pay ~300-1,000 today)
        },
        "teams": [{"id": "city-ops" if draft.prefix == "市" else "province-ops", "serves": "region",
                   "slots": city_slots},
                  {"id": "county-ops", "serves": "counties", "slots": county_slots}],
        "transfer_tb_per_wave": transfer,
    }
    if crews:
        _add_crews(draft, topology)
    return {"topology": topology}


def _add_crews(draft: Draft, topology: dict[str, Any]) -> None:
    """Version 2: crews for networks (a network takes ceil(sites / SITES_PER_WAVE) waves), exits and clean-up,
    sized so that networks fit in about half a year of waves, exits in two months and the switch-offs of zombies
    and shadows in three waves (the presets' clean-up dates fall in the first month); the platforms ready after a
    quarter."""
    def load(per_place: dict[str | None, int], waves: int, least: int) -> tuple[int, int]:
        region = per_place.get(None, 0)
        county = max((v for k, v in per_place.items() if k is not None), default=0)
        return max(least, math.ceil(region / waves)), max(1, math.ceil(county / waves))

    county_of = {d.id: d.county for d in draft.depts}
    net_load: dict[str | None, int] = {}
    for net in draft.networks:
        place = county_of.get(net.dept.id)
        net_load[place] = net_load.get(place, 0) + max(1, math.ceil(net.sites / SITES_PER_WAVE))
    exit_load: dict[str | None, int] = {}
    for d in draft.depts:
        exit_load[d.county] = exit_load.get(d.county, 0) + len(d.exits)
    switch_offs: dict[str | None, int] = {}  # zombies and shadows, switched off in the first month (a clean-up date)
    for s in draft.systems:
        if s.role in ("zombie", "shadow"):
            switch_offs[s.dept.county] = switch_offs.get(s.dept.county, 0) + 1
    for kind, (region, county) in (("networks", load(net_load, 26, 2)), ("exits", load(exit_load, 8, 4)),
                                   ("decommissions", load(switch_offs, 3, 5))):
        topology["teams"] += [{"id": f"{kind[:-1] if kind != 'decommissions' else 'cleanup'}-crew", "serves": "region",
                               "slots": region, "works_on": kind},
                              {"id": f"county-{kind[:-1] if kind != 'decommissions' else 'cleanup'}", "serves": "counties",
                               "slots": county, "works_on": kind}]
    topology["network_sites_per_wave"] = SITES_PER_WAVE
    platforms = topology["exit_platforms"]
    platforms["region"]["ready"] = PLAN_START + timedelta(weeks=12)
    platforms["county"]["ready"] = PLAN_START + timedelta(weeks=16)


def _bandwidth_steps(draft: Draft, concurrency: float) -> list[int]:
    """The usual steps up to 100 Gbps, doubled further until the busiest platform fits (large regions)."""
    steps = [100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000]
    peaks: dict[str | None, float] = {}
    for d in draft.depts:
        for e in d.exits:
            peaks[d.county] = peaks.get(d.county, 0) + e["peak_mbps"]
    while steps[-1] < concurrency * max(peaks.values(), default=0):
        steps.append(steps[-1] * 2)
    return steps
