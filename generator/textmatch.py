"""Text normalisation (for quotes and terms alike) and term patterns. Pure.

normalise() gives the form every comparison is made in; term_pattern() the regular
expression a register term is matched with (whole words, inflections, number forms);
first_words() and last_words() the words its matches start and end with, by which
generator.termindex indexes the terms; Covered tells which spans earlier terms claimed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_CHAR_MAP = {
    **dict.fromkeys("‘’‚‛′`´ʼʹ", "'"),  # ʼ (U+02BC) is the Ukrainian apostrophe
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


_ONE_TO_ONE = str.maketrans({k: v for k, v in _CHAR_MAP.items() if len(v) == 1})
_MANY = {k: v for k, v in _CHAR_MAP.items() if len(v) > 1}
# what moves: white space at either end, runs of it, white space other than one space, "…"
_RUNS = re.compile(r"^\s+|\s+$|\s{2,}|[^\S ]|[" + "".join(_MANY) + "]")
_IRREGULAR = re.compile(r"^\s|\s$|\s\s|[^\S ]|[" + "".join(_MANY) + "]")


@lru_cache(maxsize=4096)
def normalise(text: str) -> Normalised:
    """Lower case, straight quotes, plain hyphens, one space for any run of white space."""
    lowered = text.translate(_ONE_TO_ONE).lower()
    if len(lowered) != len(text) or "\u03a3" in text:
        # a letter whose lower case is longer (İ) or depends on its neighbours (Σ): one by one
        return _normalise_by_char(text)
    if not _IRREGULAR.search(lowered):  # the common case: nothing moves
        return Normalised(lowered, tuple(range(len(lowered))))
    # every character kept its offset; only white space runs shrink and "…" grows (single
    # spaces, most of the white space, are left in the stretches between the runs)
    out: list[str] = []
    offsets: list[int] = []
    position = 0
    for run in _RUNS.finditer(lowered):
        start, end = run.span()
        if start > position:
            out.append(lowered[position:start])
            offsets.extend(range(position, start))
        if not run.group().isspace():
            out.append(_MANY[run.group()])
            offsets.extend([start] * len(_MANY[run.group()]))
        elif out and end < len(lowered):
            out.append(" ")
            offsets.append(end - 1)
        position = end
    out.append(lowered[position:])
    offsets.extend(range(position, len(lowered)))
    return Normalised("".join(out), tuple(offsets))


def _normalise_by_char(text: str) -> Normalised:
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
#
# A register term (keyword, alias, context word or exclude phrase) becomes one regular
# expression, matched on normalised text (lower case, straight quotes, plain hyphens,
# single spaces):
#
# - whole words only: "army" does not match "armyworm", "art" does not match "party";
# - each word also matches its regular inflections: plurals and possessives (army ->
#   armies, army's; territory -> territories; soldier -> soldiers), verb forms (limit ->
#   limited, limiting; reduce -> reduced, reducing; cap -> capped; give -> given). Write
#   keywords in the singular; irregular forms (wrote, gave) must be listed;
# - words of a term may be separated by spaces or hyphens ("open door" = "open-door");
# - spelling variants are listed by the editor (Donbas, Donbass): no fuzzy matching;
# - a number matches however its thousands are written: "600,000" = "600 000" = "600.000"
#   = "600000" = "600k" = "600 thousand" (and "2,000,000" = "2 million"), but never a
#   part of a larger number ("1,600,000", "1600,000", "6000", "600,000,000").

_NUMBER = re.compile(r"^\d{1,3}(?:[,\u00a0 .]\d{3})+$|^\d+$")
_SEPARATOR = r"[,\u00a0\u202f .]?"
_VOWELS = "aeiou"
# a number term must not be the tail or head of a larger number
_NUMBER_BEFORE = r"(?<!\d[,.])(?<!\b\d )(?<!\b\d\d )(?<!\b\d\d\d )"
_NUMBER_AFTER = r"(?![,.]\d)(?! \d{3}(?!\d))"


# thousands and millions in Ukrainian and Russian: 600 тисяч, 600 тис., 600 тысяч, 2 млн, 1,5 мільйона
_THOUSAND_WORDS = r"тисяч\w*|тис\.?|тысяч\w*|тыс\.?"
_MILLION_WORDS = r"мільйон\w*|миллион\w*|млн\.?"
_ONE_AND_A_HALF = ("півтора", "полтора")


def _number_pattern(token: str) -> str:
    digits = re.sub(r"\D", "", token)
    value = int(digits)
    grouped = f"{value:,}".split(",")
    forms = [_SEPARATOR.join(grouped)]
    if value >= 1000 and value % 1000 == 0:
        forms.append(rf"{value // 1000}\s?(?:k|thousand)")
        forms.append(rf"{value // 1000}\s(?:{_THOUSAND_WORDS})")  # always apart: the index looks up "600"
    if value >= 1_000_000 and value % 1_000_000 == 0:
        forms.append(rf"{value // 1_000_000}\s?(?:m|mn|million)")
        forms.append(rf"{value // 1_000_000}\s(?:{_MILLION_WORDS})")
    elif value > 1_000_000 and value % 100_000 == 0:  # 1,500,000: 1,5 млн (a decimal comma or point)
        forms.append(rf"{value // 1_000_000}[,.]{value % 1_000_000 // 100_000}\s(?:{_MILLION_WORDS})")
        if value == 1_500_000:
            forms.append(rf"(?:{'|'.join(_ONE_AND_A_HALF)})\s(?:{_MILLION_WORDS})")
    return "(?:" + "|".join(forms) + ")"


def inflections(word: str) -> list[str]:
    """The regular English forms of a (lower-case) word: plural, possessive, -ed, -ing."""
    forms = {word, word + "'s"}  # soldiers' matches as soldiers: the quote is not a word character
    if len(word) < 3 or not word.isalpha():
        return sorted(forms)
    last, before = word[-1], word[-2]
    if last == "y" and before not in _VOWELS:  # army -> armies, armied
        stem = word[:-1]
        forms |= {stem + "ies", stem + "ied", word + "ing"}
    elif last == "e":  # reduce -> reduces, reduced, reducing; give -> given
        forms |= {word + "s", word + "d", word + "n", word[:-1] + "ing"}
    elif word.endswith(("s", "x", "z", "ch", "sh")):  # bus -> buses; Donbas -> Donbass too
        forms |= {word + "es", word + "ed", word + "ing", word + "s"}
    else:
        forms |= {word + "s", word + "ed", word + "ing"}
    # cap -> capped, capping; admit -> admitted (consonant-vowel-consonant ending)
    if last not in _VOWELS + "wxy" and before in _VOWELS and word[-3] not in _VOWELS:
        forms |= {word + last + "ed", word + last + "ing"}
    return sorted(forms, key=lambda f: (-len(f), f))


def _word_pattern(token: str) -> str:
    if _NUMBER.match(token):
        return _number_pattern(token)
    parts = token.split("-")
    # only the last part of a hyphenated word inflects: "non-paper" -> "non-papers"
    pieces = [re.escape(p) for p in parts[:-1]]
    last = parts[-1]
    if last[-1:].isalpha():
        pieces.append("(?:" + "|".join(re.escape(f) for f in inflections(last)) + ")")
    else:
        pieces.append(re.escape(last))
    return r"[\s-]?".join(pieces)


_TOKEN = re.compile(r"\d{1,3}(?:[,\u00a0 .]\d{3})+(?!\d)|\w+(?:[-']\w+)*|[^\w\s]")
_WORD_START = re.compile(r"\w")


@lru_cache(maxsize=1024)  # a pure function of the term: the memo spares compiling it again per mention
def term_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive, word-bounded pattern for a term, tolerant of separators and inflection."""
    norm = normalise(term).text.strip()
    # a number such as "600,000" or "600 000" is one token; so is a (hyphenated) word
    tokens = _TOKEN.findall(norm)
    if not tokens:
        return re.compile(r"(?!)")
    body = _word_pattern(tokens[0])
    for before_it, token in zip(tokens, tokens[1:]):
        # words are apart ("front line", "open-door"); a mark is not ("U.S. document")
        apart = _WORD_START.match(before_it[-1]) and _WORD_START.match(token)
        body += (r"[\s-]+" if apart else r"\s*") + _word_pattern(token)
    before = _NUMBER_BEFORE if _NUMBER.match(tokens[0]) else ""
    after = _NUMBER_AFTER if _NUMBER.match(tokens[-1]) else ""
    return re.compile(rf"(?<!\w){before}{body}(?!\w){after}", re.IGNORECASE)


