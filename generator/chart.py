"""The status chart: how many points stood in each status on each date of the register. Pure.

Drawn at build time as inline SVG (no script): one stacked column per date, placed along a
time axis in proportion to the days between dates. Each status has its own colour and its
own pattern, named in a legend, so the chart never relies on shade alone, and the same
fills in light and dark mode. Every column is as tall as the register has points: points
with no history entry yet on a date stand apart at the top, outlined and unfilled, so a
register that grows does not read as a trend. Drawn at 340 px wide, so on a phone its
12 px text is shown at about its own size; the page puts a data table with the same numbers
beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from generator.register import Register

WIDTH = 340
FONT = 12
LEFT, RIGHT, TOP = 30, 12, 12
PLOT_HEIGHT = 150
AXIS = 34  # room below the columns for the dates
BAR_MAX, BAR_MIN = 26, 4
LABEL_WIDTH = 74  # a date label at FONT px, with room to spare
LEGEND_ROW = 20
UNRECORDED = "Not yet recorded"
# The count sits on its segment with a halo of the page's background, readable on any fill.
HALO = "paint-order:stroke;stroke:var(--md-default-bg-color,#fff);stroke-width:3px;font-weight:bold"
# Per status, in vocabulary order (repeats beyond): a fill and a pattern drawn over it.
# Mid-tone fills keep 3:1 against both the light and the dark page; the patterns tell them apart without colour.
FILLS = ("#4a7fc1", "#d39a2c", "#3f9b5a", "#9272c4", "#8c8c8c")
PATTERNS = (
    "",                                              # solid
    '<path d="M0 6L6 0" stroke="#000" stroke-opacity=".45" stroke-width="1.4"/>',   # diagonal lines
    '<circle cx="3" cy="3" r="1.3" fill="#000" fill-opacity=".45"/>',                # dots
    '<path d="M0 3H6" stroke="#000" stroke-opacity=".45" stroke-width="1.4"/>',     # horizontal lines
    '<path d="M0 0L6 6M0 6L6 0" stroke="#000" stroke-opacity=".45" stroke-width="1"/>',  # cross-hatch
)


@dataclass(frozen=True)
class Column:
    date: date
    counts: dict[str, int]  # status id -> points in that status on that date (vocabulary order)
    unrecorded: int = 0  # points of the register with no history entry yet on that date

    @property
    def total(self) -> int:
        """Points with a status on that date (those not yet recorded are not counted)."""
        return sum(self.counts.values())


def status_series(register: Register) -> list[Column]:
    """For every date a history entry carries: each point's status as of that day, counted per status.

    A point's status on a day is that of its latest entry dated that day or earlier (of two
    entries on one date the one higher in the file, as everywhere); a point with no entry yet is counted as not yet recorded.
    """
    days = sorted({e.date for p in register.points for e in p.history})
    columns = []
    for day in days:
        counts = dict.fromkeys(register.statuses, 0)
        for point in register.points:
            dated = [(e.date, -i, e.status) for i, e in enumerate(point.history) if e.date <= day]
            if dated:
                counts[max(dated)[2]] += 1
        columns.append(Column(day, counts, len(register.points) - sum(counts.values())))
    return columns


def x_positions(days: list[date], left: float, width: float) -> list[float]:
    """The centre of each date's column: proportional to its days from the first date, across width."""
    span = (days[-1] - days[0]).days if days else 0
    if not span:
        return [left + width / 2 for _ in days]
    return [left + width * (d - days[0]).days / span for d in days]


def bar_width(xs: list[float]) -> float:
    """As wide as BAR_MAX, narrower where two dates are close, so columns never overlap."""
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    return max(BAR_MIN, min([BAR_MAX, *(g * 0.8 for g in gaps)]))


def labelled(xs: list[float]) -> list[int]:
    """Which dates get a label under the axis: the first, the last if there is room, and between
    them each that stands LABEL_WIDTH from its labelled neighbours."""
    chosen = [0] if xs else []
    for i in range(1, len(xs)):
        if xs[i] - xs[chosen[-1]] >= LABEL_WIDTH:
            chosen.append(i)
    if len(xs) > 1 and chosen[-1] != len(xs) - 1:
        while len(chosen) > 1 and xs[-1] - xs[chosen[-1]] < LABEL_WIDTH:
            chosen.pop()
        if xs[-1] - xs[chosen[-1]] >= LABEL_WIDTH:
            chosen.append(len(xs) - 1)
    return chosen


def _defs(statuses: list[str]) -> str:
    out = []
    for k, status in enumerate(statuses):
        fill, pattern = FILLS[k % len(FILLS)], PATTERNS[k % len(PATTERNS)]
        out.append(f'<pattern id="bf-fill-{escape(status)}" patternUnits="userSpaceOnUse" width="6" height="6">'
                   f'<rect width="6" height="6" fill="{fill}"/>{pattern}</pattern>')
    return "<defs>" + "".join(out) + "</defs>"


