"""The readers' search in Chromium, on built sites: every article is found by a word only it has,
every point by its title (first), the register's spellings and numbers however written, the
filters and the date order, a Cyrillic article, the keyboard alone, axe with results open, and
what one query costs at 1,000 articles. The index is Pagefind's (generator/search_index.py)."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
import snowballstemmer

from browser_support import (  # noqa: F401 - fixtures are found by name in this module
    PHONE, ServedSite, axe_source, axe_violations, browser_type_launch_args, network, search_results, site,
    switch_scheme,
)
from generator.pipeline import Project, check
from generator.search_chunks import split_bundle
from helpers import ROOT, SEED, copy_project, run_briefing

sys.path.insert(0, str(ROOT / "scripts"))
import corpus  # noqa: E402
import search_query  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CYRILLIC = """\
---
title: Переговоры о мирном плане продолжаются
date: 2025-11-20
outlet: Интерфакс
language: ru
---
Переговоры о мирном плане продолжаются в Женеве, сообщил собеседник агентства.

Делегации обсуждают численность вооружённых сил и гарантии безопасности.
"""
CYRILLIC_ID = "2025-11-20_peregovory"
# Bytes a query may fetch, gzipped, at 1,000 articles. The target is 300 KB at 10,000 (the benchmark
# measures it: 277 KB for "army cap"); at 1,000 the largest of these queries fetches 197 KB, and fetched 208 KB
# while Pagefind ran in a web worker of its own (whose script is 12 KB gzipped).
QUERY_BUDGET = 205 * 1024


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project with the 64 labelled articles of real-style reporting and one in Russian."""
    root = copy_project(tmp_path_factory.mktemp("search") / "p")
    for article in (ROOT / "tests" / "cases" / "linking" / "articles").glob("*.txt"):
        shutil.copy2(article, root / "seeds" / article.name)
    (root / "seeds" / f"{CYRILLIC_ID}.md").write_text(CYRILLIC, "utf-8")
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


WORD = re.compile(r"[^\W\d_]{6,}")


def page_texts(site: Path) -> dict[str, str]:
    """The indexed text of every page of a built site, by URL path ("/articles/x/")."""
    texts = {}
    for file in site.rglob("index.html"):
        body = lxml.html.parse(str(file)).getroot().xpath("//*[@data-pagefind-body]")
        if body:
            texts["/" + str(file.parent.relative_to(site)).replace(".", "").strip("/") + "/"] = body[0].text_content()
    return {url.replace("//", "/"): text for url, text in texts.items()}


def own_words(briefing, site: Path) -> dict[str, list[tuple[int, str]]]:
    """For each article, (paragraph, word) pairs whose word no other page of the site holds, nor any
    word of its stem (Pagefind matches stems)."""
    stem = snowballstemmer.stemmer("english").stemWord
    stems = Counter(s for text in page_texts(site).values() for s in {stem(w.lower()) for w in re.findall(r"\w+", text)})
    found = {}
    for view in briefing.articles:
        found[view.article.id] = sorted({(p.number, w) for p in view.article.paragraphs for w in WORD.findall(p.text)
                                         if stems[stem(w.lower())] == 1})
        assert found[view.article.id], f"{view.article.id} has no word of its own"
    return found


