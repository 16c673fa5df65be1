"""Listings that stay small: articles and the timeline by month, a point page's newest mentions; the desk's list."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator import listings, render, site_urls
from generator.articles import Article, Paragraph
from generator.pipeline import Project, check
from generator.render import render_pages
from generator.seeds import article_id_problem

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import corpus  # noqa: E402


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory):
    project = corpus.make_project(tmp_path_factory.mktemp("listings") / "p", articles=40, points=8, seed=5)
    return check(Project.at(project))


def linked_articles(page: str) -> list[str]:
    return [a for a in re.findall(r"\]\(\.\./articles/([^)#]+)\.md\)", page) if a != "index" and not site_urls.is_month_key(a)]


def test_every_article_is_on_exactly_one_month_page_of_bounded_size(briefing, monkeypatch) -> None:
    monkeypatch.setattr(listings, "PAGE_ROWS", 3)
    pages = render_pages(briefing)
    index = pages[site_urls.ARTICLES_PAGE]
    month_pages = [p for p in pages if re.fullmatch(r"articles/\d{4}-\d{2}(-part-\d+)?\.md", p)]
    assert any("-part-" in p for p in month_pages)
    listed = [a for p in month_pages for a in linked_articles(pages[p])]
    assert sorted(listed) == sorted(v.article.id for v in briefing.articles)
    assert all(len(linked_articles(pages[p])) <= 3 for p in month_pages)
    # the index links every month page and none of the articles
    assert sorted(t.removeprefix("../") for t in re.findall(r"\]\(([^)]+)\)", index)) == sorted(month_pages)


def test_the_desk_lists_each_waiting_article_once_oldest_first_and_the_readers_site_no_queue(briefing) -> None:
    from generator.desk import desk_pages

    home = desk_pages(briefing)[site_urls.HOME_PAGE]
    listed = re.findall(r"^\| \[[^]]+\]\(review/([^)]+)\.md\) <code>[^<]+</code> \| (\d{4}-\d{2}-\d{2}) \|", home, re.M)
    waiting = {m.article.id for m in (*briefing.queue, *briefing.possible_queue)}
    assert sorted(a for a, _ in listed) == sorted(waiting) and len(waiting) > 4
    assert [d for _, d in listed] == sorted(d for _, d in listed)
    assert not any(page.startswith("review") for page in render_pages(briefing))


def event_lines(page: str) -> list[str]:
    return re.findall(r"^- \*\*\d{4}-\d{2}-\d{2}\*\* .*$", page, re.M)


def test_every_event_is_on_exactly_one_timeline_month_page_of_bounded_size(briefing, monkeypatch) -> None:
    monkeypatch.setattr(listings, "PAGE_ROWS", 5)
    monkeypatch.setattr(render, "TIMELINE_RECENT", 4)
    pages = render_pages(briefing)
    index = pages[site_urls.TIMELINE_PAGE]
    rows = re.findall(r"^\| \[[^]]+\]\((timeline/[^)]+)\) \| (\d+) \|$", index, re.M)
    month_pages = sorted(p for p in pages if p.startswith("timeline/"))
    assert sorted(p for p, _ in rows) == month_pages and any("-part-" in p for p in month_pages)
    # newest first across the pages in index order, each page at most PAGE_ROWS, as many as counted
    listed = [line for p, count in rows for line in event_lines(pages[p])]
    for p, count in rows:
        assert len(event_lines(pages[p])) == int(count) <= 5
        assert "search:\n  exclude: true" in pages[p]
    dates = [line[4:14] for line in listed]
    assert dates == sorted(dates, reverse=True)
    # every article is on the timeline once, linked to its page; the index opens with the newest events
    new = [re.search(r"New article: \[[^]]*\]\(\.\./articles/([^)]+)\.md\)", line) for line in listed]
    assert sorted(m[1] for m in new if m) == sorted(v.article.id for v in briefing.articles)
    recent = event_lines(index)
    assert len(recent) == 4 and [l.replace("../", "") for l in listed[:4]] == recent
    assert len(listed) > 4 * 5


def test_a_point_page_lists_its_newest_mentions_and_links_to_all(briefing, monkeypatch) -> None:
    monkeypatch.setattr(render, "POINT_MENTIONS", 2)
    pages = render_pages(briefing)
    busy = max(briefing.points, key=lambda v: len({m.article.id for m in v.mentions}))
    count = len({m.article.id for m in busy.mentions})
    assert count > 2
    page = pages[site_urls.point_page(busy.id)]
    section = page.split("## Mentions in articles", 1)[1].split("## To review", 1)[0]
    assert section.count("\n| [") == 2 and f"The newest 2 of {count}" in section
    assert f"(../mentions/{busy.id}.md)" in section
    assert pages[site_urls.mentions_page(busy.id)].count("\n| [") == count
    quiet = [v for v in briefing.points if len({m.article.id for m in v.mentions}) <= 2 and len(v.queue) <= 2]
    assert all(site_urls.mentions_page(v.id) not in pages for v in quiet)


@pytest.mark.parametrize("name", ["2025-11", "2025-11-part-2"])
def test_an_article_id_shaped_like_a_month_page_is_refused(name: str) -> None:
    article = Article(name, f"seeds/{name}.txt", "Title", corpus.YEAR_START, (Paragraph(1, "Text."),))
    problem = article_id_problem(article, f"seeds/{name}.txt", {})
    assert problem is not None and "reserved" in problem.message


def test_an_article_named_by_its_day_is_accepted() -> None:
    article = Article("2025-11-27", "seeds/2025-11-27.txt", "Title", corpus.YEAR_START, (Paragraph(1, "Text."),))
    assert article_id_problem(article, "seeds/2025-11-27.txt", {}) is None
