"""Version 2's scheduling half (FORMATS.md rules 14–16, 18): every kind of work is an activity done by crews,
after its dates, within the cut-over limits; a plan without the new keys plans as in version 1.

The inputs are the verifier's miniature Tai'an (tests/verify_fixture.py) with version-2 keys added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import verify_fixture as fx

from planner.model import Policy, Topology
from planner.pipeline import PlanSettings, make_plan
from planner.rules.work import network_waves, planned_work, ramp, ramp_limit
from planner.verify import verify

D = dt.date


def v2_topology(**kw) -> Topology:
    """The fixture's topology with crews for networks (1 region, 1 county), exits and clean-up."""
    top = fx.topology()
    teams = [*top.teams,
             {"id": "net-crew", "serves": "region", "slots": 1, "works_on": "networks"},
             {"id": "cty-net", "serves": "counties", "slots": 1, "works_on": "networks"},
             {"id": "exit-crew", "serves": "region", "slots": 1, "works_on": "exits"},
             {"id": "cty-exit", "serves": "counties", "slots": 1, "works_on": "exits"},
             {"id": "cleanup", "serves": "region", "slots": 1, "works_on": "decommissions"},
             {"id": "cty-cleanup", "serves": "counties", "slots": 1, "works_on": "decommissions"}]
    data = top.model_dump(by_alias=True)
    data.update(teams=[t if isinstance(t, dict) else t.model_dump() for t in teams], network_sites_per_wave=6, **kw)
    return Topology.model_validate(data)


def v2_policy(**kw) -> Policy:
    data = fx.policy().model_dump(by_alias=True)
    data.update(kw)
    return Policy.model_validate(data)


def plan(topology=None, policy=None, time_limit=0):
    return make_plan(fx.inventory(), topology or v2_topology(), policy or v2_policy(),
                     PlanSettings(time_limit=time_limit))


def test_without_version_2_keys_the_plan_says_version_1_and_networks_take_one_wave():
    p = make_plan(fx.inventory(), fx.topology(), fx.policy(), PlanSettings(time_limit=0))
    assert p.format == "egov-plan/1"
    worked = [n for n in p.networks if n.wave is not None]
    assert worked and all(n.start_wave == n.wave for n in worked)


def test_network_consolidation_lasts_its_sites_and_one_crew_works_on_one_network_at_a_time():
    p = plan()
    assert p.format == "egov-plan/2"
    sites = {n.id: n.sites for n in fx.inventory().networks}
    rows = {n.id: n for n in p.networks if n.wave is not None}
    for n in rows.values():
        assert n.wave - n.start_wave + 1 == network_waves(sites[n.id], 6), n.id
    assert rows["net-fgw"].wave - rows["net-fgw"].start_wave + 1 == 3  # 14 sites, 6 a wave
    region = [n for n in rows.values() if n.department in ("fgw", "rsj", "gaj")]
    busy = Counter(w for n in region for w in range(n.start_wave, n.wave + 1))
    assert max(busy.values()) == 1  # the region has one network crew slot
    assert not verify(p, fx.inventory(), v2_topology(), v2_policy())


def test_every_switch_off_and_intranet_move_has_a_wave_and_its_om_counts():
    p = plan()
    for s in p.systems:
        if s.action in ("decommission", "integrate", "intranet"):
            assert s.wave is not None and s.start_wave is not None, s.id
    inv = {s.id: s for s in fx.inventory().systems}
    counted = sum(inv[s.id].funding.yearly_om_cny * s.wave * 7 / 365 for s in p.systems
                  if s.action in ("migrate", "integrate", "decommission"))
    networks = sum(n.yearly_cost_cny * n.wave * 7 / 365 for n in p.networks if n.action == "consolidate")
    exits = sum(e.yearly_cost_cny * e.wave * 7 / 365 for e in p.exits)
    assert p.cost.legacy_cny == pytest.approx(counted + networks + exits, abs=0.01)


def test_nothing_cuts_over_before_its_not_before_nor_an_exit_before_its_platform():
    nb = {"networks": D(2018, 1, 1), "decommissions": D(2017, 12, 18), "migrations": D(2018, 1, 8)}
    top = v2_topology()
    top = top.model_copy(update={"exit_platforms": top.exit_platforms.model_copy(update={
        "region": top.exit_platforms.region.model_copy(update={"ready": D(2018, 3, 5)})})})
    pol = v2_policy(not_before=nb)
    p = plan(top, pol)
    first = {kind: pol.first_wave_starting_on_or_after(day) for kind, day in nb.items()}
    for s in p.systems:
        if s.action == "migrate":
            assert pol.wave_start(s.wave) >= nb["migrations"], s.id
        if s.action == "decommission":
            assert s.wave >= first["decommissions"], s.id
    assert all(pol.wave_start(n.wave) >= nb["networks"] for n in p.networks if n.wave is not None)
    region_exits = [e for e in p.exits if e.platform == "region"]
    assert region_exits and all(pol.wave_start(e.wave) >= D(2018, 3, 5) for e in region_exits)
    assert not verify(p, fx.inventory(), top, pol)


