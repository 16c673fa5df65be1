"""What point and article pages say about sources: provenance, citations, quote labels, mention states, sourcing."""

from __future__ import annotations

import json
import re

import lxml.html
import markdown
import pytest

from generator.link import link, sourcing_of
from generator.commands import main
from generator.readers import read_markdown, read_seed_text
from generator.register import parse_register
from generator.render import render_pages
from helpers import SEED

# ¶1 mentions the army cap, ¶2 is a heading that mentions it, ¶3 holds both quotes, ¶4 mentions it again.
WIRE = read_seed_text(
    " date 2025-11-27 Talks on the army cap resumed on Monday.\n\n"
    "Army cap\n\n"
    "Kyiv said the cap was not final and that the army cap is still open.\n\n"
    "Later the army cap came up again.\n",
    "seeds/wire.txt",
)
GAZETTE = read_markdown(
    "---\ntitle: A long headline about the ceiling on troops that goes on and on\ndate: 2025-11-28\n"
    "outlet: The Gazette\nauthor: A. Writer\nurl: https://gazette.example/story\nlanguage: en-GB\n---\n"
    "Officials repeated that the army cap stays.\n",
    "seeds/gazette.md",
)

REGISTER = """title: T
parties: [{id: ukraine, name: Ukraine}]
points:
  - id: army-cap
    title: Cap on the size of the army
    summary: The plan caps the army.
    aliases: [army cap]
    history:
      - date: 2025-11-20
        status: narrowing
        note: first
      - date: 2025-11-27
        status: open
        note: reopened
        sources:
          - {article: wire, quote: the cap was not final}
          - {article: wire, quote: the army cap is still open}
      - date: 2025-11-28
        status: open
        note: still
        sources:
          - {article: gazette, quote: the army cap stays}
  - id: other
    title: Another point
    keywords: [zebra]
    status: open
    history:
      - date: 2025-11-27
        status: open
        note: same words
        sources:
          - {article: wire, quote: the army cap is still open}
"""


def _briefing(register: str = REGISTER, articles=(WIRE, GAZETTE)):
    reg, doc = parse_register(register, "briefings/register.yml")
    return link(reg, doc, list(articles))


def _html(page: str) -> lxml.html.HtmlElement:
    body = re.sub(r"\A---\n.*?\n---\n", "", page, count=1, flags=re.S)
    return lxml.html.fragment_fromstring(markdown.markdown(body, extensions=["tables", "toc"]), create_parent="div")


def _front(page: str, key: str) -> str:
    return re.search(rf"^{key}: (.*)$", page.split("---")[1], re.M).group(1)


def test_mention_states_are_per_paragraph():
    mentions = _briefing().point("army-cap").mentions
    states = {(m.article.id, m.paragraph): m.state for m in mentions}
    assert states == {("gazette", 1): "cited", ("wire", 1): "in a cited article", ("wire", 2): "in a cited article",
                      ("wire", 3): "cited", ("wire", 4): "in a cited article"}
    exported = json.loads(render_pages(_briefing())["api/briefing.json"])["points"][0]["mentions"]
    assert {(m["article"], m["paragraph"]): (m["cited"], m["in_cited_article"]) for m in exported} == {
        ("gazette", 1): (True, True), ("wire", 1): (False, True), ("wire", 2): (False, True),
        ("wire", 3): (True, True), ("wire", 4): (False, True)}
    uncited = _briefing(REGISTER.replace("        sources:\n          - {article: gazette, quote: the army cap stays}\n", ""))
    assert [m.state for m in uncited.point("army-cap").mentions if m.article.id == "gazette"] == ["to review"]
    assert [(m.point_id, m.article.id) for m in uncited.queue] == [("army-cap", "gazette")]


def test_point_page_marks_cited_paragraphs_and_shows_no_review_state():
    page = _html(render_pages(_briefing())["points/army-cap.md"])
    row = [r.text_content() for r in page.xpath("//table//tr") if "wire" in "".join(r.xpath(".//a/@href"))][0]
    assert "¶1, ¶2, ¶3 cited, ¶4" in " ".join(row.split())
    assert "review" not in page.text_content().lower()


def test_one_measure_of_sourcing():
    briefing = _briefing()
    assert briefing.point("army-cap").sourcing.summary == "3 quotes from 2 articles, 1 outlet (1 article names no outlet)"
    assert briefing.point("other").sourcing.summary == "1 quote from 1 article, outlet not recorded"
    assert sourcing_of([]).summary == "no quotes yet"
    pages = render_pages(briefing)
    for page in ("points/army-cap.md", "points/index.md", "index.md"):
        assert "3 quotes from 2 articles, 1 outlet" in _html(pages[page]).text_content(), page


def test_status_trail_before_after_and_dates():
    page = _html(render_pages(_briefing())["points/army-cap.md"])
    trail = [" ".join(li.text_content().split()) for li in page.xpath("//p[starts-with(., 'Status trail')]/following-sibling::ol[1]/li")]
    # the entry of 2025-11-28 keeps the status: not a change
    assert trail == ["2025-11-20: recorded as ◐ Narrowing", "2025-11-27: ◐ Narrowing → ○ Open"]
    text = page.text_content()
    assert text.index("Status trail") < text.index("Positions")
    single = _html(render_pages(_briefing())["points/other.md"])
    assert "2025-11-27: recorded as ○ Open; no change since" in " ".join(single.text_content().split())


