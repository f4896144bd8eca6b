"""Milestone confidence by seeded Monte Carlo over plan.json."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from planner.confidence import milestone_confidence, simulate
from planner.plan import read_plan

FIXTURE = Path(__file__).parent / "fixtures" / "plan_report.json"


@pytest.fixture(scope="module")
def plan():
    return read_plan(FIXTURE)


def test_confidence_same_seed_same_output(plan):
    """Same plan, same parameters, same seed: the same probabilities."""
    assert milestone_confidence(plan, runs=200, seed=7) == milestone_confidence(plan, runs=200, seed=7)


def test_confidence_without_uncertainty_replays_the_plan(plan):
    """No effort spread and no rollback: every run is the plan, so met milestones are certain, unmet impossible."""
    rng = random.Random(1)
    waves, exits = simulate(plan, rng, rollback_rate=0.0, effort_sigma=0.0)
    assert waves == {s.id: s.wave for s in plan.systems}
    assert exits == {e.id: e.wave for e in plan.exits}
    conf = milestone_confidence(plan, runs=20, rollback_rate=0.0, effort_sigma=0.0)
    for m in plan.milestones:
        assert conf.of(m.id).probability == (1.0 if m.met else 0.0)
        assert conf.of(m.id).p50 == pytest.approx(m.planned, abs=1e-4)


def test_confidence_falls_as_rollbacks_rise(plan):
    """More failed cutovers never make a milestone more likely (same seed)."""
    low = milestone_confidence(plan, runs=300, rollback_rate=0.05)
    high = milestone_confidence(plan, runs=300, rollback_rate=0.6)
    for m in plan.milestones:
        assert high.of(m.id).probability <= low.of(m.id).probability
    assert high.of("integration").probability < 1.0


def test_simulation_keeps_the_rules_it_claims(plan):
    """Never earlier than planned, no cutover in a frozen wave, move groups together, exits after their systems."""
    frozen = {w.wave for w in plan.waves if w.frozen}
    rng = random.Random(3)
    for _ in range(50):
        waves, exits = simulate(plan, rng, rollback_rate=0.3, effort_sigma=0.5)
        for s in plan.systems:
            if s.wave is not None:
                assert waves[s.id] >= s.wave and waves[s.id] not in frozen
        assert waves["rsj-social"] == waves["rsj-employ"]  # one move group
        for e in plan.exits:
            assert all(exits[e.id] >= waves[p.system] for p in e.published)


def test_report_headline_shows_confidence(plan):
    """The report's headline carries each milestone's probability."""
    from planner.emit.report import render_report

    conf = milestone_confidence(plan, runs=50)
    html = render_report(plan, "en", confidence=conf)
    for m in plan.milestones:
        assert f'data-key="milestone.{m.id}.confidence" data-value="{conf.of(m.id).probability}"' in html