def test_the_work_reading_names_the_date_that_holds_work_back():
    top, pol = v2_topology(), v2_policy(not_before={"networks": D(2018, 1, 1)})
    p = make_plan(fx.inventory(), top, pol, PlanSettings(time_limit=0))
    work = {w.key: w for w in planned_work(fx.inventory(), top, pol, p.systems, p.networks, p.exits)}
    assert work["network:net-fgw"].why_not_earlier == "not_before.networks 2018-01-01"
    assert work["network:net-fgw"].earliest_end == pol.first_wave_starting_on_or_after(D(2018, 1, 1))
    assert work["network:net-fgw"].waves == 3


def test_ramp_steps_are_in_force_from_the_first_wave_that_starts_on_or_after_them():
    pol = v2_policy(limits={"cutovers_per_wave": [{"from": "2017-12-04", "at_most": 1},
                                                  {"from": "2017-12-20", "at_most": 4}]})
    assert ramp(pol, 50) == [(1, 1), (4, 4)]  # 12-20 is in wave 3 (12-18..24): in force from wave 4 (12-25)
    assert [ramp_limit(pol, w) for w in (1, 3, 4)] == [1, 1, 4]
    assert ramp_limit(v2_policy(), 1) is None


def test_cut_overs_per_wave_follow_the_ramp_and_the_department_limit():
    pol = v2_policy(limits={"cutovers_per_wave": [{"from": "2017-12-04", "at_most": 1},
                                                  {"from": "2018-01-01", "at_most": 5}],
                            "cutovers_per_department_per_wave": 2})
    p = plan(policy=pol, time_limit=2)
    migrations = [s for s in p.systems if s.action == "migrate"]
    per_wave = Counter(s.wave for s in migrations)
    assert len(migrations) > 2 and per_wave
    for wave, n in per_wave.items():
        assert n <= ramp_limit(pol, wave), (wave, n)
    pair = {s.wave for s in migrations if s.id in ("fgw-invest", "fgw-db")}
    assert len(pair) == 1 and pol.wave_start(pair.pop()) >= D(2018, 1, 1)  # a tight pair is 2 cut-overs at once
    assert max(Counter((s.department, s.wave) for s in migrations).values()) <= 2
    assert not verify(p, fx.inventory(), v2_topology(), pol)


def test_a_tight_pair_above_the_department_limit_is_a_hard_limit_in_words():
    from planner.pipeline import hard_limit_reasons

    pol = v2_policy(limits={"cutovers_per_department_per_wave": 1})
    reasons = hard_limit_reasons(fx.inventory(), v2_topology(), pol)
    assert any("must cut over in one wave: 2 cut-overs of department fgw; at most 1 a wave — raise "
               "limits.cutovers_per_department_per_wave to 2" in r for r in reasons), reasons


def test_a_network_deadline_the_crews_cannot_meet_is_explained_with_a_checked_remedy():
    """Three region networks of 14, 9 and 30 sites (3, 2 and 5 waves at 6 sites a wave) by the end of wave 6, one
    region crew: the conflict names the network crews and their pace, and the remedy (a second crew) was checked by
    a schedule."""
    pol = v2_policy(milestones=[{"id": "nets", "measure": "private_networks_consolidated", "at_least": 1.0,
                                 "by": "2018-01-14", "name_en": "All networks consolidated"}])
    p = make_plan(fx.inventory(), v2_topology(), pol, PlanSettings(time_limit=2, explain_seconds=5))
    [conflict] = [c for c in p.conflicts if c.milestone == "nets"]
    assert "networks:region" in conflict.constraints
    assert ("the region-level network crews (net-crew) can work on at most 1 network at once, 6 sites a wave each"
            in conflict.text)
    assert "专网整合队伍同时最多整合1个专网" in conflict.text_zh
    # the remedy is the first relaxation the fast greedy schedules (not necessarily the least one: 2 would do)
    assert any(r.startswith("the region-level network crews (net-crew): ") and r.endswith("slots instead of 1 (+2)")
               for r in conflict.remedies), conflict.remedies


def test_work_too_long_for_its_milestone_is_named_with_its_length():
    """By the end of wave 4 the classified network's move (30 sites, 5 waves) cannot be done whatever the crews."""
    pol = v2_policy(milestones=[{"id": "nets", "measure": "private_networks_consolidated", "at_least": 1.0,
                                 "by": "2017-12-31", "name_en": "All networks consolidated"}])
    p = make_plan(fx.inventory(), v2_topology(), pol, PlanSettings(time_limit=0, explain_seconds=5))
    [conflict] = p.conflicts
    assert "network net-gaj lasts 5 waves and cannot end before wave 5" in conflict.text


def test_the_dates_that_hold_work_back_read_in_chinese_in_the_chinese_text():
    from planner.waves.conflicts import _date_zh

    assert _date_zh("not_before.networks 2018-02-01") == "专网整合不早于2018-02-01"
    assert _date_zh("the county platforms ready 2018-05-01") == "县级互联网出口平台2018-05-01建成"
    assert _date_zh("service gov-mail ready 2018-03-31") == "共享服务gov-mail于2018-03-31就绪"
