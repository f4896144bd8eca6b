"""Actuals are facts: what re-planning does with the work the record says is done or under way.

The record may break a scheduling rule (more cut-overs in a week than a team's slots, a cut-over in
a freeze, a system cut over before its network): it is still what happened. So the rules bind only
the waves after ``as_of`` (FORMATS.md, Actuals), in the one reading the verifier uses too
(:mod:`planner.verify.timing`, :mod:`planner.verify.capacity`):

- work done by ``as_of`` keeps its wave and uses no team slot, data transfer or freeze rule; no order
  of rule 9 or pair of rule 7 binds it (they bind the later work only); it still fills its cloud;
- work under way on ``as_of`` keeps its start and ends after ``as_of``, lasting at least its planned
  waves — longer when its cut-over would fall in a freeze, find its cloud full or move more data than
  a wave allows (it waits, in date order of its planned end), or when its tight partners end later; it
  keeps its team's slot until its cut-over; when more of it is under way than a team has slots, it
  all keeps running and nothing new of that team starts until enough has ended (reserved slots);
- a cloud already holding more than its capacity holds what it holds: new migrations fit only in what
  the capacity leaves above that.

Whatever a fact broke is reported by the pipeline as a finding (:func:`planner.pipeline.make_plan`).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from ..schedule import Activity, Precedence, Resource, StockResource, SyncGroup, VolumeLimit


@dataclass
class Parts:
    """The pieces of a scheduling problem before it is frozen into a :class:`~planner.schedule.Problem`."""

    activities: list[Activity]
    precedences: list[Precedence]
    groups: list[SyncGroup]
    stocks: list[StockResource]
    resources: list[Resource]
    volumes: list[VolumeLimit]
    frozen: frozenset[int]  # the problem's forbidden ends (freeze windows), for every activity with duration > 0


def settle_facts(parts: Parts, history: int, horizon: int) -> Parts:
    """The parts with the facts settled as the module doc says (the same parts when nothing is pinned)."""
    acts = parts.activities
    done = {a.id for a in acts if a.fixed_end is not None}
    under_way = {a.id for a in acts if a.fixed_start is not None and a.fixed_end is None}
    if not done and not under_way:
        return parts
    acts = [_as_done(a) if a.id in done else a for a in acts]
    groups = [g for g in (dataclasses.replace(g, members=tuple(m for m in g.members if m not in done))
                          for g in parts.groups) if len(g.members) > 1]
    acts = _extend_under_way(acts, under_way, groups, history, parts, horizon)
    # The freeze binds the work after as_of only: it moves from the problem onto each activity still to do.
    acts = [dataclasses.replace(a, forbidden_ends=a.forbidden_ends | parts.frozen)
            if a.id not in done and a.id not in under_way and a.duration > 0 and parts.frozen else a for a in acts]
    precedences = [p for p in parts.precedences if p.after not in done]
    stocks = [_holding_facts(s, acts, done) for s in parts.stocks]
    acts, resources = _reserve_overrun_slots(acts, parts.resources, under_way, history, horizon)
    return Parts(acts, precedences, groups, stocks, resources, parts.volumes, frozenset())


def _as_done(a: Activity) -> Activity:
    """Done by as_of: it keeps its end and fills its cloud, and no longer needs a slot or moves data; it started
    no earlier than wave 1, whatever its planned length."""
    return dataclasses.replace(a, demands={}, volumes={}, duration=min(a.duration, a.fixed_end))


def _extend_under_way(activities: list[Activity], under_way: set[str], groups: list[SyncGroup], history: int,
                      parts: Parts, horizon: int) -> list[Activity]:
    """Work under way ends after as_of, with its tight partners under way, when its cut-over can happen."""
    by_id = {a.id: a for a in activities}
    units: list[list[str]] = [[m for m in g.members if m in under_way] for g in groups]
    grouped = {m for u in units for m in u}
    units = [u for u in units if u] + [[aid] for aid in sorted(under_way - grouped)]
    earliest = _earliest_ends(activities, groups, parts.precedences, under_way, history, parts.frozen,
                              {r.name: r.capacity for r in parts.resources})
    natural = {tuple(u): max(earliest[m] for m in u) for u in units}
    room = {s.name: _room(s, activities, horizon) for s in parts.stocks}
    limits = {v.name: v for v in parts.volumes}
    moved: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # end -> volume -> amount
    end: dict[str, int] = {}
    for unit in sorted(units, key=lambda u: (natural[tuple(u)], u)):
        uses, volumes = _summed(by_id[m].uses for m in unit), _summed(by_id[m].volumes for m in unit)
        e = natural[tuple(unit)]
        frozen = parts.frozen.union(*(by_id[m].forbidden_ends for m in unit))  # and rule 15's dates
        while e < horizon and not _fits(e, uses, volumes, room, moved, limits, frozen):
            e += 1
        for m in unit:
            end[m] = e
        for name, q in uses.items():
            if name in room:
                for t in range(e, horizon + 1):
                    room[name][t] -= q
        for name, q in volumes.items():
            moved[e][name] += q
    return [dataclasses.replace(a, duration=end[a.id] - a.fixed_start) if a.id in under_way else a
            for a in activities]


def _earliest_ends(activities: list[Activity], groups: list[SyncGroup], precedences: list[Precedence],
                   under_way: set[str], history: int, frozen: frozenset[int] = frozenset(),
                   capacity: dict[str, int] | None = None) -> dict[str, int]:
    """The earliest end of each piece of work under way: its planned end, after as_of, no earlier than the
    earliest end of its tight partners still to start and of the work that must come before it. That work is
    placed as early as its release, the freeze and its crews allow (two networks of one crew do not both end in
    the first free wave)."""
    by_id = {a.id: a for a in activities}
    capacity = capacity or {}
    busy: dict[tuple[str, int], int] = defaultdict(int)  # (crew pool, period) -> slots taken by the work placed
    placed: dict[str, int] = {}

    def place(a: Activity) -> int:
        start = max(a.release, history)
        while True:
            end = start + a.duration
            free = all(busy[(r, t)] + q <= capacity.get(r, q) for r, q in a.demands.items() for t in range(start, end))
            if free and not (a.duration and (end in frozen or end in a.forbidden_ends)):
                break
            start += 1
        for r, q in a.demands.items():
            for t in range(start, end):
                busy[(r, t)] += q
        return end

    def alone(a: Activity) -> int:
        if a.fixed_end is not None:
            return a.fixed_end
        if a.fixed_start is not None:
            return max(a.fixed_start + a.duration, history + 1)
        if a.id not in placed:
            placed[a.id] = place(a)
        return placed[a.id]

    out = {aid: alone(by_id[aid]) for aid in under_way}
    for p in precedences:
        if p.after in out and p.before in by_id:
            out[p.after] = max(out[p.after], alone(by_id[p.before]) + p.lag)
    for g in groups:
        if any(m in out for m in g.members):
            latest = max(out.get(m, alone(by_id[m])) for m in g.members)
            for m in g.members:
                if m in out:
                    out[m] = latest
    return out


def _fits(t: int, uses: dict[str, int], volumes: dict[str, int], room: dict[str, list[int]],
          moved: dict[int, dict[str, int]], limits: dict[str, VolumeLimit], frozen: frozenset[int]) -> bool:
    """Whether a cut-over at ``t`` is out of the freeze (and after its dates), fits every cloud from then on and the
    wave's transfer and cut-over limits."""
    return (t not in frozen
            and all(min(room[name][t:], default=0) >= q for name, q in uses.items() if name in room)
            and all(moved[t][name] + q <= limits[name].limit_at(t) for name, q in volumes.items() if name in limits))


