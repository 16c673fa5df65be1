"""The site as a reader sees it, in Debian's Chromium: the overview fits every desktop width
and becomes cards on a phone, nothing is cut in print, the one-page briefing prints on one
A4 page, boxes that scroll sideways are reachable by keyboard, and axe-core finds no
violation of any impact on the reader pages in light, dark and phone views."""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from browser_support import (  # noqa: F401 - fixtures are found by name in this module
    CLIPPED_JS, PHONE, ServedSite, axe_source, axe_violations, browser_type_launch_args, network, site,
)
from generator.vocabulary import STANCES
from helpers import SEED, copy_project, run_briefing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A register at the size the one-page briefing promises to fit: 10 points, 4 parties.
EXTRA_PARTY = {"id": "european-union", "name": "European Union"}
POINT_COUNT = 10
# Every stance somewhere, the longest labels included, so the widest cells are exercised.
STANCE_CYCLE = list(STANCES)

# Reader pages by kind (paths of the shared site plan; the built default project has them all).
READER_PAGES = {
    "overview": "",
    "point": "points/nato-membership/",
    "article": f"articles/{SEED}/",
    "statuses": "statuses/",
    "timeline": "timeline/",
    "positions": "positions/",
    "party": "parties/russia/",
    "data": "data/",
    "changes": "changes/",
    "print": "print/",
}
PRINT_PAGE = READER_PAGES["print"]
A4_PRINTABLE_PX = 605  # 210 mm less the theme's 25 mm page margins, at 96 px per inch

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
MODES = {
    "light": pytest.mark.browser_context_args(**DESKTOP, color_scheme="light"),
    "dark": pytest.mark.browser_context_args(**DESKTOP, color_scheme="dark"),
    "phone": pytest.mark.browser_context_args(viewport={"width": 375, "height": 740}, device_scale_factor=2,
                                              is_mobile=True, has_touch=True),
}


def big_register(source: Path) -> dict:
    """The project's register grown to POINT_COUNT points and 4 parties, every stance stated."""
    register = yaml.safe_load(source.read_text(encoding="utf-8"))
    register["parties"].append(EXTRA_PARTY)
    originals = register["points"]
    points = []
    for n in range(POINT_COUNT):
        point = copy.deepcopy(originals[n % len(originals)])  # shared objects would dump as YAML aliases
        round_ = n // len(originals)
        if round_:
            point["id"] = f"{point['id']}-{round_ + 1}"
            point["title"] = f"{point['title']} (variant {round_ + 1})"
            point.pop("related", None)
        point["positions"] = {
            party["id"]: {"stance": STANCE_CYCLE[(n + i) % len(STANCE_CYCLE)], "text": f"Position {n}.{i}."}
            for i, party in enumerate(register["parties"])
        }
        points.append(point)
    register["points"] = points
    return register


@pytest.fixture(scope="session")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = copy_project(tmp_path_factory.mktemp("big") / "project")
    register = big_register(root / "briefings" / "register.yml")
    (root / "briefings" / "register.yml").write_text(yaml.safe_dump(register, sort_keys=False), encoding="utf-8")
    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    return root, register


@pytest.fixture(scope="session")
def big_site(big_project) -> Iterator[ServedSite]:
    served = ServedSite(big_project[0] / "site")
    yield served
    served.close()


def expected_stances(register: dict) -> dict[str, dict[str, str]]:
    """Point id -> party name -> the stance label the overview must show."""
    names = {p["id"]: p["name"] for p in register["parties"]}
    return {
        point["id"]: {names[party]: STANCES[pos["stance"]].label for party, pos in point["positions"].items()}
        for point in register["points"]
    }


# Every overview cell with where it is, and whether an ancestor that clips (overflow other
# than visible) hides part of it; plus every element of the page's content that sticks out.
OVERVIEW_JS = """
() => {
  const width = document.documentElement.clientWidth;
""" + CLIPPED_JS + """  const rows = [...document.querySelectorAll('table.bf-overview tbody tr')].map((tr) => ({
    href: tr.querySelector('a.bf-overview__title').getAttribute('href'),
    display: getComputedStyle(tr).display,
    badge: tr.querySelector('.bf-status') !== null,
    cells: [...tr.querySelectorAll('td.bf-overview__stance')].map((td) => {
      const r = td.getBoundingClientRect();
      // the stance alone: innerText leaves out the ::before label, and the matrix bolds the stance before its date
      return {party: td.dataset.label, text: (td.querySelector('strong') || td).innerText.trim(),
              label: getComputedStyle(td, '::before').content,
              left: r.left, right: r.right, width: r.width, clippedBy: clipped(td)};
    }),
  }));
  const wide = [...document.querySelectorAll('.md-content *')]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > width + 1 || r.left < -1); })
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`);
  return {width, scrollWidth: document.documentElement.scrollWidth, rows, wide};
}
"""


