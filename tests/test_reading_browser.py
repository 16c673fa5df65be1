"""How the analyst project's pages read in Debian's Chromium: every table on every kind of page
fits a 375 px phone with every column's text in view, the chart's text stays readable there,
and on paper the one-page briefing carries the site's name, address (or says it has none),
as-of date, positions and link addresses, point pages print without navigation, and no date
breaks at its hyphens. Expected values come from the register's YAML."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from browser_support import (  # noqa: F401 - fixtures are found by name in this module
    CLIPPED_JS, PHONE, ServedSite, axe_source, axe_violations, browser_type_launch_args, network,
)
from helpers import CASES, overlay_project, run_briefing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE_URL = "https://briefing.example.org/plan/"
REGISTER = yaml.safe_load((CASES / "projects" / "analyst" / "briefings" / "register.yml").read_text("utf-8"))
# One page of every kind that holds a table, and the pages this issue names.
PAGES = {
    "overview": "", "points": "points/", "point": "points/army-cap/", "point-no-positions": "points/elections/",
    "party": "parties/united-states/", "parties": "parties/", "changes": "changes/", "positions": "positions/",
    "statuses": "statuses/", "status": "status/open/", "timeline": "timeline/", "articles": "articles/",
    "article": "articles/2025-12-03-unnamed/", "data": "data/", "how": "how/", "print": "print/",
}


def _built(tmp_path_factory, name: str, env: dict[str, str] | None = None) -> Path:
    root = overlay_project(tmp_path_factory.mktemp(name) / "project", "analyst")
    result = run_briefing("build", cwd=root, env=env)
    assert result.code == 0, result.text
    return root / "site"


@pytest.fixture(scope="module")
def analyst_site(tmp_path_factory) -> Iterator[ServedSite]:
    served = ServedSite(_built(tmp_path_factory, "analyst"))
    yield served
    served.close()


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory) -> Iterator[ServedSite]:
    """The same project published at SITE_URL."""
    served = ServedSite(_built(tmp_path_factory, "addressed", {"SITE_URL": SITE_URL}))
    yield served
    served.close()


# Each table cell: where it is, whether a box that clips hides part of it, its label on a phone;
# each table's column headings; and anything in the content that sticks out or scrolls sideways.
TABLES_JS = """
() => {
  const width = document.documentElement.clientWidth;
""" + CLIPPED_JS + """  const tables = [...document.querySelectorAll('.md-content table')].map((t) => ({
    headings: [...t.querySelectorAll('thead th')].map((th) => th.textContent.trim()),
    cells: [...t.querySelectorAll('tbody td')].map((td) => {
      const r = td.getBoundingClientRect();
      return {text: td.innerText.trim(), label: td.dataset.label || null,
              shown: getComputedStyle(td, '::before').content, left: r.left, right: r.right, width: r.width,
              clippedBy: clipped(td)};
    }),
  }));
  const scrolls = [...document.querySelectorAll('.md-content *')]
    .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
    .map((el) => el.tagName + '.' + el.className);
  return {width, scrollWidth: document.documentElement.scrollWidth, tables, scrolls};
}
"""


@PHONE
@pytest.mark.parametrize("kind", list(PAGES))
def test_every_table_fits_a_phone_with_every_column_in_view(page, analyst_site, network, kind):
    page.goto(analyst_site.url(PAGES[kind]), wait_until="networkidle")
    page.wait_for_timeout(100)  # the table script labels cells on the next animation frame
    seen = page.evaluate(TABLES_JS)
    assert seen["width"] == 375
    assert seen["scrollWidth"] <= 375, f"/{PAGES[kind]} scrolls sideways: {seen['scrollWidth']} px"
    assert seen["scrolls"] == [], f"/{PAGES[kind]}: boxes that scroll sideways: {seen['scrolls']}"
    for table in seen["tables"]:
        for cell in table["cells"]:
            where = f"/{PAGES[kind]}: {cell['text'][:40]!r}"
            assert cell["width"] > 0 and cell["left"] >= -1 and cell["right"] <= 376, f"{where} is not in view: {cell}"
            assert cell["clippedBy"] is None, f"{where} is cut by {cell['clippedBy']}"
            # the column's heading is out of sight on a phone: each cell shows it as its label
            assert cell["label"] in table["headings"], f"{where} has no column label"
            assert cell["shown"] == f'"{cell["label"]}"', f"{where} does not show its label"
    assert network.blocked == []


@PHONE
def test_point_positions_show_since_and_source_on_a_phone(page, analyst_site, network):
    page.goto(analyst_site.url("points/army-cap/"), wait_until="networkidle")
    page.wait_for_timeout(100)
    table = page.locator(".md-content table").first
    text = table.inner_text()
    for party_id, position in REGISTER_POINT("army-cap")["positions"].items():
        assert " ".join(position["text"].split()) in text
    labels = table.locator("td").evaluate_all("(tds) => tds.map((td) => td.dataset.label)")
    assert {"Since", "Source"} <= set(labels)
    for cell in table.locator("td[data-label=Source], td[data-label=Since]").all():
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375 and cell.inner_text().strip()


def REGISTER_POINT(point_id: str) -> dict:  # noqa: N802 - reads as a lookup of the register
    return next(p for p in REGISTER["points"] if p["id"] == point_id)


@PHONE
def test_chart_text_is_at_least_11px_on_a_phone(page, analyst_site, network):
    page.goto(analyst_site.url("changes/"), wait_until="networkidle")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.bf-chart__svg text')]
        .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getBoundingClientRect().width
                    / t.ownerSVGElement.viewBox.baseVal.width)""")
    assert sizes and min(sizes) >= 11, f"chart text at {min(sizes):.1f} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


