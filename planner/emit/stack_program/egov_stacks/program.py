"""The program: read the config and plan.json, then build this cloud's stack up to the wave.

The order reads as the table of contents of a stack: core network, landing zones (with their
systems), exit platforms, interconnection, outputs.
"""

from __future__ import annotations

from pathlib import Path

import pulumi

from .common import Settings, Target
from .exit_platform import ExitPlatform, ExitPlatformArgs
from .interconnect import Interconnect, InterconnectArgs
from .landing_zone import LandingZone, LandingZoneArgs
from .plan_data import SHARED, PlanDataError, StackView, Trace, load_plan
from .stack_view import build_view

TARGETS = ("alicloud", "openstack")


def _target(name: str, view: StackView, config: pulumi.Config) -> Target:
    """The builder of the stack's cloud, importing only the SDK it uses (the alicloud SDK alone is 160 MB)."""
    if name == "alicloud":
        from .alicloud import Alicloud
        psk = config.require_secret("vpn_psk") if view.interconnects else None  # only its VPN needs one
        return Alicloud(view, Settings.from_config(config), psk)
    if name == "openstack":
        from .openstack import Openstack
        return Openstack(view, Settings.from_config(config))
    raise PlanDataError(f"stack config `target` is {name!r}; set it to one of {', '.join(TARGETS)}")


def run() -> None:
    config = pulumi.Config()
    plan = load_plan(Path(config.require("plan")))
    view = build_view(plan, config.require("cloud"), config.require_int("wave"))
    target = _target(config.require("target"), view, config)
    for warning in view.warnings:
        pulumi.log.warn(warning)

    if view.core_due:
        target.build_core()
    zones = {z.department: LandingZone(target.name_of(f"lz-{z.department}"), LandingZoneArgs(z, target))
             for z in view.landing_zones}
    placed = {sid: p for lz in zones.values() for sid, p in lz.placed.items()}
    subnets = {d: lz.subnet for d, lz in zones.items()}
    for platform in view.platforms:
        ExitPlatform(target.name_of(f"exit-{platform.slug}"), ExitPlatformArgs(platform, target, placed, subnets))
    if view.interconnects and view.vpn_wave is not None:  # vpn_wave is set whenever there are interconnects
        gateway_trace = Trace(SHARED, view.vpn_wave)
        Interconnect(target.name_of(f"interconnect-{view.cloud}"),
                     InterconnectArgs(view.interconnects, list(view.local_cidrs), gateway_trace, target))

    pulumi.export("cloud", view.cloud)
    pulumi.export("wave", view.wave)
    pulumi.export("instances", {sid: p.instance.id for sid, p in sorted(placed.items())})
    pulumi.export("landing_zones", sorted(zones))
    pulumi.export("warnings", list(view.warnings))
