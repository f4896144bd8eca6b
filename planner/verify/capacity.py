"""Rules 6 and 8: migration team slots per wave (rule 14: only the teams that work on migrations), cloud capacity
and data transfer per wave."""

from __future__ import annotations

from collections import defaultdict

from planner.model import WorkKind
from planner.rules.teams import pool_name
from planner.rules.work import crew_pools

from .base import Context, rule

EPS = 1e-9


@rule("R06-team-slots", "In every wave, a team group works on no more migrations at once than its slots.")
def team_slots_rule(ctx: Context, r):
    pools = crew_pools(ctx.inventory, ctx.topology)[WorkKind.migrations]  # only the teams that work on migrations
    busy: dict[tuple[str, int], list[str]] = defaultdict(list)
    under_way: dict[tuple[str, int], int] = defaultdict(int)  # migrations started by as_of (facts), per pool and wave
    for s, p in ctx.planned_systems("migrate"):
        if p.start_wave is None or p.wave is None:
            continue
        pool = pools.pool_of.get(s.department, pool_name(ctx.county_of(s.department)))
        for w in range(max(p.start_wave, ctx.history + 1, 1), p.wave + 1):
            if p.start_wave <= ctx.history:
                under_way[(pool, w)] += 1
            else:
                busy[(pool, w)].append(s.id)
    for (pool, w), ids in sorted(busy.items()):
        have = pools.slots.get(pool, 0)
        if len(ids) + under_way[(pool, w)] > have:  # work under way may overrun the slots, new work may not
            county = pools.county(pool)
            who = "the region's departments" if county is None else f"county {county}"
            running = f" besides {under_way[(pool, w)]} under way since before as_of" if under_way[(pool, w)] else ""
            yield r.violation(sorted(ids), f"wave {w}: {len(ids)} migrations of {who} in progress{running}, "
                                           f"its teams have {have} slots")


@rule("R08-cloud-capacity-and-transfer",
      "Systems cut over to a cloud fit the capacity in force at each wave, and no wave moves more data "
      "than transfer_tb_per_wave.")
def cloud_capacity_and_transfer(ctx: Context, r):
    by_cloud: dict[str, list] = defaultdict(list)
    per_wave: dict[int, list] = defaultdict(list)
    for s, p in ctx.planned_systems("migrate"):
        if p.wave is None:
            continue
        per_wave[p.wave].append(s)
        if p.target in ctx.clouds:
            by_cloud[p.target].append((p.wave, s))
    horizon = max([len(ctx.plan.waves)] + [w for w in per_wave])
    for cid, items in sorted(by_cloud.items()):
        cloud = ctx.clouds[cid]
        at: dict[int, list] = defaultdict(list)
        for wave, s in items:
            at[wave].append(s)
        used = {"vcpu": 0.0, "memory_gb": 0.0, "storage_tb": 0.0}
        held = dict(used)  # what the cut-overs done by as_of hold: facts, which may exceed the capacity
        count = 0
        for w in range(min(at), horizon + 1):
            for s in at.get(w, ()):
                count += 1
                for k in used:
                    used[k] += getattr(s.resources, k)
                    if w <= ctx.history:
                        held[k] += getattr(s.resources, k)
            day = ctx.policy.wave_start(w)
            step = cloud.capacity_on(day)
            if w < 1 or (w not in at and step == cloud.capacity_on(ctx.policy.wave_start(w - 1))):
                continue  # an overflow can only begin with a cutover or a new capacity step
            over = [f"{k} {_n(v)} > {_n(max(getattr(step, k) if step else 0, held[k]))}" for k, v in used.items()
                    if v > max(getattr(step, k) if step else 0, held[k]) + EPS]
            if over:
                newest = sorted(s.id for s in at.get(w, ())) or sorted(s.id for _, s in items if _ <= w)
                yield r.violation(newest, f"{cid} at wave {w} ({day}): {', '.join(over)} "
                                          f"({count} systems cut over so far)")
    limit = ctx.topology.transfer_tb_per_wave
    if limit is not None:
        for w, systems in sorted(per_wave.items()):
            if w <= ctx.history:
                continue  # moved by as_of: a fact
            tb = sum(s.data_tb for s in systems)
            if tb > limit + EPS:
                yield r.violation(sorted(s.id for s in systems),
                                  f"wave {w} moves {_n(tb)} TB of data, more than {_n(limit)} TB per wave")


def _n(x: float) -> str:
    return f"{x:g}"
