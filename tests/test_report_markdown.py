"""The Markdown summary for mail and IM."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.emit.markdown import render_markdown, write_markdown
from planner.emit.render import md_escape
from planner.plan import read_plan

FIXTURE = Path(__file__).parent / "fixtures" / "plan_report.json"


@pytest.fixture(scope="module")
def plan():
    return read_plan(FIXTURE)


def test_markdown_summary_lists_milestones_and_conflicts(plan):
    """Every milestone with its target and plan, the conflict in words, the stay list."""
    md = render_markdown(plan, "zh")
    assert md.startswith("# 政务信息系统整合迁移计划 · 示范市\n")
    assert "**3/4 个里程碑可按期完成**" in md
    assert "| 业务专网一季度全部整合 | 2018-03-31 | 100 % | 85.7 % | ✗ |" in md
    assert "线路合同 2018-04-15 才到期" in md
    assert "社保卡制卡系统" in md
    en = render_markdown(plan, "en")
    assert "**3 of 4 milestones met**" in en


def test_markdown_escapes_names(plan):
    """<script> and Markdown punctuation in names stay literal text."""
    bare = plan.model_copy(update={"systems": [s.model_copy(update={"name": "<script>alert(1)</script> *x* |y|"})
                                               if s.action == "stay" else s for s in plan.systems]})
    md = render_markdown(bare, "en")
    assert "<script>" not in md
    assert "\\<script\\>alert(1)\\</script\\> \\*x\\* \\|y\\|" in md
    assert md_escape(3) == 3


def test_markdown_same_plan_same_bytes(plan, tmp_path):
    """Written atomically; same plan, same bytes."""
    a = write_markdown(plan, tmp_path / "a", "zh").read_bytes()
    b = write_markdown(plan, tmp_path / "b", "zh").read_bytes()
    assert a == b and (tmp_path / "a" / "summary.zh.md").exists()
