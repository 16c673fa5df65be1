"""Finding a cited quote in its article, and the closest passage when it is not there. Pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from generator.articles import Article
from generator.site_urls import article_url
from generator.textmatch import find_all, normalise

CLOSEST_PASSAGE_CUTOFF = 75  # fuzz.ratio (0-100): one word changed in a six-word quote still scores ~80


@dataclass(frozen=True)
class Citation:
    """A history entry's source, resolved to the paragraph where its quote stands."""

    article: Article
    quote: str
    paragraph: int
    span: tuple[int, int]  # offsets of the quote in the paragraph's text
    occurrences: int

    @property
    def url(self) -> str:
        return article_url(self.article.id, self.paragraph)


def _quote_form(text: str) -> str:
    """Single and double quotation marks are interchangeable in a quote (same length: spans stay valid)."""
    return text.replace('"', "'")


# Every format character (Unicode category Cf, as of Unicode 14; a test checks it against
# the running Python): soft hyphen, zero-width space, non-joiner and joiner, word joiner,
# direction marks, byte order mark, tag characters.
FORMAT_CHARS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


@lru_cache(maxsize=4096)
def without_invisibles(text: str) -> tuple[str, tuple[int, ...] | range]:
    """Text without format characters (soft hyphen, zero-width space and joiner, ...), and
    for every character kept its offset in text.

    They change nothing a reader sees, so a quote copied from the page must match whether
    or not either side carries them.
    """
    if text.isascii() or not FORMAT_CHARS.search(text):
        return text, range(len(text))
    keep = tuple(i for i, char in enumerate(text) if not FORMAT_CHARS.match(char))
    return "".join(text[i] for i in keep), keep


def _on_word_boundaries(needle: str, haystack: str, start: int) -> bool:
    """The hit neither starts nor ends inside a word ('cept' is not a quote from 'accept')."""
    end = start + len(needle)
    starts_clean = not needle[:1].isalnum() or start == 0 or not haystack[start - 1].isalnum()
    ends_clean = not needle[-1:].isalnum() or end == len(haystack) or not haystack[end].isalnum()
    return starts_clean and ends_clean


def locate_quote(quote: str, article: Article) -> Citation | None:
    """The first paragraph that holds the quote as whole words (after normalisation), or None."""
    needle = _quote_form(normalise(without_invisibles(quote)[0]).text.strip())
    first: Citation | None = None
    count = 0
    for paragraph in article.paragraphs:
        visible, keep = without_invisibles(paragraph.text)
        norm = normalise(visible)
        haystack = _quote_form(norm.text)
        hits = [h for h in find_all(needle, haystack) if _on_word_boundaries(needle, haystack, h)]
        if hits and first is None:
            start, end = norm.span(hits[0], hits[0] + len(needle))
            first = Citation(article, quote, paragraph.number, (keep[start], keep[end - 1] + 1), 0)
        count += len(hits)
    return replace(first, occurrences=count) if first else None


# Characters that show as nothing or as a blank without being a space or a format character.
_BLANKS = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0")


def _invisible(char: str) -> bool:
    return char != " " and (char in _BLANKS or unicodedata.category(char) in ("Cf", "Zs", "Cc"))


def show_invisibles(text: str) -> str:
    """Text with every invisible character, or blank other than a space, written as <U+XXXX>, so a hint shows it."""
    return "".join(f"<U+{ord(c):04X}>" if _invisible(c) else c for c in text)


def _windows(text: str, size: int) -> dict[tuple[int, int], str]:
    """Every run of size-2 to size+2 words of text, by its offsets."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    windows: dict[tuple[int, int], str] = {}
    if not words:
        return windows
    for width in range(max(1, size - 2), size + 3):
        for first in range(0, max(1, len(words) - width + 1)):
            last = min(first + width, len(words)) - 1
            start, end = words[first][0], words[last][1]
            windows.setdefault((start, end), text[start:end])
    return windows


def closest_passage(quote: str, article: Article) -> tuple[int, str] | None:
    """The paragraph number and passage that come closest to a quote that is not there.

    Every run of about as many words as the quote (two fewer to two more) is compared with
    the quote as a whole; unrelated text that merely shares a few letters stays below
    CLOSEST_PASSAGE_CUTOFF and gives no suggestion.
    """
    needle = normalise(without_invisibles(quote)[0]).text
    size = len(needle.split())
    if not size:
        return None
    best: tuple[float, int, str] | None = None
    for paragraph in article.paragraphs:
        norm = normalise(paragraph.text)
        found = process.extractOne(needle, _windows(norm.text, size), scorer=fuzz.ratio, score_cutoff=CLOSEST_PASSAGE_CUTOFF)
        if found and (best is None or found[1] > best[0]):
            start, end = norm.span(*found[2])
            best = (found[1], paragraph.number, _whole_words(paragraph.text, start, end))
    return None if best is None else (best[1], best[2])


def _whole_words(text: str, start: int, end: int) -> str:
    """The passage widened to whole words, so the suggestion can be pasted as a quote."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end].strip().rstrip(",;:")
