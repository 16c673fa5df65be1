"""The two sites of one project in Chromium: the readers' site carries no editor text and no
review page, and the editors' desk lists every article waiting for review, each linking to
its review page. One project, built both ways, with two articles waiting and one reviewed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_support import (  # noqa: F401 - fixtures are found by name in this module
    ServedSite, browser_type_launch_args, network,
)
from helpers import copy_project, run_briefing
from test_desk import NEW_ARTICLE, TWO_POINTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Words of the desk and of the old review queue, which no readers' page may show (any case).
EDITOR_TEXT = ["to review", "review queue", "briefing triage", "briefing reviewed", "briefing dismiss",
               "possible mention", "dismiss", "editors' desk", "unreviewed"]
# The Data page documents every field of api/briefing.json (a contract); these two fields of the
# export carry the editors' dismissals and possible mentions, so their rows name them.
EXPORT_FIELDS = ["points[].mentions[].dismissed", "points[].possible_mentions[]"]

TEXT_JS = """(exempt) => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('script, style, noscript, template').forEach(e => e.remove());
  body.querySelectorAll('tr').forEach(row => {
    const first = row.querySelector('td');
    if (first && exempt.includes(first.textContent.trim())) row.remove();
  });
  const names = ['title', 'aria-label', 'alt', 'placeholder'];
  const attributes = [...document.querySelectorAll(names.map(n => `[${n}]`).join(','))]
    .map(e => names.map(n => e.getAttribute(n) || '').join(' '));
  return [document.title, body.textContent, ...attributes].join('\\n');
}"""
LINKS_JS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"
# The links of the tables under a heading of the desk's home (by its id), up to the next heading of its level.
SECTION_LINKS_JS = """(id) => {
  const heading = document.querySelector(`article h2[id="${id}"]`);
  const links = [];
  for (let e = heading && heading.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling)
    e.querySelectorAll('table a[href]').forEach(a => links.push(a.getAttribute('href')));
  return heading ? links : null;
}"""
REVIEW_LINK = re.compile(r"/review(/|\.html|$)")


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, ServedSite, ServedSite]]:
    """The shipped project plus three articles (one recorded as reviewed), built as the readers' site and as the desk."""
    root = copy_project(tmp_path_factory.mktemp("desk") / "project")
    seeds = root / "seeds"
    (seeds / "2025-11-28_wire.txt").write_text(TWO_POINTS, "utf-8")
    (seeds / "2025-11-20_older.txt").write_text(NEW_ARTICLE.replace("2025-11-28", "2025-11-20"), "utf-8")
    (seeds / "2025-11-25_read.txt").write_text(NEW_ARTICLE.replace("2025-11-28", "2025-11-25"), "utf-8")
    for args in (["reviewed", "2025-11-25_read", "--date", "2025-11-26"], ["build"], ["build", "--desk"]):
        result = run_briefing(*args, cwd=root)
        assert result.code == 0, result.text
    readers, desk = ServedSite(root / "site"), ServedSite(root / "desk-site")
    yield root, readers, desk
    readers.close()
    desk.close()


def _waiting(root: Path) -> list[dict]:
    """The articles waiting for review, oldest first, as `briefing triage --format json` lists them."""
    result = run_briefing("triage", "--format", "json", cwd=root)
    assert result.code == 0, result.text
    return json.loads(result.out)


def test_the_readers_site_has_no_editor_text_and_no_review_page(page, network, two_sites):
    root, readers, _ = two_sites
    site = root / "site"
    assert not [p for p in site.rglob("*") if "review" in p.relative_to(site).parts[0]], "a review page was published"
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert len(pages) > 20 and "articles/2025-11-28_wire/index.html" in pages
    for path in pages:
        page.goto(readers.url(path), wait_until="domcontentloaded")
        text = page.evaluate(TEXT_JS, EXPORT_FIELDS).lower()
        assert not [w for w in EDITOR_TEXT if w in text], f"{path} shows editor text: " \
            f"{[re.search(f'.{{0,60}}{re.escape(w)}.{{0,60}}', text).group() for w in EDITOR_TEXT if w in text]}"
        assert not [h for h in page.evaluate(LINKS_JS) if REVIEW_LINK.search(h)], f"{path} links to a review page"
    assert not network.blocked


def test_the_desk_lists_every_waiting_article_each_linking_to_its_review_page(page, network, two_sites):
    root, _, desk = two_sites
    waiting = _waiting(root)
    assert [a["article"] for a in waiting] == ["2025-11-20_older", "2025-11-28_wire"]
    page.goto(desk.url(), wait_until="domcontentloaded")
    assert "2 articles to review, oldest waiting since 2025-11-20" in page.locator("article").inner_text()
    links = page.evaluate(SECTION_LINKS_JS, "to-review")
    assert links == [f"review/{a['article']}/" for a in waiting], links  # every one, once, oldest first
    assert page.evaluate(SECTION_LINKS_JS, "reviewed") == ["review/2025-11-25_read/"]
    for article in waiting:
        page.goto(desk.url(), wait_until="domcontentloaded")
        page.locator(f"article table a[href='review/{article['article']}/']").click()
        page.wait_for_url(desk.url(f"review/{article['article']}/"))
        assert page.locator("article h1").inner_text().rstrip("¶").strip() == article["title"]  # less its permalink
        commands = page.locator("pre.bf-command").all_inner_texts()
        assert f"briefing reviewed {article['article']}" in commands
        assert len([c for c in commands if c.startswith("briefing dismiss")]) == len(article["paragraphs"])
    assert not network.blocked
