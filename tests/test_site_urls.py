"""Page path -> URL -> relative link, derived in one place (generator.site_urls)."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from generator import site_urls
from generator.site_urls import Links, page_url, relative

PAGES = [site_urls.HOME_PAGE, site_urls.POINTS_PAGE, site_urls.EXPORT, site_urls.FEED,
         site_urls.point_page("army-cap"), site_urls.article_page("2025-11-26_wire"), site_urls.party_page("ukraine"),
         site_urls.status_page("open"), site_urls.desk_article_page("2025-11-26_wire"),
         site_urls.timeline_month_page("2025-11"), site_urls.mentions_page("army-cap"), site_urls.point_feed("army-cap")]
SITE = "https://example.org/briefing/"


@pytest.mark.parametrize(("page", "url"), [
    ("index.md", ""), ("points/index.md", "points/"), ("points/army-cap.md", "points/army-cap/"),
    ("review/2025-11-part-2.md", "review/2025-11-part-2/"), ("api/briefing.json", "api/briefing.json"),
    ("feeds/points/army-cap.xml", "feeds/points/army-cap.xml"), ("about.md", "about/"),
])
def test_a_page_is_served_at_its_folder(page: str, url: str) -> None:
    assert page_url(page) == url


def test_the_urls_of_points_and_articles_are_those_of_their_pages() -> None:
    assert site_urls.point_url("army-cap") == page_url(site_urls.point_page("army-cap")) == "points/army-cap/"
    assert site_urls.article_url("wire", 7) == page_url(site_urls.article_page("wire")) + "#p7" == "articles/wire/#p7"


@pytest.mark.parametrize("source", PAGES)
def test_a_relative_link_leads_to_its_target(source: str) -> None:
    """Resolved as a browser resolves it (from the served URL) or as MkDocs does (from the Markdown file)."""
    for target in PAGES:
        served = relative(page_url(source), page_url(target))
        assert urljoin(SITE + page_url(source), served) == SITE + page_url(target), (source, target, served)
        written = relative(source, target)
        assert urljoin(SITE + source, written) == SITE + target, (source, target, written)


def test_links_from_a_page_are_markdown_paths_served_urls_or_addresses() -> None:
    links = Links("points/army-cap.md")
    assert links.article("wire", 3) == "../articles/wire.md#p3"
    assert links.served().article("wire", 3) == "../../articles/wire/#p3"
    assert Links("index.md").served().page("index.md") == "./"
    assert Links("print.md", SITE).served().point("army-cap") == SITE + "points/army-cap/"
