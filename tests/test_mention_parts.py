"""A point's page of all mentions in parts: bounded, every mention on exactly one part, linked both ways."""

from __future__ import annotations

import re
import sys
from functools import partial
from pathlib import Path

import pytest

from generator import listings, render, site_urls
from generator.articles import article_id
from generator.listings import PAGE_ROWS, parts_from_oldest
from generator.pipeline import Project, check, update_docs
from generator.render import render_pages

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import corpus  # noqa: E402


def page(n: int) -> str:
    return site_urls.mentions_page("p", n)


@pytest.mark.parametrize("rows, sizes", [(0, [0]), (1, [1]), (PAGE_ROWS, [PAGE_ROWS]), (PAGE_ROWS + 1, [1, PAGE_ROWS]),
                                         (3 * PAGE_ROWS - 1, [PAGE_ROWS - 1, PAGE_ROWS, PAGE_ROWS])])
def test_parts_hold_at_most_page_rows_counted_from_the_oldest(rows: int, sizes: list[int]) -> None:
    items = list(range(rows, 0, -1))  # newest first
    parts = parts_from_oldest(items, page)
    assert [len(p.rows) for p in parts] == sizes
    assert [r for p in parts for r in p.rows] == items  # every row once, in order
    assert [p.number for p in parts] == list(range(1, len(sizes) + 1))
    assert parts[0].page == "mentions/p.md"  # part 1 keeps the list's own URL
    assert all(p.pages == tuple(page(n) for n in range(1, len(sizes) + 1)) for p in parts)


def test_parts_link_to_newer_and_older() -> None:
    parts = parts_from_oldest(list(range(2 * PAGE_ROWS + 5)), page)
    assert [(p.newer, p.older) for p in parts] == [
        (None, "mentions/p/part-2.md"), ("mentions/p.md", "mentions/p/part-3.md"), ("mentions/p/part-2.md", None)]


def test_a_new_row_at_the_top_changes_part_one_only_until_it_is_full() -> None:
    before = parts_from_oldest(list(range(PAGE_ROWS + 7, 0, -1)), page)
    after = parts_from_oldest(list(range(PAGE_ROWS + 8, 0, -1)), page)
    assert after[1:] == before[1:] and after[0] != before[0]


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory):
    project = corpus.make_project(tmp_path_factory.mktemp("parts") / "p", articles=40, points=8, seed=5)
    return check(Project.at(project))


def listed(text: str) -> list[str]:
    """The articles a mentions page lists, with the paragraphs linked on each row."""
    return re.findall(r"^\| \[[^]]*\]\([./]*articles/([^)#]+)\.md\) \| <time[^|]*</time> \| (.*) \|$", text, re.M)


