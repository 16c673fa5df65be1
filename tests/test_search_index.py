"""What search finds on a corpus project: every point, every article title, every cited paragraph.

Article paragraphs other than the lead that neither mention a point nor are cited stay out
of the index (data-search-exclude); these tests show that Material's search honours it on
our raw-HTML paragraphs and that nothing a reader needs to find is lost.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.pipeline import Project, check
from generator.render import indexed_paragraphs
from helpers import ROOT, run_briefing
from test_browser import ServedSite, browser_type_launch_args, network  # noqa: F401 - fixtures

sys.path.insert(0, str(ROOT / "scripts"))
import corpus  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = corpus.make_project(tmp_path_factory.mktemp("search") / "p", articles=12, points=6, seed=4)
    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    return root


@pytest.fixture(scope="module")
def corpus_site(corpus_project: Path) -> Iterator[ServedSite]:
    served = ServedSite(corpus_project / "site")
    yield served
    served.close()


@pytest.fixture(scope="module")
def briefing(corpus_project: Path):
    return check(Project.at(corpus_project))


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_index_holds_leads_mentions_and_citations_only(corpus_project: Path, briefing) -> None:
    docs = json.loads((corpus_project / "site" / "search" / "search_index.json").read_text("utf-8"))["docs"]
    excluded = 0
    for view in briefing.articles:
        location = f"articles/{view.article.id}/"
        text = _words(" ".join(d["text"] + " " + d["title"] for d in docs if d["location"].startswith(location)))
        indexed = indexed_paragraphs(view)
        assert view.highlights.keys() <= indexed and 1 in indexed
        shown = _words(" ".join(p.text for p in view.article.paragraphs if p.number in indexed or p.heading))
        for paragraph in view.article.paragraphs:
            # four plain words in a row: the index keeps them as they are, whatever it does to markup
            probe = re.search(r"[A-Za-z]+(?: [A-Za-z]+){3}", _words(paragraph.text))
            if probe is None:
                continue
            if paragraph.number in indexed or paragraph.heading:
                assert probe.group() in text, (location, paragraph.number, probe.group())
            elif probe.group() not in shown:
                assert probe.group() not in text, (location, paragraph.number)
                excluded += 1
    assert excluded > len(briefing.articles)  # the exclusion takes effect, and broadly


def found(page, site: ServedSite, query: str) -> list[str]:
    """The result links Material's search shows for query (typed into the search box).

    Readers type words: punctuation (quotation marks are query syntax) and possessive endings are left out.
    """
    query = " ".join(re.findall(r"\w+", re.sub(r"['’]\w*", "", query)))
    page.goto(site.url())
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # a key event, as typing makes: the search listens to keyboard input
    results = page.locator(".md-search-result__item > a")
    try:
        results.first.wait_for(state="visible", timeout=5_000)
    except PlaywrightTimeout:
        return []
    return [results.nth(i).get_attribute("href") for i in range(results.count())]


def test_every_point_article_title_and_cited_paragraph_is_found(page, corpus_site, network, briefing) -> None:  # noqa: F811
    missing = []
    queries = [(v.point.title, f"points/{v.id}/") for v in briefing.points]
    queries += [(v.article.title, f"articles/{v.article.id}/") for v in briefing.articles]
    queries += [(c.quote, f"articles/{c.article.id}/") for v in briefing.points for c in v.citations]
    assert len(queries) > len(briefing.points) + len(briefing.articles)
    for query, target in queries:
        hrefs = found(page, corpus_site, query)
        if not any(target in h for h in hrefs):
            missing.append((query, target, hrefs[:5]))
    assert missing == []
    assert network.blocked == []
