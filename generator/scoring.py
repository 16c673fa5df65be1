"""Scoring: how one paragraph scores for one point, from the point's terms it holds. Pure.

The register gives each point three kinds of terms (matched as in generator.textmatch:
whole words, inflections, number forms):
  aliases   name the point itself ("NATO membership", "Russian document"): ALIAS_WEIGHT;
  keywords  name what the point is about but have other senses too (army, Donbas,
            NATO, "600,000"): KEYWORD_WEIGHT for any number of them;
  context   say what is at issue (cap, cede, join): SUPPORT_WEIGHT, but only in a
            paragraph that also has a keyword or an alias.
A point without context words takes a second, different keyword as support. Matches
inside an `exclude` phrase ("Salvation Army") do not count, nor does a match inside a
longer, already counted one ("Russian" inside "Russian document"): the point's terms
claim the paragraph's words (claim). In a heading the score is multiplied by
HEADING_FACTOR: a short line that names the subject announces a section about it.
Context words alone make a possible mention when Rules.context_alone of them are there
(CONTEXT_ALONE_WEIGHT, never more, even in a heading).

How common a word is in the corpus being linked decides whether it can stand alone:
context words alone, or the context words that support a keyword, do not count when
every one of them is common (generator.linker applies this after the whole corpus is
scanned: Score.rests_on names the words, score_without_common the score without them).
The tiers (MENTION_THRESHOLD, POSSIBLE_THRESHOLD) are in generator.mentions.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.mentions import MENTION_THRESHOLD, Span
from generator.register import Point
from generator.textmatch import Covered, Normalised

ALIAS_WEIGHT = 2.0
KEYWORD_WEIGHT = 1.0
SUPPORT_WEIGHT = 1.0
HEADING_FACTOR = 2.0
CONTEXT_ALONE_WEIGHT = 1.0
ARTICLE_CONTEXT_WEIGHT = 1.0  # one of a point's words, in an article that mentions the point
HEADING_ABOVE_WEIGHT = 1.0  # a heading directly above a mention of the point


@dataclass(frozen=True)
class Rules:
    """The generalising rules, each switchable so that its effect can be measured.

    Measured on the tuning articles, tuning and reviewed sets together (46 articles, 290
    labelled pairs; python tests/linking_eval.py --rule NAME=...; the README has the
    table). A rule is kept when it raises the recall of both tiers by 0.02 or more, or
    finds more without a wrong mention or possible mention, or raises mention precision:
    article_context: recall of both tiers 0.92 -> 0.98 (+16 correct possible mentions,
    +116 wrong ones; mentions unchanged); context_alone = 2: +6 correct, +9 wrong possible
    mentions (one word: none more correct, +20 wrong); common_support: mention precision
    0.89 -> 0.94 (9 correct and 11 wrong mentions become possible mentions); word_families:
    +5 correct mentions, +18 wrong possible mentions; heading_above: +2 correct possible
    mentions, no wrong one. The rules that were measured and not kept are not here: the
    evaluation tooling measures them (tests/retired_rules.py).
    """

    article_context: bool = True  # in an article that mentions a point, any one of its words is a possible mention
    common_support: bool = True  # common context words support no keyword, however rare (see common_share)
    word_families: bool = True  # a one-word term also finds its derived words (territory: territorial)
    context_alone: int = 2  # this many distinct context words, without a keyword, make a possible mention (0: never)
    # ... unless all of them are common: found in more than this share of the corpus's paragraphs (0: no limit)
    common_share: float = 0.1
    heading_above: bool = True  # a heading directly above a mention announces it: a possible mention
    # a keyword alone that is common in the corpus (common_share) makes no possible mention on its
    # own, as common context words do not: the desk stays proportional to articles, not to points
    common_keywords: bool = True


DEFAULT_RULES = Rules()

# The kinds of a point's terms, in the order in which they claim a paragraph's words.
EXCLUDE, ALIAS, KEYWORD, CONTEXT = range(4)
Kinds = dict[str, tuple[int, int]]  # term -> (kind, rank in its list)
Here = tuple[tuple[tuple[int, int], str], ...]  # a point's terms in a paragraph: ((kind, rank), term)


def term_kinds(point: Point) -> Kinds:
    """Each of the point's terms -> (kind, rank); a term listed twice keeps its first kind."""
    ranks: Kinds = {}
    for kind, terms in enumerate((point.exclude, point.aliases, point.keywords, point.context)):
        for rank, term in enumerate(terms):
            ranks.setdefault(term, (kind, rank))
    return ranks


def terms_here(kinds: Kinds, spans: dict[str, list[Span]]) -> Here:
    """The point's terms among those found in a paragraph, in claiming order."""
    here = [(kinds[t], t) for t in spans if t in kinds]  # usually a handful
    if len(here) > 1:
        here.sort()
    return tuple(here)


@dataclass(frozen=True)
class Found:
    """A point's terms found in one paragraph, by kind, with the spans that count."""

    aliases: dict[str, list[Span]]
    keywords: dict[str, list[Span]]
    context: dict[str, list[Span]]

    @property
    def named(self) -> bool:
        """It holds an alias or a keyword, not context words only."""
        return bool(self.aliases or self.keywords)

    @property
    def has_words(self) -> bool:
        """It holds a keyword or a context word: enough in an article about the point."""
        return bool(self.keywords or self.context)

    def spans(self) -> list[Span]:
        return [s for kind in (self.aliases, self.keywords, self.context) for ss in kind.values() for s in ss]


