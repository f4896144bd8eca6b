"""End to end over drawn regions: every valid ledger gets a verified plan, or an input error or an infeasibility
in words — never "planner bug", never a traceback (the whole pipeline, through the CLI).

The regions come from :mod:`region_strategy`, drawn across the input space rather than from the
project's generator: half of them version-1 regions, half with version-2 keys drawn (crews per kind
of work, platform ready dates, not_before, ramps and per-department limits, systems_decommissioned).
``make bench`` sweeps 500 of them (benchmarks/bench_drawn_regions.py); this bounded run keeps
``make test`` quick. DRAWN_REGIONS=<n> runs more (n in all, half of each).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from region_runs import judge, plan_region
from region_strategy import regions

EXAMPLES = int(os.environ.get("DRAWN_REGIONS", "60"))
DRAWN = settings(max_examples=max(1, EXAMPLES // 2), deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])


def _plans_and_verifies_or_says_why(region, tmp_path_factory):
    outcome = plan_region(region, tmp_path_factory.mktemp("region"))
    assert judge(outcome) is None, judge(outcome)


@DRAWN
@given(region=regions(version2=False))
def test_drawn_region_plans_and_verifies_or_says_why(region, tmp_path_factory):
    """plan --time-limit 0 exits 0/7 with a plan verify accepts, 3 naming the object, or 4 in a manager's words."""
    _plans_and_verifies_or_says_why(region, tmp_path_factory)


@DRAWN
@given(region=regions(version2=True))
def test_drawn_version2_region_plans_and_verifies_or_says_why(region, tmp_path_factory):
    """The same over regions with version-2 keys drawn (each key on its own: a region may use any of them)."""
    _plans_and_verifies_or_says_why(region, tmp_path_factory)


def test_judge_refuses_a_planner_bug_and_internal_words():
    """The judge itself: exit 5, a traceback's exit 1, exit 4 with activity keys and 0 with a failing verify fail."""
    from region_runs import Outcome

    assert judge(Outcome(5, "", "planner bug (please report it): …")) is not None
    assert judge(Outcome(1, "", "internal error (KeyError: 'm0')")) is not None
    assert judge(Outcome(4, "", "infeasible: greedy could not place activity 'system:s1'")) is not None
    assert judge(Outcome(0, "", "", verify_code=6, verify_out="R09-connect-first …")) is not None
    assert judge(Outcome(4, "", "infeasible: no plan can respect the hard rules:\n  - 门户网站 (s1) moves 60 TB")) is None
    assert judge(Outcome(7, "", "", verify_code=0)) is None
