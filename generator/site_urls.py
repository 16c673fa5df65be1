"""Where every generated page lives, the URL it is served at, links between pages, and paragraph anchors.

Each kind of page is named once, by its path: a Markdown file under the docs folder
("points/army-cap.md"). As MkDocs' File derives a page's URL from its source path, page_url
derives what the built site serves ("points/army-cap/", relative to the site root), and
relative gives the link from one page (or URL) to another: the one way links are made,
for Markdown pages (which MkDocs rewrites), for raw HTML (which it does not) and for feeds.
"""

from __future__ import annotations

import posixpath
import re

from markupsafe import Markup

HOME_PAGE = "index.md"
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
HOW_PAGE = "how.md"  # how this briefing works: statuses, sourcing, evidence, corrections
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


def desk_article_page(article_id: str) -> str:
    """The editors' desk (a site of its own, never the readers'): one article's paragraphs to review."""
    return f"review/{article_id}.md"


def timeline_month_page(month: str) -> str:
    """The timeline's events of one month (YYYY-MM, YYYY-MM-part-N), beside timeline.md."""
    return f"timeline/{month}.md"


def mentions_page(point_id: str, part: int = 1) -> str:
    """Every mention of one point (the point page shows the newest), in parts (generator.listings.parts_from_oldest):
    part 1 at mentions/<point>.md, part N below it at mentions/<point>/part-N.md; beside points/, so no URL clashes."""
    return f"mentions/{point_id}.md" if part == 1 else f"mentions/{point_id}/part-{part}.md"


def is_month_key(text: str) -> bool:
    """YYYY-MM or YYYY-MM-part-N: the name of a month's list page (generator.listings)."""
    return re.fullmatch(r"\d{4}-\d{2}(-part-\d+)?", text) is not None


def point_feed(point_id: str) -> str:
    return f"feeds/points/{point_id}.xml"


def party_feed(party_id: str) -> str:
    return f"feeds/parties/{party_id}.xml"


def page_url(page: str) -> str:
    """The URL the built site serves a file at: a Markdown page at its folder (use_directory_urls),
    'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/', 'index.md' -> ''; any other file at its path."""
    stem, extension = posixpath.splitext(page)
    if extension != ".md":
        return page
    folder, name = posixpath.split(stem)
    prefix = f"{folder}/" if folder else ""
    return prefix if name == "index" else f"{prefix}{name}/"


def relative(source: str, target: str) -> str:
    """The link from source to target, both from the site root and of one kind (Markdown paths, or URLs):
    up a folder for each '/' in source, then down to target; './' for the root itself.
    'points/x.md' -> 'articles/y.md' is '../articles/y.md'; 'points/x/' -> 'articles/y/' is '../../articles/y/'."""
    return "../" * source.count("/") + target or "./"


def absolute(site_url: str | None, url: str) -> str:
    """The URL under site_url when it is set (feeds and print need full addresses), else as it is."""
    return f"{site_url.rstrip('/')}/{url}" if site_url else url


def point_url(point_id: str) -> str:
    return page_url(point_page(point_id))


def article_url(article_id: str, paragraph: int | None = None) -> str:
    return page_url(article_page(article_id)) + _fragment(paragraph)


class Links:
    """Links from the page being rendered to other generated pages, given by their paths.

    As Markdown paths ("../points/x.md"), which MkDocs checks and rewrites; or, served, as
    the URLs the site serves ("../../points/x/"), for raw HTML, which MkDocs leaves as it is.
    With site_url, links are absolute site addresses instead (the printed briefing shows them).
    Ids are validated slugs, so the links are safe to put on a page as they are (Markup).
    """

    def __init__(self, page: str, site_url: str | None = None, served: bool = False):
        self.page_path = page
        self.site_url = site_url
        self.is_served = served

    def page(self, target: str) -> Markup:
        if self.site_url:
            return Markup(absolute(self.site_url, page_url(target)))
        if self.is_served:
            return Markup(relative(page_url(self.page_path), page_url(target)))
        return Markup(relative(self.page_path, target))

    def served(self) -> Links:
        """The same links as served URLs ('points/x/'), for raw HTML that MkDocs does not rewrite."""
        return Links(self.page_path, self.site_url, served=True)

    def point(self, point_id: str) -> Markup:
        return self.page(point_page(point_id))

    def article(self, article_id: str, paragraph: int | None = None) -> Markup:
        return self.page(article_page(article_id)) + Markup(_fragment(paragraph))

    def party(self, party_id: str) -> Markup:
        return self.page(party_page(party_id))

    def status(self, status_id: str) -> Markup:
        return self.page(status_page(status_id))

    @staticmethod
    def paragraph(number: int) -> Markup:
        """A link to a paragraph of the page itself."""
        return Markup(_fragment(number))