# --- the words a term's matches start and end with ------------------------------------
#
# generator.termindex looks a paragraph's words up in an index of the terms by these words,
# so that only the terms that can occur there are verified with their pattern.

_WORD = re.compile(r"\w+")
_ABBREVIATION = re.compile(r"\w+(?:\.\w+)+\.?")  # U.S., e.g.: letters and full stops


def words_of(text: str) -> set[str]:
    """The distinct words (runs of word characters) of a normalised text."""
    return set(_WORD.findall(text))


def first_words(term: str) -> frozenset[str] | None:
    """The words (runs of word characters) a match of term_pattern(term) can start with.

    None when that cannot be told from the term alone: a term that starts with
    punctuation, a word of three or more hyphenated parts.
    """
    tokens = normalise(term).text.split()
    if tokens and _NUMBER.match(tokens[0]):
        return _number_heads(tokens[0])
    if not tokens or not _WORD.match(tokens[0]):
        return None
    if _ABBREVIATION.fullmatch(tokens[0]):  # "U.S. document" starts with the word "u"
        return frozenset({_WORD.match(tokens[0]).group()})
    parts = tokens[0].split("-")
    if len(parts) > 2 or not all(_WORD.fullmatch(p.replace("'", "")) for p in parts):
        return None
    last = parts[-1] if len(parts) == 1 else parts[1]
    forms = inflections(last) if last[-1:].isalpha() else [last]
    # "non-paper" is also "non paper" (first word "non") and "nonpaper"
    heads = [f for f in forms] if len(parts) == 1 else [parts[0], *(parts[0] + f for f in forms)]
    return frozenset(_WORD.match(h).group() for h in heads if _WORD.match(h))


