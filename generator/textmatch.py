"""Text normalisation for quote checking and keyword patterns for finding mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CHAR_MAP = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}


@dataclass(frozen=True)
class Normalised:
    """Normalised text plus, for every character, its offset in the original."""

    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text back to the original."""
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=4096)
def normalise(text: str) -> Normalised:
    """Lower case, straight quotes, plain hyphens, one space for any run of white space."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        if char.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(index - 1)
            pending_space = False
        for piece in _CHAR_MAP.get(char, char).lower():
            out.append(piece)
            offsets.append(index)
    return Normalised("".join(out), tuple(offsets))


def find_all(needle: str, haystack: str) -> list[int]:
    """Every start offset of needle in haystack (both already normalised)."""
    found, start = [], haystack.find(needle)
    while start != -1 and needle:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


# --- keyword patterns ------------------------------------------------------------------

_NUMBER = re.compile(r"^\d{1,3}(?:[,\u00a0 .]\d{3})+$|^\d+$")
_SEPARATOR = r"[,\u00a0\u202f .]?"
_SUFFIX = r"(?:s|es|'s|ed|ing|n)?"  # plurals, possessives, light inflection (Donbas -> Donbass)


def _number_pattern(token: str) -> str:
    digits = re.sub(r"\D", "", token)
    value = int(digits)
    grouped = f"{value:,}".split(",")
    forms = [_SEPARATOR.join(grouped)]
    if value >= 1000 and value % 1000 == 0:
        forms.append(rf"{value // 1000}\s?(?:k|thousand)")
    if value >= 1_000_000 and value % 1_000_000 == 0:
        forms.append(rf"{value // 1_000_000}\s?(?:m|mn|million)")
    return "(?:" + "|".join(forms) + ")"


def _word_pattern(token: str) -> str:
    if _NUMBER.match(token):
        return _number_pattern(token)
    escaped = re.escape(token)
    if token[-1:].isalpha() and len(token) > 3:
        return escaped + _SUFFIX
    return escaped


@lru_cache(maxsize=1024)
def term_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive, word-bounded pattern for a keyword, tolerant of separators and inflection."""
    norm = normalise(term).text
    # a number such as "600,000" or "600 000" is one token; so is a word
    tokens = re.findall(r"\d{1,3}(?:[,\u00a0 .]\d{3})+(?!\d)|\w+(?:[-']\w+)*|[^\w\s]", norm)
    body = r"[\s-]+".join(_word_pattern(t) for t in tokens)
    return re.compile(rf"(?<![\w]){body}(?![\w])", re.IGNORECASE)
