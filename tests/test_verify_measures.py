"""The milestone measures and the legacy cost, with explicit expected shares on the fixture plan."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
import verify_fixture as fx

from planner.verify.recomputed import (
    Share,
    departments_integrated,
    eligible_systems_on_cloud,
    exits_consolidated,
    is_met,
    legacy_cost_cny,
    measure,
    milestone_results,
    private_networks_consolidated,
    systems_connected_to_sharing,
    systems_on_extranet,
)

D = dt.date
W1, W2, W3, W4, W5 = D(2017, 12, 10), D(2017, 12, 17), D(2017, 12, 24), D(2017, 12, 31), D(2018, 1, 7)


def run(fn, by):
    return fn(fx.plan(), fx.inventory(), fx.policy(), by)


def test_eligible_systems_on_cloud_counts_on_cloud_and_cutovers_by_the_date():
    """Population excludes classified, ineligible, decommissioned and integrated systems; on-cloud counts at once."""
    share = run(eligible_systems_on_cloud, W3)
    assert share.counted == ("fgw-db", "fgw-invest", "rsj-cloud", "ts-edu")
    assert share.missing == ("rsj-social",)
    assert share.value == 0.8
    assert run(eligible_systems_on_cloud, W1).value == 0.2
    assert run(eligible_systems_on_cloud, D(2017, 12, 23)).value == 0.2  # wave 3 ends on the 24th


def test_systems_on_extranet_counts_clouds_extranet_and_consolidated_networks():
    """By wave 1: rsj-cloud (on the extranet already) and ts-edu (net-ts consolidated in wave 1) of six."""
    share = run(systems_on_extranet, W1)
    assert share.counted == ("rsj-cloud", "ts-edu")
    assert share.population == 6
    assert share.exact == Fraction(1, 3)
    assert run(systems_on_extranet, W2).value == 1.0


def test_systems_connected_to_sharing_counts_connected_or_on_extranet():
    """rsj-legacy is connected already; rsj-social only once net-rsj is consolidated (wave 2)."""
    assert run(systems_connected_to_sharing, W1) == Share(("rsj-legacy",), ("rsj-social",))
    assert run(systems_connected_to_sharing, W2).value == 1.0


def test_private_networks_consolidated_excludes_approved_retentions():
    """net-keep is retained with approval; net-gaj counts once moved to the intranet (wave 5)."""
    assert run(private_networks_consolidated, W1) == Share(("net-ts",), ("net-fgw", "net-gaj", "net-rsj"))
    assert run(private_networks_consolidated, W4).value == 0.75
    assert run(private_networks_consolidated, W5).value == 1.0


def test_exits_consolidated_by_wave():
    """Two of three exits are consolidated by the end of wave 2."""
    assert run(exits_consolidated, W2).exact == Fraction(2, 3)
    assert run(exits_consolidated, W4).value == 1.0


def test_departments_integrated_waits_for_every_integration():
    """fgw integrates fgw-section in wave 4; no other department integrates anything."""
    assert run(departments_integrated, W3) == Share((), ("fgw",))
    assert run(departments_integrated, W4).value == 1.0


def test_empty_population_counts_as_one():
    """A plan without integrations has met departments_integrated."""
    plan = fx.plan()
    for s in plan.systems:
        if s.action == "integrate":
            s.action, s.target = "stay", None
    share = departments_integrated(plan, fx.inventory(), fx.policy(), W1)
    assert share.population == 0 and share.value == 1.0


def test_measure_dispatches_by_name_and_is_met_is_exact():
    """measure() looks the function up by name; is_met compares with the decimal required."""
    share = measure("eligible_systems_on_cloud", fx.plan(), fx.inventory(), fx.policy(), W3)
    assert is_met(share, 0.8) and not is_met(share, 0.81)
    assert is_met(Share(("a",) * 7, ("b",) * 3), 0.7)


def test_milestone_results_fill_planned_and_met():
    """One result per policy milestone, in policy order, with the last wave ending by its date."""
    results = milestone_results(fx.plan(), fx.inventory(), fx.policy())
    assert [(m.id, m.planned, m.met, m.wave) for m in results] == [
        ("cloud-70", 0.8, True, 3), ("exits", 1.0, True, 29), ("networks", 1.0, True, 56),
        ("sharing", 1.0, True, 29), ("extranet", 1.0, True, 29), ("integrated", 1.0, True, 29),
    ]


def test_legacy_cost_sums_yearly_costs_until_each_cutover():
    """Σ yearly × (w × 7) / 365 over migrated systems, consolidated networks and exits."""
    expected = (150000 * 21 + 73000 * 21 + 36500 * 28          # fgw-invest, fgw-db (w3), rsj-social (w4)
                + 300000 * 14 + 36500 * 14 + 73000 * 7          # net-fgw, net-rsj (w2), net-ts (w1)
                + 60000 * 28 + 36500 * 14 + 7300 * 14) / 365    # exit-fgw-1 (w4), exit-rsj-1, exit-ts-1 (w2)
    assert legacy_cost_cny(fx.plan(), fx.inventory(), fx.policy()) == pytest.approx(expected)
    assert expected == pytest.approx(36219.726, abs=1e-3)
