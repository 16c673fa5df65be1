"""Where every generated page lives, and the anchor of every article paragraph.

Page paths are Markdown files under the docs folder ("points/army-cap.md"); URLs are
what the built site serves ("points/army-cap/"), relative to the site root.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from markupsafe import Markup

HOME_PAGE = "index.md"
REVIEW_PAGE = "review.md"
STATUSES_PAGE = "statuses.md"
POINTS_PAGE = "points/index.md"
ARTICLES_PAGE = "articles/index.md"
FEED = "feed.xml"
EXPORT = "api/briefing.json"
CHANGES_PAGE = "changes.md"
TIMELINE_PAGE = "timeline.md"
POSITIONS_PAGE = "positions.md"
PARTIES_PAGE = "parties/index.md"
DATA_PAGE = "data.md"
PRINT_PAGE = "print.md"
FEED_SITEMAPS = ("feeds/points/sitemap.xml", "feeds/parties/sitemap.xml")
POINTS_CSV = "api/points.csv"
POSITIONS_CSV = "api/positions.csv"
HISTORY_CSV = "api/history.csv"


def paragraph_anchor(number: int) -> str:
    """The id of an article paragraph's element: p1, p2, ..."""
    return f"p{number}"


def _fragment(paragraph: int | None) -> str:
    return f"#{paragraph_anchor(paragraph)}" if paragraph else ""


def point_page(point_id: str) -> str:
    return f"points/{point_id}.md"


def article_page(article_id: str) -> str:
    return f"articles/{article_id}.md"


def party_page(party_id: str) -> str:
    return f"parties/{party_id}.md"


def status_page(status_id: str) -> str:
    return f"status/{status_id}.md"


def article_month_page(month: str) -> str:
    """The articles of one month (YYYY-MM, YYYY-MM-part-N); article ids of that form are refused (generator.seeds)."""
    return f"articles/{month}.md"


def review_month_page(month: str) -> str:
    """The review queue of one month's articles (YYYY-MM, YYYY-MM-part-N)."""
    return f"review/{month}.md"


def timeline_month_page(month: str) -> str:
    """The timeline's events of one month (YYYY-MM, YYYY-MM-part-N), beside timeline.md."""
    return f"timeline/{month}.md"


def mentions_page(point_id: str) -> str:
    """Every mention of one point (the point page shows the newest); beside points/, so its URL never clashes."""
    return f"mentions/{point_id}.md"


def is_month_key(text: str) -> bool:
    """YYYY-MM or YYYY-MM-part-N: the name of a month's list page (generator.listings)."""
    return re.fullmatch(r"\d{4}-\d{2}(-part-\d+)?", text) is not None


def point_feed(point_id: str) -> str:
    return f"feeds/points/{point_id}.xml"


def party_feed(party_id: str) -> str:
    return f"feeds/parties/{party_id}.xml"


def page_url(page: str) -> str:
    """The URL the built site serves a Markdown page at (directory URLs): 'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/'."""
    path = PurePosixPath(page)
    if path.suffix != ".md":
        return page
    parent = "" if str(path.parent) == "." else f"{path.parent}/"
    return parent if path.stem == "index" else f"{parent}{path.stem}/"


def absolute(site_url: str | None, url: str) -> str:
    """The URL under site_url when it is set (feeds and print need full addresses), else as it is."""
    return f"{site_url.rstrip('/')}/{url}" if site_url else url


def point_url(point_id: str) -> str:
    return f"points/{point_id}/"


def article_url(article_id: str, paragraph: int | None = None) -> str:
    return f"articles/{article_id}/{_fragment(paragraph)}"


def served_link(page_url: str, target_url: str) -> Markup:
    """A link between two served URLs ("articles/x/" -> "../../points/y/"), for raw HTML: MkDocs
    rewrites only Markdown links. Relies on use_directory_urls (every page is a folder)."""
    depth = len(PurePosixPath(page_url).parts)
    return Markup("../" * depth + target_url)


class Links:
    """Relative links from the page being rendered to other generated pages (Markdown paths).

    Ids are validated slugs, so the links are safe to put on a page as they are (Markup).
    With site_url, links are absolute site addresses instead (the printed briefing shows them).
    """

    def __init__(self, page: str, site_url: str | None = None):
        self.page_path = page
        self.base = PurePosixPath(page).parent
        self.site_url = site_url

    def page(self, target: str) -> Markup:
        if self.site_url:
            return Markup(absolute(self.site_url, page_url(target)))
        parts = self.base.parts
        return Markup("../" * len(parts) + target if parts else target)

    def point(self, point_id: str) -> Markup:
        return self.page(point_page(point_id))

    def article(self, article_id: str, paragraph: int | None = None) -> Markup:
        return self.page(article_page(article_id)) + Markup(_fragment(paragraph))

    def served(self) -> "Links":
        """The same links as served URLs ('points/x/'), for raw HTML that MkDocs does not rewrite."""
        return ServedLinks(self.page_path, self.site_url)

    def party(self, party_id: str) -> Markup:
        return self.page(party_page(party_id))

    def status(self, status_id: str) -> Markup:
        return self.page(status_page(status_id))

    @staticmethod
    def paragraph(number: int) -> Markup:
        """A link to a paragraph of the page itself."""
        return Markup(_fragment(number))


class ServedLinks(Links):
    """Links between served URLs: relative to the page's own URL, or absolute under site_url."""

    def page(self, target: str) -> Markup:
        if self.site_url:
            return Markup(absolute(self.site_url, page_url(target)))
        depth = page_url(self.page_path).count("/")
        return Markup("../" * depth + page_url(target) or "./")
