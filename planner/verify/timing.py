"""Rules 5, 7 and 9: how long migrations last, freeze windows, tight pairs, connect first."""

from __future__ import annotations

import math

from .base import Context, rule


def duration_waves(effort_days: int, wave_days: int) -> int:
    """Waves a migration lasts: ``max(1, ceil(effort_days / wave_days))``.

    >>> duration_waves(5, 7), duration_waves(7, 7), duration_waves(8, 7), duration_waves(30, 7)
    (1, 1, 2, 5)
    """
    return max(1, math.ceil(effort_days / wave_days))


def _cutovers(ctx: Context):
    """(kind, id, wave) of every non-null cutover wave in the plan."""
    for p in ctx.plan.systems:
        if p.wave is not None:
            yield "system", p.id, p.wave
    for p in ctx.plan.networks:
        if p.wave is not None:
            yield "network", p.id, p.wave
    for p in ctx.plan.exits:
        if p.wave is not None:
            yield "exit", p.id, p.wave


@rule("R05-durations-and-freeze",
      "A migration lasts its effort in whole waves from start_wave to its cutover, and nothing cuts over "
      "in a wave that overlaps a freeze window.")
def durations_and_freeze(ctx: Context, r):
    days = ctx.policy.wave_days
    for s, p in ctx.planned_systems("migrate"):
        if p.start_wave is None or p.wave is None:
            yield r.violation([s.id], f"migration of {s.id} has start_wave {p.start_wave} and wave {p.wave}; "
                                      f"both must be set")
            continue
        if p.start_wave < 1:
            yield r.violation([s.id], f"migration of {s.id} starts in wave {p.start_wave}; waves are numbered from 1")
        need = duration_waves(s.migration.effort_days, days)
        if p.wave - p.start_wave + 1 != need:
            yield r.violation([s.id], f"migration of {s.id} runs waves {p.start_wave}..{p.wave} "
                                      f"({p.wave - p.start_wave + 1} waves); {s.migration.effort_days} effort days "
                                      f"in {days}-day waves take {need}")
    for kind, oid, wave in _cutovers(ctx):
        if wave < 1:
            yield r.violation([oid], f"{kind} {oid} cuts over in wave {wave}; waves are numbered from 1")
        elif ctx.policy.is_frozen(wave):
            why = ", ".join(f.why or f"{f.from_}..{f.to}" for f in ctx.policy.freeze
                            if f.from_ <= ctx.policy.wave_end(wave) and ctx.policy.wave_start(wave) <= f.to)
            yield r.violation([oid], f"{kind} {oid} cuts over in wave {wave} ({ctx.policy.wave_start(wave)}.."
                                     f"{ctx.policy.wave_end(wave)}), which overlaps the freeze {why}")


@rule("R07-tight-pairs-together", "Two migrating systems joined by a tight dependency cut over in the same wave.")
def tight_pairs_together(ctx: Context, r):
    for s, p in ctx.planned_systems("migrate"):
        for dep in s.depends_on:
            q = ctx.psys.get(dep.system)
            if dep.coupling == "tight" and q is not None and q.action == "migrate" and q.wave != p.wave:
                yield r.violation([s.id, dep.system], f"{s.id} (wave {p.wave}) depends tightly on {dep.system} "
                                                      f"(wave {q.wave}); they must cut over together")


def _network_ready(ctx: Context, network_id: str, wave: int, who: str, r):
    """Violations when ``network_id`` is consolidated after ``wave`` (or never, while it is to be consolidated)."""
    net = ctx.pnet.get(network_id)
    if net is None or net.action == "retain":
        return
    if net.wave is None:
        if net.action == "consolidate":
            yield r.violation([who, network_id], f"{who} cuts over in wave {wave} but its network {network_id} "
                                                 f"is never consolidated")
    elif wave < net.wave:
        yield r.violation([who, network_id], f"{who} cuts over in wave {wave}, before its network {network_id} "
                                             f"is consolidated in wave {net.wave}")


@rule("R09-connect-first",
      "A system on a private network cuts over no earlier than that network is consolidated; an exit no earlier "
      "than its network and the systems it publishes.")
def connect_first(ctx: Context, r):
    for s, p in ctx.planned_systems("migrate"):
        if p.wave is not None and s.network in ctx.networks:
            yield from _network_ready(ctx, s.network, p.wave, s.id, r)
    for e in ctx.inventory.exits:
        p = ctx.pexit.get(e.id)
        if p is None or p.wave is None:
            continue
        if e.network:
            yield from _network_ready(ctx, e.network, p.wave, e.id, r)
        for pub in e.published:
            q = ctx.psys.get(pub.system)
            if q is not None and q.wave is not None and q.wave > p.wave:
                yield r.violation([e.id, pub.system], f"exit {e.id} is consolidated in wave {p.wave}, before {pub.system} "
                                                      f"it publishes cuts over in wave {q.wave}")
