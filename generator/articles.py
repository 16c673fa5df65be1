"""The Article model: what every reader produces, whatever the file format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from slugify import slugify

from generator.vocabulary import RTL_LANGUAGES

_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")

# Keep underscores: article ids such as 000_1be865c73713f27a are part of the contract.
_ID_DISALLOWED = r"[^a-z0-9_-]+"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or section heading) of an article; numbers count from 1."""

    number: int
    text: str
    heading: bool = False


@dataclass(frozen=True)
class Article:
    id: str
    path: str  # as the editor knows it, e.g. seeds/000_x.txt
    title: str
    date: date
    paragraphs: tuple[Paragraph, ...]
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str = "en"

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]

    @property
    def lang_tag(self) -> str | None:
        """The language as a BCP 47 tag fit for a lang attribute ("uk", "ar-EG"), or None if it is not one."""
        return self.language if _LANG_TAG.match(self.language) else None

    @property
    def direction(self) -> str:
        """The direction of the article's script: "rtl" for Arabic, Hebrew, Persian, Urdu and the like."""
        primary = (self.lang_tag or "").split("-")[0].lower()
        return "rtl" if primary in RTL_LANGUAGES else "ltr"


def article_id(stem: str) -> str:
    """A URL- and file-safe id from a file stem (transliterates non-Latin scripts)."""
    return slugify(stem, regex_pattern=_ID_DISALLOWED)


# a sentence ends at . ! or ? before a capital; not after an initial ("U.S. President", "J. Smith")
_SENTENCE_END = re.compile(r"(?<![\s.][A-Z]\.)(?<=[.!?])[\"'”’)]*\s+(?=[A-Z0-9\"'“‘(А-ЯІЇЄҐ])")


TITLE_CHARS = 400  # a derived title is the lead's first sentence in full, up to this (a lead without a full stop)


def derive_title(lead: str, limit: int = TITLE_CHARS) -> str:
    """The lead's first sentence in full (a reader knows the article by it); cut at a word boundary only past
    limit characters, which only a lead without a sentence end reaches."""
    text = " ".join(lead.split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0].rstrip(" .")
    if len(first) <= limit:
        return first or "Untitled article"
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return cut + "…"


def guess_language(text: str) -> str:
    """The language of an article whose front matter does not say: English unless most
    of its letters are Cyrillic, then Ukrainian or Russian as lingua detects it.

    Counting letters by script tells the two alphabets apart for free; which of the two
    languages a Cyrillic text is needs more than its letters (a Russian report quoting
    "Слава Україні" holds "і", a short Ukrainian one may hold none), so a detector made for
    it decides (_cyrillic_language).
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if cyrillic * 2 < len(letters):
        return "en"
    return _cyrillic_language(text)


DETECTION_CHARS = 10_000  # the language is told from the article's beginning: a 1 MB article took 1.3 s whole


@cache
def _cyrillic_detector():  # noqa: ANN202 - a lingua LanguageDetector, built on first use (a corpus in English never loads it)
    from lingua import Language, LanguageDetectorBuilder

    # low accuracy: its models load in about 0.1 s, the full ones in about 2.5 s; they
    # differ on texts of a few words, and an article is longer
    return LanguageDetectorBuilder.from_languages(Language.UKRAINIAN, Language.RUSSIAN).with_low_accuracy_mode().build()


def _cyrillic_language(text: str) -> str:
    """Ukrainian or Russian, as lingua reads the text (Russian when it cannot tell)."""
    found = _cyrillic_detector().detect_language_of(text[:DETECTION_CHARS])
    return "uk" if found is not None and found.iso_code_639_1.name == "UK" else "ru"