def test_citation_reads_outlet_date_paragraph_with_short_title_fallback():
    page = _html(render_pages(_briefing())["points/army-cap.md"])
    sources = [a.text_content() for a in page.xpath("//blockquote//a")]
    assert "The Gazette, 2025-11-28, ¶1" in sources
    # the wire names no outlet: a short title stands in, never the whole headline
    assert "Talks on the army cap resumed on Monday, 2025-11-27, ¶3" in sources
    long = read_markdown(GAZETTE_WITHOUT_OUTLET, "seeds/gazette.md")
    page = _html(render_pages(_briefing(articles=(WIRE, long)))["points/army-cap.md"])
    sources = [a.text_content() for a in page.xpath("//blockquote//a")]
    # a short title is whole words, never a cut-off phrase with "…"
    assert "A long headline about the ceiling on troops, 2025-11-28, ¶1" in sources


GAZETTE_WITHOUT_OUTLET = "---\ntitle: A long headline about the ceiling on troops that goes on and on\ndate: 2025-11-28\n---\nOfficials repeated that the army cap stays.\n"


def test_cited_by_merges_repeated_paragraphs():
    page = _html(render_pages(_briefing())["articles/wire.md"])
    items = [" ".join(li.text_content().split()) for li in page.xpath("//h2[text()='Cited by']/following-sibling::ul[1]/li")]
    assert items[0].endswith(": ¶3") and "¶3, ¶3" not in items[0]


def test_quotes_are_labelled_with_the_points_they_support():
    page = _html(render_pages(_briefing())["articles/wire.md"])
    paragraph = page.get_element_by_id("p3")
    marks = paragraph.xpath(".//mark[@class='bf-quote']")
    assert [m.text_content() for m in marks] == ["the cap was not final", "the army cap is still open"]
    labels = [[(" ".join(a.text_content().split()), a.get("href"), a.get("title"))
               for a in m.itersiblings() if a.get("class") == "bf-quote__label"] for m in marks]
    assert labels[0][0] == ("quoted for [army cap]", "../../points/army-cap/", "Cap on the size of the army")
    # one passage quoted for two points names both, and the first quote is labelled before the second begins
    assert [name for name, _, _ in labels[1]] == ["quoted for [army cap]", "quoted for [other]"]
    assert [m.getnext().get("class") for m in marks] == ["bf-quote__label", "bf-quote__label"]
    assert len(labels[0]) == 3


def test_provenance_is_shown_and_missing_fields_say_so():
    pages = render_pages(_briefing())
    gazette = _html(pages["articles/gazette.md"]).xpath("//dl[@class='bf-provenance']")[0]
    shown = dict(zip([dt.text_content() for dt in gazette.iter("dt")], [dd.text_content() for dd in gazette.iter("dd")]))
    assert shown == {"Published": "2025-11-28", "Outlet": "The Gazette", "Author": "A. Writer",
                     "Original": "https://gazette.example/story", "Language": "en-GB"}
    assert gazette.xpath(".//a/@href") == ["https://gazette.example/story"]
    wire = _html(pages["articles/wire.md"])
    provenance = wire.xpath("//dl[@class='bf-provenance']")[0]
    # what is known is listed; what is not, in one line
    assert [dt.text_content() for dt in provenance.iter("dt")] == ["Published", "Language"]
    assert "not recorded" not in provenance.text_content() and "—" not in provenance.text_content()
    assert [p.text_content() for p in wire.xpath("//p[@class='bf-provenance__gaps']")] == [
        "Not recorded: outlet, author, original link."]
    assert not _html(pages["articles/gazette.md"]).xpath("//p[@class='bf-provenance__gaps']")


@pytest.mark.parametrize("language, lang, direction", [
    ("ar", "ar", "rtl"), ("he", "he", "rtl"), ("fa-IR", "fa-IR", "rtl"), ("ur", "ur", "rtl"),
    ("uk", "uk", "ltr"), ("en-GB", "en-GB", "ltr"), ('x" onclick="y', None, "ltr"),
])
def test_article_text_carries_lang_and_dir(language, lang, direction):
    article = read_markdown(f"---\ntitle: T\ndate: 2025-11-28\nlanguage: '{language}'\n---\nText.\n", "seeds/t.md")
    page = _html(render_pages(_briefing(articles=(WIRE, GAZETTE, article)))["articles/t.md"])
    text = page.xpath("//div[@class='bf-text']")[0]
    assert (text.get("lang"), text.get("dir")) == (lang, direction)
    assert text.xpath(".//p[@id='p1']") and "onclick" not in text.attrib
    assert "highlighted" not in page.text_content()  # nothing is quoted from it: no key to marks it lacks


def test_meta_descriptions_come_from_summary_lead_or_a_fixed_sentence():
    pages = render_pages(_briefing())
    assert _front(pages["points/army-cap.md"], "description") == '"The plan caps the army."'
    assert _front(pages["articles/wire.md"], "description") == '"Talks on the army cap resumed on Monday."'
    assert _front(pages["points/other.md"], "description").endswith('on what evidence: Another point"')
    fixed = {_front(pages[p], "description") for p in ("points/index.md", "articles/index.md")}
    assert len(fixed) == 2 and all(len(d) > 40 for d in fixed)


def test_check_warns_about_articles_without_an_outlet_and_exits_0(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert [w.path for w in _briefing().warnings] == ["seeds/wire.txt"]  # the gazette names its outlet
    assert main(["check"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [f"seeds/{SEED}.txt:1:1: warning: article '{SEED}' names no outlet "
                   f"(add outlet: under articles: {SEED}: in briefings/register.yml)"]
    register = project / "briefings" / "register.yml"
    register.write_text(register.read_text("utf-8").replace(f"  {SEED}:\n", f"  {SEED}:\n    outlet: Wire\n"), "utf-8")
    assert main(["check"]) == 0
    assert capsys.readouterr().err == ""