def test_every_article_is_found_by_a_word_only_it_holds(page, corpus_site, network, briefing, corpus_project):
    page.goto(corpus_site.url())
    missing = []
    for article_id, words in own_words(briefing, corpus_project / "site").items():
        word = words[len(words) // 2][1]
        hrefs = search_results(page, word, typed=False)  # 66 queries; typing is tested below
        if not any(f"/articles/{article_id}/" in h for h in hrefs):
            missing.append((article_id, word, hrefs[:3]))
    assert missing == []
    assert network.blocked == []
    assert not any("search_index.json" in u for u in network.loaded)  # Material's index stays unread
    assert any("/pagefind/" in u and u.endswith(".pf_index") for u in network.loaded)


def test_a_result_links_to_its_paragraph_and_shows_the_passage(page, corpus_site, network, briefing, corpus_project):
    words = own_words(briefing, corpus_project / "site")
    view, number, word = next((v, n, w) for v in briefing.articles for n, w in words[v.article.id] if n > 3)
    paragraph = view.article.paragraph(number)
    page.goto(corpus_site.url())
    search_results(page, word)
    link = page.locator(f"[data-bf-results] a[href*='/articles/{view.article.id}/#p{paragraph.number}']").first
    assert link.count() == 1, f"no link to ¶{paragraph.number} of {view.article.id} for {word!r}"
    passage = link.locator(".bf-search__excerpt").inner_text()
    assert passage.startswith(f"¶{paragraph.number}") and word in passage
    assert link.locator("mark").count() >= 1
    link.click()
    page.wait_for_url(f"**/articles/{view.article.id}/#p{paragraph.number}")


def fragments(site: Path) -> dict[str, str]:
    """The text Pagefind keeps of each indexed page (what a result's passage is cut from), by URL."""
    texts = {}
    for file in (site / "pagefind").glob("*/fragment/*.pf_fragment"):
        data = gzip.decompress(file.read_bytes())
        fragment = json.loads(data[data.index(b"{"):])
        texts[fragment["url"]] = fragment["content"]
    return texts


def test_passages_keep_labels_apart_from_their_values(corpus_project):
    texts = fragments(corpus_project / "site")
    article = next(text for url, text in texts.items() if re.fullmatch(r".*/articles/[^/]+/", url))  # not the list
    assert re.search(r"Published \d{4}-\d\d-\d\d Language en\b", article), article[:200]
    legend = texts["/points/"]  # the statuses' legend: each badge, then what it means
    assert "Open No agreement" in legend and "OpenNo" not in legend, legend[:300]
    assert "Point Ukraine United States Russia" in texts["/positions/"], texts["/positions/"][:300]  # column headings
    assert "Point Sources Ukraine" in texts["/"], texts["/"][:600]
    assert not re.search(r"(Published|Outlet|Language)\S", "\n".join(texts.values()))


def test_every_point_title_brings_its_point_first(page, corpus_site, network, briefing):
    page.goto(corpus_site.url())
    wrong = []
    for view in briefing.points:
        hrefs = search_results(page, view.point.title)
        if not hrefs or f"/points/{view.id}/" not in hrefs[0]:
            wrong.append((view.point.title, hrefs[:3]))
    assert wrong == []


def test_a_cyrillic_article_is_found_by_its_words(page, corpus_site, network):
    page.goto(corpus_site.url("points/"))
    for query in ("Женеве", "Переговоры", "гарантии безопасности", "Женев"):  # the last: a word being typed
        hrefs = search_results(page, query)
        assert any(f"/articles/{CYRILLIC_ID}/" in h for h in hrefs), (query, hrefs)
    article = page.context.new_page()
    article.goto(corpus_site.url(f"articles/{CYRILLIC_ID}/"))
    assert article.locator(".bf-text").get_attribute("lang") == "ru"  # the page keeps its language


@pytest.mark.parametrize("query, point", [
    ("Donbass", "donbas-territory"),  # the register's other spelling; the article says Donbas
    ("600000", "army-cap"), ("600 000", "army-cap"), ("600k", "army-cap"), ("600,000", "army-cap"),
    ("600 thousand", "army-cap"),
])
def test_spellings_and_numbers_find_the_point_first_and_the_article(page, site, network, query, point):
    page.goto(site.url())
    hrefs = search_results(page, query)
    assert hrefs and f"/points/{point}/" in hrefs[0], hrefs
    assert any(f"/articles/{SEED}/#p" in h for h in hrefs), hrefs


def _choose(page, key: str, value: str) -> None:
    refine = page.locator("[data-bf-refine]")
    if not refine.evaluate("el => el.open"):
        refine.locator("summary").click()
    select = page.locator(f"select[data-bf-filter='{key}']")
    select.wait_for()
    select.select_option(value)


def _kinds_and_dates(page) -> list[str]:
    page.wait_for_timeout(400)
    page.wait_for_function("() => /result/i.test(document.querySelector('[data-bf-status]').textContent)")
    return page.locator("[data-bf-results] .bf-search__kind").all_inner_texts()


def test_filters_and_the_date_order(page, corpus_site, network, briefing, corpus_project):
    recent, *parts = _bundles(corpus_project / "site")  # the articles before the newest period are in the archive
    assert recent == "recent" and len(parts) == 1 and parts[0].startswith("archive-"), parts
    page.goto(corpus_site.url())
    search_results(page, "Ukraine")
    _choose(page, "kind", "article")
    kinds = _kinds_and_dates(page)
    assert kinds and all(k.startswith("Article") for k in kinds), kinds
    view = briefing.points[0]
    _choose(page, "point", view.point.title)
    _kinds_and_dates(page)
    hrefs = page.locator("[data-bf-results] > li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    touching = {a.article.id for a in briefing.articles if view.id in a.point_ids}
    assert hrefs and all(h.split("/articles/")[1].split("/")[0] in touching for h in hrefs), (hrefs, touching)
    _choose(page, "point", "")
    page.locator("[data-bf-search] input[type=search]").fill("")  # filters alone list what they hold
    _choose(page, "language", "ru")
    page.wait_for_function("() => document.querySelectorAll('[data-bf-results] > li').length === 1")
    assert f"/articles/{CYRILLIC_ID}/" in page.locator("[data-bf-results] > li > a").first.get_attribute("href")
    _choose(page, "language", "")
    search_results(page, "Ukraine")
    for order in ("desc", "asc"):  # every result, across the bundles (November's and December's articles)
        page.locator("select[data-bf-sort]").select_option(order)
        _kinds_and_dates(page)
        while page.locator("[data-bf-more]").is_visible():
            page.locator("[data-bf-more]").click()
            page.wait_for_timeout(300)
        dates = [k.rsplit(" · ", 1)[1] for k in _kinds_and_dates(page)]
        assert dates == sorted(dates, reverse=order == "desc") and len(dates) > 20, dates
        assert {d[:7] for d in dates} >= {"2025-11", "2025-12"}, dates
    page.locator("select[data-bf-sort]").select_option("")
    page.locator("[data-bf-search] input[type=search]").fill("")
    _choose(page, "outlet", "Интерфакс")
    page.wait_for_function("() => document.querySelectorAll('[data-bf-results] > li').length === 1")
    assert "Интерфакс" in _kinds_and_dates(page)[0]


def test_five_results_first_and_ten_more_on_demand(page, corpus_site, network):
    """Each result shown costs a request for its text: five come with the search, ten with each "more"."""
    fragments: list[str] = []
    page.on("request", lambda request: "/pagefind/" in request.url and "/fragment/" in request.url
            and fragments.append(request.url))
    page.goto(corpus_site.url())
    assert len(search_results(page, "Ukraine")) == 5
    assert len(fragments) == 5
    page.locator("[data-bf-more]").click()
    page.wait_for_function("() => document.querySelectorAll('[data-bf-results] > li').length === 15")
    assert len(fragments) == 15
    assert page.locator("[data-bf-results] > li:nth-child(6) > a").evaluate("el => el === document.activeElement")


def test_one_letter_waits_for_more_or_for_enter(page, site, network):
    page.goto(site.url())
    page.keyboard.press("/")
    box = page.locator("[data-bf-search] input[type=search]")
    box.press_sequentially("N")
    page.wait_for_timeout(500)
    assert page.locator("[data-bf-status]").inner_text() == "Keep typing, or press Enter to search"
    assert page.locator("[data-bf-results] > li").count() == 0
    box.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('[data-bf-results] > li').length > 0")


def test_the_keyboard_alone_finds_and_opens_a_result(page, site, network):
    page.goto(site.url("statuses/"))
    page.keyboard.press("s")
    box = page.locator("[data-bf-search] input[type=search]")
    assert box.evaluate("el => el === document.activeElement")
    box.press_sequentially("NATO", delay=20)
    page.wait_for_function("() => document.querySelectorAll('[data-bf-results] > li').length > 1")
    page.keyboard.press("ArrowDown")
    first = page.locator("[data-bf-results] > li > a").first
    assert first.evaluate("el => el === document.activeElement")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert first.evaluate("el => el === document.activeElement")
    page.keyboard.press("Escape")
    assert page.locator("#bf-search-output").is_hidden()
    page.keyboard.press("/")
    assert page.locator("#bf-search-output").is_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/points/nato-membership/**")


@PHONE
def test_on_a_phone_results_fit_the_screen(page, site, network):
    page.goto(site.url())
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("[data-bf-search] input[type=search]")
    assert box.evaluate("el => el === document.activeElement")
    search_results(page, "Donbas")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    result = page.locator("[data-bf-results] > li").first.bounding_box()
    assert result["x"] >= 0 and result["x"] + result["width"] <= 375, result


@PHONE
def test_on_a_phone_tab_reaches_the_search_button(page, site, network):
    page.goto(site.url())
    button = page.locator("label.md-header__button[for='__search']")
    for _ in range(12):
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    assert button.evaluate("el => el === document.activeElement"), "Tab never reached the search button"
    page.keyboard.press("Enter")
    box = page.locator("[data-bf-search] input[type=search]")
    assert box.evaluate("el => el === document.activeElement")
    box.press_sequentially("Donbas", delay=15)
    page.wait_for_function("() => document.querySelectorAll('[data-bf-results] > li').length > 0")


MODES = {"light": (), "dark": (), "phone": (PHONE,)}


@pytest.mark.parametrize("mode", [pytest.param(m, marks=marks) for m, marks in MODES.items()])
def test_axe_finds_nothing_with_results_and_filters_open(page, site, network, axe_source, mode):
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(site.url(f"articles/{SEED}/"))
    switch_scheme(page, "slate" if mode == "dark" else "default")
    search_results(page, "NATO")
    page.locator("[data-bf-refine] summary").click()
    page.locator("select[data-bf-filter='kind']").wait_for()
    violations = axe_violations(page, axe_source)
    assert violations == [], "\n".join(violations)
    assert errors == []


def test_results_show_hostile_text_as_text(page, tmp_path_factory, network):
    root = corpus.make_project(tmp_path_factory.mktemp("hostile") / "p", articles=3, points=2, seed=2)
    (root / "seeds" / "2025-11-27_hostile.md").write_text(
        '---\ntitle: "<img src=x onerror=alert(1)> Zebrafinch"\ndate: 2025-11-27\n---\n'
        "Zebrafinch <script>alert(2)</script> and <b onmouseover=alert(3)>bold</b>.\n", "utf-8")
    assert run_briefing("build", cwd=root).code == 0
    served = ServedSite(root / "site")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(served.url())
        search_results(page, "Zebrafinch")
        results = page.locator("[data-bf-results]")
        assert "<script>alert(2)</script>" in results.inner_text()
        assert results.locator("script, img, b").count() == 0
        page.wait_for_timeout(300)
        assert dialogs == []
    finally:
        served.close()


def test_one_query_fetches_under_205_kb_at_1000_articles(tmp_path_factory, browser):
    root = corpus.make_project(tmp_path_factory.mktemp("thousand") / "p", articles=1000, points=50, seed=1)
    result = run_briefing("build", cwd=root, timeout=900)
    assert result.code == 0, result.text
    costs = search_query.measure(root / "site", ["Ukraine", "army cap", "600000", "Kramatorsk"], browser=browser)
    print("\n".join(c.row() for c in costs))
    assert all(c.results > 0 for c in costs), costs
    assert max(c.sent for c in costs) <= QUERY_BUDGET, costs
    # typing fetches the index chunks of the words typed, not of every prefix on the way ("a", "ar"...)
    # (one per word and bundle: the index is merged from a few bundles)
    assert all(c.chunks <= len(c.query.split()) * c.bundles for c in costs), costs
    assert all(c.fragments <= 5 for c in costs), costs  # the first five results' texts, more on demand
    assert all(c.kinds().get("filters", 0) == 0 for c in costs), costs  # filter lists only when the filters open
    assert not any(path.endswith("pagefind-worker.js") for c in costs for path, _ in c.files), costs


def test_words_split_into_more_chunks_find_the_same(tmp_path, corpus_project, browser):
    """Frequent words in chunks of their own (generator/search_chunks.py), here split far finer than a
    build splits (every word of 1 KB of postings alone): each query finds as many results as before."""
    split_site = shutil.copytree(corpus_project / "site", tmp_path / "site")
    added = sum(split_bundle(bundle, split_from=0, alone_from=1024)
                for bundle in (split_site / "pagefind").iterdir() if bundle.is_dir())
    assert added > 10
    queries = ["the", "Ukraine", "Переговоры", "Ukr"]  # a stop word, a word with kin, Cyrillic, a prefix typed
    before = search_query.measure(corpus_project / "site", queries, browser=browser)
    after = search_query.measure(split_site, queries, browser=browser)
    assert all(cost.results > 0 for cost in before), before
    assert [cost.results for cost in after] == [cost.results for cost in before], (before, after)


def _article(root: Path, name: str, day: str, word: str) -> Path:
    path = root / "seeds" / f"{name}.md"
    path.write_text(f"---\ntitle: {word} report\ndate: {day}\noutlet: Test Wire\n---\n"
                    f"Delegates spoke of {word} at length, and of nothing else.\n", "utf-8")
    return path


def _bundles(site: Path) -> list[str]:
    return [b["name"] for b in json.loads((site / "pagefind" / "bundles.json").read_text("utf-8"))["bundles"]]


def _finds(page, site: Path, word: str, article: str) -> bool:
    served = ServedSite(site)
    try:
        page.goto(served.url())
        return any(f"/articles/{article}/" in h for h in search_results(page, word))
    finally:
        served.close()


def test_an_incremental_index_finds_a_new_article_and_drops_a_removed_one(page, tmp_path_factory, network):
    """Rebuilds reuse the bundle of older periods when its pages are unchanged, and index again what changed."""
    root = copy_project(tmp_path_factory.mktemp("incremental") / "p")
    site = root / "site"
    old = _article(root, "2025-10-02_quokka", "2025-10-02", "Quokkaland")
    _article(root, "2025-10-03_platypus", "2025-10-03", "Platypusberg")
    assert run_briefing("build", cwd=root).code == 0
    assert _bundles(site) == ["recent", "archive-2025-10-01"]
    archive = site / "pagefind" / "archive-2025-10-01"
    archive_made = (archive / "pagefind-entry.json").stat().st_mtime_ns
    recent_made = (site / "pagefind" / "recent" / "pagefind-entry.json").stat().st_mtime_ns

    _article(root, "2025-11-27_wombat", "2025-11-27", "Wombatfjord")  # the newest period: only `recent` changes
    assert run_briefing("build", cwd=root).code == 0
    assert (archive / "pagefind-entry.json").stat().st_mtime_ns == archive_made  # copied
    assert (site / "pagefind" / "recent" / "pagefind-entry.json").stat().st_mtime_ns != recent_made  # indexed
    assert _finds(page, site, "Wombatfjord", "2025-11-27_wombat")
    assert _finds(page, site, "Quokkaland", "2025-10-02_quokka")  # from the copied bundle

    old.unlink()  # a removed article leaves its bundle, which is indexed again
    assert run_briefing("build", cwd=root).code == 0
    assert (archive / "pagefind-entry.json").stat().st_mtime_ns != archive_made
    assert not _finds(page, site, "Quokkaland", "2025-10-02_quokka")
    assert _finds(page, site, "Platypusberg", "2025-10-03_platypus")
    assert _finds(page, site, "Wombatfjord", "2025-11-27_wombat")


HAS_ZENSICAL = importlib.util.find_spec("zensical") is not None


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    root = copy_project(tmp_path_factory.mktemp("zensical") / "p")
    result = run_briefing("build", "--engine", "zensical", cwd=root, timeout=900)
    assert result.code == 0, result.text
    served = ServedSite(root / "site")
    yield served
    served.close()


@pytest.mark.skipif(not HAS_ZENSICAL, reason="zensical is not installed: it is optional (pip install -e '.[zensical]')")
@PHONE
def test_on_a_phone_zensical_shows_the_results_without_scrolling_sideways(page, zensical_site, network):
    """Zensical's header blurs what is behind it, which made it the box of the search's fixed panel."""
    page.goto(zensical_site.url())
    page.locator("label.md-header__button[for='__search']").click()
    hrefs = search_results(page, "Donbas")
    assert hrefs and "/points/donbas-territory/" in hrefs[0], hrefs
    panel = page.locator("#bf-search-output").bounding_box()
    assert panel["height"] > 400 and panel["x"] >= 0 and panel["x"] + panel["width"] <= 375, panel
    first = page.locator("[data-bf-results] > li").first.bounding_box()
    assert 0 <= first["x"] and first["x"] + first["width"] <= 375 and first["y"] + 20 < 740, first
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth, window.scrollX]")
    assert widths[0] <= widths[1] and widths[2] == 0, widths


def test_the_desk_has_its_own_search_index(page, tmp_path_factory, network):
    """`build --desk` indexes the desk in its scratch folder, before the swap: its search finds its review pages."""
    root = copy_project(tmp_path_factory.mktemp("desk") / "p")
    (root / "seeds" / "2025-11-28_wire.txt").write_text(
        " date 2025-11-28 The army would be capped at 800,000 under the new Quillbrook draft.\n\n"
        "Ukraine would not join NATO, the draft says, and NATO membership stays off the table.\n", "utf-8")
    result = run_briefing("build", "--desk", cwd=root)
    assert result.code == 0, result.text
    desk = root / "desk-site"
    assert _bundles(desk) == ["recent"]
    served = ServedSite(desk)
    try:
        page.goto(served.url())
        hrefs = search_results(page, "Quillbrook")
        assert any("/review/2025-11-28_wire/" in h for h in hrefs), hrefs
    finally:
        served.close()
