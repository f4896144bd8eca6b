"""The monthly progress report (Xinxiang §9): indicators, key tasks, planned vs actual, what slipped."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planner import plan as P
from planner.emit.progress_report import render_progress_html, render_progress_markdown, write_progress
from planner.errors import InputError
from planner.progress import month_bounds, progress_report, read_actuals
from planner.timeline import wave_end

FIXTURE = Path(__file__).parent / "fixtures" / "plan_report.json"
LATE = {"wjw-hosp", "fgw-energy", "jyj-oldsite"}  # due by wave 8 but not done in the actuals


@pytest.fixture(scope="module")
def plan():
    return P.read_plan(FIXTURE)


def actuals_for(plan, late=LATE, through_wave=8, exits=("exit-fgw-1",), skip_networks=("net-ts-mzj",)):
    """Everything planned up to `through_wave` happened on its wave's last day, except `late`."""
    systems = []
    for s in plan.systems:
        if s.wave is None or s.wave > through_wave or s.id in late:
            continue
        key = "decommissioned" if s.action == "decommission" else "cut_over"
        systems.append({"id": s.id, key: wave_end(plan, s.wave).isoformat()})
    if "wjw-hosp" in late:
        systems.append({"id": "wjw-hosp", "started": "2018-01-10"})
    networks = [{"id": n.id, "consolidated": wave_end(plan, n.wave).isoformat()} for n in plan.networks
                if n.wave and n.wave <= through_wave and n.id not in skip_networks]
    return {"actuals": {"as_of": "2018-03-01", "systems": systems, "networks": networks,
                        "exits": [{"id": e, "consolidated": "2018-01-28"} for e in exits],
                        "shared_items": 120, "collaborative_apps": 8}}


def test_progress_lists_what_slipped(plan):
    """Systems, networks and exits whose wave ended by the month's end and are not done in the actuals."""
    r = progress_report(plan, actuals_for(plan), "2018-02")
    slipped = {(s.kind, s.id) for s in r.slipped}
    exits = {("exit", e.id) for e in plan.exits if e.wave <= 12 and e.id != "exit-fgw-1"}
    assert slipped == {("system", s) for s in LATE} | {("network", "net-ts-mzj")} | exits
    hosp = next(s for s in r.slipped if s.id == "wjw-hosp")
    assert hosp.started == "2018-01-10" and hosp.planned == "2018-01-28" and hosp.wave == 8


def test_progress_indicators(plan):
    """Integrated systems, shared items, collaborative apps, planned vs actual counts at the month's end."""
    r = progress_report(plan, actuals_for(plan), "2018-02")
    integrate = [s for s in plan.systems if s.action == "integrate"]
    assert r.systems_integrated.planned == len(integrate) == 5
    assert r.systems_integrated.actual == 4  # fgw-energy is late
    assert (r.shared_items, r.collaborative_apps) == (120, 8)
    assert r.decommissions.planned == 5 and r.decommissions.actual == 4
    assert r.exits.actual == 1 and r.exits.planned == 9
    assert r.networks.planned == 6 and r.networks.actual == 5
    assert not r.stale


def test_progress_key_tasks_status(plan):
    """A milestone already reached is 'met'; one behind the plan's share is 'behind'; a past one unmet is 'missed'."""
    r = progress_report(plan, actuals_for(plan), "2018-02")
    status = {k.id: k.status for k in r.key_tasks}
    assert status["exits"] == "behind"  # 1 of 10 done where the plan has 9
    r = progress_report(plan, actuals_for(plan), "2018-04")
    status = {k.id: k.status for k in r.key_tasks}
    assert status["networks-q1"] == "missed"  # due 2018-03-31, not all networks
    assert r.stale  # facts end 2018-03-01, before 2018-04-30
    full = actuals_for(plan, late=set(), through_wave=8, skip_networks=())
    r = progress_report(plan, full, "2018-02")
    assert {k.id: k.status for k in r.key_tasks}["integration"] == "met"


def _tiny() -> P.Plan:
    waves = [P.Wave(wave=w, start=f"2018-01-{1 + 7 * (w - 1):02d}", end=f"2018-01-{7 * w:02d}") for w in (1, 2, 3)]
    return P.Plan(
        region="t", topology="t", policy="t", start="2018-01-01", waves=waves,
        departments=[P.Department(id="d", name="部门")],
        systems=[
            P.SystemPlan(id="a", department="d", action="on-cloud", network="extranet-admin"),
            P.SystemPlan(id="b", department="d", action="migrate", target="admin-cloud", start_wave=1, wave=1,
                         network="net-x"),
            P.SystemPlan(id="c", department="d", action="stay", network="net-x", reasons=["r"], next_step="n"),
            P.SystemPlan(id="d1", department="d", action="stay", network="extranet-admin", reasons=["r"],
                         next_step="n"),
            P.SystemPlan(id="e", department="d", action="intranet", target="intranet", classified=True,
                         start_wave=1, wave=2, network="net-x"),
            P.SystemPlan(id="z", department="d", action="decommission", wave=1, network="net-x"),
        ],
        networks=[P.NetworkPlan(id="net-x", department="d", action="consolidate", domain="extranet-admin", wave=2)],
    )


