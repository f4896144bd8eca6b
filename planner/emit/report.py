"""The HTML report managers read: one self-contained file made from plan.json alone.

Headline (milestones met, their required lines, confidence), conflicts in plain words, a burn-up
of the planned shares against the milestones and one of the work done by kind (migrations,
integrations, decommissions and replacements, moves to the intranet, networks, exits), a Gantt of
the systems' waves by department and one of the network and exit work, the duties of each
department, the network picture before and after, the exits and the yearly savings, the
decommission list (with replacements) and the integration list with their waves' dates, and the
stay list with reasons and next steps.

No script, no external resource: charts are inline SVG, styles inline CSS, and a Content Security
Policy forbids anything else. Names are escaped by jinja2's autoescape (and by charts.py inside
the SVG). Same plan, same language: same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..confidence import Confidence, milestone_confidence
from ..plan import Plan
from ..progress import (
    CLOUD,
    DECOMMISSIONED,
    EXITS,
    MEASURES,
    NETWORKS,
    burn_up,
    cloud_population,
    extranet_population,
    planned_done,
)
from ..progress import counts as measure_counts
from ..timeline import as_date, wave_end, wave_start
from ..vocabulary import EXTRANET_DOMAINS
from . import charts
from .figures import exits_after, exits_before, savings
from .i18n import name_of, pct, text
from .render import atomic_write, render_html

CHROMIUM = "/usr/bin/chromium"

SYSTEM_KINDS = ("migrate", "integrate", "decommission", "replace", "intranet")  # system actions that have waves
GONE = ("decommission", "replace")  # switched off: the clean-up list, the systems_decommissioned measure


# --------------------------------------------------------------------------- the report's data


def plan_duties(plan: Plan) -> list[dict[str, str]]:
    """The duties of plan.json ({id, name, name_en, by}), [] while the plan has none."""
    out = []
    for d in getattr(plan, "duties", None) or []:
        get = d.get if isinstance(d, dict) else (lambda k, _d=d: getattr(_d, k, ""))
        out.append({"id": str(get("id") or ""), "name": str(get("name") or ""), "name_en": str(get("name_en") or ""),
                    "by": str(get("by") or "")})
    return out


def counts(plan: Plan) -> list[dict[str, Any]]:
    """Number of systems per action, in the order the report shows them (replacements only when there are some)."""
    order = ["migrate", "integrate", "decommission", "replace", "intranet", "on-cloud", "stay"]
    n = dict.fromkeys(order, 0)
    for s in plan.systems:
        n[s.action] = n.get(s.action, 0) + 1
    return [{"action": a, "count": n[a]} for a in order if a != "replace" or n[a]]


def wave_dates(plan: Plan, first: int, last: int | None = None) -> str:
    """'start – end' of the waves first..last (one wave when last is None)."""
    return f"{wave_start(plan, first).isoformat()} – {wave_end(plan, last if last is not None else first).isoformat()}"


def _waves_text(t: Any, first: int, last: int) -> str:
    return t("wave_n", n=last) if first == last else t("waves_n", a=first, b=last)


def work_items(plan: Plan) -> dict[str, list[tuple[str, int | None, int | None]]]:
    """Each kind of work -> its pieces (id, start wave, end wave); decommissions include replacements.

    Kinds: the system actions that have waves (replace folded into decommission), "network" (networks not
    retained) and "exit". A piece without a wave is not scheduled.
    """
    out: dict[str, list[tuple[str, int | None, int | None]]] = {
        k: [] for k in ("migrate", "integrate", "decommission", "intranet", "network", "exit")}
    for s in plan.systems:
        if s.action in SYSTEM_KINDS:
            kind = "decommission" if s.action in GONE else s.action
            out[kind].append((s.id, s.start_wave if s.start_wave is not None else s.wave, s.wave))
    for n in plan.networks:
        if n.action != "retain":
            out["network"].append((n.id, n.start_wave if n.start_wave is not None else n.wave, n.wave))
    for e in plan.exits:
        out["exit"].append((e.id, e.wave, e.wave))
    return out


def _month_ticks(dates: list[dt.date], offset: int = 0) -> list[tuple[int, str]]:
    """(index, 'YYYY-MM') where a new month begins."""
    ticks, last = [], None
    for i, d in enumerate(dates):
        key = (d.year, d.month)
        if key != last:
            ticks.append((i + offset, f"{d.year}-{d.month:02d}"))
            last = key
    if len(ticks) > 14:  # long plans: every other month
        ticks = ticks[::2]
    return ticks


def _milestone_wave(plan: Plan, m: Any) -> int:
    if m.wave:
        return m.wave
    by = as_date(m.by)
    return max((w.wave for w in plan.waves if as_date(w.end) <= by), default=0)


def _scope_line(plan: Plan, scope: Any, t: Callable[..., str]) -> str:
    """A scoped milestone's population in words (empty for the whole region): level, then departments, then systems."""
    if scope is None:
        return ""
    names = {d.id: d.name for d in plan.departments}
    parts = [t(f"scope_{scope.level}")] if scope.level else []
    if scope.departments:
        parts.append(t("scope_departments", names="、".join(names.get(d, d) for d in scope.departments)))
    if scope.systems:
        parts.append(t("scope_systems", n=len(scope.systems)))
    return "；".join(parts)


