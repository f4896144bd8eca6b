"""The HTML report: self-contained, escaped, deterministic, and its key numbers are plan.json's."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from planner.emit.figures import savings
from planner.emit.report import render_report, report_context, screenshot, write_report
from planner.plan import read_plan
from planner.progress import burn_up
from planner.timeline import wave_end, wave_start

FIXTURE = Path(__file__).parent / "fixtures" / "plan_report.json"
EVIL = "<script>alert(1)</script>"


class DataKeys(HTMLParser):
    """Collects data-key elements (data-value, text) and the names of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: dict[str, dict] = {}
        self.tags: list[str] = []
        self._open: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        for key, _tag in self._open:
            self.keys[key]["depth"] += 1
        if "data-key" in a:
            self.keys.setdefault(a["data-key"], {"value": a.get("data-value"), "text": "", "depth": 0})
            self._open.append((a["data-key"], tag))

    def handle_endtag(self, tag):
        for key, _tag in list(self._open):
            if self.keys[key]["depth"] == 0:
                self._open.remove((key, _tag))
            else:
                self.keys[key]["depth"] -= 1

    def handle_data(self, data):
        for key, _tag in self._open:
            self.keys[key]["text"] += data


def parse(html: str) -> DataKeys:
    p = DataKeys()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def plan():
    return read_plan(FIXTURE)


@pytest.fixture(scope="module")
def raw():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def html_zh(plan):
    return render_report(plan, "zh")


def key_numbers_match(keys: dict, raw: dict) -> None:
    """The numbers a manager reads are plan.json's (shared by the browser test)."""
    for m in raw["milestones"]:
        assert float(keys[f"milestone.{m['id']}.planned"]["value"]) == m["planned"]
        assert float(keys[f"milestone.{m['id']}.required"]["value"]) == m["required"]
        assert keys[f"milestone.{m['id']}.met"]["value"] == ("true" if m["met"] else "false")
    assert float(keys["cost.legacy_cny"]["value"]) == raw["cost"]["legacy_cny"]
    for action in ("migrate", "integrate", "decommission", "intranet", "on-cloud", "stay"):
        n = sum(s["action"] == action for s in raw["systems"])
        assert int(keys[f"count.{action}"]["value"]) == n
        assert keys[f"count.{action}"]["text"].strip() == str(n)
    assert int(keys["count.total"]["value"]) == len(raw["systems"])
    before = raw["cost"]["exits_before_yearly_cny"]
    after = raw["cost"]["exits_after_yearly_cny"]
    assert float(keys["exits.before_yearly_cny"]["value"]) == before
    assert float(keys["exits.after_yearly_cny"]["value"]) == after
    assert float(keys["savings.exits_yearly_cny"]["value"]) == before - after
    assert int(keys["exits.before"]["value"]) == len(raw["exits"])
    assert int(keys["exits.after"]["value"]) == len(raw["platforms"])
    for p in raw["platforms"]:
        assert float(keys[f"platform.{p['id']}.bandwidth_mbps"]["value"]) == p["bandwidth_mbps"]


def test_report_key_numbers_equal_plan_json(html_zh, raw):
    """Milestone shares, legacy cost, counts per action, exits and savings carry plan.json's values."""
    key_numbers_match(parse(html_zh).keys, raw)


def test_report_has_no_script_and_no_external_resource(html_zh):
    """No script element at all, nothing loaded from elsewhere, a CSP that forbids both."""
    assert "<script" not in html_zh.lower().replace("&lt;script", "")
    assert "script" not in parse(html_zh).tags
    assert not re.search(r"\b(src|href)\s*=", html_zh)
    assert "@import" not in html_zh and "url(" not in html_zh
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html_zh))
    assert urls <= {"http://www.w3.org/2000/svg"}
    assert "default-src 'none'" in html_zh


def test_report_escapes_malicious_names(html_zh):
    """A name with <script> and quotes appears escaped, in the tables and inside the SVG."""
    assert EVIL not in html_zh
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_zh
    assert "&#34;&lt;script&gt;" in html_zh  # the department's double quote, escaped too


def test_report_same_plan_same_bytes(plan, tmp_path):
    """Two renderings give identical files; the write leaves no temporary file behind."""
    a = write_report(plan, tmp_path / "a", "zh").read_bytes()
    b = write_report(plan, tmp_path / "b", "zh").read_bytes()
    assert a == b
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["report.zh.html"]


def test_report_languages_differ_and_unknown_language_fails(plan):
    """lang chooses the words; anything but zh or en is refused."""
    zh, en = render_report(plan, "zh"), render_report(plan, "en")
    assert "要点" in zh and "Headline" in en and "Headline" not in zh
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    with pytest.raises(ValueError):
        render_report(plan, "fr")