def claim(here: Here, spans: dict[str, list[Span]]) -> Found:
    """The point's terms outside its excluded phrases; a longer, earlier kind claims its words first."""
    found: tuple[dict[str, list[Span]], ...] = ({}, {}, {})
    if len(here) == 1:  # the common case: one word, nothing to claim it from
        (kind, _), term = here[0]
        if kind != EXCLUDE:
            found[kind - 1][term] = spans[term]
        return Found(*found)
    taken: list[Span] = []
    covered: Covered | None = None
    current = EXCLUDE
    for (kind, _), term in here:
        if kind != current:  # what the earlier kinds took is now fixed
            covered, current = (Covered(taken) if taken else None), kind
        if kind == EXCLUDE:
            taken += spans[term]
            continue
        kept = spans[term] if covered is None else [s for s in spans[term] if not covered.covers(s)]
        if kept:
            found[kind - 1][term] = kept
            taken += kept
    return Found(*found)


@dataclass(frozen=True)
class Evidence:
    """What a paragraph holds for a point: everything its score depends on besides the rules."""

    found: Found
    heading: bool
    second_keyword: bool  # the point has no context words: a second keyword supports the first


@dataclass(frozen=True)
class Score:
    value: float
    reason: str  # "alias 'NATO membership'", "keyword 'army', context 'limit', heading"
    rests_on: tuple[str, ...] = ()  # the words its support (or context words alone) rests on, else ()


def score(evidence: Evidence, rules: Rules) -> Score:
    """The paragraph's score for the point, why, and the words that score rests on."""
    found = evidence.found
    support = _support(evidence)
    value, reasons = _tally(evidence, support)
    if not value and rules.context_alone and len(found.context) >= rules.context_alone:
        # never more than possible, even in a heading: context words name what is at issue, not the point
        words = " + ".join(f"'{c}'" for c in list(found.context)[:2])
        return Score(CONTEXT_ALONE_WEIGHT, f"context {words} without a keyword", tuple(found.context))
    if rules.common_keywords and value < MENTION_THRESHOLD and not support and not found.aliases:
        return Score(value, ", ".join(reasons), tuple(found.keywords))  # a keyword alone rests on itself
    return Score(value, ", ".join(reasons), _rests_on(evidence, support, rules))


COMMON_KEYWORDS = "keywords common in the corpus"  # the reason of a keyword alone that no longer counts


def score_without_common(evidence: Evidence, common: frozenset[str] = frozenset(), rules: Rules | None = None) -> Score:
    """The score when the words it rests on are all common in the corpus: support from words alone is gone,
    and so (with Rules.common_keywords) is a possible mention by keywords alone that are all common: it
    scores 0 with the reason COMMON_KEYWORDS, and is not made a possible mention in an article about
    the point either (the words are everywhere, so every article would be about it).

    An alias names the point, so a paragraph with one rests on nothing (Score.rests_on
    is empty) and is never scored this way.
    """
    found = evidence.found
    value, reasons = _tally(evidence, _support(evidence) if found.aliases else "")
    if rules and rules.common_keywords and not found.aliases and common.issuperset(found.keywords) \
            and value < MENTION_THRESHOLD:
        return Score(0, COMMON_KEYWORDS)
    return Score(value, ", ".join([*reasons, "words common in the corpus"]))


def _support(evidence: Evidence) -> str:
    """What supports the alias or keywords, as a reason; "" if nothing does."""
    found = evidence.found
    if not found.named:
        return ""
    if found.context:
        return f"context '{next(iter(found.context))}'"
    if evidence.second_keyword and len(found.keywords) >= 2:
        return "second keyword"
    return ""


def _rests_on(evidence: Evidence, support: str, rules: Rules) -> tuple[str, ...]:
    """The words the support rests on: if all are common, it does not count (nothing rests on an alias)."""
    found = evidence.found
    if found.aliases or not support:
        return ()
    if found.context:
        return tuple(found.context) if rules.common_support else (*found.keywords, *found.context)
    return tuple(found.keywords)  # a second keyword


def _tally(evidence: Evidence, support: str) -> tuple[float, list[str]]:
    """The weights of the alias, keyword and support found, doubled in a heading, with their reasons."""
    found = evidence.found
    reasons = [f"alias '{a}'" for a in list(found.aliases)[:2]]
    value = ALIAS_WEIGHT if found.aliases else 0.0
    if found.keywords:
        value += KEYWORD_WEIGHT
        reasons.append(f"keyword '{next(iter(found.keywords))}'")
    if support:
        value += SUPPORT_WEIGHT
        reasons.append(support)
    if evidence.heading and value:
        value *= HEADING_FACTOR
        reasons.append("heading")
    return value, reasons


@dataclass(frozen=True)
class Placement:
    """Where a point's found words are in the paragraph as written, in order, and those words once each."""

    spans: tuple[Span, ...]
    words: tuple[str, ...]


def place(found: Found, norm: Normalised, text: str) -> Placement:
    """The found words' spans (in normalised text) mapped back to the paragraph's own text."""
    spans = tuple(sorted(norm.span(*s) for s in found.spans()))
    return Placement(spans, tuple(dict.fromkeys(text[start:end] for start, end in spans)))
