"""Dated events of a Briefing: status changes, position changes, new articles. Pure.

The timeline, the "What changed" page, the home page's latest changes and the feeds all
read their dates from here, so they agree with each other and with the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.articles import Article
from generator.link import Briefing, PointView
from generator.evidence import Entry, Stance
from generator.quotes import Citation

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class StatusChange:
    """A history entry that set a point's status: before is None for the first one on record."""

    view: PointView
    entry: Entry
    before: str | None

    @property
    def date(self) -> date:
        return self.entry.entry.date

    @property
    def after(self) -> str:
        return self.entry.entry.status


@dataclass(frozen=True)
class Event:
    """One dated line of the timeline. kind: 'status' (a history entry), 'position' or 'article'."""

    date: date
    kind: str
    point: PointView | None = None
    entry: Entry | None = None
    before: str | None = None  # for 'status': the status before the entry (None: first on record)
    stance: Stance | None = None
    article: Article | None = None
    touches: tuple[PointView, ...] = ()  # for 'article': the points it mentions or is cited for

    @property
    def citations(self) -> tuple[Citation, ...]:
        if self.entry:
            return self.entry.citations
        return self.stance.citations if self.stance else ()


def _chronological(view: PointView) -> list[Entry]:
    """History entries oldest first; of two on one date, the one higher in the file is the newer (as PointView
    orders them, and as the register's header says)."""
    return list(reversed(view.history))


def status_changes(briefing: Briefing) -> list[StatusChange]:
    """Every entry whose status differs from the point's previous one, newest first."""
    changes: list[StatusChange] = []
    for view in briefing.points:
        before: str | None = None
        for entry in _chronological(view):
            if entry.entry.status != before:
                changes.append(StatusChange(view, entry, before))
            before = entry.entry.status
    order = {view.id: i for i, view in enumerate(briefing.points)}
    return sorted(changes, key=lambda c: (-c.date.toordinal(), order[c.view.id]))


def _history_events(view: PointView) -> list[Event]:
    events, before = [], None
    for entry in _chronological(view):
        events.append(Event(entry.entry.date, "status", point=view, entry=entry, before=before))
        before = entry.entry.status
    return events


def events(briefing: Briefing) -> list[Event]:
    """Every dated event, newest first; on one day: status, then positions, then articles, in register order."""
    out: list[Event] = []
    for view in briefing.points:
        out += _history_events(view)
        out += [Event(s.date, "position", point=view, stance=s) for s in view.stances if s.date]
    out += [Event(a.article.date, "article", article=a.article, touches=tuple(briefing.point(p) for p in a.point_ids))
            for a in briefing.articles]
    kinds = {"status": 0, "position": 1, "article": 2}
    ordered = sorted(enumerate(out), key=lambda pair: (-pair[1].date.toordinal(), kinds[pair[1].kind], pair[0]))
    return [event for _, event in ordered]


def positions_by_party(briefing: Briefing, party_id: str) -> list[tuple[PointView, Stance]]:
    """A party's positions across points, newest first; undated ones last, in register order."""
    pairs = [(view, s) for view in briefing.points for s in view.stances if s.party == party_id]
    return sorted(pairs, key=lambda pair: -(pair[1].date.toordinal() if pair[1].date else 0))


def as_of(dated: list[Event]) -> date | None:
    """The newest date of the events (events()): the briefing is as of this day (never the clock)."""
    return max((e.date for e in dated), default=None)
