"""The built site in a real browser: Debian's Chromium driven by Playwright, sites served on
127.0.0.1, every request that would leave 127.0.0.1 blocked and recorded. Search, citations,
dark mode, a phone-wide viewport, offline loading and hostile articles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser_support import (  # noqa: F401 - fixtures are found by name in this module
    PHONE, ServedSite, browser_type_launch_args, network, search_results, site, switch_scheme,
)
from helpers import SEED, copy_project, run_briefing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_ARTICLE = """\
---
title: "<script>alert('title')</script> Hostile <img src=x onerror=alert('img')>"
date: 2025-11-27
outlet: "<b onmouseover=alert('outlet')>Wire</b>"
url: https://example.org/hostile
---
Lead paragraph <script>alert(1)</script> with [x](javascript:alert(2)) and <img src=x onerror=alert(3)>.

A second paragraph with ![pixel](data:text/html,<script>alert(4)</script>) and <iframe src="javascript:alert(5)"></iframe> and {{ jinja }} and {% raw %}.
"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The default project plus an article full of script-injection attempts."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (root / "seeds" / "2025-11-27_hostile.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    served = ServedSite(root / "site")
    yield served
    served.close()


@pytest.fixture
def dialogs(page) -> list[str]:
    """Messages of every alert/confirm/prompt a page opened (each is dismissed)."""
    seen: list[str] = []

    def on_dialog(dialog):
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


# --- helpers ---------------------------------------------------------------------------

CONTRAST_JS = """
(el) => {
  const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const style = getComputedStyle(el);
  const bg = rgb(style.backgroundColor);
  if (bg.length === 4 && bg[3] === 0) return {ratio: 0, reason: 'transparent background'};
  const [a, b] = [lum(rgb(style.color)), lum(bg)];
  return {ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), text: el.textContent.trim()};
}
"""


def badge_contrasts(page) -> list[dict]:
    badges = page.locator(".bf-status")
    assert badges.count() > 0, "no status badge on the page"
    return [badges.nth(i).evaluate(CONTRAST_JS) for i in range(badges.count())]


PAGES = {
    "home": "",
    "point": "points/nato-membership/",
    "article": f"articles/{SEED}/",
    "statuses": "statuses/",
}
# axe-core, the overview's fit, print and Lighthouse: tests/test_browser_layout.py


# --- search ----------------------------------------------------------------------------

@pytest.mark.parametrize("query, point, title", [
    ("NATO", "nato-membership", "NATO"),
    ("600,000", "army-cap", "army"),
    ("Donbas", "donbas-territory", "Donbas"),
])
def test_search_leads_to_the_point(page, site, network, query, point, title):
    page.goto(site.url())
    hrefs = search_results(page, query)
    assert any(f"points/{point}/" in h for h in hrefs), f"{query!r} found {hrefs}"
    page.locator(f"[data-bf-results] > li > a[href*='points/{point}/']").first.click()
    page.wait_for_url(f"**/points/{point}/**")
    assert title.lower() in page.locator("h1").first.inner_text().lower()
    assert network.blocked == []


def test_search_ranks_point_first_for_nato(page, site, network):
    page.goto(site.url())
    first = search_results(page, "NATO")[0]
    assert "points/nato-membership/" in first, first


# --- citations -------------------------------------------------------------------------

def test_citation_lands_on_the_highlighted_paragraph(page, site, network):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(site.url("points/nato-membership/"))
    citation = page.locator(f"a[href*='articles/{SEED}/#p']").first
    anchor = citation.get_attribute("href").rsplit("#", 1)[1]
    citation.click()
    page.wait_for_url(f"**/articles/{SEED}/#{anchor}")
    paragraph = page.locator(f"[id='{anchor}']")
    assert paragraph.evaluate("el => el.matches(':target')")
    assert paragraph.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    box = paragraph.bounding_box()
    assert box is not None and 0 <= box["y"] < 720, f"#{anchor} is not in view: {box}"
    quote = paragraph.locator("mark.bf-quote")
    assert quote.count() >= 1
    # the passages quoted there are highlighted: the history's and the position's (the first link is the position's)
    marked = " ".join(quote.all_inner_texts())
    assert "unacceptable" in marked and "relinquishing its ambition" in marked
    # the header must not hide the paragraph it landed on
    header = page.locator("header.md-header").bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1


# --- dark mode -------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_status_badges_stay_legible(page, site, network, scheme):
    page.goto(site.url())
    switch_scheme(page, scheme)
    for badge in badge_contrasts(page):
        assert badge["ratio"] >= 4.5, f"{scheme}: badge {badge} below WCAG AA 4.5:1"
    # status is never told by colour alone: every badge has its word
    labels = page.locator(".bf-status").all_inner_texts()
    assert all(any(word in label for word in ("Open", "Narrowing", "Agreed", "Deferred", "Dropped"))
               for label in labels), labels


def test_dark_mode_choice_persists_across_pages(page, site, network):
    page.goto(site.url())
    switch_scheme(page, "slate")
    page.goto(site.url("statuses/"))
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    for badge in badge_contrasts(page):
        assert badge["ratio"] >= 4.5, badge


# --- phone width -----------------------------------------------------------------------

@PHONE
@pytest.mark.parametrize("path", [
    "", "points/", "points/donbas-territory/", "points/army-cap/", "articles/",
    f"articles/{SEED}/", "statuses/", "about/",
])
def test_nothing_scrolls_sideways_at_375px(page, site, network, path):
    page.goto(site.url(path))
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth, document.body.scrollWidth]")
    assert widths[1] == 375, "the phone viewport is not in effect"
    assert widths[0] <= widths[1] and widths[2] <= widths[1], f"/{path}: {widths}"
    assert network.blocked == []


# --- offline ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PAGES))
def test_pages_load_fully_with_network_blocked(page, site, network, name):
    page.goto(site.url(PAGES[name]), wait_until="networkidle")
    assert network.blocked == [], f"requests left 127.0.0.1: {network.blocked}"
    assert network.failed == [], network.failed
    # Material's own stylesheet and script came from the site, so the page is styled and live
    assert page.locator("header.md-header").evaluate("el => getComputedStyle(el).position") == "sticky"
    assert any(u.endswith(".js") for u in network.loaded)
    assert page.evaluate("() => document.fonts.status") == "loaded"


def test_search_works_with_network_blocked(page, site, network):
    page.goto(site.url("statuses/"))
    assert search_results(page, "Donbas")
    assert any("/pagefind/recent/pagefind.js" in u for u in network.loaded)  # the index comes from the site itself
    assert not any("search_index.json" in u for u in network.loaded)
    assert network.blocked == []


# --- hostile articles ------------------------------------------------------------------

def test_hostile_article_runs_no_script(page, hostile_site, network, dialogs):
    for path in ("", "articles/", "articles/2025-11-27_hostile/"):
        page.goto(hostile_site.url(path), wait_until="networkidle")
    page.goto(hostile_site.url("articles/2025-11-27_hostile/"))
    text = page.locator("article").inner_text()
    assert "<script>alert(1)</script>" in text
    assert "[x](javascript:alert(2))" in text
    assert "onerror=alert(3)" in text
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("article script, article iframe, article img[src='x']").count() == 0
    assert network.blocked == []


def test_search_result_for_hostile_text_is_inert(page, hostile_site, network, dialogs):
    page.goto(hostile_site.url())
    assert search_results(page, "onerror")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("[data-bf-results] img, [data-bf-results] script").count() == 0