def _headline(plan: Plan, lang: str, conf: Confidence | None) -> dict[str, Any]:
    t = text(lang)
    items = []
    for m in plan.milestones:
        c = conf.of(m.id) if conf else None
        items.append({
            "id": m.id, "name": name_of(m, lang) if (m.name or m.name_en) else t(f"measure.{m.measure}"),
            "measure": t(f"measure.{m.measure}"), "by": m.by, "required": m.required, "planned": m.planned,
            "planned_text": pct(m.planned, 0 if abs(m.planned * 100 - round(m.planned * 100)) < 1e-9 else 1),
            "met": m.met, "line": t("required_line", by=m.by, req=pct(m.required)),
            "confidence": c.probability if c else None, "colour": charts.PALETTE.get(m.measure, charts.INK),
            "scope": _scope_line(plan, m.scope, t),
        })
    met = sum(m.met for m in plan.milestones)
    return {"items": items, "met": met, "n": len(plan.milestones),
            "sentence": t("all_met") if met == len(plan.milestones) else t("milestones_met", met=met,
                                                                             n=len(plan.milestones))}


def _burnup(plan: Plan, lang: str) -> Any:
    t = text(lang)
    measures = [CLOUD, NETWORKS, EXITS]
    if any(s.action in GONE for s in plan.systems):
        measures.append(DECOMMISSIONED)
    measures += [m for m in MEASURES if m not in measures and any(x.measure == m for x in plan.milestones)]
    data = burn_up(plan, measures)
    series = [charts.Series(m, t(f"measure.{m}") if any(v is not None for v in data[m])
                            else f"{t(f'measure.{m}')} ({t('no_data')})", data[m]) for m in measures]
    markers = [charts.Marker(m.measure, f"{pct(m.required)} · {m.by}", _milestone_wave(plan, m), m.required, m.met)
               for m in plan.milestones]
    n = max(len(v) for v in data.values()) - 1
    ticks = _month_ticks([wave_end(plan, w) for w in range(1, n + 1)], offset=1)
    frozen = [w.wave for w in plan.waves if w.frozen]
    return charts.burnup_svg(series, markers, ticks, frozen, t("burnup"), width=1200, height=400)


def _work_burnup(plan: Plan, lang: str) -> Any:
    """Cumulative pieces of work done per wave, one line per kind; milestones as the number they require."""
    t = text(lang)
    items = {k: v for k, v in work_items(plan).items() if v}
    n = max([len(plan.waves)] + [_milestone_wave(plan, m) for m in plan.milestones] + [1])
    series = []
    for kind, pieces in items.items():
        ends = [w for _id, _s, w in pieces if w is not None]
        values = [float(sum(w <= i for w in ends)) for i in range(n + 1)]
        series.append(charts.Series(kind, t("work_total", label=t(f"work.{kind}"), n=len(pieces)), values))
    markers = []
    for m in plan.milestones:
        need = _required_count(plan, m, items)
        if need is not None:
            markers.append(charts.Marker(need[0], f"≥{need[1]} · {m.by}", _milestone_wave(plan, m), need[1], m.met))
    ticks = _month_ticks([wave_end(plan, w) for w in range(1, n + 1)], offset=1)
    frozen = [w.wave for w in plan.waves if w.frozen]
    return charts.burnup_svg(series, markers, ticks, frozen, t("work_burnup"), width=1200, height=400, counts=True)


