"""Loading a large inventory: the planner's loader against a naive one, in the same run.

    python benchmarks/bench_load.py [--systems 50000] [--seed 7]

The inventory comes from the seeded generator and is written as a directory of YAML files (as a
region would keep it). The planner's loader reads block YAML with its own line reader
(`planner.load.block_yaml`, PyYAML's resolver for the scalars), can locate every line for its error
messages and checks every cross-reference. Baselines in the same run: the same files parsed by
libyaml through PyYAML (what the loader used before; parsing alone, no models), and a naive loader,
`yaml.safe_load` (pure-Python parser) + one pydantic validation with no checks.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import yaml

from planner.load import load_inventory
from planner.load.sources import _CheckingLoader
from planner.model import Inventory
from planner.synthetic import generate_region


def write_inventory(data: dict, folder: Path, as_json: bool = False) -> None:
    for key in ("region", "departments", "systems", "networks", "exits", "assets"):
        if as_json:
            text = json.dumps({key: data[key]}, ensure_ascii=False, default=str, indent=1)
        else:
            text = yaml.dump({key: data[key]}, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
        (folder / f"{key}.{'json' if as_json else 'yaml'}").write_text(text, encoding="utf-8")


def naive_load(folder: Path) -> Inventory:
    merged: dict = {}
    for file in sorted(folder.glob("*.yaml")):
        merged.update(yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader))  # noqa: S506 - safe loader
    return Inventory.model_validate(merged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--systems", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    t0 = time.perf_counter()
    inventory, _ = generate_region(args.systems, args.seed)
    generated = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        folder, json_folder = Path(tmp) / "yaml", Path(tmp) / "json"
        folder.mkdir()
        json_folder.mkdir()
        write_inventory(inventory, folder)
        write_inventory(inventory, json_folder, as_json=True)
        size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
        t0 = time.perf_counter()
        ours = load_inventory(folder)
        planner_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        for file in sorted(folder.glob("*.yaml")):
            loader = _CheckingLoader(file.read_text(encoding="utf-8"))
            loader.get_single_data()
            loader.dispose()
        libyaml_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        from_json = load_inventory(json_folder)
        json_s = time.perf_counter() - t0
        sample = Path(tmp) / "sample"
        sample.mkdir()
        small, _ = generate_region(args.systems // 10, args.seed)
        write_inventory(small, sample)
        t0 = time.perf_counter()
        naive = naive_load(sample)
        naive_s = (time.perf_counter() - t0) * args.systems / len(naive.systems)
    assert len(ours.systems) == len(from_json.systems) == args.systems
    assert ours == from_json
    print(f"inventory: {args.systems} systems, {len(ours.networks)} networks, {len(ours.exits)} exits, "
          f"{len(ours.assets)} assets, {size:.1f} MB of YAML (generated in {generated:.1f} s)")
    print(f"planner loader, YAML (block reader, models, all checks):          {planner_s:6.2f} s")
    print(f"libyaml via PyYAML, parsing the same files only (no models):      {libyaml_s:6.2f} s")
    print(f"planner loader, the same inventory as JSON (a subset of YAML):    {json_s:6.2f} s")
    print(f"naive loader (pure-Python yaml.safe_load + pydantic, no checks):  {naive_s:6.2f} s "
          f"(timed on {len(naive.systems)} systems, scaled)")
    print(f"ratio libyaml parse / planner YAML load: {libyaml_s / planner_s:.2f}x   "
          f"naive / planner YAML: {naive_s / planner_s:.2f}x   naive / planner JSON: {naive_s / json_s:.2f}x")


if __name__ == "__main__":
    main()
