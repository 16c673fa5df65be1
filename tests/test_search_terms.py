"""What the readers' search index holds beyond a page's text (generator/search_terms.py), and how
Pagefind is run on the built site (generator/search_index.py): pure functions and a tiny site."""

from __future__ import annotations

import stat
from pathlib import Path

import lxml.html
import pytest

from generator.pipeline import Project, check
from generator.register import Point
from generator.render import render_pages
from generator.search_index import (BUNDLE_DIR, UNUSED_FILES, SearchIndexError, command, index_site, pagefind_binary,
                                    run_pagefind)
from generator.search_terms import SearchTerms, number_forms, numbers_in, page_fields, spelling_groups, spelling_key
from helpers import ROOT, SEED


@pytest.fixture(scope="module")
def shipped():
    return check(Project.at(ROOT))


@pytest.fixture(scope="module")
def shipped_pages(shipped):
    return render_pages(shipped)


# --- numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, values", [
    ("a cap of 600,000 soldiers", [600000]),
    ("a cap of 600 000 soldiers", [600000]),
    ("a cap of 600\u00a0000 soldiers", [600000]),
    ("a cap of 600.000 soldiers", [600000]),
    ("a cap of 600000 soldiers", [600000]),
    ("a cap of 600k or 800 thousand", [600000, 800000]),
    ("1.5 million people, 2m more", [1500000, 2000000]),
    ("in 2025, 28 points, 900 troops", []),  # years and small numbers are left as they are
    ("$600 billion", []),
])
def test_numbers_are_read_however_they_are_written(text, values):
    assert numbers_in(text) == values


def test_number_forms_are_those_readers_type():
    assert number_forms(600000) == ["600,000", "600k", "600 thousand"]
    assert number_forms(2000000) == ["2,000,000", "2m", "2 million", "2000k", "2000 thousand"]
    assert number_forms(1500000) == ["1,500,000", "1.5m", "1.5 million", "1500k", "1500 thousand"]
    assert number_forms(1234) == ["1,234"]
    assert number_forms(999) == []


# --- the register's spellings --------------------------------------------------------------

def test_spellings_the_register_lists_form_groups(shipped):
    groups = {frozenset(g) for g in spelling_groups(shipped.register.points)}
    assert frozenset({"Donbas", "Donbass"}) in groups
    assert frozenset({"demilitarised", "demilitarized"}) in groups
    assert frozenset({"front line", "frontline"}) in groups
    assert not any({"territory", "territorial"} <= g or {"NATO", "alliance"} <= g for g in groups)


@pytest.mark.parametrize("a, b, same", [
    ("Donbas", "Donbass", True), ("recognise", "recognize", True), ("open door", "open-door", True),
    ("Russia", "Russian", False), ("Kyiv", "Kiev", False), ("territory", "territorial", False),
])
def test_spelling_key(a, b, same):
    assert (spelling_key(a) == spelling_key(b)) is same


def test_a_paragraph_gets_the_other_spellings_and_number_forms_it_lacks(shipped):
    terms = SearchTerms.of(shipped.register)
    assert terms.variants("Russia wants all of Donbas, and a cap of 600,000.") == ["Donbass", "600k", "600 thousand"]
    assert terms.variants("Both Donbas and Donbass; 600k and 600,000 and 600 thousand.") == []
    assert terms.variants("A frontline town.") == ["front line"]
    assert terms.variants("Nothing to add here.") == []
    words = lxml.html.fragment_fromstring(str(terms.index_words("The Donbas front line")))
    assert words.get("data-pagefind-index-attrs") == "data-index-words"
    assert words.get("data-index-words") == "Donbass frontline" and words.text is None


def test_a_point_is_found_by_its_aliases_keywords_spellings_and_numbers(shipped):
    terms = SearchTerms.of(shipped.register)
    army = next(p for p in shipped.register.points if p.id == "army-cap")
    found = terms.point_terms(army)
    assert {"600,000", "600k", "600 thousand", "troops"} <= set(found)
    donbas = terms.point_terms(next(p for p in shipped.register.points if p.id == "donbas-territory"))
    assert {"Donbas", "Donbass", "fortress belt", "demilitarized"} <= set(donbas)


HOSTILE = '"><script>alert(1)</script> & \' `x` {{ y }}'


def test_register_text_stays_inert_in_every_attribute():
    twin = HOSTILE.replace("alert", "allert")  # the same term spelt another way
    point = Point(id="p", title=HOSTILE, keywords=[twin], aliases=[HOSTILE])
    terms = SearchTerms.of_points([point])
    assert terms.variants(f"see {HOSTILE} here") == [twin]
    for markup in (page_fields(filters={"point": HOSTILE, "kind": [HOSTILE, "x"]}, meta={"terms": ", ".join(terms.point_terms(point))}),
                   terms.index_words(f"see {HOSTILE} 600,000")):
        html = str(markup)
        assert "<script" not in html and "{{" not in html
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
        assert {e.tag for e in tree.iter()} <= {"div", "span"}
        values = [v for e in tree.iter() for k, v in e.attrib.items() if k.startswith("data-") and k != "data-pagefind-index-attrs"]
        assert values and all("(1)</script>" in v or v == "kind:x" for v in values), values  # the text is there, as text