def _required_count(plan: Plan, m: Any, items: dict[str, list[Any]]) -> tuple[str, int] | None:
    """(kind, pieces of that kind the milestone needs done) where its measure counts one kind of work, else None.

    Networks, exits and clean-up count their own work; the cloud measure counts migrations on top of the
    systems already on a cloud (when every migration is in its population). None for a milestone whose
    planned share the whole population does not give (e.g. one scoped to some departments).
    """
    done = planned_done(plan)
    share_at = burn_up(plan, [m.measure]).get(m.measure, [])
    w = _milestone_wave(plan, m)
    if not share_at or w >= len(share_at) or share_at[w] is None or abs(share_at[w] - m.planned) > 1e-6:
        return None
    c = measure_counts(plan, m.measure, wave_end(plan, max(w, 1)), done)
    if c is None:
        return None
    need = math.ceil(round(m.required * c[1], 9))
    kind = {NETWORKS: "network", EXITS: "exit", DECOMMISSIONED: "decommission"}.get(m.measure)
    if kind is not None:
        return (kind, need) if kind in items and len(items[kind]) == c[1] else None
    if m.measure == CLOUD and "migrate" in items:
        pop = {s.id for s in cloud_population(plan)}
        if all(s.id in pop for s in plan.systems if s.action == "migrate"):
            already = sum(s.action == "on-cloud" for s in plan.systems if s.id in pop)
            return "migrate", max(0, need - already)
    return None


def _gantt(plan: Plan, lang: str) -> Any:
    t = text(lang)
    systems_by_dept: dict[str, list[Any]] = defaultdict(list)
    for s in plan.systems:
        systems_by_dept[s.department].append(s)
    groups: dict[str | None, list[Any]] = defaultdict(list)
    for d in plan.departments:
        groups[d.county].append(d)
    counties = {c.id: c.name for c in plan.counties}
    rows: list[charts.GanttRow] = []
    order = [None] + sorted(k for k in groups if k is not None)
    for county in order:
        if county not in groups:
            continue
        if len(groups) > 1 or county is not None:
            rows.append(charts.GanttRow(counties.get(county, county) if county else t("region_level"), header=True))

        def first(d: Any) -> tuple[int, str]:
            waves = [s.start_wave or s.wave for s in systems_by_dept[d.id] if s.wave is not None]
            return (min(waves) if waves else 10**6, d.id)

        for d in sorted(groups[county], key=first):
            bars = []
            for s in sorted(systems_by_dept[d.id], key=lambda s: (s.wave or 0, s.id)):
                if s.wave is None:
                    continue
                start = s.start_wave if s.start_wave is not None else s.wave
                tip = (f"{s.name or s.id} · {t('action.' + s.action)} · {_waves_text(t, start, s.wave)} · "
                       f"{wave_dates(plan, start, s.wave)}")
                bars.append(charts.Bar(start, s.wave, tip, kind=s.action))
            rows.append(charts.GanttRow(d.name or d.id, bars=bars,
                                        note=t("systems_short", n=len(systems_by_dept[d.id]))))
    kinds = [k for k in SYSTEM_KINDS if any(s.action == k and s.wave is not None for s in plan.systems)]
    legend = [(k, t(f"action.{k}")) for k in kinds] if len(kinds) > 1 else []
    marks = sorted({(_milestone_wave(plan, m), f"{m.id} · {m.by}") for m in plan.milestones})
    n = max([len(plan.waves)] + [w for w, _ in marks])
    ticks = _month_ticks([wave_start(plan, w) for w in range(1, n + 1)], offset=1)
    frozen = [w.wave for w in plan.waves if w.frozen]
    return charts.gantt_svg(rows, n, ticks, frozen, marks, t("gantt"), legend=legend)