def last_words(term: str) -> frozenset[str] | None:
    """The words one of which a paragraph must hold for a match of a term of several words.

    The forms of its last word, when that is a plain word ("front line": line, lines,
    ...); None for a term of one word, or one that ends in a number or a hyphenated word.
    """
    tokens = _TOKEN.findall(normalise(term).text)
    if len(tokens) < 2 or not tokens[-1].isalpha():
        return None
    return frozenset(_WORD.match(form).group() for form in inflections(tokens[-1]))


def _number_heads(token: str) -> frozenset[str]:
    """The first word of every form _number_pattern gives a number: 600, 600000, 600k, 2m."""
    digits = re.sub(r"\D", "", token)
    value = int(digits)
    heads = {f"{value:,}".split(",")[0], str(value)}
    if value == 1_500_000:
        heads |= set(_ONE_AND_A_HALF)
    for unit, words in ((1000, ("k", "thousand")), (1_000_000, ("m", "mn", "million"))):
        if value >= unit and value % unit == 0:
            heads |= {str(value // unit), *(f"{value // unit}{w}" for w in words)}
    return frozenset(heads)


class Covered:
    """Spans already claimed; tells in O(log n) whether a span lies inside one of them.

    Starts are sorted and each carries the largest end of any span starting at or before
    it: a span (s, e) is covered exactly when that largest end, looked up at s, reaches e.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []
        reach = -1
        for _, end in ordered:
            reach = max(reach, end)
            self._reach.append(reach)

    def covers(self, span: tuple[int, int]) -> bool:
        index = bisect_right(self._starts, span[0]) - 1
        return index >= 0 and self._reach[index] >= span[1]
