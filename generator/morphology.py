"""Terms in Cyrillic (Ukrainian, Russian) found in their inflected forms, by lemma.

A register term written in Cyrillic ("Донбас", "гарантії безпеки", "армия") is matched
by the lemmas (dictionary forms) of its words, not by a regular expression: Ukrainian and
Russian inflect by case, number and gender, and no list of English-style suffixes can
follow that. The lemmas come from pymorphy3 with its Ukrainian and Russian dictionaries
(the article's language chooses the dictionary; a word not in it is analysed by analogy
with known words, so "Донбасу" is "донбас"). Two words match when any reading of one
shares a lemma with any reading of the other.

A Cyrillic term applies only in an article whose language is written in Cyrillic
(CYRILLIC_LANGUAGES): it never matches in an English article. Terms in Latin letters are
matched by generator.termindex everywhere, as before.

Cost: the terms are indexed by the lemmas of their first word, and every word of the
corpus is lemmatised once per run (a LemmaIndex remembers it), so a paragraph costs its
words plus the few terms whose first word is there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from generator.mentions import Span
from generator.textmatch import normalise

CYRILLIC_LANGUAGES = frozenset({"uk", "ru", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg", "tt"})
DICTIONARIES = {"uk": "uk", "ru": "ru"}  # the article's language -> pymorphy3's dictionary; else Russian's
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_WORD = re.compile(r"\w+(?:'\w+)*")  # after normalise every apostrophe is "'"
_GAP = re.compile(r"[\s-]+")  # what may stand between the words of a term

Lemmatise = Callable[[str, str], frozenset[str]]  # (lower-case word, language) -> its lemmas


def is_cyrillic(term: str) -> bool:
    """A term with a Cyrillic letter: matched by lemma, in Cyrillic-script articles only."""
    return bool(_CYRILLIC.search(term))


@cache
def _analyser(dictionary: str):  # noqa: ANN202 - pymorphy3.MorphAnalyzer; loaded on first use only
    # imported here, so that a corpus without Cyrillic never loads the dictionaries; named
    # here, so that generator.tool_key counts their versions in the cache key
    import pymorphy3
    import pymorphy3_dicts_ru
    import pymorphy3_dicts_uk

    data = {"uk": pymorphy3_dicts_uk, "ru": pymorphy3_dicts_ru}[dictionary].get_path()
    return pymorphy3.MorphAnalyzer(data, lang=dictionary)


def pymorphy_lemmas(word: str, language: str) -> frozenset[str]:
    """Every lemma pymorphy3 reads the word as, and the word itself."""
    if not _CYRILLIC.search(word):
        return frozenset({word})
    parses = _analyser(DICTIONARIES.get(language, "ru")).parse(word)
    return frozenset({word, *(p.normal_form.replace("ʼ", "'") for p in parses)})


@lru_cache(maxsize=65536)
def _lemmas(word: str, language: str) -> frozenset[str]:
    return pymorphy_lemmas(word, language)


def same_words(term: str, text: str, language: str | None) -> bool:
    """Whether a normalised text is the Cyrillic term itself, in any inflection (an alias as matched)."""
    if language not in CYRILLIC_LANGUAGES:
        return False
    wanted, words = _WORD.findall(normalise(term).text), _WORD.findall(text)
    return len(wanted) == len(words) and all(not _lemmas(w, language).isdisjoint(_lemmas(t, language))
                                              for w, t in zip(wanted, words))


class LemmaIndex:
    """One run's lookup of the Cyrillic terms, by the lemmas of their words.

    Plain data from the terms, plus what the run has learnt: each word met is lemmatised
    once per language. Made by the linker for one run and dropped with it.
    """

    def __init__(self, terms: Iterable[str], lemmatise: Lemmatise = pymorphy_lemmas) -> None:
        self._terms = {t: tuple(_WORD.findall(normalise(t).text)) for t in sorted(set(terms)) if is_cyrillic(t)}
        self._lemmatise = lemmatise
        self._known: dict[tuple[str, str], frozenset[str]] = {}  # (word, language) -> lemmas
        self._by_lemma: dict[str, dict[str, list[tuple[str, tuple[frozenset[str], ...]]]]] = {}  # per language

    def __bool__(self) -> bool:
        return bool(self._terms)

    def lemmas(self, word: str, language: str) -> frozenset[str]:
        key = (word, language)
        if (known := self._known.get(key)) is None:
            known = self._known[key] = self._lemmatise(word, language)
        return known

    def _index(self, language: str) -> dict[str, list[tuple[str, tuple[frozenset[str], ...]]]]:
        """The terms by the lemmas of their first word, read in the language's dictionary (built once)."""
        if (index := self._by_lemma.get(language)) is None:
            index = self._by_lemma[language] = {}
            for term, words in self._terms.items():
                if words:
                    forms = tuple(self.lemmas(w, language) for w in words)
                    for lemma in forms[0]:
                        index.setdefault(lemma, []).append((term, forms))
        return index

    def find(self, text: str, language: str | None) -> dict[str, list[Span]]:
        """Every Cyrillic term in the normalised text of an article in this language, with its spans."""
        if language not in CYRILLIC_LANGUAGES or not self._terms or not _CYRILLIC.search(text):
            return {}
        index = self._index(language)
        tokens = [(m.start(), m.end(), self.lemmas(m.group(), language)) for m in _WORD.finditer(text)]
        found: dict[str, set[Span]] = {}
        for position, (start, _, lemmas) in enumerate(tokens):
            for term, forms in dict.fromkeys(c for lemma in lemmas for c in index.get(lemma, ())):
                if (end := _match(text, tokens, position, forms)) is not None:
                    found.setdefault(term, set()).add((start, end))
        return {term: sorted(spans) for term, spans in found.items()}


def _match(text: str, tokens: list[tuple[int, int, frozenset[str]]], position: int,
           forms: tuple[frozenset[str], ...]) -> int | None:
    """The end of the term's match starting at token position, or None: each word shares a lemma, in order."""
    if position + len(forms) > len(tokens):
        return None
    end = tokens[position][0]
    for (start, stop, lemmas), wanted in zip(tokens[position:position + len(forms)], forms):
        if (start != tokens[position][0] and not _GAP.fullmatch(text[end:start])) or lemmas.isdisjoint(wanted):
            return None
        end = stop
    return end