def _network_gantt(plan: Plan, lang: str) -> Any:
    """Network and exit work: how much is in progress in each wave, then one row per department.

    A department's row has two lanes: its networks' consolidations (start_wave to wave) on top, its exits
    (one wave each, grouped by wave) below. Departments without such work are left out.
    """
    t = text(lang)
    nets = [n for n in plan.networks if n.action != "retain" and n.wave is not None]
    exits = [e for e in plan.exits if e.wave is not None]
    if not nets and not exits:
        return None
    platforms = {p.id: p for p in plan.platforms}
    counties = {c.id: c.name for c in plan.counties}

    def start(n: Any) -> int:
        return n.start_wave if n.start_wave is not None else n.wave

    marks = sorted({(_milestone_wave(plan, m), f"{m.id} · {m.by}") for m in plan.milestones})
    n_waves = max([len(plan.waves)] + [w for w, _ in marks] + [n.wave for n in nets] + [e.wave for e in exits])
    rows: list[charts.GanttRow] = [charts.GanttRow(t("all_departments"), header=True)]
    if nets:
        load = [(w, sum(start(n) <= w <= n.wave for n in nets)) for w in range(1, n_waves + 1)]
        rows.append(charts.GanttRow(t("networks_in_progress", n=len(nets)), load=load, kind="network"))
    if exits:
        load = [(w, sum(e.wave == w for e in exits)) for w in range(1, n_waves + 1)]
        rows.append(charts.GanttRow(t("exits_in_progress", n=len(exits)), load=load, kind="exit"))

    nets_by: dict[str, list[Any]] = defaultdict(list)
    for n in nets:
        nets_by[n.department].append(n)
    exits_by: dict[str, list[Any]] = defaultdict(list)
    for e in exits:
        exits_by[e.department].append(e)
    groups: dict[str | None, list[Any]] = defaultdict(list)
    for d in plan.departments:
        if nets_by[d.id] or exits_by[d.id]:
            groups[d.county].append(d)

    def first(d: Any) -> tuple[int, int, str]:
        waves = [start(n) for n in nets_by[d.id]] or [10**6]
        return (min(waves), min([e.wave for e in exits_by[d.id]] or [10**6]), d.id)

    for county in [None] + sorted(k for k in groups if k is not None):
        if county not in groups:
            continue
        rows.append(charts.GanttRow(counties.get(county, county) if county else t("region_level"), header=True))
        for d in sorted(groups[county], key=first):
            bars = []
            for n in sorted(nets_by[d.id], key=lambda n: (start(n), n.wave, n.id)):
                what = t("network_bar") if n.action == "consolidate" else t("network_to_intranet")
                target = f" → {n.domain}" if n.domain else ""
                tip = (f"{n.name or n.id} ({n.id}) · {what}{target} · {_waves_text(t, start(n), n.wave)} · "
                       f"{wave_dates(plan, start(n), n.wave)}")
                bars.append(charts.Bar(start(n), n.wave, tip, kind="network", lane=0))
            by_wave: dict[int, list[Any]] = defaultdict(list)
            for e in exits_by[d.id]:
                by_wave[e.wave].append(e)
            for w in sorted(by_wave):
                parts = []
                for e in sorted(by_wave[w], key=lambda e: e.id):
                    p = platforms.get(e.platform or "")
                    where = (t("region_platform") if e.platform == "region" else (p.name if p and p.name else e.platform))
                    parts.append(f"{e.id} → {where}" if e.action == "consolidate" and where else
                                 f"{e.id} ({t('exit_closed')})")
                tip = f"{t('exit_bar')} · {'、'.join(parts) if lang == 'zh' else ', '.join(parts)} · " \
                      f"{t('wave_n', n=w)} · {wave_dates(plan, w)}"
                bars.append(charts.Bar(w, w, tip, kind="exit", lane=1))
            rows.append(charts.GanttRow(d.name or d.id, bars=bars, lanes=2,
                                        note=t("nets_exits_short", n=len(nets_by[d.id]), e=len(exits_by[d.id]))))
    ticks = _month_ticks([wave_start(plan, w) for w in range(1, n_waves + 1)], offset=1)
    frozen = [w.wave for w in plan.waves if w.frozen]
    legend = [("network", t("network_bar")), ("exit", t("exit_bar"))]
    return charts.gantt_svg(rows, n_waves, ticks, frozen, marks, t("network_gantt"), legend=legend, row_h=22)