# --- on paper ---------------------------------------------------------------------------

def _pdf_text(page, url: str) -> str:
    from pypdf import PdfReader

    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return "\n".join(p.extract_text() for p in pdf.pages)


def _words(text: str) -> str:
    return " ".join(text.split())


def _assert_no_broken_date(text: str) -> None:
    broken = re.findall(r"\b\d{4}-\s*\n\s*\d{2}|\b\d{4}-\d{2}-\s*\n", text)
    assert broken == [], f"dates broken across lines: {broken}"


def test_one_page_briefing_on_paper_with_the_sites_address(page, addressed_site, network):
    text = _pdf_text(page, addressed_site.url("print/"))
    flat = _words(text)
    joined = re.sub(r"\s+", "", text)  # an address may wrap at any character
    assert REGISTER["title"] in flat and SITE_URL in joined
    newest = max(str(h["date"]) for p in REGISTER["points"] for h in p["history"])
    assert f"as of {newest}" in flat
    for point in REGISTER["points"]:
        for position in point.get("positions", {}).values():
            first_words = " ".join(position["text"].split()[:4])
            assert first_words in flat, f"{point['id']}: position text not printed: {first_words!r}"
    # every link's full address, numbered in the notes
    for point in REGISTER["points"]:
        assert f"{SITE_URL}points/{point['id']}/" in joined
    assert "../" not in text and "no stated position" not in flat.lower()
    _assert_no_broken_date(text)


def test_one_page_briefing_on_paper_without_an_address_says_so(page, analyst_site, network):
    text = _pdf_text(page, analyst_site.url("print/"))
    flat = _words(text)
    assert "no published address set" in flat and "paths from the root of the site" in flat
    joined = re.sub(r"\s+", "", text)
    assert all(f"points/{p['id']}/" in joined for p in REGISTER["points"])
    assert "../" not in text and "http" not in text  # a relative link is never printed as an address
    _assert_no_broken_date(text)


def test_point_page_prints_without_navigation_or_the_mentions_list(page, analyst_site, network):
    text = _pdf_text(page, analyst_site.url("points/army-cap/"))
    flat = _words(text)
    assert REGISTER_POINT("army-cap")["title"] in flat and "Positions" in flat and "History" in flat
    for chrome in ("Timeline", "Statuses", "Search", "Mentions in articles", "How this briefing works"):
        assert chrome not in flat, f"{chrome!r} printed"
    _assert_no_broken_date(text)


# --- axe on the new and changed views ------------------------------------------------------

@pytest.mark.parametrize("kind", ["overview", "point", "party", "changes", "how", "print"])
@pytest.mark.parametrize("context_args", [
    pytest.param(None, marks=pytest.mark.browser_context_args(viewport={"width": 1280, "height": 900}), id="light"),
    pytest.param(None, marks=pytest.mark.browser_context_args(viewport={"width": 1280, "height": 900},
                                                              color_scheme="dark"), id="dark"),
    pytest.param(None, marks=PHONE, id="phone"),
])
def test_axe_finds_nothing_on_the_analyst_pages(page, analyst_site, network, axe_source, kind, context_args):
    page.goto(analyst_site.url(PAGES[kind]), wait_until="networkidle")
    page.wait_for_timeout(100)
    assert axe_violations(page, axe_source) == []


# --- where corrections go --------------------------------------------------------------------

def test_corrections_contact_comes_from_mkdocs_extra(tmp_path, analyst_site):
    import lxml.html

    without = lxml.html.fromstring((analyst_site.root / "how" / "index.html").read_text("utf-8"))
    assert "names no contact for corrections" in without.xpath("string(//div[contains(@class,'bf-corrections')])")
    assert without.xpath("//nav[@aria-label='About this briefing']//a/@href") == ["./"]  # the how page itself
    root = overlay_project(tmp_path / "project", "analyst")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nextra:\n  corrections: mailto:desk@example.org\n", "utf-8")
    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    for path in ("how/index.html", "index.html", "points/army-cap/index.html"):
        html = lxml.html.fromstring((root / "site" / path).read_text("utf-8"))
        assert "mailto:desk@example.org" in html.xpath("//nav[@aria-label='About this briefing']//a/@href"), path
    how = lxml.html.fromstring((root / "site" / "how" / "index.html").read_text("utf-8"))
    assert how.xpath("//div[contains(@class,'bf-corrections')]//a/@href") == ["mailto:desk@example.org"]


def test_overview_title_is_the_headers(built_project):
    """The shipped project's overview: its <title> is the name the header shows, not that name twice."""
    import lxml.html

    home = lxml.html.fromstring((built_project / "site" / "index.html").read_text("utf-8"))
    header = home.xpath("string(//div[contains(@class,'md-header__topic')][1]//span)").strip()
    assert home.findtext(".//title").strip() == header == "".join(home.xpath("//h1/text()")).strip()
