"""Write the bundled example region, Tai'an 泰安市, made with `planner.synthetic`.

    python tools/make_example.py            # writes inventory/example-taian/*.yaml, topologies/example-taian.yaml
    python tools/make_example.py --out DIR  # the same files under DIR instead of the repository

The example is `generate_region(400, seed=SEED, region=TAIAN)` — Tai'an's six real county-level
divisions with their township counts — plus one hand-made post-processing step:

* `_deliberate_classified_coupling`: a non-classified public-security system (警务综合平台,
  `gaj-jwzh`) gets a *tight* dependency on the classified 情报信息系统 (`gaj-qbxx`). The generator
  never makes such a pair; the example keeps one on purpose because the planner must report it
  (a classified system cannot move with its partner to a cloud).
* `_crews` (FORMATS.md version 2): the city's crews for networks, exits and clean-up, the sites a
  network crew connects per wave (30) and the exit platforms' readiness (the city platform
  2018-04-01, the county platforms 2018-05-01), chosen so that the 62 networks (5,421 sites),
  120 exits and the clean-up spread over the waves instead of landing in the first week; the
  migration teams grow to 12 (city) and 4 (each county) slots, since migrations may cut over only
  after the migration list (2018-03-01) and still reach 70 % by 2018-06-30.

Never edit the YAML by hand: it must stay byte-for-byte what this script writes (a test checks).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.synthetic import generate_region  # noqa: E402

SEED = 17  # 泰政办发〔2017〕17号
SYSTEMS = 400
TAIAN = {
    "id": "taian",
    "name": "泰安市",
    "level": "city",
    "counties": [
        {"id": "taishan", "name": "泰山区", "townships": 7},
        {"id": "daiyue", "name": "岱岳区", "townships": 17},
        {"id": "xintai", "name": "新泰市", "townships": 20},
        {"id": "feicheng", "name": "肥城市", "townships": 14},
        {"id": "ningyang", "name": "宁阳县", "townships": 13},
        {"id": "dongping", "name": "东平县", "townships": 14},
    ],
}
INVENTORY_FILES = ("region", "departments", "systems", "networks", "exits", "assets")


class _Dumper(yaml.SafeDumper):
    """Block style, no anchors/aliases (every list is its own object anyway)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=4096)


def _deliberate_classified_coupling(inventory: dict[str, Any]) -> None:
    """One tight dependency of a non-classified system on a classified one (a finding to report)."""
    systems = {s["id"]: s for s in inventory["systems"]}
    dependent, classified = systems["gaj-jwzh"], systems["gaj-qbxx"]
    assert not dependent["classified"] and classified["classified"]
    dependent.setdefault("depends_on", []).append({"system": classified["id"], "coupling": "tight", "ports": [443]})


CREWS = [  # (id, serves, slots, works_on)
    ("net-crew", "region", 6, "networks"), ("county-net", "counties", 1, "networks"),
    ("exit-crew", "region", 8, "exits"), ("county-exit", "counties", 2, "exits"),
    ("cleanup", "region", 10, "decommissions"), ("county-cleanup", "counties", 3, "decommissions"),
]


def _crews(topology: dict[str, Any]) -> None:
    """Version 2: crews for every kind of work, network sites per wave, platform readiness dates."""
    top = topology["topology"]
    slots = {"city-ops": 12, "county-ops": 4}  # the migration list waits for 2018-02-28: more hands after it
    top["teams"] = [{**t, "slots": slots.get(t["id"], t["slots"])} for t in top["teams"]]
    top["teams"] += [{"id": i, "serves": serves, "slots": slots, "works_on": kind} for i, serves, slots, kind in CREWS]
    top["network_sites_per_wave"] = 30
    top["exit_platforms"]["region"]["ready"] = dt.date(2018, 4, 1)
    top["exit_platforms"]["county"]["ready"] = dt.date(2018, 5, 1)


def build() -> tuple[dict[str, Any], dict[str, Any]]:
    """The example's inventory and topology, post-processed."""
    inventory, topology = generate_region(SYSTEMS, SEED, region=TAIAN)
    _deliberate_classified_coupling(inventory)
    _crews(topology)
    return inventory, topology


def write(root: Path) -> list[Path]:
    """Write the example under `root`; returns the files written."""
    inventory, topology = build()
    folder = root / "inventory" / "example-taian"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for key in INVENTORY_FILES:
        path = folder / f"{key}.yaml"
        path.write_text(_dump({key: inventory[key]}), encoding="utf-8")
        written.append(path)
    path = root / "topologies" / "example-taian.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dump(topology), encoding="utf-8")
    written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT, help="root directory to write under (default: the repository)")
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