def _duties(plan: Plan, lang: str) -> dict[str, Any]:
    """Columns: the plan's duties; rows: departments; a cell: the planned date where the plan decides it."""
    duties = plan_duties(plan)
    cols = [{"id": d["id"], "name": (d["name_en"] or d["name"]) if lang == "en" else (d["name"] or d["name_en"]),
             "by": d["by"]} for d in duties]
    done = planned_done(plan)
    nets = {n.id: n for n in plan.networks}
    by_dept: dict[str, list[Any]] = defaultdict(list)
    for s in plan.systems:
        by_dept[s.department].append(s)
    population = {s.id for s in extranet_population(plan)}
    rows = []
    county_order = {c.id: i for i, c in enumerate(plan.counties)}
    for dept in sorted(plan.departments, key=lambda d: (d.county is not None, county_order.get(d.county or "", 0),
                                                        d.county or "", d.id)):
        ss = by_dept[dept.id]
        cells = []
        for col in cols:
            due = col["by"]
            planned: dt.date | None = None
            applies, unplanned, already = True, False, False
            if col["id"] in ("clean-up", "integration"):
                actions = GONE if col["id"] == "clean-up" else ("integrate",)
                mine = [s for s in ss if s.action in actions]
                applies = bool(mine)
                waves = [s.wave for s in mine if s.wave is not None]
                planned = max((wave_end(plan, w) for w in waves), default=None)
            elif col["id"] == "connection":
                mine = [s for s in ss if s.id in population]
                applies = bool(mine)
                reach = [_reach_date(s, done, nets) for s in mine]
                unplanned = None in reach
                planned = None if not mine or unplanned else max(d for d in reach if d is not None)
                if mine and all(d == dt.date.min for d in reach):
                    planned, already = None, True  # already on the extranet today
            late = bool(planned and due and planned > as_date(due))
            cells.append({"applies": applies, "planned": planned.isoformat() if planned else None, "due": due,
                          "late": late, "unplanned": unplanned,
                          "already": already})
        rows.append({"name": dept.name or dept.id, "cells": cells})
    return {"cols": cols, "rows": rows, "empty": not cols}


def _reach_date(s: Any, done: Any, nets: dict[str, Any]) -> dt.date | None:
    """When a system becomes reachable on the extranet (date.min: already is; None: never in the plan)."""
    if s.action == "on-cloud" or s.network in EXTRANET_DOMAINS:
        return dt.date.min
    dates = []
    if s.action == "migrate" and s.id in done.systems:
        dates.append(done.systems[s.id])
    net = nets.get(s.network)
    if net is not None and net.action == "consolidate" and net.id in done.networks:
        dates.append(done.networks[net.id])
    return min(dates) if dates else None


