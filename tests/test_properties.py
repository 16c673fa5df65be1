"""Property tests: any article text reaches its page as text, paragraph by paragraph.

Generated text goes through the pure steps (read_seed_text -> link -> render_pages), the
article page's Markdown is converted with the `markdown` library and the extensions the
site uses (mkdocs.yml's plus the ones MkDocs always adds), and every paragraph the reader
found must appear as the text of its #pN element, with nothing inside that element but
the markup the generator puts there (a paragraph number link, quote marks, term marks).

Which characters are generated: any Unicode except what a file can never carry to the
reader. `textfile.decode_text` rejects C0 and C1 control characters (other than tab and
the line ends), DEL and the non-characters U+FFFE/U+FFFF with a located problem, and turns
CR and CRLF into LF; surrogates cannot be encoded in UTF-8. So the strategies leave out
categories Cc and Cs and those two non-characters, and keep tab, LF (as paragraph and
line breaks), every other kind of space, and Markdown and HTML metacharacters, which are
drawn often on purpose.
"""

from __future__ import annotations

import copy
import re
import tempfile
import unicodedata
from pathlib import Path

import lxml.html
import markdown
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.utils.yaml import get_yaml_loader

from helpers import ROOT, SEED, copy_project, run_briefing
from generator.articles import Article
from generator.errors import InputError
from generator.link import link
from generator.quotes import locate_quote, without_invisibles
from generator.readers import read_seed_text
from generator.register import Register, parse_register
from generator.render import render_pages
from generator.textfile import CONTROL_CHARS
from generator.textmatch import normalise
from generator.yamlsource import YamlDoc

ARTICLE_ID = "001_generated"
ALLOWED_INSIDE = {"p", "h3", "a", "mark", "strong"}

SYNTAX = ["<script>alert(1)</script>", "</p>", "<p id=p1>", "&amp;", "&#60;", "&lt;", "](javascript:x)", "[a]",
          "{: onclick=x}", "<!--", "-->", "<![CDATA[", "1. ", "- ", "> ", "    ", "---", "***", "```", "~~~", "[^1]",
          "<http://x.org>", "*[HTML]: x", "\\", "\\*", "|", "| a | b |", "#", "## ", "==", "^^", "$$", "\u00a0",
          "\u2028", "\u3000", "\t", "\ufeff", "\u200b", "army", "cap", "army cap", "600,000", "\"", "'", "“", "”", "—"]
_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
_piece = st.one_of(_chars, _chars, st.sampled_from(SYNTAX), st.sampled_from(list("<>&\"'`*_[](){}#!|\\:-+=~^$.;/ ")))
_line = st.lists(_piece, min_size=1, max_size=40).map("".join).filter(lambda s: "\n" not in s and s.strip())
_paragraph = st.lists(_line, min_size=1, max_size=3).map("\n".join)
_article = st.lists(_paragraph, min_size=1, max_size=6).map("\n\n".join)


def _seed_text(body: str) -> str:
    text = f" date 2025-11-26 {body}\n"
    assert not CONTROL_CHARS.search(text)
    return text


def _briefing_for(article: Article, quote: str | None):
    """A register with one point whose terms occur in the generated text, citing quote if given."""
    history = [{"date": "2025-11-26", "status": "open", "note": "Generated.",
                "sources": [{"article": article.id, "quote": quote}] if quote else []}]
    data = {"title": "Generated", "parties": [{"id": "ukraine", "name": "Ukraine"}],
            "points": [{"id": "army-cap", "title": "Army cap", "keywords": ["army", "600,000"], "context": ["cap"],
                        "aliases": ["army cap"], "history": history}]}
    return link(Register.model_validate(data), YamlDoc(data), [article])


def _markdown_extensions() -> tuple[list[str], dict]:
    """The Markdown extensions of the site: mkdocs.yml's plus MkDocs' built-in ones."""
    # read as MkDocs reads it: site_url is an !ENV tag
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=get_yaml_loader(yaml.SafeLoader))  # noqa: S506 - a SafeLoader
    names, configs = ["toc", "tables", "fenced_code"], {}
    for entry in config.get("markdown_extensions") or []:
        name, options = (entry, None) if isinstance(entry, str) else next(iter(entry.items()))
        if name not in names:
            names.append(name)
        if options:
            configs[name] = options
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _markdown_extensions()


