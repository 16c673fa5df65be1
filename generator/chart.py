"""The status chart: how many points stood in each status on each date of the register. Pure.

Drawn at build time as inline SVG (no script): one stacked column per date, a segment per
status, each segment labelled with its count so the chart never relies on colour alone.
Fills use currentColor at different strengths, so the chart follows light and dark mode;
the page puts a data table with the same numbers beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from generator.register import Register

COLUMN_WIDTH = 56
GAP = 24
PLOT_HEIGHT = 160
TOP = 12
AXIS = 40  # room below the columns for the date labels
LEFT = 8
# The count sits on its segment with a halo of the page's background, readable on any fill.
HALO = "paint-order:stroke;stroke:var(--md-default-bg-color,#fff);stroke-width:4px;font-weight:bold"
STRENGTHS = (0.85, 0.6, 0.4, 0.25, 0.12)  # fill-opacity per status, in vocabulary order (repeats beyond)


@dataclass(frozen=True)
class Column:
    date: date
    counts: dict[str, int]  # status id -> points in that status on that date (vocabulary order)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def status_series(register: Register) -> list[Column]:
    """For every date a history entry carries: each point's status as of that day, counted per status.

    A point's status on a day is that of its latest entry dated that day or earlier (a later
    entry in the file wins a tie); a point with no entry yet is not counted.
    """
    days = sorted({e.date for p in register.points for e in p.history})
    columns = []
    for day in days:
        counts = dict.fromkeys(register.statuses, 0)
        for point in register.points:
            dated = [(e.date, i, e.status) for i, e in enumerate(point.history) if e.date <= day]
            if dated:
                counts[max(dated)[2]] += 1
        columns.append(Column(day, counts))
    return columns


def svg(columns: list[Column], labels: dict[str, str], title: str, description: str) -> Markup:
    """The chart as one line of inline SVG with <title> and <desc> (role img, labelled by both)."""
    most = max((c.total for c in columns), default=0) or 1
    scale = PLOT_HEIGHT / most
    width = LEFT * 2 + len(columns) * (COLUMN_WIDTH + GAP)
    height = TOP + PLOT_HEIGHT + AXIS
    parts = [f'<svg class="bf-chart__svg" role="img" aria-labelledby="bf-chart-title bf-chart-desc" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="bf-chart-title">{escape(title)}</title><desc id="bf-chart-desc">{escape(description)}</desc>']
    for n, column in enumerate(columns):
        parts.append(_column(column, LEFT + n * (COLUMN_WIDTH + GAP), scale, labels))
    parts.append("</svg>")
    return Markup("".join(parts))


def _column(column: Column, x: int, scale: float, labels: dict[str, str]) -> str:
    out = []
    y = TOP + PLOT_HEIGHT
    for k, (status, count) in enumerate(column.counts.items()):
        if not count:
            continue
        h = count * scale
        y -= h
        strength = STRENGTHS[k % len(STRENGTHS)]
        out.append(f'<rect class="bf-chart__seg bf-chart__seg--{escape(status)}" x="{x}" y="{y:.1f}" '
                   f'width="{COLUMN_WIDTH}" height="{h:.1f}" fill="currentColor" fill-opacity="{strength}" '
                   f'stroke="currentColor" stroke-width="1"><title>{escape(labels[status])}: {count}</title></rect>')
        out.append(f'<text x="{x + COLUMN_WIDTH / 2:.0f}" y="{y + h / 2 + 5:.1f}" text-anchor="middle" '
                   f'font-size="13" fill="currentColor" style="{HALO}" aria-hidden="true">{count}</text>')
    out.append(f'<text x="{x + COLUMN_WIDTH / 2:.0f}" y="{TOP + PLOT_HEIGHT + 18}" text-anchor="middle" '
               f'font-size="12" fill="currentColor" aria-hidden="true">{column.date.isoformat()}</text>')
    return "".join(out)
