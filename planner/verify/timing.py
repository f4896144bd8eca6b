"""Rules 5, 7 and 9: how long migrations last, freeze windows, tight pairs, connect first."""

from __future__ import annotations

from planner.rules.durations import migration_waves
from planner.rules.orders import connect_first, ends_in_plan, tight_pairs
from planner.vocabulary import split_key

from .base import Context, rule


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
    days, history = ctx.policy.wave_days, ctx.history
    for s, p in ctx.planned_systems("migrate"):
        if p.start_wave is None or p.wave is None:
            yield r.violation([s.id], f"migration of {s.id} has start_wave {p.start_wave} and wave {p.wave}; "
                                      f"both must be set")
            continue
        if p.wave <= history:
            continue  # done by as_of: a fact
        if p.start_wave < 1:
            yield r.violation([s.id], f"migration of {s.id} starts in wave {p.start_wave}; waves are numbered from 1")
        need, took = migration_waves(s.migration.effort_days, days), p.wave - p.start_wave + 1
        under_way = p.start_wave <= history  # started by as_of: it may take longer than planned, never less
        if took != need and not (under_way and took > need):
            yield r.violation([s.id], f"migration of {s.id} runs waves {p.start_wave}..{p.wave} "
                                      f"({took} waves); {s.migration.effort_days} effort days "
                                      f"in {days}-day waves take {need}")
    for kind, oid, wave in _cutovers(ctx):
        if wave < 1:
            yield r.violation([oid], f"{kind} {oid} cuts over in wave {wave}; waves are numbered from 1")
        elif wave > history and ctx.policy.is_frozen(wave):
            why = ", ".join(f.why or f"{f.from_}..{f.to}" for f in ctx.policy.freeze
                            if f.from_ <= ctx.policy.wave_end(wave) and ctx.policy.wave_start(wave) <= f.to)
            yield r.violation([oid], f"{kind} {oid} cuts over in wave {wave} ({ctx.policy.wave_start(wave)}.."
                                     f"{ctx.policy.wave_end(wave)}), which overlaps the freeze {why}")


@rule("R07-tight-pairs-together", "Two migrating systems joined by a tight dependency cut over in the same wave.")
def tight_pairs_together(ctx: Context, r):
    for a, b in tight_pairs(ctx.inventory, ctx.actions):
        wa, wb = ctx.psys[a].wave, ctx.psys[b].wave
        if wa != wb and not any(w is not None and w <= ctx.history for w in (wa, wb)):
            yield r.violation([a, b], f"{a} (wave {wa}) depends tightly on {b} (wave {wb}); they must cut over together")


@rule("R09-connect-first",
      "A system on a private network cuts over no earlier than the work on that network; an exit is consolidated "
      "no earlier than its network and the cut-over (migration or integration) of every system it publishes; an exit "
      "behind a classified network is closed no later than its network moves to the intranet.")
def connect_first_rule(ctx: Context, r):
    ends = ends_in_plan(ctx.plan.systems, ctx.plan.networks, ctx.plan.exits)
    orders = connect_first(ctx.inventory, ctx.actions, {n.id: n.action for n in ctx.pnet.values()},
                           {e.id: e.action for e in ctx.pexit.values()})
    for o in orders:
        first, then = ends.get(o.first), ends.get(o.then)
        if then is None or then <= ctx.history:  # what was done by as_of is a fact
            continue
        (kf, idf), (kt, idt) = split_key(o.first), split_key(o.then)
        if first is None:
            yield r.violation([idt, idf], f"{_work(kt)} {idt} is done in wave {then} but {_work(kf)} {idf}, which must "
                                          f"come first, has no wave")
        elif first > then:
            yield r.violation([idt, idf], f"{_work(kt)} {idt} is done in wave {then}, before {_work(kf)} {idf} in "
                                          f"wave {first}")


_WORDS = {"system": "the migration of", "integrate": "the integration of", "network": "the work on network",
          "exit": "exit"}


def _work(kind: str) -> str:
    return _WORDS.get(kind, kind)