def overview_problems(page, register: dict) -> tuple[list[dict], list[str]]:
    """The overview's (or the positions matrix's) rows, and everything wrong with what a reader sees of them."""
    seen = page.evaluate(OVERVIEW_JS)
    broken = [row["href"] for row in seen["rows"] if not page.request.get(urljoin(page.url, row["href"])).ok]
    width, problems = seen["width"], [f"a point's link leads nowhere: {href}" for href in broken]
    if seen["scrollWidth"] > width:
        problems.append(f"the page scrolls sideways: {seen['scrollWidth']} > {width}")
    problems += [f"wider than the viewport: {w}" for w in seen["wide"]]
    expected = expected_stances(register)
    shown = {}
    for row in seen["rows"]:
        point_id = row["href"].rstrip("/").rsplit("/", 1)[-1]
        shown[point_id] = {c["party"]: c["text"] for c in row["cells"]}
        for cell in row["cells"]:
            if cell["width"] <= 0 or cell["left"] < -1 or cell["right"] > width + 1 or cell["clippedBy"]:
                problems.append(f"{point_id}: {cell['party']}'s stance is not fully in view: {cell}")
    if shown != expected:
        problems.append(f"stances shown {shown} differ from the register's {expected}")
    return seen["rows"], problems


# --- the overview fits -----------------------------------------------------------------

@pytest.mark.parametrize("width", [1024, 1280, 1920])
def test_overview_shows_every_stance_at_desktop_widths(page, big_site, big_project, network, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(big_site.url())
    rows, problems = overview_problems(page, big_project[1])
    assert len(rows) == POINT_COUNT
    assert all(row["display"] == "table-row" for row in rows), "desktop shows a table"
    assert problems == [], "\n".join(problems)
    assert network.blocked == []


def assert_cards(page, big_project) -> None:
    """At 375 px: one card per point, with its status, every stance labelled with its party."""
    rows, problems = overview_problems(page, big_project[1])
    assert page.evaluate("() => window.innerWidth") == 375
    assert len(rows) == POINT_COUNT
    assert problems == [], "\n".join(problems)
    for row in rows:
        assert row["display"] == "block", f"{row['href']}: not a card"
        assert row["badge"], f"{row['href']}: card without its status"
        # each stance is labelled with its party where the column heading is out of sight
        assert [c["label"] for c in row["cells"]] == [f'"{c["party"]}"' for c in row["cells"]], row


@PHONE
def test_overview_is_a_card_per_point_at_375px(page, big_site, big_project, network):
    page.goto(big_site.url())
    assert_cards(page, big_project)
    card = page.locator("table.bf-overview tbody tr").first
    assert re.search(r"since \d{4}-\d{2}-\d{2}", card.inner_text()), card.inner_text()


def test_overview_is_not_cut_in_print(page, big_site, big_project, network):
    page.set_viewport_size({"width": A4_PRINTABLE_PX, "height": 900})
    page.emulate_media(media="print")
    page.goto(big_site.url())
    rows, problems = overview_problems(page, big_project[1])
    assert all(row["display"] == "table-row" for row in rows), "print shows the table"
    assert problems == [], "\n".join(problems)


# --- the positions matrix fits too ----------------------------------------------------

@PHONE
def test_positions_matrix_is_a_card_per_point_at_375px(page, big_site, big_project, network):
    page.goto(big_site.url(READER_PAGES["positions"]))
    assert_cards(page, big_project)
    assert network.blocked == []


def test_positions_matrix_is_a_table_at_1280px(page, big_site, big_project, network):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(big_site.url(READER_PAGES["positions"]))
    rows, problems = overview_problems(page, big_project[1])
    assert len(rows) == POINT_COUNT and all(row["display"] == "table-row" for row in rows)
    assert problems == [], "\n".join(problems)


# --- the one-page briefing -------------------------------------------------------------

def in_order(wanted: list[str], words: list[str]) -> bool:
    """Whether `wanted` occurs in `words` in this order, other words allowed in between."""
    rest = iter(words)
    return all(any(word == seen for seen in rest) for word in wanted)


def test_one_page_briefing_prints_on_one_a4_page(page, big_site, big_project, network):
    from pypdf import PdfReader

    response = page.goto(big_site.url(PRINT_PAGE), wait_until="networkidle")
    assert response is not None and response.ok, f"/{PRINT_PAGE} is not built"
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    words = re.findall(r"\w+", " ".join(p.extract_text() for p in pdf.pages))
    register = big_project[1]
    names = [p["title"] for p in register["points"]] + [p["name"] for p in register["parties"]]
    # a name that wraps inside a table cell comes out interleaved with its neighbours' lines,
    # and punctuation clings to words ("Russia:"), so a name is there when its words are, in order
    missing = [name for name in names if not in_order(re.findall(r"\w+", name), words)]
    assert missing == [], f"not in the printed page: {missing}"
    assert len(pdf.pages) == 1, f"{len(pdf.pages)} pages for {POINT_COUNT} points and 4 parties"


# --- keyboard and screen readers -------------------------------------------------------

SCROLLERS_JS = """
() => [...document.querySelectorAll('.md-content *')]
  .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
  .map((el) => ({tag: el.tagName.toLowerCase(), cls: el.className, tabindex: el.getAttribute('tabindex'),
                 role: el.getAttribute('role'), label: el.getAttribute('aria-label')}))
"""


NARROW = pytest.mark.browser_context_args(viewport={"width": 320, "height": 740}, is_mobile=True, has_touch=True)


@NARROW
def test_no_table_scrolls_sideways_at_320px(page, site, network):
    """Every table is a card per row on a phone: nothing on these pages scrolls sideways."""
    for path in ("", f"articles/{SEED}/", "statuses/", "points/nato-membership/", "changes/", "parties/russia/"):
        page.goto(site.url(path), wait_until="networkidle")
        page.wait_for_timeout(100)  # the script labels tables on the next animation frame
        assert page.evaluate(SCROLLERS_JS) == [], f"/{path}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, f"/{path}"


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory) -> Iterator[ServedSite]:
    """The project with a hand-written page holding a code block wider than a phone."""
    root = copy_project(tmp_path_factory.mktemp("wide") / "project")
    line = "briefing edit army-cap --status narrowing --note " + "x" * 120
    (root / "briefings" / "wide.md").write_text(f"# Wide\n\n## A long command\n\n```\n{line}\n```\n", "utf-8")
    result = run_briefing("build", cwd=root)
    assert result.code == 0, result.text
    served = ServedSite(root / "site")
    yield served
    served.close()


