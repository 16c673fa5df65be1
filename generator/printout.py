"""The one-page briefing's link addresses, printed as numbered notes: paper cannot be clicked. Pure.

With the site's published address each note is a full address. Without one there is no
address to print: a note is the page's path from the site's root, and the page says so,
so a relative link is never printed as if it were an address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import site_urls
from generator.link import Briefing

POSITION_CHARS = 90  # a position's text on paper, cut at a word boundary beyond this


@dataclass
class Notes:
    """Numbered link addresses, in the order the page cites them; one number per address."""

    site_url: str | None
    addresses: list[str] = field(default_factory=list)

    def number(self, url: str) -> int:
        """The note number of a site URL ('points/x/', 'articles/y/#p3'), added on first use."""
        address = site_urls.absolute(self.site_url, url)
        if address not in self.addresses:
            self.addresses.append(address)
        return self.addresses.index(address) + 1


@dataclass(frozen=True)
class PrintedPoint:
    """A point as the one-page briefing prints it: its note number, and its latest citation's (or None)."""

    point_note: int
    citation_note: int | None


def print_notes(briefing: Briefing, site_url: str | None) -> tuple[dict[str, PrintedPoint], Notes]:
    """For each point id, the numbers of its notes; and the notes, in page order."""
    notes = Notes(site_url)
    printed = {}
    for view in briefing.points:
        point = notes.number(site_urls.point_url(view.id))
        latest = view.history[0] if view.history else None
        cited = latest.citations[0] if latest and latest.citations else None
        citation = notes.number(site_urls.article_url(cited.article.id, cited.paragraph)) if cited else None
        printed[view.id] = PrintedPoint(point, citation)
    return printed, notes