def test_report_shows_sections(html_zh):
    """Headline, conflicts, burn-ups, Gantts, duties, networks, exits, decommission, integration and stay lists."""
    for section in ("headline", "conflicts", "burnup", "gantt", "network-gantt", "duties", "network", "exits",
                    "decommission", "integration", "stay"):
        assert f'<section id="{section}">' in html_zh
    assert html_zh.count("<svg") == 5  # two burn-ups, two Gantts, the network picture
    assert "线路合同 2018-04-15 才到期" in html_zh  # the conflict in plain words
    assert "2018 年高考结束后评估" in html_zh  # a stay system's next step
    assert "影子系统" in html_zh  # a decommission's evidence


def test_report_duties_from_plan(plan):
    """The duty table has the plan's seven duties as columns and one row per department."""
    duties = report_context(plan, "en")["duties"]
    assert [c["id"] for c in duties["cols"]] == ["self-inspection", "catalog", "clean-up", "integration",
                                                 "connection", "sharing", "collaboration"]
    assert len(duties["rows"]) == len(plan.departments)
    fgw = next(r for r in duties["rows"] if r["name"] == "市发展改革委")
    cleanup = fgw["cells"][2]
    assert cleanup["planned"] == wave_end(plan, 2).isoformat() and not cleanup["late"]


def test_report_without_duties_shows_empty_table(plan):
    """A plan without duties gets an explained, empty table."""
    bare = plan.model_copy(update={"duties": []})
    html = render_report(bare, "en")
    assert 'data-key="duties.empty"' in html and "plan.json has no duties" in html


def test_burn_up_reaches_the_plans_milestone_shares(plan):
    """The burn-up recomputed from the waves gives each milestone's planned share at its wave."""
    series = burn_up(plan, sorted({m.measure for m in plan.milestones}))
    for m in plan.milestones:
        assert series[m.measure][m.wave] == pytest.approx(m.planned, abs=1e-6)


def test_savings_add_up(plan, raw):
    """Yearly savings by kind add up to the total; exits are net of the platforms."""
    s = savings(plan)
    assert s["total"] == pytest.approx(sum(v for k, v in s.items() if k != "total"))
    assert s["decommission"] == sum(x["yearly_om_cny"] for x in raw["systems"] if x["action"] == "decommission")


def test_screenshot_false_without_chromium(plan, tmp_path, monkeypatch):
    """screenshot() says False, never raises, when there is no Chromium."""
    import planner.emit.report as report

    monkeypatch.setattr(report, "chromium_path", lambda: None)
    html = write_report(plan, tmp_path, "en")
    assert screenshot(html, tmp_path / "x.png") is False


def test_report_of_an_empty_plan_renders():
    """A plan with no waves, systems or milestones still gives a page (all sections empty)."""
    from planner import plan as P

    html = render_report(P.Plan(region="x", topology="t", policy="p", start="2018-01-01"), "en")
    assert "All milestones met" in html and 'data-key="count.total" data-value="0"' in html


# --------------------------------------------------------------------------- version 2: all the work has waves


NETWORK_WAVES = {"net-fgw": (1, 3), "net-gaj": (5, 6), "net-gaj-video": (14, 20), "net-rsj": (2, 4), "net-sjj": (2, 2),
                 "net-ts-mzj": (5, 7), "net-wjw": (3, 5)}


@pytest.fixture(scope="module")
def plan_v2(plan):
    """The fixture as a version-2 plan: networks last several waves, one system is replaced by a shared service."""
    from planner.plan import FORMAT_2

    nets = [n.model_copy(update={"start_wave": NETWORK_WAVES[n.id][0], "wave": NETWORK_WAVES[n.id][1],
                                 "name": EVIL if n.id == "net-rsj" else n.name}) if n.id in NETWORK_WAVES else n
            for n in plan.networks]
    systems = [s.model_copy(update={"action": "replace", "target": "gov-mail", "start_wave": 9, "wave": 9})
               if s.id == "wjw-old-his" else s for s in plan.systems]
    return plan.model_copy(update={"format": FORMAT_2, "networks": nets, "systems": systems})


def section(html: str, name: str) -> str:
    m = re.search(rf'<section id="{re.escape(name)}">.*?</section>', html, re.S)
    assert m, name
    return m.group(0)


def test_network_gantt_shows_each_networks_waves_and_the_exits(plan_v2):
    """One row per department with networks or exits: each network's bar from start_wave to wave, with its dates;
    the exits as one-wave bars; the work in progress per wave on top."""
    html = render_report(plan_v2, "zh")
    g = section(html, "network-gantt")
    assert g.count("<svg") == 1 and "专网与出口整合时间表" in g
    for nid, (a, b) in NETWORK_WAVES.items():
        assert f"({nid})" in g
        assert f"{wave_start(plan_v2, a)} – {wave_end(plan_v2, b)}" in g
    assert "第 14–20 波" in g  # net-gaj-video lasts seven waves
    assert g.count('data-kind="network"') == len(NETWORK_WAVES)
    exit_bars = {(e.department, e.wave) for e in plan_v2.exits}
    assert g.count('data-kind="exit"') == len(exit_bars)
    for e in plan_v2.exits:
        assert e.id in g
    assert "专网整合（7 个）" in g and "出口整合（10 个）" in g
    # in progress in wave 2: net-fgw, net-rsj, net-sjj
    assert '<title>3</title>' in g
    assert "泰山区" in g and "泰山区民政局" in g  # the county's group and its department
    assert "市教育局" in g  # jyj: its network is retained, its exit still moves
    en = section(render_report(plan_v2, "en"), "network-gantt")
    assert "Network consolidations (7)" in en and "Exit consolidations (10)" in en and "waves 14–20" in en


