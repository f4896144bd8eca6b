"""Inline SVG charts for the reports: pure functions from plain data to escaped SVG markup.

Every piece of text that reaches the SVG goes through ``markupsafe.escape`` (names may contain
anything, ``<script>`` included); numbers are formatted with fixed precision so that the same data
gives the same bytes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

PALETTE = {
    "eligible_systems_on_cloud": "#2563eb",
    "private_networks_consolidated": "#059669",
    "exits_consolidated": "#d97706",
    "systems_on_extranet": "#7c3aed",
    "systems_connected_to_sharing": "#0891b2",
    "departments_integrated": "#db2777",
    "systems_decommissioned": "#78716c",
    # kinds of work (the work burn-up and the Gantts)
    "migrate": "#2563eb",
    "integrate": "#db2777",
    "decommission": "#78716c",
    "replace": "#78716c",
    "intranet": "#b91c1c",
    "network": "#059669",
    "exit": "#d97706",
}
KIND_INK = {  # the darker shade of a kind: cut-over ticks, end ticks
    "migrate": "#1e3a8a", "integrate": "#831843", "decommission": "#44403c", "replace": "#44403c",
    "intranet": "#7f1d1d", "network": "#064e3b", "exit": "#92400e",
}
INK, MUTED, GRID, FREEZE = "#1f2937", "#6b7280", "#e5e7eb", "#f3f4f6"


def _n(x: float) -> str:
    """A coordinate with at most one decimal.

    >>> _n(3.0), _n(2.25), _n(-0.04)
    ('3', '2.2', '0')
    """
    s = f"{x:.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def text_units(s: str) -> int:
    """Display width in half-width units: CJK and other wide characters count 2.

    >>> text_units("abc"), text_units("新乡")
    (3, 4)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def clip(s: str, units: int) -> str:
    """Shorten `s` to `units` display units, with an ellipsis.

    >>> clip("市发展和改革委员会", 10)
    '市发展和…'
    """
    if text_units(s) <= units:
        return s
    out, used = "", 0
    for c in s:
        w = text_units(c)
        if used + w > units - 2:
            break
        out, used = out + c, used + w
    return out + "…"


def _text(x: float, y: float, s: str, size: int = 12, fill: str = INK, anchor: str = "start",
          weight: str = "normal", extra: str = "") -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"'
            f' font-weight="{weight}"{extra}>{escape(s)}</text>')


def _svg(width: float, height: float, body: list[str], label: str) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}"'
            f' height="{_n(height)}" role="img" aria-label="{escape(label)}" class="chart">')
    return Markup(head + "".join(body) + "</svg>")


# --------------------------------------------------------------------------- burn-up


@dataclass(frozen=True)
class Series:
    key: str  # measure id (colour)
    label: str
    values: Sequence[float | None]  # share at the end of wave i (index 0 = before wave 1)


@dataclass(frozen=True)
class Marker:
    key: str  # measure id (colour)
    label: str  # e.g. "cloud-70 ≥70 % 2018-06-30"
    wave: int  # the last wave ending by the milestone date
    required: float
    met: bool


