"""Readers: one per article format, chosen by file extension. Text in, Article out."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Callable

from generator.articles import Article, Paragraph, article_id, derive_title, guess_language
from generator.errors import InputError, Problem
from generator.textfile import decode_text

MAX_ARTICLE_BYTES = 2 * 1024 * 1024

_DATE_LINE = re.compile(r"^[ \t]*date[ \t]+(\S+)[ \t]*(.*)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FINAL_PUNCTUATION = tuple(".,;:!?…\"'”’»)")
HEADING_MAX_CHARS = 80


def _problem(path: str, line: int, column: int, message: str, hint: str = "") -> InputError:
    return InputError([Problem(path, line, column, "article", message, hint)])


def parse_date(value: str, path: str, line: int, column: int) -> date:
    if not _ISO_DATE.match(value):
        raise _problem(path, line, column, f"'{value}' is not a date", "write it as YYYY-MM-DD, e.g. 2025-11-26")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _problem(path, line, column, f"'{value}' is not a real date: {exc}", "check the day and month") from None


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
    first = lines[0] if lines else ""
    match = _DATE_LINE.match(first)
    if not match:
        raise _problem(
            path, 1, 1, "the first line must start with 'date YYYY-MM-DD'",
            "begin the file with e.g. ' date 2025-11-26 ' followed by the lead paragraph",
        )
    when = parse_date(match.group(1), path, 1, match.start(1) + 1)
    rest = [match.group(2)] + lines[1:]
    paragraphs: list[Paragraph] = []
    for index, (_, block) in enumerate(_blocks(rest, 1)):
        heading = index > 0 and is_heading(block)
        paragraphs.append(Paragraph(len(paragraphs) + 1, " ".join(block), heading))
    if not paragraphs:
        raise _problem(path, 1, 1, "the article has a date but no text", "put the lead on the date line")
    body = " ".join(p.text for p in paragraphs)
    return Article(
        id=article_id(Path(path).stem), path=path, title=derive_title(paragraphs[0].text),
        date=when, paragraphs=tuple(paragraphs), language=guess_language(body),
    )


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t#]*$")
_FRONT_KEYS = {"title", "date", "outlet", "url", "author", "language"}


def read_markdown(text: str, path: str) -> Article:
    """Markdown with YAML front matter (title and date required)."""
    match = _FRONT_MATTER.match(text)
    if not match and re.match(r"---[ \t]*\n", text):
        raise _problem(path, 1, 1, "the front matter is not closed", "end it with a line '---' after the 'title:' and 'date:' lines")
    if not match:
        raise _problem(path, 1, 1, "no YAML front matter", "start the file with '---', then 'title:' and 'date:', then '---'")
    from generator.yamlsource import load_yaml  # local: only Markdown articles need it

    doc = load_yaml(match.group(1) or "", path, line_offset=1, what="front matter")
    meta = doc.data
    if not isinstance(meta, dict):
        raise _problem(path, 2, 1, "front matter must be a mapping of keys to values", "write 'title: ...' and 'date: ...'")
    for key in meta:
        if key not in _FRONT_KEYS:
            line, col = doc.where((key,), key=True)
            from generator.register import hint_for

            raise _problem(path, line, col, f"unknown front matter key '{key}'", hint_for(str(key), sorted(_FRONT_KEYS)))
    for key in ("title", "date"):
        if key not in meta or meta[key] in (None, ""):
            raise _problem(path, 2, 1, f"front matter lacks '{key}'", f"add '{key}: ...' between the '---' lines")
    for key, value in meta.items():
        if value is not None and not isinstance(value, (str, date)) or (key != "date" and isinstance(value, date)):
            line, col = doc.where((key,))
            raise _problem(path, line, col, f"'{key}' must be text", "put the value in quotes")
    line, col = doc.where(("date",))
    when = meta["date"] if isinstance(meta["date"], date) else parse_date(str(meta["date"]), path, line, col)
    body_start = text[: match.end()].count("\n") + 1
    paragraphs: list[Paragraph] = []
    for _, block in _blocks(text[match.end():].split("\n"), body_start):
        heading = _MD_HEADING.match(block[0]) if len(block) == 1 else None
        content = heading.group(1) if heading else " ".join(block)
        if content:
            paragraphs.append(Paragraph(len(paragraphs) + 1, content, bool(heading)))
    if not paragraphs:
        raise _problem(path, body_start, 1, "the article has no text after its front matter", "add the article body")
    url = meta.get("url")
    if url is not None:
        from generator.urls import check_url

        hint = check_url(str(url))
        if hint:
            line, col = doc.where(("url",))
            raise _problem(path, line, col, f"url '{url}' is not allowed", hint)
    return Article(
        id=article_id(Path(path).stem), path=path, title=str(meta["title"]), date=when,
        paragraphs=tuple(paragraphs), outlet=meta.get("outlet"), url=url, author=meta.get("author"),
        language=meta.get("language") or guess_language(" ".join(p.text for p in paragraphs)),
    )


READERS: dict[str, Callable[[str, str], Article]] = {".txt": read_seed_text, ".md": read_markdown}


def read_article(file: Path, display: str | None = None) -> Article:
    """Read one article file with the reader its extension selects."""
    display = display or str(file)
    reader = READERS.get(file.suffix.lower())
    if reader is None:
        raise _problem(display, 1, 1, f"no reader for '{file.suffix}' files", f"use one of {', '.join(sorted(READERS))}")
    text = decode_text(file, display, MAX_ARTICLE_BYTES, "article")
    return reader(text, display)