def _network(plan: Plan, lang: str) -> Any:
    t = text(lang)
    nets_by: dict[str, list[Any]] = defaultdict(list)
    for n in plan.networks:
        nets_by[n.department].append(n)
    exits_by: dict[str, int] = defaultdict(int)
    for e in plan.exits:
        exits_by[e.department] += 1
    before = [charts.DeptBefore(d.name or d.id, len(nets_by[d.id]), exits_by[d.id],
                                sum(n.classified for n in nets_by[d.id])) for d in plan.departments]
    before.sort(key=lambda b: (-(b.networks + b.exits), b.name))
    counties = {c.id: c.name for c in plan.counties}
    plats = []
    for p in plan.platforms:
        if p.id == "region":
            label = t("region_platform")
        else:
            label = p.name or counties.get(p.county or "", "") or p.id
        plats.append(charts.Box(label, f"{p.bandwidth_mbps:g} Mbps · {'/'.join(p.carriers)}"))

    def joined(domain: str) -> str:
        return t("networks_joined", n=sum(n.action == "consolidate" and n.domain == domain for n in plan.networks))

    targets: dict[str, int] = defaultdict(int)
    for s in plan.systems:
        if s.action in ("migrate", "on-cloud") and s.target:
            targets[s.target] += 1
    clouds_pub = [charts.Box(c.name or c.id, t("systems_short", n=targets[c.id])) for c in plan.clouds
                  if c.domain == "public"]
    clouds_adm = [charts.Box(c.name or c.id, t("systems_short", n=targets[c.id])) for c in plan.clouds
                  if c.domain == "admin"]
    intra_sys = sum(s.action == "intranet" for s in plan.systems)
    intra_net = sum(n.action == "intranet" for n in plan.networks)
    retained = [n for n in plan.networks if n.action == "retain"]
    after = charts.After(
        platforms=plats,
        public_domain=charts.Box(t("extranet_public"), joined("extranet-public")),
        admin_domain=charts.Box(t("extranet_admin"), joined("extranet-admin")),
        clouds_public=clouds_pub, clouds_admin=clouds_adm,
        intranet=charts.Box(t("intranet"), f"{t('systems_short', n=intra_sys)} · {t('networks_short', n=intra_net)}")
        if intra_sys or intra_net else None,
        retained=charts.Box(t("retained"), t("networks_short", n=len(retained))) if retained else None,
        departments=[d.name or d.id for d in plan.departments],
    )
    shown = min(len(before), 60)
    words = {"before": t("before"), "after": t("after"), "internet": t("internet"),
             "private_networks": t("private_networks"), "exits": t("exits"),
             "more": t("more_departments", n=len(before) - shown),
             "departments_line": t("departments_line", n=len(plan.departments)),
             "classified_network": t("classified_network"),
             "before_summary": t("before_summary", d=len(plan.departments), n=len(plan.networks), e=len(plan.exits)),
             "after_summary": t("after_summary", p=len(plan.platforms), c=len(plan.clouds))}
    return charts.network_svg(before, after, words, t("network_picture"))


def _exits(plan: Plan, lang: str) -> dict[str, Any]:
    t = text(lang)
    counties = {c.id: c.name for c in plan.counties}
    depts = {d.id: d.name for d in plan.departments}
    rows = []
    for p in plan.platforms:
        label = t("region_platform") if p.id == "region" else (p.name or counties.get(p.county or "", "") or p.id)
        rows.append({"id": p.id, "name": label, "carriers": " / ".join(p.carriers), "bandwidth": p.bandwidth_mbps,
                     "peak": p.summed_peak_mbps, "exits": len(p.exits),
                     "departments": "、".join(depts.get(d, d) for d in p.departments) if lang == "zh"
                     else ", ".join(depts.get(d, d) for d in p.departments),
                     "cost_before": p.yearly_cost_before_cny,
                     "cost_after": getattr(p, "yearly_cost_after_cny", 0)})
    return {"before": len(plan.exits), "after": len(plan.platforms), "before_cost": exits_before(plan),
            "after_cost": exits_after(plan),
            "peak": sum(e.peak_mbps for e in plan.exits), "platforms": rows}


