"""Web pages as articles: a page's main text and metadata, and the Markdown article made of them.

Pure: HTML text in, a WebArticle out, Markdown text out. trafilatura finds the article's
paragraphs and headings (dropping navigation, banners, related stories, comments and
advertisements) and its title, author, site name and canonical address; htmldate finds
the publication date. A page is hostile input: its text is kept as text, and the
Markdown written for it reads back (generator/readers.py) as exactly that text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

import yaml
from htmldate import find_date
from lxml import html as lxml_html
from slugify import slugify
from trafilatura import bare_extraction

from generator.safe_urls import check_url
from generator.textfile import CONTROL_CHARS

STUB_MAX_WORDS = 40  # less article text than this: a consent wall, a paywall's teaser or no article
SLUG_MAX_CHARS = 60
_SPACE = re.compile(r"\s+")
_MD_HEADING_START = re.compile(r"^#{1,6}[ \t]")


@dataclass(frozen=True)
class Block:
    """A paragraph or a section heading of the page's main text."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class WebArticle:
    """What a page yields: the article's text and whatever metadata the page gives (None: not found)."""

    title: str | None
    date: date | None
    outlet: str | None
    author: str | None
    url: str | None
    blocks: tuple[Block, ...]

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks if not b.heading)


def clean_text(text: str | None) -> str:
    """One line of plain text: white space collapsed, control and format characters dropped."""
    if not text:
        return ""
    text = CONTROL_CHARS.sub(" ", unicodedata.normalize("NFC", text))
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return _SPACE.sub(" ", text).strip()


def extract(page: str | bytes, url: str | None = None) -> WebArticle:
    """The article in a page's HTML; url is where the page was fetched from (the canonical link wins)."""
    found = bare_extraction(page, url=url, with_metadata=True, include_comments=False, include_tables=False,
                            include_images=False, include_formatting=False, favor_precision=True, deduplicate=False)
    if found is None or found.body is None:
        return WebArticle(None, None, None, None, _safe_url(url), ())
    title = clean_text(found.title) or None
    blocks = tuple(_blocks(found.body, title))
    return WebArticle(
        title=title, date=_publication_date(page, url), outlet=clean_text(found.sitename) or None,
        author=clean_text(found.author) or None, url=_safe_url(_canonical(page) or found.url or url), blocks=blocks,
    )


def _blocks(body, title: str | None) -> list[Block]:
    """The paragraphs and headings of trafilatura's body, in reading order; a first heading that repeats the title goes."""
    blocks: list[Block] = []
    for element in body.iter("p", "head", "list", "quote"):
        if element.tag == "p" and element.getparent() is not None and element.getparent().tag in ("quote",):
            continue
        if element.tag == "list":
            items = [clean_text("".join(item.itertext())) for item in element.iter("item")]
            blocks += [Block(item) for item in items if item]
            continue
        text = clean_text("".join(element.itertext()))
        if text:
            blocks.append(Block(text, element.tag == "head"))
    if blocks and blocks[0].heading and title and blocks[0].text.casefold() == title.casefold():
        blocks = blocks[1:]
    return blocks


def _publication_date(page: str | bytes, url: str | None) -> date | None:
    """The page's original publication date, or None.

    htmldate reads the markup first (JSON-LD, meta tags, <time>, the address); failing
    that, its search of the page's text, whose result is kept only when the page spells
    that very day out (its last resorts, a copyright year as 1 January or a month as its
    first day, are guesses, not dates).
    """
    found = _find_date(page, url, extensive=False)
    if found is None and (guess := _find_date(page, url, extensive=True)) and _spelled_out(guess, page):
        found = guess
    return found


def _find_date(page: str | bytes, url: str | None, extensive: bool) -> date | None:
    try:
        found = find_date(page, url=url, original_date=True, extensive_search=extensive, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return date.fromisoformat(found) if found else None


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _spelled_out(day: date, page: str | bytes) -> bool:
    """Whether the page's text names this day: numerically (2025-12-02, 02.12.2025, 2/12/2025) or with the month's name."""
    text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
    d, m, y = day.day, day.month, day.year
    month = _MONTHS[m - 1][:3] + r"[a-z]*\.?"
    nth = r"(?:st|nd|rd|th)?"
    patterns = [rf"{y}-0?{m}-0?{d}\b", rf"\b0?{d}[./]0?{m}[./]{y}\b", rf"\b0?{m}/0?{d}/{y}\b",
                rf"\b0?{d}{nth}\s+(?:of\s+)?{month}\s*,?\s+{y}\b", rf"\b{month}\s+0?{d}{nth}\s*,?\s+{y}\b"]
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


def _canonical(page: str | bytes) -> str | None:
    """The page's <link rel="canonical"> address, if it has one."""
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        return href.strip() or None
    return None


def _safe_url(url: str | None) -> str | None:
    """url when it is an http(s) address the register accepts, else None (a page may name anything)."""
    url = clean_text(url)
    return url if url and not check_url(url) else None


def with_date(article: WebArticle, when: date | None) -> WebArticle:
    """The article with its date given by the editor (--date), which wins over the page's."""
    return replace(article, date=when) if when else article


def text_key(paragraphs: list[str] | tuple[str, ...]) -> str:
    """A digest of an article's text that ignores case and white space: the same article has the same key."""
    joined = "\n".join(_SPACE.sub(" ", p).strip().casefold() for p in paragraphs)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def file_name(article: WebArticle) -> str:
    """The seeds file name: the date and a slug of the title, e.g. 2025-12-02_envoys-meet-again.md."""
    slug = slugify(article.title or "article", max_length=SLUG_MAX_CHARS, word_boundary=True) or "article"
    return f"{article.date.isoformat() if article.date else 'undated'}_{slug}.md"


def to_markdown(article: WebArticle) -> str:
    """The article as Markdown with front matter that reads back as the same text and metadata.

    Headings are written as '## ' lines; a paragraph that would read as a heading (it starts
    with '#' and a space) is written over two lines, which the reader joins with one space.
    Nothing else needs escaping: the reader keeps article text as text.
    """
    meta = {"title": article.title, "date": article.date, "outlet": article.outlet, "author": article.author,
            "url": article.url}
    front = yaml.safe_dump({k: v for k, v in meta.items() if v}, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n\n" + "\n\n".join(_markdown_block(b) for b in article.blocks) + "\n"


def _markdown_block(block: Block) -> str:
    if block.heading and _reads_as_heading(block.text):
        return f"## {block.text}"
    if _MD_HEADING_START.match(block.text):  # clean_text left one space after the '#'s, and text after it
        first, rest = block.text.split(" ", 1)
        return f"{first}\n{rest}"
    return block.text


def _reads_as_heading(text: str) -> bool:
    """Whether '## text' reads back as a heading with exactly this text (a trailing '#' would be dropped)."""
    return not text.endswith("#") and not text.startswith("#")
