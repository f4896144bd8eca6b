"""Emit a Pulumi project that applies a plan: the stack program, plan.json, one stack per cloud.

The program itself ships as package data under ``planner/emit/stack_program/`` (the one source of
truth; ``stacks/`` in the repository points at it). It reads plan.json only and never imports the
planner. The output directory is built in a temporary sibling and renamed into place
(:func:`planner.atomic.new_directory`), so a failure never leaves a half-written project. Stack
files already in the directory are kept as they are: they hold the encrypted secrets and the wave
the ops team has reached.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import yaml

from planner.atomic import new_directory
from planner.errors import InputError, Issue
from planner.plan import Plan, read_plan

PROJECT = "egov-stacks"
TARGETS = ("alicloud", "openstack")
PLACEHOLDER = "CHANGE-ME"
SECRETS = {  # target -> (config key, what it is); set with `pulumi config set --secret`
    "alicloud": [("alicloud:accessKey", "the RAM user's AccessKey ID"),
                 ("alicloud:secretKey", "the RAM user's AccessKey secret"),
                 (f"{PROJECT}:vpn_psk", "the IPsec pre-shared key of the interconnection VPN")],
    "openstack": [("openstack:password", "the OpenStack user's password")],
}


def program_files() -> list[tuple[str, bytes]]:
    """(relative path, content) of every file of the stack program shipped with the package."""
    root = resources.files("planner.emit") / "stack_program"
    out: list[tuple[str, bytes]] = []

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name == "__pycache__" or child.name.endswith(".pyc"):
                continue
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            else:
                out.append((f"{prefix}{child.name}", child.read_bytes()))

    if not root.is_dir():
        raise FileNotFoundError(f"{root}: the stack program is missing from the installed package; "
                                "reinstall it with the emit/stack_program package data")
    walk(root, "")
    if "Pulumi.yaml" not in {name for name, _ in out} or "__main__.py" not in {name for name, _ in out}:
        raise FileNotFoundError(f"{root}: Pulumi.yaml or __main__.py is missing; the package data is incomplete")
    return out


def stack_config(plan: Plan, cloud_id: str, target: str) -> dict:
    """The `config:` of Pulumi.<cloud>.yaml: the plan, the cloud, wave 1 and site placeholders."""
    ns = PROJECT
    config: dict[str, object] = {}
    carriers = sorted({c for p in plan.platforms for c in p.carriers}) or ["bgp"]
    if target == "alicloud":
        config["alicloud:region"] = PLACEHOLDER
    else:
        config.update({"openstack:authUrl": PLACEHOLDER, "openstack:region": PLACEHOLDER,
                       "openstack:tenantName": PLACEHOLDER, "openstack:userName": PLACEHOLDER})
    config.update({f"{ns}:plan": "plan.json", f"{ns}:cloud": cloud_id, f"{ns}:target": target,
                   f"{ns}:wave": "1", f"{ns}:image": PLACEHOLDER})
    if target == "alicloud":
        config[f"{ns}:zone"] = PLACEHOLDER
    else:
        config[f"{ns}:external_networks"] = {c: PLACEHOLDER for c in carriers}
        config[f"{ns}:floating_pools"] = {c: PLACEHOLDER for c in carriers}
    return {"config": config}


def readme(plan: Plan, target: str) -> str:
    stacks = [c.id for c in sorted(plan.clouds, key=lambda c: c.id)]
    last = max((w.wave for w in plan.waves), default=1)
    secrets = "\n".join(f"    pulumi config set --secret {key}    # {what}" for key, what in SECRETS[target])
    listing = "\n".join(f"- `{s}` (Pulumi.{s}.yaml)" for s in stacks)
    return f"""# Pulumi stacks for plan `{plan.region}` ({target})

One stack per cloud of the plan; each builds, from `plan.json` only, what is cut over on its
cloud in waves up to its `wave` config. Raising the wave only adds resources (a security rule's
source address changes when its source system moves); nothing is deleted.

{listing}

## Once per stack

    pulumi stack init <stack>    # or: pulumi stack select <stack>, if it exists
{secrets}

Replace every `{PLACEHOLDER}` in `Pulumi.<stack>.yaml` (region, image, zone or external networks).
Optional: `pulumi config set --path 'peers.<network id>' <address>` when a consolidated network's
border router is not the first host of its prefix; `ip_pools.<platform id>` for alicloud public
IP address pools holding the platforms' public CIDRs. Secrets are only ever set with
`--secret`; never write them into the stack files.

## Every wave (1 to {last})

    pulumi stack select <stack>
    pulumi config set wave 5
    pulumi preview               # check: only creates (and rule updates), no deletes
    pulumi up

The exit platforms (NAT gateway, EIPs, SNAT, DNAT) live in the stack of the public-domain cloud.
Classified systems and networks are never part of any stack.
"""


def emit_stacks(plan_path: Path, target: str, out_dir: Path) -> list[Path]:
    """Write the Pulumi project for `plan_path` and `target` into `out_dir`; return the files written."""
    if target not in TARGETS:
        raise InputError([Issue("", "--target", "", f"{target!r} is not a supported target",
                                f"use one of {', '.join(TARGETS)}")])
    plan_path, out_dir = Path(plan_path), Path(out_dir)
    plan = read_plan(plan_path)
    if not plan.clouds:
        raise InputError([Issue(str(plan_path), "plan", "clouds", "lists no cloud, so there is no stack to emit",
                                "regenerate the plan with a topology that has clouds")])
    kept = _existing_stack_files(out_dir)
    with new_directory(out_dir) as tmp:
        for name, data in program_files():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(data)
        shutil.copyfile(plan_path, tmp / "plan.json")
        for cloud in sorted(plan.clouds, key=lambda c: c.id):
            name = f"Pulumi.{cloud.id}.yaml"
            if name in kept:
                (tmp / name).write_bytes(kept[name])
            else:
                header = (f"# Stack {cloud.id}: plan.json on cloud {cloud.id} ({cloud.domain} domain), {target}.\n"
                          "# Secrets: `pulumi config set --secret ...` only (see README.md).\n")
                body = yaml.safe_dump(stack_config(plan, cloud.id, target), sort_keys=False, allow_unicode=True)
                (tmp / name).write_text(header + body, encoding="utf-8")
        (tmp / "README.md").write_text(readme(plan, target), encoding="utf-8")
        tmp.chmod(0o755)  # a temporary directory is private (0700); the project is not
    return sorted(p for p in out_dir.rglob("*") if p.is_file())


def _existing_stack_files(out_dir: Path) -> dict[str, bytes]:
    """Stack files of a project emitted before (kept); refuses to replace a directory we did not write."""
    if not out_dir.exists():
        return {}
    if not out_dir.is_dir():
        raise InputError([Issue(str(out_dir), "--out", "", "is a file", "give a directory")])
    entries = list(out_dir.iterdir())
    ours = (out_dir / "Pulumi.yaml").is_file() and f"name: {PROJECT}" in (out_dir / "Pulumi.yaml").read_text(
        encoding="utf-8", errors="replace")
    if entries and not ours:
        raise InputError([Issue(str(out_dir), "--out", "", "exists and is not a project emitted by the planner",
                                "give a new or empty directory")])
    return {p.name: p.read_bytes() for p in out_dir.glob("Pulumi.*.yaml")}

