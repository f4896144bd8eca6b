"""Issue 17's "done when" on the bundled example (make demo's inputs): a plan a city could follow.

No wave holds more than a quarter of the network consolidations, every switch-off has a wave, and
nothing of a kind cuts over in a wave that starts before its ``not_before`` (nor an exit before its
platform is ready). Planned with the greedy stages only (--time-limit 0): the optimiser may move work
later or earlier, but these are hard rules or properties of the crews, not of the optimiser's luck.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from planner.load import load_inventory, load_policy, load_topology
from planner.model import WorkKind
from planner.pipeline import PlanSettings, make_plan
from planner.rules.work import SYSTEM_WORK

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def example():
    inventory = load_inventory(ROOT / "inventory" / "example-taian")
    topology = load_topology(ROOT / "topologies" / "example-taian.yaml", inventory)
    policy = load_policy(ROOT / "policies" / "example-taian.yaml")
    return inventory, topology, policy, make_plan(inventory, topology, policy, PlanSettings(time_limit=0))


def test_no_wave_holds_more_than_a_quarter_of_the_network_consolidations(example):
    *_, plan = example
    moved = [n for n in plan.networks if n.wave is not None]
    per_wave = Counter(n.wave for n in moved)
    assert len(moved) >= 40 and max(per_wave.values()) <= len(moved) / 4, per_wave.most_common(3)
    assert all(n.start_wave is not None and n.start_wave <= n.wave for n in moved)


def test_every_switch_off_has_a_wave(example):
    *_, plan = example
    off = [s for s in plan.systems if s.action in ("decommission", "replace")]
    assert off and all(s.wave is not None for s in off), [s.id for s in off if s.wave is None]


def test_nothing_cuts_over_before_its_not_before_nor_an_exit_before_its_platform(example):
    _, topology, policy, plan = example
    assert set(policy.not_before) >= {WorkKind.networks, WorkKind.migrations, WorkKind.exits}

    def first_day(wave: int):
        return policy.wave_start(wave)

    for s in plan.systems:
        kind = SYSTEM_WORK.get(s.action)
        if s.wave is not None and kind in policy.not_before:
            assert first_day(s.wave) >= policy.not_before[kind], (s.id, s.wave)
    for n in plan.networks:
        if n.wave is not None:
            assert first_day(n.wave) >= policy.not_before[WorkKind.networks], (n.id, n.wave)
    platforms = topology.exit_platforms
    for e in plan.exits:
        if e.wave is not None and e.action in ("consolidate", "close"):
            assert first_day(e.wave) >= policy.not_before[WorkKind.exits], (e.id, e.wave)
            if e.action == "consolidate":
                platform = platforms.county if (e.platform or "").startswith("county") else platforms.region
                assert platform.ready is None or first_day(e.wave) >= platform.ready, (e.id, e.wave)
