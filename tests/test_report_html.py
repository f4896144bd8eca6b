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
from planner.timeline import wave_end

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
    """Headline, conflicts, burn-up, Gantt, duties, networks, exits, decommission and stay lists are there."""
    for section in ("headline", "conflicts", "burnup", "gantt", "duties", "network", "exits", "decommission", "stay"):
        assert f'<section id="{section}">' in html_zh
    assert html_zh.count("<svg") == 3
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
