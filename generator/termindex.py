"""Finding many terms in one pass over a paragraph, and the words derived from them.

A register of 50 points has hundreds of terms. Running every term's pattern over every
paragraph costs text x terms; instead the paragraph's words are collected in one scan,
and only the terms that can start with one of them (generator.textmatch.first_words: the
first word in any of its inflections; a number's leading digits in any of its forms) are
verified with their pattern. The cost grows with the text plus the few terms that can
match there.

A TermIndex is plain data, built once per run for one register's terms
(generator.linker builds it and hands it down). Word families need each word of the
corpus stemmed; a WordFamilies belongs to one run and stems each word the first time
the run meets it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import snowballstemmer

from generator.mentions import Span
from generator.morphology import is_cyrillic
from generator.textmatch import first_words, last_words, normalise, term_pattern, words_of


class Patterns(Mapping[str, re.Pattern[str]]):
    """Every term's pattern (textmatch.term_pattern), compiled when first asked for.

    A rebuild scans only its new articles: compiling every term of the register for them
    would cost more than the scan (about half a second for 350 terms).
    """

    def __init__(self, terms: Iterable[str]) -> None:
        self._terms = tuple(terms)
        self._known = frozenset(self._terms)
        self._compiled: dict[str, re.Pattern[str]] = {}  # kept here: term_pattern's own memo is bounded

    def __getitem__(self, term: str) -> re.Pattern[str]:
        pattern = self._compiled.get(term)
        if pattern is None:
            if term not in self._known:
                raise KeyError(term)
            pattern = self._compiled[term] = term_pattern(term)
        return pattern

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)


@dataclass(frozen=True)
class TermIndex:
    """Terms by the words their matches start with: a paragraph verifies only the terms it may hold."""

    patterns: Mapping[str, re.Pattern[str]]  # every term's pattern (Patterns)
    by_word: dict[str, tuple[str, ...]]
    always: tuple[str, ...]  # terms whose first word cannot be told: verified everywhere
    last: dict[str, frozenset[str]]  # a term of several words -> words one of which it needs

    @classmethod
    def of(cls, terms: Iterable[str]) -> TermIndex:
        by_word: dict[str, list[str]] = {}
        always: list[str] = []
        last: dict[str, frozenset[str]] = {}
        ordered = sorted(t for t in set(terms) if not is_cyrillic(t))  # those: generator.morphology
        for term in ordered:
            if (needs := last_words(term)) is not None:
                last[term] = needs
            words = first_words(term)
            if words is None:
                always.append(term)
            for word in words or ():
                by_word.setdefault(word, []).append(term)
        return cls(Patterns(ordered), {k: tuple(v) for k, v in by_word.items()},
                   tuple(always), last)

    def candidates(self, words: set[str]) -> list[str]:
        """The terms a text with these words may hold."""
        last = self.last
        # a term of several words also needs its last word ("front" is common, "front line" less so)
        found = dict.fromkeys(t for w in words & self.by_word.keys() for t in self.by_word[w]
                              if t not in last or not last[t].isdisjoint(words))
        return [*self.always, *found]

    def find(self, text: str, families: WordFamilies | None = None) -> dict[str, list[Span]]:
        """Every term that occurs in the normalised text, with the spans of its matches.

        With families, a one-word term also spans the words of the text derived from it.
        """
        words = words_of(text)
        spans: dict[str, list[Span]] = {}
        for term in self.candidates(words):
            found = [m.span() for m in self.patterns[term].finditer(text)]
            if found:
                spans[term] = found
        if families is not None:
            for term, derived in families.spans(text, words).items():
                spans[term] = sorted({*spans.get(term, ()), *derived})
        return spans


# A one-word term can also find the other words of its family, the words that share its
# Snowball (Porter 2) stem: territory finds territorial, withdraw finds withdrawal,
# limit finds limitation. Stems are not meanings (author also finds authorities), so
# whether a register's terms reach their families is the linker's choice.

class WordFamilies:
    """One run's lookup of the words derived from the index's one-word terms.

    Plain data from the terms (their stems), plus what the run has learnt of the
    corpus: each word met is stemmed once, and remembered with the terms it derives
    from, if any. Made by the linker for one run and dropped with it.
    """

    def __init__(self, index: TermIndex) -> None:
        stem = snowballstemmer.stemmer("english").stemWord
        by_stem: dict[str, list[str]] = {}
        for term in index.patterns:
            norm = normalise(term).text.strip()
            if norm.isalpha() and len(norm) > 3:
                by_stem.setdefault(stem(norm), []).append(term)
        self._by_stem = {k: tuple(v) for k, v in by_stem.items()}
        self._patterns = index.patterns
        self._stem = stem
        self._derived: dict[str, tuple[str, ...]] = {}  # every word met -> the terms it derives from
        self._deriving: dict[str, re.Pattern[str]] = {}  # the words that derive from a term -> their pattern

    def spans(self, text: str, words: set[str]) -> dict[str, list[Span]]:
        """A one-word term -> the spans of the text's words of its family that are not its inflections."""
        for word in words.difference(self._derived):  # met for the first time
            terms = self._derived[word] = self._derived_from(word)
            if terms:
                self._deriving[word] = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        found: dict[str, list[Span]] = {}
        for word in words & self._deriving.keys():
            spans = [m.span() for m in self._deriving[word].finditer(text)]
            for term in self._derived[word]:
                found.setdefault(term, []).extend(spans)
        return found

    def _derived_from(self, word: str) -> tuple[str, ...]:
        """The one-word terms the word is derived from: same stem, longer, not a term's inflection."""
        family = self._by_stem.get(self._stem(word), ())
        if any(self._patterns[term].fullmatch(word) for term in family):
            return ()  # a term of its own, found by its pattern
        # a family grows by derivation (withdraw: withdrawal), not back (drafted: draft)
        return tuple(term for term in family if len(word) > len(term))
