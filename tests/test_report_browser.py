"""The report in headless Chromium: no console error, no dialog, no injected script; numbers as in plan.json.

Skipped, with the reason, when /usr/bin/chromium is absent (apt-get install -y chromium).
"""

from __future__ import annotations

import json

import browser
import pytest
from test_report_html import FIXTURE, key_numbers_match, parse

from planner.emit.report import screenshot, write_report
from planner.plan import read_plan

pytestmark = pytest.mark.skipif(not browser.available(), reason=browser.SKIP_REASON)


@pytest.fixture(scope="module")
def raw():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["zh", "en"])
def page(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"report-{request.param}")
    html = write_report(read_plan(FIXTURE), out, request.param)
    return html, browser.open_page(html)


def test_report_opens_without_console_errors(page):
    """Loading the page logs no console error, no exception, no failed load and opens no dialog."""
    _html, run = page
    assert run.errors == []
    assert run.dom.startswith("<html")


def test_report_dom_key_numbers_equal_plan_json(page, raw):
    """The numbers in the rendered DOM (data-key elements) are plan.json's."""
    _html, run = page
    key_numbers_match(parse(run.dom).keys, raw)


def test_report_malicious_names_are_text(page):
    """The <script> in a name is escaped text in the live DOM: no script element, no dialog."""
    _html, run = page
    assert "script" not in parse(run.dom).tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in run.dom
    assert run.dialogs == []


def test_dump_dom_agrees(page):
    """The plain --dump-dom command line sees the same escaped text and no script element."""
    html, _run = page
    dom = browser.dump_dom(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom and "script" not in parse(dom).tags


def test_browser_helper_catches_console_errors_and_dialogs(tmp_path):
    """The helper itself sees a console error and an alert (so a clean run means clean)."""
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>console.error('boom'); alert(1)</script></body></html>", encoding="utf-8")
    run = browser.open_page(bad, timeout=30)
    assert "console.error: boom" in run.errors and "dialog: alert: 1" in run.errors


def test_browser_helper_catches_exceptions_and_failed_loads(tmp_path):
    """… and an uncaught exception, and a resource the page tried to load (the report must need none)."""
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>nope()</script><img src='missing.png'></body></html>", encoding="utf-8")
    text = "\n".join(browser.open_page(bad, timeout=30).errors)
    assert "ReferenceError: nope is not defined" in text and "ERR_FILE_NOT_FOUND" in text


def test_screenshot_writes_png(page, tmp_path):
    """screenshot() makes a PNG of the report."""
    html, _run = page
    png = tmp_path / "report.png"
    assert screenshot(html, png, height=1200) is True
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