def _legend(labels: dict[str, str], top: float) -> tuple[str, float]:
    """Swatch and name of each status, then the outline of points not yet recorded; rows wrap at WIDTH."""
    items = [(f'fill="url(#bf-fill-{escape(s)})" stroke="currentColor"', name) for s, name in labels.items()]
    items.append(('fill="none" stroke="currentColor" stroke-dasharray="3 2"', UNRECORDED))
    out, x, y = [], LEFT, top
    for attributes, name in items:
        width = 18 + len(name) * FONT * 0.6 + 12
        if x + width > WIDTH and x > LEFT:
            x, y = LEFT, y + LEGEND_ROW
        out.append(f'<rect x="{x}" y="{y}" width="13" height="13" {attributes}/>'
                   f'<text x="{x + 18}" y="{y + 11}" font-size="{FONT}" fill="currentColor">{escape(name)}</text>')
        x += width
    return "".join(out), y + LEGEND_ROW


def svg(columns: list[Column], labels: dict[str, str], title: str, description: str) -> Markup:
    """The chart as one line of inline SVG with <title> and <desc> (role img, labelled by both)."""
    points = max((c.total + c.unrecorded for c in columns), default=0) or 1
    scale = PLOT_HEIGHT / points
    xs = x_positions([c.date for c in columns], LEFT + BAR_MAX / 2, WIDTH - LEFT - RIGHT - BAR_MAX)
    bar = bar_width(xs)
    base = TOP + PLOT_HEIGHT
    legend, height = _legend(labels, base + AXIS)
    parts = [_defs(list(labels)),
             f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="currentColor"/>',
             _y_axis(points, base)]
    parts += [_column(column, x, bar, scale, labels) for column, x in zip(columns, xs)]
    parts += [_tick(x, base) for x in xs] + [_date_label(columns[i].date, xs[i], base) for i in labelled(xs)]
    parts.append(legend)
    return Markup(
        f'<svg class="bf-chart__svg" role="img" aria-labelledby="bf-chart-title bf-chart-desc" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="bf-chart-title">{escape(title)}</title><desc id="bf-chart-desc">{escape(description)}</desc>'
        + "".join(parts) + "</svg>")


def _y_axis(points: int, base: float) -> str:
    return (f'<text x="{LEFT - 6}" y="{base}" text-anchor="end" font-size="{FONT}" fill="currentColor">0</text>'
            f'<text x="{LEFT - 6}" y="{TOP + FONT - 2}" text-anchor="end" font-size="{FONT}" fill="currentColor">{points}</text>')


def _tick(x: float, base: float) -> str:
    return f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 5}" stroke="currentColor"/>'


def _date_label(day: date, x: float, base: float) -> str:
    """The date under its tick; near an edge of the chart it ends (or starts) there instead of running off."""
    anchor, at = "middle", x
    if x + LABEL_WIDTH / 2 > WIDTH:
        anchor, at = "end", min(x + 6, WIDTH - 1)
    elif x - LABEL_WIDTH / 2 < 0:
        anchor, at = "start", max(x - 6, 1)
    return (f'<text x="{at:.1f}" y="{base + 20}" text-anchor="{anchor}" font-size="{FONT}" fill="currentColor" '
            f'class="bf-chart__date">{day.isoformat()}</text>')


def _column(column: Column, centre: float, bar: float, scale: float, labels: dict[str, str]) -> str:
    out, x = [], centre - bar / 2
    y = TOP + PLOT_HEIGHT
    segments = [(s, n, f'fill="url(#bf-fill-{escape(s)})" stroke="currentColor"', labels[s])
                for s, n in column.counts.items() if n]
    if column.unrecorded:
        segments.append(("unrecorded", column.unrecorded, 'fill="none" stroke="currentColor" stroke-dasharray="3 2"',
                         UNRECORDED))
    for status, count, paint, name in segments:
        h = count * scale
        y -= h
        out.append(f'<rect class="bf-chart__seg bf-chart__seg--{escape(status)}" x="{x:.1f}" y="{y:.1f}" '
                   f'width="{bar:.1f}" height="{h:.1f}" {paint} stroke-width="1"><title>{escape(name)}: {count}</title></rect>')
        if h >= FONT + 2 and bar >= 16:
            out.append(f'<text x="{centre:.1f}" y="{y + h / 2 + FONT / 2 - 1:.1f}" text-anchor="middle" '
                       f'font-size="{FONT}" fill="currentColor" style="{HALO}" aria-hidden="true">{count}</text>')
    return "".join(out)
