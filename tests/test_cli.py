"""The `planner` command end to end on the bundled example: outputs, exit codes, no half-written output."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from planner.cli import ExitCode, main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "inventory" / "example-taian")
TOPOLOGY = str(ROOT / "topologies" / "example-taian.yaml")
INPUTS = [EXAMPLE, "--topology", TOPOLOGY, "--policy", "taian-2017"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> Path:
    """One greedy plan of the example, shared by the tests of this module."""
    out = tmp_path_factory.mktemp("plan")
    code, stdout, stderr = run("plan", *INPUTS, "--out", str(out / "p"), "--time-limit", "0")
    assert code in (ExitCode.OK, ExitCode.UNMET), stderr
    return out / "p" / "plan.json"


def test_validate_accepts_the_bundled_example():
    """The bundled example is valid: exit 0 and the counts."""
    code, out, _ = run("validate", *INPUTS)
    assert code == ExitCode.OK
    assert "400 systems" in out


def test_plan_covers_every_object_once_with_reasons(planned):
    """Every system, network and exit of the example appears once, each with reasons."""
    plan = json.loads(planned.read_text(encoding="utf-8"))
    ids = [s["id"] for s in plan["systems"]]
    assert len(ids) == len(set(ids)) == 400
    assert len({n["id"] for n in plan["networks"]}) == len(plan["networks"]) == 62
    assert len({e["id"] for e in plan["exits"]}) == len(plan["exits"]) == 120
    assert all(s["reasons"] for s in plan["systems"])
    assert all(n["reasons"] for n in plan["networks"])
    assert all(s["next_step"] for s in plan["systems"] if s["action"] == "stay")


def test_plan_is_the_same_bytes_twice(planned, tmp_path):
    """Same input, same output bytes."""
    code, _, _ = run("plan", *INPUTS, "--out", str(tmp_path / "again"), "--time-limit", "0")
    assert code in (ExitCode.OK, ExitCode.UNMET)
    assert (tmp_path / "again" / "plan.json").read_bytes() == planned.read_bytes()


def test_plan_has_addresses_exits_and_savings(planned):
    """Networks get prefixes, exits a platform and a wave, platforms a bandwidth; exits cost less after."""
    plan = json.loads(planned.read_text(encoding="utf-8"))
    consolidated = [n for n in plan["networks"] if n["action"] == "consolidate"]
    assert consolidated and all(n["prefixes"] and n["wave"] for n in consolidated)
    assert any(n["nat"] for n in consolidated)  # the example has deliberate overlaps
    assert all(e["wave"] and e["platform"] for e in plan["exits"])
    assert {p["id"] for p in plan["platforms"]} == {"region"} | {f"county:{c['id']}" for c in plan["counties"]}
    assert plan["cost"]["exits_after_yearly_cny"] < plan["cost"]["exits_before_yearly_cny"]


def test_verify_accepts_the_plan(planned):
    """`planner verify` accepts what `planner plan` wrote."""
    code, out, _ = run("verify", str(planned), "--inventory", EXAMPLE, "--topology", TOPOLOGY, "--policy", "taian-2017")
    assert code == ExitCode.OK, out


def test_verify_rejects_a_broken_plan(planned, tmp_path):
    """A classified system sent to a cloud is caught with its rule id."""
    plan = json.loads(planned.read_text(encoding="utf-8"))
    victim = next(s for s in plan["systems"] if s["classified"])
    victim.update(action="migrate", target="admin-cloud", start_wave=5, wave=5)
    broken = tmp_path / "plan.json"
    broken.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("verify", str(broken), "--inventory", EXAMPLE, "--topology", TOPOLOGY, "--policy", "taian-2017")
    assert code == ExitCode.PLAN_INVALID
    assert "R02-classified-intranet" in out and victim["id"] in out


def test_bad_input_writes_nothing(tmp_path):
    """An input error exits 3 with one line per problem and leaves no output directory."""
    bad = tmp_path / "inv.yaml"
    bad.write_text("region: {id: x, name: X, level: town}\n", encoding="utf-8")
    code, _, err = run("plan", str(bad), "--topology", TOPOLOGY, "--policy", "taian-2017", "--out", str(tmp_path / "out"))
    assert code == ExitCode.BAD_INPUT
    assert "inv.yaml:1 region x.level: 'town' is not allowed — fix: use one of 'province' or 'city'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_failed_plan_keeps_the_previous_output(planned, tmp_path):
    """A failing run leaves an existing output directory exactly as it was."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.json").write_text("previous", encoding="utf-8")
    code, _, _ = run("plan", EXAMPLE, "--topology", TOPOLOGY, "--policy", "no-such-policy", "--out", str(out))
    assert code == ExitCode.BAD_INPUT
    assert (out / "plan.json").read_text(encoding="utf-8") == "previous"