def test_connectivity_rate_counts_systems_reachable_on_the_extranet():
    """系统联通率 = reachable on the extranet / non-classified systems not decommissioned or integrated."""
    plan = _tiny()
    facts = {"actuals": {"as_of": "2018-01-31", "systems": [{"id": "b", "cut_over": "2018-01-07"}]}}
    r = progress_report(plan, facts, "2018-01")
    assert (r.connected, r.population) == (3, 4)  # a (on cloud), b (cut over), d1 (on the extranet)
    assert r.connectivity == 0.75 and r.connectivity_planned == 1.0
    facts["actuals"]["networks"] = [{"id": "net-x", "consolidated": "2018-01-14"}]
    assert progress_report(plan, facts, "2018-01").connectivity == 1.0


def test_actuals_unknown_id_is_an_input_error(plan, tmp_path):
    """An id the plan does not know is named, with the fix."""
    facts = actuals_for(plan)
    facts["actuals"]["systems"].append({"id": "no-such-system", "cut_over": "2018-01-01"})
    path = tmp_path / "actuals.yaml"
    path.write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_actuals(path, plan)
    (issue,) = err.value.issues
    assert "no-such-system" in issue.obj and issue.problem == "unknown system 'no-such-system'"
    assert issue.where == f"{path}:74"  # the one reader of actuals (planner.load.load_actuals) locates the line


def test_actuals_date_after_as_of_and_bad_shape_are_input_errors(plan):
    """A fact after as_of, and a key the format does not have, are refused."""
    facts = {"actuals": {"as_of": "2018-01-01", "networks": [{"id": "net-fgw", "consolidated": "2018-02-01"}]}}
    with pytest.raises(InputError, match="after as_of"):
        read_actuals(facts, plan)
    with pytest.raises(InputError):
        read_actuals({"actuals": {"as_of": "2018-01-01", "sytems": []}}, plan)


def test_month_must_be_yyyy_mm():
    """'2018-13' and '2018/03' are not months."""
    assert month_bounds("2018-02")[1].day == 28
    for bad in ("2018-13", "2018/03", ""):
        with pytest.raises(InputError):
            month_bounds(bad)


def test_progress_renders_markdown_and_html(plan, tmp_path):
    """Both renderings carry the indicators; the files are written atomically, same input same bytes."""
    r = progress_report(plan, actuals_for(plan), "2018-02")
    md, html = render_progress_markdown(r, "zh"), render_progress_html(r, "en")
    assert "系统联通率" in md and "| 共享数据项 | 120 |" in md
    assert "System connectivity rate" in html and 'data-key="slipped" data-value="12"' in html
    assert "<script" not in html
    a = write_progress(plan, actuals_for(plan), "2018-02", tmp_path / "a", "zh")
    b = write_progress(plan, actuals_for(plan), "2018-02", tmp_path / "b", "zh")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["progress-2018-02.zh.html",
                                                                  "progress-2018-02.zh.md"]


def test_systems_decommissioned_counts_switch_offs_and_replacements():
    """systems_decommissioned: population the systems decommissioned or replaced, counted by the end of their wave."""
    from planner.progress import DECOMMISSIONED, MEASURES, burn_up, counts, planned_done, share

    base = _tiny()
    plan = base.model_copy(update={"systems": [*base.systems, P.SystemPlan(
        id="r", department="d", action="replace", target="gov-mail", start_wave=2, wave=2, network="net-x")]})
    assert DECOMMISSIONED == "systems_decommissioned" and DECOMMISSIONED in MEASURES
    done = planned_done(plan)
    assert counts(plan, DECOMMISSIONED, wave_end(plan, 1), done) == (1, 2)  # z in wave 1
    assert counts(plan, DECOMMISSIONED, wave_end(plan, 2), done) == (2, 2)  # r replaced in wave 2
    assert burn_up(plan, [DECOMMISSIONED])[DECOMMISSIONED] == [0.0, 0.5, 1.0, 1.0]
    assert share(base.model_copy(update={"systems": []}), DECOMMISSIONED, wave_end(plan, 1), done) == 1.0
    facts = read_actuals({"actuals": {"as_of": "2018-01-31", "systems": [{"id": "r", "decommissioned": "2018-01-03"}]}},
                         plan)
    from planner.progress import actual_done

    assert counts(plan, DECOMMISSIONED, wave_end(plan, 1), actual_done(facts)) == (1, 2)


def test_key_task_on_systems_decommissioned(plan):
    """A clean-up milestone is followed in the monthly report like any other."""
    m = P.MilestoneResult(id="cleanup", measure="systems_decommissioned", by="2017-12-31", required=1.0,
                          planned=1.0, met=True, wave=4)
    withm = plan.model_copy(update={"milestones": [*plan.milestones, m]})
    r = progress_report(withm, actuals_for(withm), "2018-02")
    task = next(k for k in r.key_tasks if k.id == "cleanup")
    gone = [s for s in plan.systems if s.action == "decommission"]
    assert task.planned_now == 1.0 and task.actual_now == pytest.approx((len(gone) - 1) / len(gone))  # jyj-oldsite late
    assert task.status == "missed"


def test_unnamed_key_task_shows_its_measure(plan):
    """A milestone without a name is shown by its measure's words (and its id), systems_decommissioned included."""
    m = P.MilestoneResult(id="cleanup", measure="systems_decommissioned", by="2017-12-31", required=1.0,
                          planned=1.0, met=True, wave=4)
    r = progress_report(plan.model_copy(update={"milestones": [m]}), actuals_for(plan), "2018-02")
    assert "| 僵尸、影子系统清理 (cleanup) | 2017-12-31 |" in render_progress_markdown(r, "zh")
    assert "Zombie and shadow systems switched off (cleanup)" in render_progress_html(r, "en")
