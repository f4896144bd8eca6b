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


def test_markdown_says_when_each_kind_of_work_happens(plan):
    """One line per kind of work: how many pieces, from the first day of its first wave to the last day of its
    last; networks from their start_wave (version 2)."""
    from planner.plan import FORMAT_2
    from planner.timeline import wave_end, wave_start

    nets = [n.model_copy(update={"start_wave": max(1, n.wave - 2)}) if n.wave else n for n in plan.networks]
    v2 = plan.model_copy(update={"format": FORMAT_2, "networks": nets})
    md = render_markdown(v2, "zh")
    assert "## 各类工作时间" in md
    waved = [n for n in nets if n.wave]
    first, last = min(n.start_wave for n in waved), max(n.wave for n in waved)
    assert f"- 业务专网整合: 7 项，{wave_start(v2, first)} 至 {wave_end(v2, last)}\n" in md
    exit_waves = [e.wave for e in plan.exits]
    assert f"- 互联网出口整合: 10 项，{wave_start(v2, min(exit_waves))} 至 {wave_end(v2, max(exit_waves))}\n" in md
    gone = [s.wave for s in plan.systems if s.action == "decommission"]
    assert f"- 系统清理下线（含替代）: {len(gone)} 项，{wave_start(v2, min(gone))} 至 {wave_end(v2, max(gone))}\n" in md
    en = render_markdown(v2, "en")
    assert "## When the work happens" in en and "- Networks consolidated: 7, " in en


def test_markdown_counts_unscheduled_work(plan):
    """Pieces of work without a wave are said to be not scheduled."""
    exits = [e.model_copy(update={"wave": None}) if e.id == "exit-sjj-1" else e for e in plan.exits]
    md = render_markdown(plan.model_copy(update={"exits": exits}), "en")
    line = next(x for x in md.splitlines() if x.startswith("- Exits consolidated:"))
    assert line.startswith("- Exits consolidated: 10, ") and line.endswith("(1 not scheduled)")
