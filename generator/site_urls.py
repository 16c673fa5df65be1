"""Where every generated page lives, and the anchor of every article paragraph.

Page paths are Markdown files under the docs folder ("points/army-cap.md"); URLs are
what the built site serves ("points/army-cap/"), relative to the site root.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from markupsafe import Markup

HOME_PAGE = "index.md"
REVIEW_PAGE = "review.md"
STATUSES_PAGE = "statuses.md"
POINTS_PAGE = "points/index.md"
ARTICLES_PAGE = "articles/index.md"
FEED = "feed.xml"
EXPORT = "api/briefing.json"


def paragraph_anchor(number: int) -> str:
    """The id of an article paragraph's element: p1, p2, ..."""
    return f"p{number}"


def _fragment(paragraph: int | None) -> str:
    return f"#{paragraph_anchor(paragraph)}" if paragraph else ""


def point_page(point_id: str) -> str:
    return f"points/{point_id}.md"


def article_page(article_id: str) -> str:
    return f"articles/{article_id}.md"


def point_url(point_id: str) -> str:
    return f"points/{point_id}/"


def article_url(article_id: str, paragraph: int | None = None) -> str:
    return f"articles/{article_id}/{_fragment(paragraph)}"


class Links:
    """Relative links from the page being rendered to other generated pages (Markdown paths).

    Ids are validated slugs, so the links are safe to put on a page as they are (Markup).
    """

    def __init__(self, page: str):
        self.base = PurePosixPath(page).parent

    def page(self, target: str) -> Markup:
        parts = self.base.parts
        return Markup("../" * len(parts) + target if parts else target)

    def point(self, point_id: str) -> Markup:
        return self.page(point_page(point_id))

    def article(self, article_id: str, paragraph: int | None = None) -> Markup:
        return self.page(article_page(article_id)) + Markup(_fragment(paragraph))

    @staticmethod
    def paragraph(number: int) -> Markup:
        """A link to a paragraph of the page itself."""
        return Markup(_fragment(number))