def test_report_and_emit_read_the_plan(planned, tmp_path):
    """report writes the HTML, Markdown and Excel files; emit writes a Pulumi project per target."""
    code, out, _ = run("report", str(planned), "--out", str(tmp_path / "r"), "--lang", "en")
    assert code == ExitCode.OK
    assert {p.name for p in (tmp_path / "r").iterdir()} >= {"report.en.html", "summary.en.md", "schedule.xlsx"}
    code, out, _ = run("emit", str(planned), "--target", "openstack", "--out", str(tmp_path / "s"))
    assert code == ExitCode.OK
    assert (tmp_path / "s" / "Pulumi.yaml").exists() and (tmp_path / "s" / "Pulumi.admin-cloud.yaml").exists()


def test_policy_show_prints_a_loadable_preset(tmp_path):
    """`policy show` prints YAML that loads back as the same policy."""
    from planner.load import load_policy

    code, out, _ = run("policy", "show", "taian-2017")
    assert code == ExitCode.OK
    (tmp_path / "p.yaml").write_text(out, encoding="utf-8")
    assert load_policy(tmp_path / "p.yaml") == load_policy("taian-2017")


def test_every_preset_loads():
    """The five presets load, each with at least one milestone."""
    from planner.load import load_policy, preset_names

    assert preset_names() == ["chongqing-2017", "shaanxi-2017", "taian-2017", "tibet-2017", "xinxiang-2017"]
    assert all(load_policy(name).milestones for name in preset_names())


def test_unexpected_error_is_one_line_not_a_traceback(monkeypatch, tmp_path):
    """A bug inside the planner is reported in one line with exit 1, never as a traceback."""
    import planner.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(planner.pipeline, "make_plan", boom)
    code, _, err = run("plan", *INPUTS, "--out", str(tmp_path / "o"), "--time-limit", "0")
    assert code == ExitCode.INTERNAL
    assert err.startswith("internal error (RuntimeError: boom)") and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_plan_with_cpsat_is_the_same_bytes_twice(tmp_path):
    """With CP-SAT too, the same input and settings give the same bytes (deterministic time binds)."""
    for name in ("a", "b"):
        code, _, err = run("plan", *INPUTS, "--out", str(tmp_path / name), "--time-limit", "3", "--quiet")
        assert code in (ExitCode.OK, ExitCode.UNMET), err
    assert (tmp_path / "a" / "plan.json").read_bytes() == (tmp_path / "b" / "plan.json").read_bytes()


def test_plan_breaking_a_hard_rule_is_a_bug_and_not_written(monkeypatch, tmp_path):
    """If the verifier finds a broken rule in a fresh plan, nothing is written and the exit code says 'bug'."""
    import planner.verify
    from planner.verify import Violation

    def broken(*args, **kwargs):
        return [Violation("R07-tight-pairs-together", "Two migrating systems joined by a tight dependency cut over "
                          "in the same wave.", ("a", "b"), "a cuts over in wave 3, b in wave 4")]

    monkeypatch.setattr(planner.verify, "verify", broken)
    code, _, err = run("plan", *INPUTS, "--out", str(tmp_path / "o"), "--time-limit", "0")
    assert code == ExitCode.PLAN_BUG
    assert err.startswith("planner bug (please report it): the plan breaks hard rules:")
    assert "R07-tight-pairs-together" in err
    assert not (tmp_path / "o").exists()