def _page_html(page: str) -> lxml.html.HtmlElement:
    body = re.sub(r"\A---\n.*?\n---\n", "", page, count=1, flags=re.S)  # MkDocs reads front matter itself
    html = markdown.markdown(body, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _words(text: str) -> str:
    return " ".join(text.split())


def _loose(text: str) -> str:
    return normalise(without_invisibles(text)[0]).text.replace('"', "'").strip()


def check_paragraphs(root: lxml.html.HtmlElement, article: Article) -> None:
    """Every paragraph is the text of its #pN element, which holds only the generator's own markup."""
    numbered = root.xpath("//*[starts-with(@id, 'p') and contains(@class, 'bf-para')]")
    assert [e.get("id") for e in numbered] == [f"p{p.number}" for p in article.paragraphs]
    for paragraph, element in zip(article.paragraphs, numbered):
        assert element.tag == ("h3" if paragraph.heading else "p")
        element = copy.deepcopy(element)
        for label in element.xpath(".//a[@class='bf-quote__label']"):  # names a point the quote supports
            assert re.match(r"(\.\./)+points/[a-z0-9-]+/$", label.get("href")), label.get("href")
            label.drop_tree()
        for words in element.xpath(".//span[@data-pagefind-index-attrs]"):  # read by the search index, never shown
            assert words.get("data-pagefind-index-attrs") == "data-index-words" and not len(words) and not words.text
            words.drop_tree()
        inside = {e.tag for e in element.iter() if isinstance(e.tag, str)}
        assert inside <= ALLOWED_INSIDE, (paragraph.number, inside - ALLOWED_INSIDE)
        shown = _words(element.text_content())
        assert shown == _words(f"¶{paragraph.number} {paragraph.text}"), (paragraph.number, shown)
        for link_element in element.iter("a"):
            assert link_element.get("href") == f"#p{paragraph.number}"
        for element_with_attributes in element.iter():
            assert not any(name.startswith("on") for name in element_with_attributes.attrib)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words; format characters (Cf) are invisible, so they join words."""
    def word_char(i: int, step: int) -> bool:
        while 0 <= i < len(text) and unicodedata.category(text[i]) == "Cf":
            i += step
        return 0 <= i < len(text) and text[i].isalnum()

    while start > 0 and word_char(start - 1, -1):
        start -= 1
    while end < len(text) and word_char(end, 1):
        end += 1
    return start, end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_article, data=st.data())
def test_every_paragraph_reaches_its_page_as_text(body, data):
    article = read_seed_text(_seed_text(body), f"seeds/{ARTICLE_ID}.txt")
    # the reader keeps every word, in order
    assert _words(" ".join(p.text for p in article.paragraphs)) == _words(body)
    # cite a piece of one paragraph when there is one to cite
    paragraph = data.draw(st.sampled_from(article.paragraphs))
    start = data.draw(st.integers(0, len(paragraph.text) - 1))
    end = data.draw(st.integers(start + 1, len(paragraph.text)))
    start, end = _whole_words(paragraph.text, start, end)  # a quote starts and ends on word boundaries
    visible = without_invisibles(paragraph.text[start:end])[0]
    quote = paragraph.text[start:end] if visible.strip() else None
    if quote is not None:
        assert locate_quote(quote, article) is not None, quote

    briefing = _briefing_for(article, quote)
    pages = render_pages(briefing)
    root = _page_html(pages[f"articles/{ARTICLE_ID}.md"])
    check_paragraphs(root, article)
    h1 = root.find(".//h1")
    assert _words(article.title) in _words(h1.text_content())
    if quote is not None:
        # the cited words are marked (quotation marks count as equal, as in quote checking)
        marks = [_loose(m.text_content()) for m in root.xpath("//mark[@class='bf-quote']")]
        assert _loose(quote) in marks, (quote, marks)


# --- the register: any YAML either loads or gives located problems, never a crash -----------

_KEYS = ["id", "title", "name", "status", "statuses", "label", "description", "closed", "summary", "keywords",
         "aliases", "context", "exclude", "positions", "stance", "text", "related", "history", "date", "note",
         "sourcing", "sources", "article", "quote", "dismissed", "paragraph", "reason", "points", "parties", "url"]
_scalar = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**20), st.floats(), st.text(max_size=12),
                    st.sampled_from(["2025-11-26", "2025-02-30", "open", "agreed", "ukraine", "army-cap", "resists",
                                     "anonymous-official", SEED, "there is talk of a higher new number",
                                     "javascript:alert(1)", "https://example.org/x", "index", "Армія"]))
_junk = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.one_of(st.sampled_from(_KEYS), st.text(max_size=6), st.integers(0, 3), st.none()), inner, max_size=4),
    max_leaves=8)


def _maybe(valid):
    """Mostly the valid value, sometimes junk: enough registers load to exercise linking and rendering."""
    return st.one_of(*[st.just(valid)] * 6, _junk)


_source = st.fixed_dictionaries({"article": _maybe(SEED), "quote": _maybe("there is talk of a higher new number")})
_entry = st.fixed_dictionaries({"date": _maybe("2025-11-26"), "status": _maybe("open"), "note": _maybe("Note.")},
                               optional={"sources": st.lists(_source, max_size=2),
                                         "sourcing": _maybe("anonymous-official"), "extra": _junk})
_point = st.fixed_dictionaries(
    {"id": st.one_of(*[st.sampled_from(["army-cap", "nato", "donbas"])] * 6, _junk), "title": _maybe("Army cap"),
     "status": _maybe("open"), "keywords": _maybe(["army", "600,000"])},
    optional={"summary": _maybe("S."), "aliases": _maybe(["army cap"]), "context": _maybe(["cap"]),
              "exclude": _maybe(["Salvation Army"]), "positions": _maybe({"ukraine": {"stance": "resists", "text": "No."}}),
              "related": _maybe(["army-cap"]), "history": st.lists(_entry, max_size=2),
              "dismissed": _maybe([{"article": SEED, "paragraph": 2, "reason": "R."}]), "staus": _junk})
_register = st.fixed_dictionaries(
    {"title": _maybe("Register"), "parties": _maybe([{"id": "ukraine", "name": "Ukraine"}])},
    optional={"statuses": _maybe({"open": {"label": "Open", "description": "D."}}),
              "articles": _maybe({SEED: {"title": "T", "url": "https://example.org/x"}}),
              "points": st.lists(_point, max_size=3, unique_by=lambda p: repr(p["id"])) | _junk})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_register)
def test_any_register_loads_or_reports_located_problems(data):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    seed = read_seed_text((ROOT / "seeds" / f"{SEED}.txt").read_text("utf-8"), f"seeds/{SEED}.txt")
    try:
        register, doc = parse_register(text, "briefings/register.yml")
        pages = render_pages(link(register, doc, [seed]))
    except InputError as exc:
        event("problems reported")
        assert exc.problems
        for problem in exc.problems:
            assert problem.line >= 1 and problem.column >= 1, problem
            assert problem.message, problem
        return
    event("rendered")
    assert f"articles/{SEED}.md" in pages


@pytest.mark.slow
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_article)
def test_real_build_shows_every_paragraph(body):
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project")
        (root / "seeds" / f"{ARTICLE_ID}.txt").write_bytes(_seed_text(body).encode("utf-8"))
        result = run_briefing("build", cwd=root)
        assert result.code == 0, result.text
        article = read_seed_text(_seed_text(body), f"seeds/{ARTICLE_ID}.txt")
        page = lxml.html.fromstring((root / "site" / "articles" / ARTICLE_ID / "index.html").read_bytes())
        check_paragraphs(page, article)
        title = page.find(".//title").text_content()
        assert "<" not in title and ">" not in title
        assert article.date.isoformat() in page.xpath("string(//dl[@class='bf-provenance'])"), "the article's date is not on its page"
