"""CSV files for spreadsheets: points, positions and history entries, beside api/briefing.json. Pure.

Each column is declared once with its meaning; the Data page documents the same list.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Callable

from generator.link import Briefing
from generator.site_urls import HISTORY_CSV, POINTS_CSV, POSITIONS_CSV, point_url

# A cell starting with one of these is a formula to a spreadsheet: a quoted article must
# never run as one, so such cells get a leading apostrophe (the usual guard).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str


@dataclass(frozen=True)
class Table:
    path: str
    row_is: str  # what one row stands for
    columns: tuple[Column, ...]
    rows: Callable[[Briefing], list[list[str]]]


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _point_rows(briefing: Briefing) -> list[list[str]]:
    return [[v.id, v.point.title, v.status, _iso(v.since), _iso(v.last_changed), v.point.summary or "",
             str(len(v.citations)), point_url(v.id)] for v in briefing.points]


def _position_rows(briefing: Briefing) -> list[list[str]]:
    return [[v.id, s.party, s.position.stance, s.position.text, _iso(s.position.since), _iso(s.date),
             str(len(s.citations)), " ".join(c.url for c in s.citations)]
            for v in briefing.points for s in v.stances]


def _history_rows(briefing: Briefing) -> list[list[str]]:
    return [[v.id, e.entry.date.isoformat(), e.entry.status, e.entry.note, e.entry.sourcing or "",
             str(len(e.citations)), " ".join(c.url for c in e.citations)]
            for v in briefing.points for e in v.history]


TABLES = (
    Table(POINTS_CSV, "disputed point", (
        Column("id", "the point's id"), Column("title", "its title"), Column("status", "its current status id"),
        Column("status_since", "the date of its last status change (YYYY-MM-DD; empty: undated)"),
        Column("last_changed", "date of its newest history entry"), Column("summary", "one or two sentences"),
        Column("quotes", "number of verified quotes in its history"), Column("url", "its page, relative to the site"),
    ), _point_rows),
    Table(POSITIONS_CSV, "position (one party on one point)", (
        Column("point", "the point's id"), Column("party", "the party's id"), Column("stance", "the stance id"),
        Column("text", "the position in a sentence"), Column("since", "the date the register gives (may be empty)"),
        Column("date", "since, else the date of its newest source article (may be empty)"),
        Column("sources", "number of verified quotes"), Column("source_urls", "links to the quoted paragraphs, space-separated"),
    ), _position_rows),
    Table(HISTORY_CSV, "history entry (newest first for each point)", (
        Column("point", "the point's id"), Column("date", "the entry's date"), Column("status", "the status it records"),
        Column("note", "what happened"), Column("sourcing", "how well sourced (may be empty)"),
        Column("sources", "number of verified quotes"), Column("source_urls", "links to the quoted paragraphs, space-separated"),
    ), _history_rows),
)


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_text(table: Table, briefing: Briefing) -> str:
    """The table as CSV (RFC 4180: comma, double quotes, CRLF), header row first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.name for c in table.columns])
    writer.writerows([[_cell(v) for v in row] for row in table.rows(briefing)])
    return out.getvalue()


def csv_files(briefing: Briefing) -> dict[str, str]:
    return {table.path: csv_text(table, briefing) for table in TABLES}