@NARROW
def test_boxes_that_scroll_sideways_take_focus_and_have_a_name(page, wide_site, network):
    seen = []
    for path in ("wide/",):
        page.goto(wide_site.url(path), wait_until="networkidle")
        page.wait_for_timeout(100)  # the script labels boxes on the next animation frame
        seen += [(path, box) for box in page.evaluate(SCROLLERS_JS)]
    assert seen, "no box scrolls sideways at 320 px: this test checks nothing; narrow it further"
    for path, box in seen:
        assert box["tabindex"] == "0", f"/{path}: {box} cannot be reached by keyboard"
        if box["tag"] != "code":
            assert box["role"] == "region" and box["label"], f"/{path}: {box} has no name"


def test_paragraph_links_are_big_enough_to_tap(page, site, network):
    page.goto(site.url(f"articles/{SEED}/"))
    links = page.locator("a.bf-para__num")
    assert links.count() > 5
    small = [box for box in (links.nth(i).bounding_box() for i in range(links.count()))
             if box["width"] < 24 or box["height"] < 24]
    assert small == [], f"paragraph links under 24 x 24 px: {small[:3]}"


@pytest.mark.parametrize("mode", [pytest.param(mode, marks=mark) for mode, mark in MODES.items()])
@pytest.mark.parametrize("kind", list(READER_PAGES))
def test_axe_finds_no_violation_and_no_console_error(page, site, network, axe_source, kind, mode):
    path = READER_PAGES[kind]
    errors: list[str] = []  # a browser error (a 404 the theme asked for) costs Lighthouse's best practices
    page.on("console", lambda message: message.type == "error" and errors.append(f"{message.text} {message.location}"))
    response = page.goto(site.url(path), wait_until="networkidle")
    assert response is not None and response.ok, f"/{path} is not built"
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    assert scheme == ("slate" if mode == "dark" else "default"), scheme
    page.wait_for_timeout(100)  # the scroll-region script runs on the next animation frame
    violations = axe_violations(page, axe_source)
    assert violations == [], "\n".join(violations)
    assert errors == [], f"/{path}: errors in the browser console: {errors}"
    assert network.blocked == []