def test_network_gantt_escapes_names(plan_v2):
    """A network or department name with <script> is escaped inside the SVG's titles and labels."""
    g = section(render_report(plan_v2, "en"), "network-gantt")
    assert EVIL not in g
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (net-rsj)" in g


def test_network_gantt_absent_without_network_or_exit_work(plan):
    """A plan with no scheduled network or exit work has no such section."""
    bare = plan.model_copy(update={"networks": [], "exits": []})
    assert '<section id="network-gantt">' not in render_report(bare, "en")


def test_work_burnup_has_one_line_per_kind_and_the_milestones(plan_v2):
    """Cumulative counts of migrations, integrations, clean-up (with replacements), intranet moves, networks
    and exits: one line each, its total in the legend; milestones as the number of pieces they require."""
    html = render_report(plan_v2, "zh")
    b = section(html, "burnup")
    assert b.count("<svg") == 2
    n = {a: sum(s.action == a for s in plan_v2.systems) for a in ("migrate", "integrate", "decommission", "replace",
                                                                   "intranet")}
    for label in (f"系统迁移上云（{n['migrate']}）", f"部门内系统整合（{n['integrate']}）",
                  f"系统清理下线（含替代）（{n['decommission'] + n['replace']}）", f"系统迁入政务内网（{n['intranet']}）",
                  "业务专网整合（7）", "互联网出口整合（10）"):
        assert f"<title>{label}</title></polyline>" in b, label
    assert "≥10 · 2018-06-30" in b  # all ten exits
    assert "≥7 · 2018-03-31" in b  # all seven networks not retained
    en = section(render_report(plan_v2, "en"), "burnup")
    assert "Decommissions and replacements (5)" in en and "Networks consolidated (7)" in en


def test_work_burnup_counts_each_kind_by_wave(plan_v2):
    """The network line counts the networks whose last wave has ended: 0 before wave 2, all 7 after wave 20."""
    from planner.emit.report import work_items

    items = work_items(plan_v2)
    assert sorted(i for i, _a, _b in items["network"]) == sorted(NETWORK_WAVES)
    assert {i for i, _a, _b in items["decommission"]} == {s.id for s in plan_v2.systems
                                                          if s.action in ("decommission", "replace")}
    ends = [b for _i, _a, b in items["network"]]
    assert sum(w <= 1 for w in ends) == 0 and sum(w <= 20 for w in ends) == 7


def test_cleanup_and_integration_lists_carry_their_waves_dates(plan_v2):
    """Each decommissioned or replaced system with its wave and the wave's first and last day; the same for
    each integration, with the system it is merged into."""
    html = render_report(plan_v2, "zh")
    keys = parse(html).keys
    gone = [s for s in plan_v2.systems if s.action in ("decommission", "replace")]
    assert len(gone) == 5
    for s in gone:
        dates = f"{wave_start(plan_v2, s.wave)} – {wave_end(plan_v2, s.wave)}"
        assert keys[f"decommission.{s.id}.dates"]["text"] == dates
    clean = section(html, "decommission")
    assert "由 gov-mail 替代" in clean and "第 9 波" in clean
    integration = section(html, "integration")
    for s in plan_v2.systems:
        if s.action == "integrate":
            first = s.start_wave or s.wave
            assert keys[f"integration.{s.id}.dates"]["text"] == f"{wave_start(plan_v2, first)} – {wave_end(plan_v2, s.wave)}"
    names = {s.id: s.name for s in plan_v2.systems}
    rsj = re.search(r'<tr data-id="rsj-train">.*?</tr>', integration, re.S).group(0)
    assert names["rsj-employ"] in rsj and "第 4 波" in rsj  # merged into rsj-employ in wave 4
    assert int(keys["count.replace"]["value"]) == 1


def test_gantt_colours_systems_by_kind(plan_v2):
    """The systems' Gantt draws each system's work in the colour of its action, with a legend."""
    g = section(render_report(plan_v2, "en"), "gantt")
    for kind in ("migrate", "integrate", "decommission", "replace", "intranet"):
        assert f'data-kind="{kind}"' in g
    assert "Replaced by a shared service" in g and "Migrate to cloud" in g


def test_cleanup_duty_counts_replacements(plan_v2):
    """The clean-up duty of a department is planned by its last switch-off, replacements included."""
    wjw = next(r for r in report_context(plan_v2, "en")["duties"]["rows"] if r["name"] == "市卫生健康委员会")
    assert wjw["cells"][2]["planned"] == wave_end(plan_v2, 9).isoformat()
