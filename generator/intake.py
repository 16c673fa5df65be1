"""Web pages as articles: a page's main text and metadata, and the Markdown article made of them.

Pure: HTML text in, a WebArticle out, Markdown text out. trafilatura finds the article's
paragraphs and headings (dropping navigation, banners, related stories, comments and
advertisements) and its title and author; generator/page_meta.py the date (htmldate), the
outlet and the canonical address. A page is hostile input: its text is kept as text, and the
Markdown written for it reads back (generator/readers.py) as exactly that text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

import yaml
from slugify import slugify
from trafilatura import bare_extraction

from generator.page_meta import canonical_url, outlet_name, publication_date
from generator.safe_urls import check_url
from generator.textfile import CONTROL_CHARS

STUB_MAX_WORDS = 40  # less article text than this: a consent wall, a paywall's teaser or no article
SLUG_MAX_CHARS = 60
_SPACE = re.compile(r"\s+")
_MD_HEADING_START = re.compile(r"^#{1,6}[ \t]")
# Labels of what newsrooms put between an article's paragraphs: a short paragraph that starts with one is not the article's.
_BOILERPLATE_LABEL = re.compile(r"^(?:advertisement|advertising|anzeige|sponsored|promoted|paid content|read more|read also|"
                                r"see also|related|more on this|recommended|sign up|subscribe|follow us|follow our|"
                                r"share this|listen to this)\b", re.IGNORECASE)
BOILERPLATE_MAX_WORDS = 20


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
        title=title, date=publication_date(page, url), outlet=clean_text(outlet_name(page, found.sitename, title)) or None,
        author=clean_text(found.author) or None, url=_safe_url(canonical_url(page) or found.url or url), blocks=blocks,
    )


def _blocks(body, title: str | None) -> list[Block]:
    """The paragraphs and headings of trafilatura's body, in reading order; a first heading that repeats the title goes."""
    blocks: list[Block] = []
    for element in body.iter("p", "head", "list", "quote"):
        if element.tag == "p" and element.getparent() is not None and element.getparent().tag in ("quote",):
            continue
        if element.tag == "list":
            items = [clean_text("".join(item.itertext())) for item in element.iter("item")]
            blocks += [Block(item) for item in items if item and not is_boilerplate(item)]
            continue
        text = clean_text("".join(element.itertext()))
        if text and not is_boilerplate(text):
            blocks.append(Block(text, element.tag == "head"))
    if blocks and blocks[0].heading and title and blocks[0].text.casefold() == title.casefold():
        blocks = blocks[1:]
    return blocks


def is_boilerplate(text: str) -> bool:
    """A short paragraph that labels an advertisement, a sponsored or related link, a sign-up or share box."""
    return len(text.split()) <= BOILERPLATE_MAX_WORDS and bool(_BOILERPLATE_LABEL.match(text))


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