def _room(stock: StockResource, activities: list[Activity], horizon: int) -> list[int]:
    """Per time 0..horizon, what the stock leaves free once the work done by as_of is in (never below 0)."""
    held = [0] * (horizon + 1)
    for a in activities:
        if a.fixed_end is not None and a.uses.get(stock.name):
            for t in range(min(a.fixed_end, horizon), horizon + 1):
                held[t] += a.uses[stock.name]
    return [max(stock.capacity_at(t) - held[t], 0) for t in range(horizon + 1)]


def _summed(maps) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for m in maps:
        for k, q in m.items():
            out[k] += q
    return out


def _holding_facts(stock: StockResource, activities: list[Activity], done: set[str]) -> StockResource:
    """The capacity in force at each time, raised to what the facts already hold there."""
    held: dict[int, int] = defaultdict(int)
    for a in activities:
        if a.id in done and a.uses.get(stock.name):
            held[a.fixed_end] += a.uses[stock.name]
    if not held:
        return stock
    times = sorted({t for t, _ in stock.steps} | set(held))
    steps, running = [], 0
    for t in times:
        running += held.get(t, 0)
        steps.append((t, max(stock.capacity_at(t), running)))
    return dataclasses.replace(stock, steps=tuple(steps))


def _reserve_overrun_slots(activities: list[Activity], resources: list[Resource], under_way: set[str],
                           history: int, horizon: int) -> tuple[list[Activity], list[Resource]]:
    """Where work under way overruns a team's slots, raise the slots to that load and reserve the rest, so
    that new work of that team fits only in what the work under way leaves free (none while it overruns)."""
    out_resources, reserves = [], []
    for r in resources:
        load: dict[int, int] = defaultdict(int)
        for a in activities:
            if a.id in under_way and a.demands.get(r.name):
                for t in range(max(a.fixed_start, history), a.fixed_start + a.duration):
                    load[t] += a.demands[r.name]
        peak = max(load.values(), default=0)
        if peak <= r.capacity:
            out_resources.append(r)
            continue
        out_resources.append(dataclasses.replace(r, capacity=peak))
        t = history
        while t < horizon:  # one pinned reserve per run of periods with the same amount to hold back
            amount = peak - max(r.capacity, load.get(t, 0))
            run = t
            while run < horizon and peak - max(r.capacity, load.get(run, 0)) == amount:
                run += 1
            if amount:
                reserves.append(Activity(f"reserve:{r.name}:{t}", run - t, fixed_start=t, demands={r.name: amount},
                                         pin_label="facts"))
            t = run
    return activities + reserves, out_resources