def test_page_fields_one_element_per_value():
    tree = lxml.html.fragment_fromstring(str(page_fields(
        filters={"kind": "article", "point": ["A, with a comma", "B: with a colon"], "outlet": ""},
        meta={"date": "2025-11-26"}, sort={"date": "2025-11-26"})))
    spans = [(k, v) for e in tree for k, v in e.attrib.items()]
    assert spans == [("data-pagefind-filter", "kind:article"), ("data-pagefind-filter", "point:A, with a comma"),
                     ("data-pagefind-filter", "point:B: with a colon"), ("data-pagefind-meta", "date:2025-11-26"),
                     ("data-pagefind-sort", "date:2025-11-26")]
    assert page_fields() == ""


# --- the pages -------------------------------------------------------------------------

def test_article_pages_carry_their_fields_and_every_paragraph_is_indexed(shipped_pages):
    page = shipped_pages[f"articles/{SEED}.md"]
    assert "data-search-exclude" not in page  # every paragraph goes into the readers' search
    assert "search:\n  exclude: true" in page  # ... and none into Material's small index
    assert 'data-pagefind-filter="kind:article"' in page
    assert 'data-pagefind-filter="language:en"' in page and 'data-pagefind-sort="date:2025-11-26"' in page
    assert page.count('data-pagefind-filter="point:') == 4
    assert 'data-index-words="Donbass"' in page


def test_point_and_party_pages_carry_their_fields(shipped_pages):
    point = shipped_pages["points/army-cap.md"]
    assert 'data-pagefind-filter="kind:point"' in point and 'data-pagefind-filter="status:Open"' in point
    assert 'data-pagefind-meta="terms:' in point and "600k" in point
    assert 'data-pagefind-filter="kind:party"' in shipped_pages["parties/russia.md"]


def test_list_pages_stay_out_of_the_readers_search(shipped_pages):
    lists = [p for p in shipped_pages if p.startswith(("articles/2", "timeline/", "mentions/"))]
    assert lists and all("\npagefind: false" in shipped_pages[p] for p in lists)
    assert not any("pagefind: false" in shipped_pages[p] for p in ["index.md", "points/army-cap.md", f"articles/{SEED}.md"])


# --- running Pagefind ----------------------------------------------------------------------

def _tiny_site(root: Path) -> Path:
    site = root / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<html lang="en"><body><main data-pagefind-body><h1>Home</h1>'
                                     "<p>Nothing here.</p></main></body></html>", "utf-8")
    (site / "a" / "index.html").write_text('<html lang="en"><body><main data-pagefind-body><h1>A page</h1>'
                                           '<p id="p1">Переговоры в Женеве.</p></main></body></html>', "utf-8")
    return site


def _fake_pagefind(tmp_path: Path, script: str) -> Path:
    binary = tmp_path / "pagefind"
    binary.write_text("#!/bin/sh\n" + script + "\n")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def test_the_command_line_makes_one_index_in_the_site(tmp_path):
    line = command(Path("/bin/pagefind"), tmp_path)
    assert line[line.index("--site") + 1] == str(tmp_path)
    assert line[line.index("--output-path") + 1] == str(tmp_path / BUNDLE_DIR)
    assert line[line.index("--force-language") + 1] == "en"


def test_pagefind_indexes_a_built_folder(tmp_path):
    assert pagefind_binary() is not None, "pagefind[bin] is a dependency (pyproject.toml)"
    site = _tiny_site(tmp_path)
    result = index_site(site, "site")
    assert result.ok and result.pages == 2, result.output
    assert result.indexed == ("recent",) and result.reused == ()
    bundle = site / BUNDLE_DIR / "recent"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert not any((bundle / name).exists() for name in UNUSED_FILES)


def test_a_failed_index_is_one_located_line_and_the_output(tmp_path):
    binary = _fake_pagefind(tmp_path, 'echo "Error: could not read site/x.html" >&2; exit 3')
    result = run_pagefind(_tiny_site(tmp_path), binary=binary)
    assert not result.ok and result.output.startswith("Pagefind failed (exit status 3):")
    assert "could not read site/x.html" in result.output


def test_a_hung_index_is_stopped(tmp_path):
    binary = _fake_pagefind(tmp_path, "sleep 30")
    result = run_pagefind(_tiny_site(tmp_path), timeout=0.5, binary=binary)
    assert not result.ok and result.output == "Pagefind did not finish within 0.5 seconds and was stopped"


def test_a_missing_pagefind_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr("generator.search_index.pagefind_binary", lambda: None)
    with pytest.raises(SearchIndexError) as caught:
        index_site(_tiny_site(tmp_path), "site")
    message = str(caught.value)
    assert message.startswith("site:0:0: search index: Pagefind is not installed (install it with pip install -e .")
    assert message.endswith("; the previous site is unchanged")
