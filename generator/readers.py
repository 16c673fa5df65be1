"""Readers: one per article format, chosen by file extension. Text in, Article out."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, ConfigDict, ValidationError

from generator.articles import Article, Paragraph, article_id, derive_title, guess_language
from generator.errors import InputError, input_error
from generator.isodate import DateError, not_far_ahead, parse_iso_date
from generator.register.model import IsoDate, Text
from generator.textfile import decode_text
from generator.safe_urls import check_url
from generator.validation import explain
from generator.vocabulary import HEADING_MAX_CHARS, MAX_ARTICLE_BYTES, MAX_ID_CHARS
from generator.yamlsource import load_yaml

_DATE_LINE = re.compile(r"^[ \t]*date[ \t]+(\S+)[ \t]*(.*)$")
_FINAL_PUNCTUATION = tuple(".,;:!?…\"'”’»)")
FRONT_MATTER = "front matter"


def _problem(path: str, line: int, column: int, message: str, hint: str = "") -> InputError:
    return input_error(path, line, column, "article", message, hint)


def _blocks(lines: list[str], first_line: int) -> list[tuple[int, list[str]]]:
    """Split lines into blank-line separated blocks, remembering each block's line number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = first_line
    for offset, line in enumerate(lines):
        if line.strip():
            if not current:
                start = first_line + offset
            current.append(line.strip())
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def is_heading(block: list[str]) -> bool:
    """One short line with no final punctuation is a section heading."""
    if len(block) != 1:
        return False
    line = block[0]
    return len(line) <= HEADING_MAX_CHARS and not line.endswith(_FINAL_PUNCTUATION)


def read_seed_text(text: str, path: str) -> Article:
    """The seed format: ' date YYYY-MM-DD <lead...>' then blank-line separated paragraphs."""
    lines = text.split("\n")
    match = _DATE_LINE.match(lines[0] if lines else "")
    if not match:
        raise _problem(
            path, 1, 1, "the first line must start with 'date YYYY-MM-DD'",
            "begin the file with e.g. ' date 2025-11-26 ' followed by the lead paragraph",
        )
    try:
        when = not_far_ahead(parse_iso_date(match.group(1)))
    except DateError as exc:
        raise _problem(path, 1, match.start(1) + 1, str(exc), exc.hint) from None
    paragraphs: list[Paragraph] = []
    for index, (_, block) in enumerate(_blocks([match.group(2)] + lines[1:], 1)):
        heading = index > 0 and is_heading(block)
        paragraphs.append(Paragraph(len(paragraphs) + 1, " ".join(block), heading))
    if not paragraphs:
        raise _problem(path, 1, 1, "the article has a date but no text", "put the lead on the date line")
    body = " ".join(p.text for p in paragraphs)
    return Article(
        id=article_id(Path(path).stem), path=path, title=derive_title(paragraphs[0].text),
        date=when, paragraphs=tuple(paragraphs), language=guess_language(body),
    )


class FrontMatter(BaseModel):
    """The keys a Markdown article's front matter may hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    date: IsoDate
    outlet: Text | None = None
    url: Text | None = None
    author: Text | None = None
    language: Text | None = None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t#]*$")


def _front_matter(text: str, path: str) -> tuple[FrontMatter, int]:
    """The validated front matter and the offset where the body starts."""
    match = _FRONT_MATTER.match(text)
    if not match and re.match(r"---[ \t]*\n", text):
        raise _problem(path, 1, 1, "the front matter is not closed", "end it with a line '---' after the 'title:' and 'date:' lines")
    if not match:
        raise _problem(path, 1, 1, "no YAML front matter", "start the file with '---', then 'title:' and 'date:', then '---'")
    doc = load_yaml(match.group(1) or "", path, line_offset=1, what=FRONT_MATTER)
    if not isinstance(doc.data, dict):
        raise input_error(path, 2, 1, FRONT_MATTER, "must be a mapping of keys to values", "write 'title: ...' and 'date: ...'")
    try:
        meta = FrontMatter.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError([explain(e, FrontMatter, doc, (), path, FRONT_MATTER) for e in exc.errors()]) from None
    if meta.url is not None and (hint := check_url(meta.url)):
        line, col = doc.where(("url",))
        raise input_error(path, line, col, f"{FRONT_MATTER}.url", f"url '{meta.url}' is not allowed", hint)
    return meta, match.end()


def _markdown_body(body: str, first_line: int) -> list[Paragraph]:
    """Blank-line separated paragraphs; a one-line '#' paragraph is a heading."""
    paragraphs: list[Paragraph] = []
    for _, block in _blocks(body.split("\n"), first_line):
        heading = _MD_HEADING.match(block[0]) if len(block) == 1 else None
        content = heading.group(1) if heading else " ".join(block)
        if content:
            paragraphs.append(Paragraph(len(paragraphs) + 1, content, bool(heading)))
    return paragraphs


def read_markdown(text: str, path: str) -> Article:
    """Markdown with YAML front matter (title and date required)."""
    meta, body_offset = _front_matter(text, path)
    body_start = text[:body_offset].count("\n") + 1
    paragraphs = _markdown_body(text[body_offset:], body_start)
    if not paragraphs:
        raise _problem(path, body_start, 1, "the article has no text after its front matter", "add the article body")
    return Article(
        id=article_id(Path(path).stem), path=path, title=meta.title, date=meta.date,
        paragraphs=tuple(paragraphs), outlet=meta.outlet, url=meta.url, author=meta.author,
        language=meta.language or guess_language(" ".join(p.text for p in paragraphs)),
    )


READERS: dict[str, Callable[[str, str], Article]] = {".txt": read_seed_text, ".md": read_markdown}


def read_article(file: Path, display: str | None = None) -> Article:
    """Read one article file with the reader its extension selects."""
    display = display or str(file)
    reader = READERS.get(file.suffix.lower())
    if reader is None:
        raise _problem(display, 1, 1, f"no reader for '{file.suffix}' files", f"use one of {', '.join(sorted(READERS))}")
    text = decode_text(file, display, MAX_ARTICLE_BYTES, "article")
    article = reader(text, display)
    if len(article.id) > MAX_ID_CHARS:  # a Cyrillic name spelled in Latin letters grows: 'щ' is 'shch'
        raise _problem(display, 1, 1, f"the file name gives the id '{article.id[:40]}...', {len(article.id)} characters "
                       f"long; at most {MAX_ID_CHARS}", "the article's page is a file named after its id, and a file "
                       "name has at most 255 bytes; shorten the file name")
    return article


