"""An Atom feed of status changes, so readers can follow developments without visiting."""

from __future__ import annotations

from datetime import datetime, time, timezone

from feedgen.feed import FeedGenerator

from generator.briefing import Briefing
from generator.site_urls import FEED, point_url

FEED_ENTRIES = 50


def atom_feed(briefing: Briefing, site_url: str | None = None) -> str:
    """Newest history entries first; deterministic (dates come from the register, not the clock).

    Links are absolute when the site's address is known (site_url, ending in '/'): a feed
    reader may resolve relative ones against the wrong base. Ids stay the same wherever the
    site is published.
    """
    base = site_url or ""
    entries = briefing.developments(FEED_ENTRIES)
    fg = FeedGenerator()
    fg.id("urn:briefing:feed")
    fg.title(briefing.register.title)
    fg.link(href=base + FEED, rel="self")
    fg.language("en")
    fg.updated(_stamp(entries[0][0].entry.date) if entries else datetime(1970, 1, 1, tzinfo=timezone.utc))
    for entry, view in reversed(entries):  # feedgen prepends: add oldest first
        status = briefing.register.statuses[entry.entry.status].label
        item = fg.add_entry()
        item.id(f"urn:briefing:{view.id}:{entry.entry.date.isoformat()}:{entry.entry.status}")
        item.title(f"{view.point.title}: {status}")
        item.link(href=base + point_url(view.id))
        item.updated(_stamp(entry.entry.date))
        quotes = " ".join(f"“{c.quote}” ({c.article.outlet or c.article.title}, {c.article.date.isoformat()})" for c in entry.citations)
        item.summary(f"{entry.entry.note} {quotes}".strip())
    return fg.atom_str(pretty=True).decode("utf-8")


def _stamp(day) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)