def test_every_mention_is_on_exactly_one_part(briefing, monkeypatch) -> None:
    monkeypatch.setattr(render, "POINT_MENTIONS", 2)
    monkeypatch.setattr(listings, "PAGE_ROWS", 3)
    pages = render_pages(briefing)
    busy = [v for v in briefing.points if len({m.article.id for m in v.mentions}) > 7]
    assert busy
    for view in busy:
        count = len({m.article.id for m in view.mentions})
        parts = -(-count // 3)
        names = [site_urls.mentions_page(view.id, n) for n in range(1, parts + 1)]
        assert sorted(p for p in pages if p.startswith(f"mentions/{view.id}")) == sorted(names)
        rows = [row for name in names for row in listed(pages[name])]
        assert all(len(listed(pages[name])) <= 3 for name in names)
        assert len(rows) == count and len({a for a, _ in rows}) == count
        shown = sorted((a, int(n)) for a, cells in rows for n in re.findall(r"#p(\d+)\)", cells))
        assert shown == sorted({(m.article.id, m.paragraph) for m in view.mentions})
        first, second = pages[names[0]], pages[names[1]]
        assert f"{count} articles mention" in first and f"part 1 of {parts}" in first
        assert f"[Older](../mentions/{view.id}/part-2.md)" in first
        assert f"[Newer](../../mentions/{view.id}.md)" in second and f"part 2 of {parts}" in second
        assert f"](../../points/{view.id}.md)" in second and "pagefind: false" in second
        assert all(f"**{n}**" in pages[name] for n, name in enumerate(names, 1))


def test_a_new_article_rewrites_only_the_parts_it_lands_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "POINT_MENTIONS", 2)
    monkeypatch.setattr(listings, "PAGE_ROWS", 3)
    articles, points, seed = 30, 12, 2
    project = corpus.make_project(tmp_path / "p", articles=articles, points=points, seed=seed)
    before = check(Project.at(project))
    update_docs(Project.at(project))
    plans = corpus.plan_points(points, seed)
    newest = max(v.article.date for v in before.articles)
    index = next(i for i in range(articles, articles + 400) if corpus.plan_article(i, plans, seed).day > newest)
    new = article_id(corpus.add_article(project, index=index, points=points, seed=seed).stem)
    _, report = update_docs(Project.at(project))
    after = check(Project.at(project))
    landed = [v for v in after.points if any(m.article.id == new for m in v.mentions)]
    counts = {v.id: len({m.article.id for m in v.mentions}) for v in before.points}
    expected = set()
    for view in landed:
        old = counts[view.id]
        if old + 1 <= 2:
            continue  # no page of all mentions yet
        full = old <= 2 or old % 3 == 0  # a new page of all mentions, or part 1 was full: a part opens
        parts = -(-(old + 1) // 3)
        expected |= {site_urls.mentions_page(view.id, n) for n in (range(1, parts + 1) if full else [1])}
    assert any(counts[v.id] % 3 and counts[v.id] > 3 for v in landed)  # some point keeps its older parts
    written = {rel for rel in report.written if rel.startswith("mentions/")}
    assert written == expected
    unchanged = [rel for rel in report.reused if rel.startswith("mentions/")]
    assert len(unchanged) > len(written)


LIST_PAGE = re.compile(r"(mentions/.+|articles/\d{4}-\d{2}(-part-\d+)?|timeline/\d{4}-\d{2}(-part-\d+)?)\.md")
PAGE_BOUND = 256 * 1024  # bytes: no Markdown page may pass it, however many articles there are


def rows(page: str) -> int:
    """The entries a list page shows: table rows of articles or dates, timeline events."""
    return len(re.findall(r"^(?:\| (?:\[|\d{4}-)|- \*\*\d{4}-)", page, re.M))


def test_at_1000_articles_no_page_grows_with_the_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every list is cut into parts of at most PAGE_ROWS rows (10 here, so that 1,000 articles need many), and
    no page passes a bound fixed in advance; the JSON export and the CSV tables are data, not pages."""
    monkeypatch.setattr(listings, "PAGE_ROWS", 10)
    pages = render_pages(check(Project.at(corpus.make_project(tmp_path / "p", articles=1000, points=50, seed=1))))
    lists = [p for p in pages if LIST_PAGE.fullmatch(p)]
    assert sum(p.startswith("mentions/") for p in lists) > 50
    too_long = {p: n for p in lists if (n := rows(pages[p])) > 10}
    assert not too_long and all(n for n in map(rows, (pages[p] for p in lists)))
    sizes = {p: len(text.encode()) for p, text in pages.items() if p.endswith(".md")}
    assert max(sizes.values()) <= PAGE_BOUND, max(sizes, key=sizes.get)


def test_the_parts_of_a_month_link_to_each_other(briefing, monkeypatch) -> None:
    monkeypatch.setattr(listings, "PAGE_ROWS", 3)
    pages = render_pages(briefing)
    for folder in ("articles", "timeline"):
        months = sorted(p for p in pages if re.fullmatch(folder + r"/\d{4}-\d{2}\.md", p))
        split = [m for m in months if m.replace(".md", "-part-2.md") in pages]
        assert split and len(split) < len(months)  # months with parts and months without
        for month in months:
            names = [month] + sorted((p for p in pages if p.startswith(month[:-3] + "-part-")),
                                     key=lambda p: int(p.rsplit("-", 1)[1][:-3]))
            if len(names) == 1:
                assert "Parts:" not in pages[month]
                continue
            for n, name in enumerate(names, 1):
                text = pages[name]
                assert f"part {n} of {len(names)}" in text and f"**{n}**" in text
                assert ("[Older](" in text) == (n < len(names)) and ("[Newer](" in text) == (n > 1)
                assert n == len(names) or f"[Older](../{names[n]})" in text
                assert n == 1 or f"[Newer](../{names[n - 2]})" in text


def test_removing_articles_removes_the_parts_left_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "POINT_MENTIONS", 2)
    monkeypatch.setattr(listings, "PAGE_ROWS", 3)
    project = corpus.make_project(tmp_path / "p", articles=30, points=12, seed=2)
    update_docs(Project.at(project))
    folder, register = project / "briefings", (project / "briefings" / "register.yml").read_text("utf-8")
    before = {p.relative_to(folder).as_posix() for p in (folder / "mentions").rglob("*.md")}
    for seed in sorted((project / "seeds").iterdir()):
        if article_id(seed.stem) not in register:  # the register quotes none of it: it may go
            seed.unlink()
    update_docs(Project.at(project))
    after = {p.relative_to(folder).as_posix() for p in (folder / "mentions").rglob("*.md")}
    expected = {part.page for view in check(Project.at(project)).points
                for part in parts_from_oldest([0] * len({m.article.id for m in view.mentions}), partial(
                    site_urls.mentions_page, view.id)) if len({m.article.id for m in view.mentions}) > 2}
    assert after == expected and before - after