def nice_ticks(top: float) -> list[float]:
    """Round grid values from 0 to at least `top` (at most six).

    >>> nice_ticks(287), nice_ticks(4), nice_ticks(0)
    ([0, 100, 200, 300], [0, 1, 2, 3, 4], [0, 1])
    """
    top = max(float(top), 1.0)
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if top / step <= 5:
                k = -(-top // step)
                return [int(i * step) for i in range(int(k) + 1)]
        magnitude *= 10


def burnup_svg(series: Sequence[Series], markers: Sequence[Marker], tick_labels: Sequence[tuple[int, str]],
               frozen: Sequence[int], title: str, width: int = 960, height: int = 380,
               counts: bool = False) -> Markup:
    """Planned share per wave for each measure, the milestones' required lines as diamonds.

    With ``counts`` the values (and the markers' ``required``) are numbers of things done, not shares:
    the axis runs from 0 to a round number above the largest.
    """
    n = max((len(s.values) for s in series), default=1) - 1
    n = max(n, max((m.wave for m in markers), default=1), 1)
    legend_rows = (len(series) + 2) // 3
    left, right, top, bottom = 48, 24, 18 + 20 * legend_rows, 40
    pw, ph = width - left - right, height - top - bottom

    def x(i: float) -> float:
        return left + pw * i / n

    if counts:
        highest = max([v for s in series for v in s.values if v is not None] + [m.required for m in markers] + [1])
        grid = nice_ticks(highest)
    else:
        grid = [0, 0.25, 0.5, 0.75, 1.0]
    y_max = grid[-1]

    def y(v: float) -> float:
        return top + ph * (1 - v / y_max)

    body: list[str] = []
    for i, s in enumerate(series):  # legend
        lx, ly = left + (i % 3) * 300, 14 + 20 * (i // 3)
        body.append(f'<rect x="{_n(lx)}" y="{_n(ly - 9)}" width="18" height="4" rx="2" fill="{PALETTE.get(s.key, INK)}"/>')
        body.append(_text(lx + 24, ly - 3, s.label, 12, INK))
    for w in frozen:
        if 1 <= w <= n:
            body.append(f'<rect x="{_n(x(w - 1))}" y="{_n(top)}" width="{_n(x(w) - x(w - 1))}" height="{_n(ph)}"'
                        f' fill="{FREEZE}"><title>freeze</title></rect>')
    for v in grid:
        body.append(f'<line x1="{_n(left)}" y1="{_n(y(v))}" x2="{_n(left + pw)}" y2="{_n(y(v))}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y(v) + 4, f"{v:g}" if counts else f"{round(v * 100)}%", 11, MUTED, "end"))
    for i, label in tick_labels:
        body.append(f'<line x1="{_n(x(i))}" y1="{_n(top + ph)}" x2="{_n(x(i))}" y2="{_n(top + ph + 4)}" stroke="{MUTED}"/>')
        body.append(_text(x(i), top + ph + 17, label, 11, MUTED, "middle"))
    body.append(f'<line x1="{_n(left)}" y1="{_n(top + ph)}" x2="{_n(left + pw)}" y2="{_n(top + ph)}" stroke="{MUTED}"/>')
    for s in series:
        points = [f"{_n(x(i))},{_n(y(v))}" for i, v in enumerate(s.values) if v is not None]
        if points:
            colour = PALETTE.get(s.key, INK)
            body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2.2"'
                        f' stroke-linejoin="round"><title>{escape(s.label)}</title></polyline>')
    placed: list[tuple[float, float, float, float]] = []  # label boxes already drawn: x0, y0, x1, y1
    for m in sorted(markers, key=lambda m: (m.wave, -m.required, m.label)):
        colour = PALETTE.get(m.key, INK)
        mx, my = x(m.wave), y(m.required)
        body.append(f'<line x1="{_n(mx)}" y1="{_n(top)}" x2="{_n(mx)}" y2="{_n(top + ph)}" stroke="{colour}"'
                    f' stroke-dasharray="4 3" stroke-opacity="0.6"/>')
        fill = colour if m.met else "#ffffff"
        body.append(f'<path d="M{_n(mx)} {_n(my - 7)} L{_n(mx + 7)} {_n(my)} L{_n(mx)} {_n(my + 7)}'
                    f' L{_n(mx - 7)} {_n(my)} Z" fill="{fill}" stroke="{colour}" stroke-width="2">'
                    f'<title>{escape(m.label)}</title></path>')
        w = text_units(m.label) * 6.2
        right_side = mx + 10 + w <= left + pw
        x0 = mx + 10 if right_side else mx - 10 - w
        ty = my + 18  # below the required line, out of the way of the series that reach it
        while any(x0 < b[2] and x0 + w > b[0] and ty - 11 < b[3] and ty + 3 > b[1] for b in placed):
            ty += 15
        placed.append((x0, ty - 11, x0 + w, ty + 3))
        body.append(f'<rect x="{_n(x0 - 3)}" y="{_n(ty - 12)}" width="{_n(w + 6)}" height="16" rx="3" fill="#ffffff"'
                    f' fill-opacity="0.9"/>')
        body.append(_text(x0, ty, m.label, 11, colour, "start", "600"))
    return _svg(width, height, body, title)


# --------------------------------------------------------------------------- Gantt


@dataclass(frozen=True)
class Bar:
    start: int
    end: int  # cutover wave (inclusive)
    title: str
    kind: str = "migrate"  # its colour: a system action, "network" or "exit" (PALETTE)
    lane: int = 0  # which of the row's lanes (GanttRow.lanes) it is drawn in


@dataclass(frozen=True)
class GanttRow:
    label: str
    header: bool = False  # a group heading (county), no bars
    bars: Sequence[Bar] = field(default_factory=tuple)
    note: str = ""  # right-hand text, e.g. "12 systems"
    lanes: int = 1  # bars in lane 0 on top, lane 1 below, …; a row of one lane also shows its span
    load: Sequence[tuple[int, int]] = field(default_factory=tuple)  # (wave, how many in progress): a heat row
    kind: str = "migrate"  # the colour of a heat row


def gantt_svg(rows: Sequence[GanttRow], n_waves: int, tick_labels: Sequence[tuple[int, str]],
              frozen: Sequence[int], milestone_waves: Sequence[tuple[int, str]], title: str,
              width: int = 1200, row_h: int = 20, legend: Sequence[tuple[str, str]] = ()) -> Markup:
    """Waves across, departments down; each department's span, its pieces of work and their cut-overs.

    A bar is coloured by its kind; a row of several lanes draws each lane's bars in its own strip; a heat
    row (``load``) shades each wave by how much work is in progress and prints the number. ``legend``:
    (kind, label) pairs shown above the chart.
    """
    n = max(n_waves, 1)
    left = 230
    right = max([90] + [int(text_units(r.note) * 6 + 16) for r in rows if r.note])  # room for the notes
    top = 26 + (20 if legend else 0)
    pw = width - left - right
    height = top + row_h * len(rows) + 26  # month labels above and below: the chart scrolls

    def x(w: float) -> float:  # left edge of wave w (1-based)
        return left + pw * (w - 1) / n

    body: list[str] = []
    lx = 8.0
    for kind, label in legend:
        body.append(f'<rect x="{_n(lx)}" y="7" width="18" height="9" rx="2" fill="{PALETTE.get(kind, INK)}"'
                    f' fill-opacity="0.6"/>')
        body.append(_text(lx + 24, 16, label, 12, INK))
        lx += 24 + text_units(label) * 6.6 + 22
    for i in range(len(rows)):
        if i % 2 == 1:
            body.append(f'<rect x="0" y="{_n(top + i * row_h)}" width="{_n(width)}" height="{row_h}" fill="#fafafa"/>')
    for w in frozen:
        if 1 <= w <= n:
            body.append(f'<rect x="{_n(x(w))}" y="{_n(top)}" width="{_n(x(w + 1) - x(w))}"'
                        f' height="{_n(row_h * len(rows))}" fill="#e5e7eb" fill-opacity="0.7"/>')
    for w, label in tick_labels:
        body.append(f'<line x1="{_n(x(w))}" y1="{_n(top - 4)}" x2="{_n(x(w))}" y2="{_n(height - 18)}" stroke="{GRID}"/>')
        body.append(_text(x(w) + 2, top - 9, label, 11, MUTED))
        body.append(_text(x(w) + 2, height - 6, label, 11, MUTED))
    for w, label in milestone_waves:
        mx = x(w + 1)
        body.append(f'<line x1="{_n(mx)}" y1="{_n(top)}" x2="{_n(mx)}" y2="{_n(height - 18)}" stroke="#dc2626"'
                    f' stroke-dasharray="5 4" stroke-opacity="0.7"><title>{escape(label)}</title></line>')
    for i, row in enumerate(rows):
        ry = top + i * row_h
        if row.header:
            body.append(_text(8, ry + row_h - 6, row.label, 12, INK, weight="700"))
            continue
        body.append(_text(16, ry + row_h - 6, clip(row.label, 30), 12, INK, extra="")
                    .replace("<text ", "<text class=\"dept\" ", 1))
        if row.note:
            body.append(_text(width - 8, ry + row_h - 6, row.note, 11, MUTED, "end"))
        if row.load:
            body.extend(_heat(row, x, ry, row_h))
        if not row.bars:
            continue
        if row.lanes == 1:
            lo, hi = min(b.start for b in row.bars), max(b.end for b in row.bars)
            body.append(f'<rect x="{_n(x(lo))}" y="{_n(ry + 3)}" width="{_n(x(hi + 1) - x(lo))}" height="{row_h - 6}"'
                        f' rx="3" fill="#dbeafe"/>')
        lane_h = (row_h - 6) / max(row.lanes, 1)
        opacity = "0.35" if row.lanes == 1 else "0.5"  # lanes do not overlap as much: a stronger colour
        for b in row.bars:
            colour, ink = PALETTE.get(b.kind, PALETTE["migrate"]), KIND_INK.get(b.kind, KIND_INK["migrate"])
            if row.lanes == 1:
                by, bh, t0, t1 = ry + 6, row_h - 12, ry + 4, ry + row_h - 4
            else:
                by, bh = ry + 3 + b.lane * lane_h + 1, lane_h - 2
                t0, t1 = by - 1, by + bh + 1
            body.append(f'<rect x="{_n(x(b.start))}" y="{_n(by)}" width="{_n(x(b.end + 1) - x(b.start))}"'
                        f' height="{_n(bh)}" rx="2" fill="{colour}" fill-opacity="{opacity}" data-kind="{escape(b.kind)}">'
                        f'<title>{escape(b.title)}</title></rect>')
            cx = x(b.end + 1)
            body.append(f'<line x1="{_n(cx)}" y1="{_n(t0)}" x2="{_n(cx)}" y2="{_n(t1)}"'
                        f' stroke="{ink}" stroke-width="1.5"/>')
    return _svg(width, height, body, title)


def _heat(row: GanttRow, x, ry: float, row_h: int) -> list[str]:
    """A heat row: each wave shaded by the work in progress in it, with the number when it fits."""
    most = max((c for _w, c in row.load), default=0) or 1
    colour = PALETTE.get(row.kind, INK)
    out = []
    for w, c in row.load:
        if c <= 0:
            continue
        x0, x1 = x(w), x(w + 1)
        out.append(f'<rect x="{_n(x0)}" y="{_n(ry + 2)}" width="{_n(x1 - x0)}" height="{row_h - 4}"'
                   f' fill="{colour}" fill-opacity="{0.18 + 0.72 * c / most:.2f}"><title>{c}</title></rect>')
        label = str(c)
        if len(label) * 5.6 <= x1 - x0 + 2:
            fill = "#ffffff" if c / most > 0.55 else INK
            out.append(_text((x0 + x1) / 2, ry + row_h - 6, label, 9, fill, "middle", "600"))
    return out


# --------------------------------------------------------------------------- networks before / after


@dataclass(frozen=True)
class DeptBefore:
    name: str
    networks: int
    exits: int
    classified_networks: int = 0


@dataclass(frozen=True)
class Box:
    label: str
    detail: str = ""


@dataclass(frozen=True)
class After:
    platforms: Sequence[Box]
    public_domain: Box
    admin_domain: Box
    clouds_public: Sequence[Box]
    clouds_admin: Sequence[Box]
    intranet: Box | None
    retained: Box | None
    departments: Sequence[str]


def _box(x: float, y: float, w: float, h: float, fill: str, stroke: str, label: str, detail: str = "",
         size: int = 12, units: int = 0) -> str:
    units = units or int(w / 6.5)
    parts = [f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="6" fill="{fill}" stroke="{stroke}"/>']
    if detail:
        parts.append(_text(x + w / 2, y + h / 2 - 2, clip(label, units), size, INK, "middle", "600"))
        parts.append(_text(x + w / 2, y + h / 2 + 13, clip(detail, units), 11, MUTED, "middle"))
    else:
        parts.append(_text(x + w / 2, y + h / 2 + 4, clip(label, units), size, INK, "middle", "600"))
    return "".join(parts)


def _cloud_path(cx: float, cy: float, w: float, h: float) -> str:
    """A stylised cloud outline centred at (cx, cy)."""
    lo, r, t, b = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
    return (f"M{_n(lo + w * 0.15)} {_n(b)} H{_n(r - w * 0.15)} Q{_n(r)} {_n(b)} {_n(r)} {_n(cy + h * 0.1)}"
            f" Q{_n(r)} {_n(t + h * 0.2)} {_n(r - w * 0.2)} {_n(t + h * 0.2)} Q{_n(cx + w * 0.1)} {_n(t - h * 0.1)}"
            f" {_n(cx - w * 0.1)} {_n(t + h * 0.15)} Q{_n(lo + w * 0.1)} {_n(t + h * 0.1)} {_n(lo + w * 0.12)}"
            f" {_n(cy + h * 0.05)} Q{_n(lo)} {_n(cy + h * 0.1)} {_n(lo)} {_n(cy + h * 0.3)} Q{_n(lo)} {_n(b)}"
            f" {_n(lo + w * 0.15)} {_n(b)} Z")


def network_svg(before: Sequence[DeptBefore], after: After, words: dict[str, str], title: str,
                width: int = 1200, max_departments: int = 60) -> Markup:
    """Two panels: departments with their own private networks and exits; then one extranet, clouds, platforms."""
    half = (width - 40) / 2
    cols = 4
    shown = list(before[:max_departments])
    rows = (len(shown) + cols - 1) // cols + (1 if len(before) > len(shown) else 0)
    after_h = 560
    cell_w = (half - 20) / cols
    cell_h = max(46.0, min(84.0, (after_h - 150) / max(rows, 1)))
    top = 150.0
    before_h = top + rows * cell_h + 30
    height = max(before_h, after_h) + 20
    body: list[str] = []

    # ---- before: every department with its own networks and its own way out
    ox = 0.0
    body.append(_text(ox + 10, 22, words["before"], 15, INK, weight="700"))
    body.append(_text(ox + 10, 40, words["before_summary"], 11, MUTED))
    cloud_x, cloud_y = ox + half / 2, 72
    body.append(f'<path d="{_cloud_path(cloud_x, cloud_y, 170, 52)}" fill="#f3f4f6" stroke="#9ca3af"/>')

    def cell(i: int) -> tuple[float, float, float, float]:
        return ox + 10 + (i % cols) * cell_w, top + (i // cols) * cell_h, cell_w - 8, cell_h - 8

    for i, d in enumerate(shown):  # the exits' lines first, under the boxes
        cx, cy, w, _h = cell(i)
        for k in range(min(d.exits, 6)):
            ax = cx + w - 8 - k * 9
            body.append(f'<line x1="{_n(ax)}" y1="{_n(cy)}" x2="{_n(cloud_x + (ax - cloud_x) * 0.25)}"'
                        f' y2="{_n(cloud_y + 22)}" stroke="#d97706" stroke-opacity="0.35"/>')
    body.append(_text(cloud_x, cloud_y + 8, words["internet"], 13, INK, "middle", "600"))
    for i, d in enumerate(shown):
        cx, cy, w, h = cell(i)
        body.append(f'<rect x="{_n(cx)}" y="{_n(cy)}" width="{_n(w)}" height="{_n(h)}" rx="5" fill="#ffffff"'
                    f' stroke="#d1d5db"><title>{escape(d.name)}</title></rect>')
        body.append(_text(cx + 6, cy + 16, clip(d.name, int(w / 6.6)), 11, INK, weight="600"))
        base = cy + h - 8
        for k in range(min(d.exits, 6)):  # one up-arrow per exit
            ax = cx + w - 8 - k * 9
            body.append(f'<path d="M{_n(ax)} {_n(base)} V{_n(base - 14)} M{_n(ax - 3)} {_n(base - 10)} L{_n(ax)}'
                        f' {_n(base - 14)} L{_n(ax + 3)} {_n(base - 10)}" stroke="#d97706" stroke-width="1.6"'
                        f' fill="none"/>')
        for k in range(min(d.networks, 6)):  # one square per private network
            fill = "#b91c1c" if k < d.classified_networks else "#059669"
            body.append(f'<rect x="{_n(cx + 6 + k * 12)}" y="{_n(base - 9)}" width="9" height="9" rx="2"'
                        f' fill="{fill}"/>')
    if len(before) > len(shown):
        _cx, cy, _w, _h = cell(len(shown) + (cols - len(shown) % cols) % cols)
        body.append(_text(ox + 16, cy + 24, words["more"], 12, MUTED))
    ly = height - 14
    body.append(f'<rect x="{_n(ox + 10)}" y="{_n(ly - 9)}" width="9" height="9" rx="2" fill="#059669"/>')
    body.append(_text(ox + 24, ly, words["private_networks"], 11, MUTED))
    body.append(f'<rect x="{_n(ox + 130)}" y="{_n(ly - 9)}" width="9" height="9" rx="2" fill="#b91c1c"/>')
    body.append(_text(ox + 144, ly, words["classified_network"], 11, MUTED))
    body.append(f'<path d="M{_n(ox + 260)} {_n(ly)} V{_n(ly - 11)} M{_n(ox + 257)} {_n(ly - 7)} L{_n(ox + 260)}'
                f' {_n(ly - 11)} L{_n(ox + 263)} {_n(ly - 7)}" stroke="#d97706" stroke-width="1.6" fill="none"/>')
    body.append(_text(ox + 270, ly, words["exits"], 11, MUTED))

    # ---- divider
    body.append(f'<line x1="{_n(half + 20)}" y1="10" x2="{_n(half + 20)}" y2="{_n(height - 18)}" stroke="{GRID}"/>')

    # ---- after
    ox = half + 40
    body.append(_text(ox, 22, words["after"], 15, INK, weight="700"))
    body.append(_text(ox, 40, words["after_summary"], 11, MUTED))
    body.append(f'<path d="{_cloud_path(ox + half / 2, 72, 170, 52)}" fill="#f3f4f6" stroke="#9ca3af"/>')
    body.append(_text(ox + half / 2, 80, words["internet"], 13, INK, "middle", "600"))
    plats = list(after.platforms)[:6]
    pw = (half - 10 * (len(plats) - 1)) / max(len(plats), 1) if plats else 0
    for i, p in enumerate(plats):
        px = ox + i * (pw + 10)
        body.append(f'<line x1="{_n(px + pw / 2)}" y1="{_n(150)}" x2="{_n(ox + half / 2)}" y2="98" stroke="#d97706"'
                    f' stroke-width="1.6"/>')
        body.append(_box(px, 150, pw, 46, "#fffbeb", "#d97706", p.label, p.detail))
        body.append(f'<line x1="{_n(px + pw / 2)}" y1="196" x2="{_n(px + pw / 2)}" y2="230" stroke="#d97706"'
                    f' stroke-width="1.6"/>')
    if len(after.platforms) > len(plats):
        body.append(_text(ox + half, 142, f"+{len(after.platforms) - len(plats)}", 11, MUTED, "end"))
    body.append(_box(ox, 230, half, 40, "#ede9fe", "#7c3aed", after.public_domain.label, after.public_domain.detail))
    body.append(_box(ox, 300, half, 40, "#e0e7ff", "#4f46e5", after.admin_domain.label, after.admin_domain.detail))
    clouds = [(c, 270, "#2563eb") for c in after.clouds_public] + [(c, 340, "#4f46e5") for c in after.clouds_admin]
    cw = (half - 10 * (len(clouds) - 1)) / max(len(clouds), 1) if clouds else 0
    cw = min(cw, 220)
    for i, (_c, anchor_y, colour) in enumerate(clouds):
        cx = ox + i * (cw + 10)
        body.append(f'<line x1="{_n(cx + cw / 2)}" y1="{_n(anchor_y)}" x2="{_n(cx + cw / 2)}" y2="380"'
                    f' stroke="{colour}" stroke-width="1.6" stroke-dasharray="3 3"/>')
    for i, (c, _anchor_y, colour) in enumerate(clouds):
        cx = ox + i * (cw + 10)
        body.append(f'<path d="{_cloud_path(cx + cw / 2, 402, cw, 44)}" fill="#eff6ff" stroke="{colour}"/>')
        body.append(_text(cx + cw / 2, 404, clip(c.label, int(cw / 7)), 12, INK, "middle", "600"))
        if c.detail:
            body.append(_text(cx + cw / 2, 418, clip(c.detail, int(cw / 6.5)), 10, MUTED, "middle"))
    # departments connect to both domains
    depts = list(after.departments)
    body.append(f'<rect x="{_n(ox)}" y="448" width="{_n(half)}" height="44" rx="6" fill="#ffffff" stroke="#d1d5db"/>')
    body.append(_text(ox + half / 2, 467, words["departments_line"], 12, INK, "middle", "600"))
    body.append(_text(ox + half / 2, 483, clip("、".join(depts), int(half / 6.6)), 10, MUTED, "middle"))
    for dx in (0.04, 0.96):
        body.append(f'<line x1="{_n(ox + half * dx)}" y1="448" x2="{_n(ox + half * dx)}" y2="340" stroke="#4f46e5"'
                    f' stroke-width="1.4"/>')
    small = []
    if after.intranet is not None:
        small.append((after.intranet, "#fef2f2", "#b91c1c"))
    if after.retained is not None:
        small.append((after.retained, "#f9fafb", "#6b7280"))
    for i, (b, fill, stroke) in enumerate(small):
        bw = (half - 10) / 2
        body.append(_box(ox + i * (bw + 10), 504, bw, 42, fill, stroke, b.label, b.detail))
    return _svg(width, height, body, title)
