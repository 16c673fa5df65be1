"""Atom feeds of developments, so readers can follow them without visiting. Pure.

The site feed has the newest history entries of all points; each point with a history has
a feed of it, and each party with a dated position a feed of its positions (a feed without
entries is neither written nor advertised: feed_texts). Each history entry is titled by
what happened ("Narrowing → Open", "Update: still Open") and links to its own entry on the
point's page (#h-2025-11-26). Entry ids are stable (they name the point, date and status,
or the party, point and date), dates come from the register and the articles, never the
clock, and links are absolute when the site's address is known.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timezone

from feedgen.feed import FeedGenerator

from generator.link import Briefing, PointView
from generator.evidence import Entry
from generator.markup import source_name, what_happened
from generator.register import Party
from generator.site_urls import FEED, absolute, party_feed, party_page, page_url, point_feed, point_url, relative
from generator.timeline import positions_by_party
from generator.vocabulary import STANCES

FEED_ENTRIES = 50
# The theme treats every <link rel="alternate"> as another language of the site and fetches
# sitemap.xml from beside it; an empty one in each feeds folder spares readers a 404 (and
# the console error) on every page that advertises its own feed.
EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
EPOCH = date(1970, 1, 1)  # the updated date of the site feed of a register without history: fixed, so builds stay deterministic


def _href(site_url: str | None, feed_path: str, url: str) -> str:
    """A link from a feed: absolute under site_url, else relative to where the feed file lies."""
    if site_url:
        return absolute(site_url, url)
    return relative(feed_path, url)


def _generator(feed_id: str, title: str, self_url: str, home_url: str, newest: date | None) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.link(href=self_url, rel="self")
    fg.link(href=home_url, rel="alternate")
    fg.language("en")
    fg.updated(_stamp(newest or EPOCH))
    return fg


def entry_id(view: PointView, entry: Entry) -> str:
    """A history entry's id: point, date and status; plus a digest of its note when another entry shares those."""
    key = (entry.entry.date, entry.entry.status)
    base = f"urn:briefing:{view.id}:{entry.entry.date.isoformat()}:{entry.entry.status}"
    if sum(1 for e in view.history if (e.entry.date, e.entry.status) == key) == 1:
        return base
    return f"{base}:{hashlib.sha256(entry.entry.note.encode('utf-8')).hexdigest()[:10]}"


def _history_item(fg: FeedGenerator, briefing: Briefing, entry: Entry, view: PointView, site_url: str | None, path: str,
                  titled: bool = True) -> None:
    """One history entry: titled by what happened (after the point's title when titled), linked to its own entry."""
    step = view.step(entry)
    happened = what_happened(briefing, step)
    item = fg.add_entry()
    item.id(entry_id(view, entry))
    item.title(f"{view.point.title}: {happened}" if titled else happened)
    item.link(href=_href(site_url, path, f"{point_url(view.id)}#{step.anchor}"))
    item.updated(_stamp(entry.entry.date))
    quotes = " ".join(f"“{c.quote}” ({source_name(c.article)}, {c.article.date.isoformat()}, ¶{c.paragraph})"
                      for c in entry.citations)
    item.summary(f"{entry.entry.note} {quotes}".strip())


def atom_feed(briefing: Briefing, site_url: str | None = None) -> str:
    """Newest history entries of all points first."""
    entries = briefing.developments(FEED_ENTRIES)
    fg = _generator("urn:briefing:feed", briefing.register.title, _href(site_url, FEED, FEED), _href(site_url, FEED, ""),
                    entries[0][0].entry.date if entries else None)
    for entry, view in reversed(entries):  # feedgen prepends: add oldest first
        _history_item(fg, briefing, entry, view, site_url, FEED)
    return fg.atom_str(pretty=True).decode("utf-8")


def point_atom_feed(briefing: Briefing, view: PointView, site_url: str | None = None) -> str:
    """Every history entry of one point, newest first; updated: the newest entry's date."""
    path = point_feed(view.id)
    fg = _generator(f"urn:briefing:point:{view.id}", f"{view.point.title} - {briefing.register.title}",
                    _href(site_url, path, path), _href(site_url, path, point_url(view.id)), view.updated)
    for entry in reversed(view.history):
        _history_item(fg, briefing, entry, view, site_url, path, titled=False)
    return fg.atom_str(pretty=True).decode("utf-8")


def party_atom_feed(briefing: Briefing, party: Party, site_url: str | None = None) -> str:
    """The party's dated positions across points, newest first (undated ones have no date to file them under);
    updated: the newest one's date. Only for a party with a dated position (feed_texts)."""
    dated = [(view, s) for view, s in positions_by_party(briefing, party.id) if s.date]
    path = party_feed(party.id)
    fg = _generator(f"urn:briefing:party:{party.id}", f"{party.name} - {briefing.register.title}",
                    _href(site_url, path, path), _href(site_url, path, page_url(party_page(party.id))),
                    max((s.date for _, s in dated), default=None))
    for view, stance in reversed(dated):
        item = fg.add_entry()
        item.id(f"urn:briefing:party:{party.id}:{view.id}:{stance.date.isoformat()}:{stance.position.stance}")
        item.title(f"{party.name} {STANCES[stance.position.stance].label.lower()}: {view.point.title}")
        item.link(href=_href(site_url, path, point_url(view.id)))
        item.updated(_stamp(stance.date))
        item.summary(stance.position.text)
    return fg.atom_str(pretty=True).decode("utf-8")


def feed_texts(briefing: Briefing, site_url: str | None = None) -> dict[str, str]:
    """Every feed that has entries, by path: the site feed (always: every page advertises it), a feed per
    point with a history and per party with a dated position. A page links only the feeds named here."""
    texts = {FEED: atom_feed(briefing, site_url)}
    texts.update({point_feed(v.id): point_atom_feed(briefing, v, site_url) for v in briefing.points if v.history})
    texts.update({party_feed(p.id): party_atom_feed(briefing, p, site_url) for p in briefing.register.parties
                  if any(s.date for v in briefing.points for s in v.stances if s.party == p.id)})
    return texts


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)
