"""emit_stacks: the Pulumi project written for a plan, atomically and without secrets."""

from __future__ import annotations

import doctest

import pytest
import yaml
from test_stacks_support import FIXTURE, PROGRAM, PSK, run_program

from planner.emit.pulumi_project import emit_stacks
from planner.errors import InputError


@pytest.mark.parametrize("target", ["alicloud", "openstack"])
def test_stacks_emit_writes_program_plan_stacks_and_readme(tmp_path, target):
    """Pulumi.yaml, __main__.py, the package, plan.json, one Pulumi.<cloud>.yaml per cloud and a README."""
    out = tmp_path / "stacks-out"
    written = emit_stacks(FIXTURE, target, out)
    names = {p.relative_to(out).as_posix() for p in written}
    assert {"Pulumi.yaml", "__main__.py", "requirements.txt", "plan.json", "README.md",
            "egov_stacks/plan_data.py", "egov_stacks/plan_index.py", "egov_stacks/stack_view.py",
            "egov_stacks/landing_zone_specs.py", "egov_stacks/exit_platform_specs.py",
            "egov_stacks/interconnect_specs.py", "egov_stacks/landing_zone.py", "egov_stacks/exit_platform.py",
            "egov_stacks/interconnect.py", "egov_stacks/alicloud.py", "egov_stacks/openstack.py",
            "egov_stacks/common.py", "egov_stacks/instance_sizing.py", "egov_stacks/program.py",
            "Pulumi.public-cloud.yaml", "Pulumi.admin-cloud.yaml"} <= names
    assert not any("__pycache__" in n for n in names)
    assert (out / "plan.json").read_bytes() == FIXTURE.read_bytes()
    config = yaml.safe_load((out / "Pulumi.public-cloud.yaml").read_text(encoding="utf-8"))["config"]
    assert config["egov-stacks:plan"] == "plan.json"
    assert config["egov-stacks:cloud"] == "public-cloud"
    assert config["egov-stacks:target"] == target
    assert config["egov-stacks:wave"] == "1"
    assert ("alicloud:region" in config) == (target == "alicloud")
    readme = (out / "README.md").read_text(encoding="utf-8")
    for step in ("pulumi stack select", "pulumi config set wave 5", "pulumi preview", "pulumi up",
                 "pulumi config set --secret"):
        assert step in readme


def test_stacks_emit_writes_no_secret_values(tmp_path):
    """Secret keys appear only as `--secret` steps in the README, never as values in the stack files."""
    out = tmp_path / "out"
    emit_stacks(FIXTURE, "alicloud", out)
    for stack in out.glob("Pulumi.*.yaml"):
        config = yaml.safe_load(stack.read_text(encoding="utf-8"))["config"]
        assert not {"alicloud:accessKey", "alicloud:secretKey", "egov-stacks:vpn_psk"} & set(config)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "pulumi config set --secret egov-stacks:vpn_psk" in readme
    assert "pulumi config set --secret alicloud:secretKey" in readme
    assert PSK not in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())


def test_stacks_emit_keeps_existing_stack_files(tmp_path):
    """Re-emitting keeps the stack files ops have edited (their secrets and wave) and refreshes the rest."""
    out = tmp_path / "out"
    emit_stacks(FIXTURE, "alicloud", out)
    edited = "config:\n  egov-stacks:wave: '4'\n  egov-stacks:vpn_psk:\n    secure: AAABAx==\n"
    (out / "Pulumi.public-cloud.yaml").write_text(edited, encoding="utf-8")
    (out / "README.md").write_text("stale", encoding="utf-8")
    emit_stacks(FIXTURE, "alicloud", out)
    assert (out / "Pulumi.public-cloud.yaml").read_text(encoding="utf-8") == edited
    assert (out / "README.md").read_text(encoding="utf-8") != "stale"


def test_stacks_emit_is_atomic_on_failure(tmp_path, monkeypatch):
    """A failure while writing leaves the previous project untouched and no temporary directory behind."""
    import planner.emit.pulumi_project as pp

    out = tmp_path / "out"
    emit_stacks(FIXTURE, "alicloud", out)
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(plan, target):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pp, "readme", broken)
    with pytest.raises(RuntimeError):
        emit_stacks(FIXTURE, "openstack", out)
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_stacks_emit_refuses_foreign_directory_and_unknown_target(tmp_path):
    """A non-empty directory it did not write, or a target it does not know, is an input error."""
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError):
        emit_stacks(FIXTURE, "alicloud", foreign)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(InputError):
        emit_stacks(FIXTURE, "aws", tmp_path / "x")


def test_stacks_emitted_program_runs(tmp_path):
    """The emitted copy runs under mocks like the shipped one (same files, plan next to it)."""
    out = tmp_path / "out"
    emit_stacks(FIXTURE, "openstack", out)
    assert (out / "egov_stacks" / "program.py").read_bytes() == (PROGRAM / "egov_stacks" / "program.py").read_bytes()
    result = run_program(out / "plan.json", "openstack", "public-cloud", 6)
    assert any(r.name == "vm-fgw-invest" for r in result.resources)


def test_stacks_doctests_of_instance_sizing_and_plan_data():
    """The instance sizing table and address helpers behave as their docstrings say."""
    import egov_stacks.instance_sizing
    import egov_stacks.plan_data
    import egov_stacks.stack_view

    for module in (egov_stacks.instance_sizing, egov_stacks.plan_data, egov_stacks.stack_view):
        failures, _ = doctest.testmod(module)
        assert failures == 0, module.__name__