def _lists(plan: Plan, lang: str) -> dict[str, list[dict[str, Any]]]:
    """The clean-up list (decommissions and replacements) and the integration list in the order of their waves,
    each row with its wave and the wave's dates; the stay list by department."""
    t = text(lang)
    depts = {d.id: d.name for d in plan.departments}
    names = {s.id: s.name or s.id for s in plan.systems}

    def row(s: Any) -> dict[str, Any]:
        out = {"id": s.id, "name": s.name or s.id, "department": depts.get(s.department, s.department),
               "reasons": s.reasons, "next_step": s.next_step, "yearly_om": s.yearly_om_cny,
               "action": t(f"action.{s.action}"), "wave": None, "dates": None}
        if s.action == "replace" and s.target:
            out["action"] = t("replaced_by", target=s.target)
        if s.action == "integrate":
            out["target"] = names.get(s.target or "", s.target or "")
        if s.wave is not None:
            first = s.start_wave if s.start_wave is not None else s.wave
            out["wave"] = _waves_text(t, first, s.wave)
            out["dates"] = wave_dates(plan, first, s.wave)
        return out

    key = lambda s: (depts.get(s.department, s.department), s.id)  # noqa: E731
    by_wave = lambda s: (s.wave if s.wave is not None else 10**6, depts.get(s.department, s.department), s.id)  # noqa: E731
    return {"decommission": [row(s) for s in sorted((s for s in plan.systems if s.action in GONE), key=by_wave)],
            "integrate": [row(s) for s in sorted((s for s in plan.systems if s.action == "integrate"), key=by_wave)],
            "stay": [row(s) for s in sorted((s for s in plan.systems if s.action == "stay"), key=key)]}


def report_context(plan: Plan, lang: str, confidence: Confidence | None = None) -> dict[str, Any]:
    """Everything the report template shows, computed from the plan (and the confidence simulation)."""
    t = text(lang)
    conf = confidence if confidence is not None else milestone_confidence(plan)
    names = {m.id: name_of(m, lang) for m in plan.milestones}
    conflicts = []
    for c in plan.conflicts:
        words = (c.text_zh or c.text) if lang == "zh" else (c.text or c.text_zh)
        label = names.get(c.milestone or "", c.milestone or "")
        conflicts.append({"milestone": "" if label and words.startswith(label) else label, "text": words,
                          "constraints": c.constraints, "remedies": c.remedies})
    findings = [{"kind": f.kind, "text": (f.text_zh or f.text) if lang == "zh" else f.text, "objects": f.objects}
                for f in plan.findings]
    return {
        "plan": plan, "title": f"{t('report_title')} · {plan.region_name or plan.region}",
        "region_name": plan.region_name or plan.region,
        "headline": _headline(plan, lang, conf), "conf": conf, "counts": counts(plan),
        "savings": savings(plan), "conflicts": conflicts, "findings": findings,
        "burnup": _burnup(plan, lang), "work_burnup": _work_burnup(plan, lang), "gantt": _gantt(plan, lang),
        "network_gantt": _network_gantt(plan, lang), "duties": _duties(plan, lang),
        "network": _network(plan, lang), "exits": _exits(plan, lang), "lists": _lists(plan, lang),
        "n_departments": len(plan.departments),
    }


def render_report(plan: Plan, lang: str = "zh", confidence: Confidence | None = None) -> str:
    """The report as one HTML string."""
    return render_html("report.html.j2", lang, **report_context(plan, lang, confidence))


def write_report(plan: Plan, out_dir: Path, lang: str = "zh", confidence: Confidence | None = None) -> Path:
    """Write report.<lang>.html into out_dir (atomically) and return its path."""
    return atomic_write(Path(out_dir) / f"report.{lang}.html", render_report(plan, lang, confidence).encode("utf-8"))


# --------------------------------------------------------------------------- screenshot


def chromium_path() -> str | None:
    """Debian's chromium, or another on PATH; None when there is none."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_args(user_data_dir: str, *extra: str) -> list[str]:
    exe = chromium_path() or CHROMIUM
    return [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={user_data_dir}", *extra]


def screenshot(html_path: Path, png_path: Path, width: int = 1400, height: int = 3000, timeout: float = 90) -> bool:
    """A PNG of the report in headless Chromium; False when Chromium is absent or fails."""
    if chromium_path() is None:
        return False
    png_path = Path(png_path).resolve()
    png_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="planner-chromium-") as profile:
        args = chromium_args(profile, f"--screenshot={png_path}", f"--window-size={width},{height}",
                             Path(html_path).resolve().as_uri())
        try:
            subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return False
    return png_path.exists() and png_path.stat().st_size > 0
