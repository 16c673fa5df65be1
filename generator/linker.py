"""The linker: every point's mentions and possible mentions in every article of a corpus.

No disk and no state beyond one run: a Linker is made for one register's points and
one run, and dropped with it. It indexes their terms once (generator.termindex; the
run's word families learn each word of the corpus once), scans each article once
(Linker.scan: every paragraph normalised, all the terms found in one pass, each point
whose terms are there scored by generator.scoring), and only then applies what depends
on the whole corpus: which words are common in it (common_words), so that support
resting on them does not count. A scan depends on the article and the points' terms
only, so scans can be kept between runs (ArticleMemo; generator.cache does).

Labels were judged in the context of the whole article, and so is a paragraph: an
article is about a point when one of its paragraphs is a mention of it, and then any
paragraph with one of the point's keywords or context words is a possible mention of it
(Rules.article_context: "in an article about <point>: context 'x'"); and a section
heading directly above a mention is a possible mention (Rules.heading_above): it
announces what follows in other words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from generator.articles import Article, Paragraph
from generator.morphology import LemmaIndex
from generator.mentions import POSSIBLE_THRESHOLD, Mention, Span
from generator.register import Point
from generator.scoring import (ARTICLE_CONTEXT_WEIGHT, DEFAULT_RULES, HEADING_ABOVE_WEIGHT, Evidence, Found, Here,
                               Placement, Rules, Score, COMMON_KEYWORDS, claim, place, score, score_without_common, term_kinds,
                               terms_here)
from generator.termindex import TermIndex, WordFamilies
from generator.textmatch import Normalised, normalise

MIN_CORPUS = 100  # paragraphs: below this, how common a word is cannot be told
_TIMED = re.compile(r"\s*\d{1,2}[:.]\d{2}\b")  # "12:05 Zelensky lands in Florida": a liveblog entry's heading


@dataclass(frozen=True)
class Reading:
    """One paragraph read for one point: its evidence, its score, and where its words are if it is listed."""

    evidence: Evidence
    score: Score
    placement: Placement | None  # None below POSSIBLE_THRESHOLD: not listed on its own


@dataclass(frozen=True)
class Candidate:
    """A mention or possible mention as scanned, before the corpus says which words are common."""

    mention: Mention
    evidence: Evidence  # to score it again without support from common words
    rests_on: tuple[str, ...]  # the words its support (or context words alone) rests on, else ()


@dataclass(frozen=True)
class ArticleScan:
    """One article scanned for every point: everything about it that does not depend on the corpus."""

    article: Article
    candidates: tuple[Candidate, ...]
    in_context: tuple[Mention, ...]  # possible mentions of the points it is about, by their words alone
    about: frozenset[str]  # the points it mentions (common words or not)
    terms_seen: Counter[str]  # paragraphs that hold each term, and under "" all its paragraphs


ArticleMemo = dict  # Article -> its ArticleScan: valid for one register's terms and rules


class _SetAside(NamedTuple):
    """A point's words in a paragraph that do not score: a possible mention if the article is about the point.

    A named tuple: one is kept for every paragraph that touches a point without scoring.
    """

    position: int  # of the point in the register
    paragraph: Paragraph
    norm: Normalised
    spans: dict[str, list[Span]]


class Linker:
    """What every article of one run is linked against: one register's points and rules, their terms indexed once.

    Its steps (scan, reading, about) are methods so that the evaluation can measure
    rules the generator does not keep on top of them (tests/retired_rules.py).
    """

    def __init__(self, points: list[Point], rules: Rules = DEFAULT_RULES) -> None:
        self.points = points
        self.rules = rules
        owners: dict[str, list[int]] = {}  # term -> positions of the points that list it
        for position, point in enumerate(points):
            for term in dict.fromkeys((*point.aliases, *point.keywords, *point.context)):
                owners.setdefault(term, []).append(position)
        self.owners = owners
        self.kinds = [term_kinds(p) for p in points]
        self.naming = [frozenset((*p.aliases, *p.keywords)) for p in points]
        # per point: its context words that are not also aliases or keywords
        self.context = [frozenset(p.context) - names for p, names in zip(points, self.naming)]
        terms = [t for p in points for t in (*p.aliases, *p.keywords, *p.context, *p.exclude)]
        self.index = TermIndex.of(terms)  # terms in Latin letters; those in Cyrillic by lemma:
        self.lemmas = LemmaIndex(terms)
        self.families = WordFamilies(self.index) if rules.word_families else None

    def link(self, articles: Iterable[Article], memo: ArticleMemo | None = None) -> dict[str, list[Mention]]:
        """Every point's mentions and possible mentions, by point id; memo keeps scans between runs."""
        scans = []
        for article in articles:
            scan = memo.get(article) if memo is not None else None
            if scan is None:
                scan = self.scan(article)
                if memo is not None:
                    memo[article] = scan
            scans.append(scan)
        common = common_words(scans, self.rules)
        found: dict[str, list[Mention]] = {p.id: [] for p in self.points}
        for scan in scans:
            for mention in self.mentions(scan, common):
                found[mention.point_id].append(mention)
        return found

    def scan(self, article: Article) -> ArticleScan:
        """Every point's candidates in one article: one pass over each paragraph."""
        seen: Counter[str] = Counter()
        candidates: list[Candidate] = []
        # a point touched by fewer context words than can stand alone, and by no alias or
        # keyword, scores nothing: it matters only if the article turns out to be about it
        set_aside: list[_SetAside] = []
        for paragraph in article.paragraphs:
            norm = normalise(paragraph.text)
            spans = self.index.find(norm.text, self.families)
            spans.update(self.lemmas.find(norm.text, article.language))
            seen.update(["", *spans])
            candidates += self._paragraph(article, paragraph, norm, spans, set_aside)
        about = self.about(article, candidates)
        in_context = self._in_context(article, set_aside, about) if self.rules.article_context else ()
        return ArticleScan(article, tuple(candidates), tuple(in_context), about, seen)

    def _paragraph(self, article: Article, paragraph: Paragraph, norm: Normalised, spans: dict[str, list[Span]],
                   set_aside: list[_SetAside]) -> list[Candidate]:
        """The paragraph's candidates; the points it touches without scoring go to set_aside."""
        readings: dict[tuple[Here, bool], Reading] = {}  # points that hold the same terms here score it once
        candidates = []
        for position, context_words in sorted(self._touched(spans).items()):
            if (context_words < self.rules.context_alone or not self.rules.context_alone) \
                    and self.naming[position].isdisjoint(spans):
                set_aside.append(_SetAside(position, paragraph, norm, spans))
                continue
            point = self.points[position]
            here = terms_here(self.kinds[position], spans)
            key = (here, not point.context)
            if (reading := readings.get(key)) is None:
                reading = readings[key] = self.reading(paragraph, norm, spans, here, not point.context)
            if reading.placement is None:
                set_aside.append(_SetAside(position, paragraph, norm, spans))
                continue
            mention = Mention(point.id, article, paragraph.number, reading.placement.words, reading.score.value,
                              reading.placement.spans, reason=reading.score.reason)
            candidates.append(Candidate(mention, reading.evidence, reading.score.rests_on))
        return candidates

    def reading(self, paragraph: Paragraph, norm: Normalised, spans: dict[str, list[Span]], here: Here,
                second_keyword: bool) -> Reading:
        """The paragraph read for a point that holds these terms here (second_keyword: it has no context words)."""
        evidence = Evidence(claim(here, spans), paragraph.heading, second_keyword)
        scored = score(evidence, self.rules)
        listed = scored.value >= POSSIBLE_THRESHOLD
        return Reading(evidence, scored, place(evidence.found, norm, paragraph.text) if listed else None)

    def _touched(self, spans: dict[str, list[Span]]) -> dict[int, int]:
        """The positions of the points whose terms the paragraph holds, each with the number of its context words there."""
        touched: dict[int, int] = {}
        for term in spans:
            for position in self.owners.get(term, ()):
                touched[position] = touched.get(position, 0) + (term in self.context[position])
        return touched

    def about(self, article: Article, candidates: list[Candidate]) -> frozenset[str]:
        """The points the article mentions, whether or not the words of those mentions turn out common."""
        return frozenset(c.mention.point_id for c in candidates if not c.mention.possible)

    def _in_context(self, article: Article, set_aside: list[_SetAside], about: frozenset[str]) -> list[Mention]:
        """The possible mentions the set-aside words make of the points the article is about."""
        claimed: dict[tuple[int, Here], tuple[Found, Placement]] = {}  # points holding the same terms claim them once
        mentions = []
        for position, paragraph, norm, spans in set_aside:
            point_id = self.points[position].id
            if point_id not in about:
                continue
            here = terms_here(self.kinds[position], spans)
            if (known := claimed.get((paragraph.number, here))) is None:
                found = claim(here, spans)
                known = claimed[(paragraph.number, here)] = (found, place(found, norm, paragraph.text))
            found, placement = known
            if found.has_words:
                mentions.append(in_article_about(point_id, article, paragraph.number, found, placement))
        return mentions

    def mentions(self, scan: ArticleScan, common: frozenset[str]) -> list[Mention]:
        """The article's mentions once the corpus is known: candidates resting on common words scored without them."""
        kept: list[Mention] = list(scan.in_context)
        for candidate in scan.candidates:
            if not (candidate.rests_on and common.issuperset(candidate.rests_on)):
                kept.append(candidate.mention)
            elif (mention := self._without_common(candidate, scan.about, common)) is not None:
                kept.append(mention)
        if self.rules.heading_above:
            kept += headings_above(kept)
        return sorted(kept, key=lambda m: m.paragraph)

    def _without_common(self, candidate: Candidate, about: frozenset[str], common: frozenset[str]) -> Mention | None:
        """The candidate without the support of common words; if that leaves nothing, its words in an article about it."""
        scored = score_without_common(candidate.evidence, common, self.rules)
        mention = candidate.mention
        if scored.value >= POSSIBLE_THRESHOLD:
            return replace(mention, score=scored.value, reason=scored.reason)
        if scored.reason == COMMON_KEYWORDS:
            return None
        if self.rules.article_context and mention.point_id in about:
            placement = Placement(mention.spans, mention.terms)
            return in_article_about(mention.point_id, mention.article, mention.paragraph, candidate.evidence.found,
                                    placement)
        return None


def in_article_about(point_id: str, article: Article, paragraph: int, found: Found, placement: Placement) -> Mention:
    """A possible mention by one of the point's words alone, in an article about the point."""
    term = f"keyword '{next(iter(found.keywords))}'" if found.keywords else f"context '{next(iter(found.context))}'"
    return Mention(point_id, article, paragraph, placement.words, ARTICLE_CONTEXT_WEIGHT, placement.spans,
                   reason=f"in an article about {point_id}: {term}")


def headings_above(found: list[Mention]) -> list[Mention]:
    """Possible mentions: the headings directly above a mention that do not carry the point's words.

    A section heading announces its section without naming the point ("Where it came
    from", "The east remains the sticking point"). A timed heading does not: it opens one
    liveblog entry, which may go on to anything.
    """
    have = {(m.point_id, m.paragraph) for m in found}
    added: dict[tuple[str, int], Mention] = {}
    for mention in found:
        if mention.possible or mention.paragraph == 1:
            continue
        above = mention.article.paragraphs[mention.paragraph - 2]  # numbered 1, 2, ... in reading order
        key = (mention.point_id, above.number)
        if above.heading and not _TIMED.match(above.text) and key not in have:
            added[key] = Mention(mention.point_id, mention.article, above.number, (), HEADING_ABOVE_WEIGHT,
                                 reason=f"heading of a mention of {mention.point_id} (paragraph {mention.paragraph})")
    return list(added.values())


def common_words(scans: Iterable[ArticleScan], rules: Rules) -> frozenset[str]:
    """The terms found in more than Rules.common_share of the corpus's paragraphs, once there are enough to tell."""
    seen: Counter[str] = Counter()
    for scan in scans:
        seen.update(scan.terms_seen)
    paragraphs = seen[""]
    if not rules.common_share or paragraphs < MIN_CORPUS:
        return frozenset()
    return frozenset(term for term, count in seen.items() if count > rules.common_share * paragraphs)


def mentions_by_point(points: list[Point], articles: Iterable[Article], rules: Rules = DEFAULT_RULES,
                      memo: ArticleMemo | None = None) -> dict[str, list[Mention]]:
    """Every point's mentions and possible mentions in every article, by point id.

    All the register's terms are looked for in one pass over each paragraph, so the cost
    grows with the text, not text x points. memo may keep the scans of earlier runs with
    the same terms and rules (generator.cache does): how common a word is in the corpus
    is applied after the scans.
    """
    return Linker(points, rules).link(articles, memo)


def candidates(point: Point, article: Article, rules: Rules = DEFAULT_RULES) -> list[Mention]:
    """The paragraphs of the article that carry the point's words, scored, the article alone as the corpus."""
    return mentions_by_point([point], [article], rules)[point.id]


def find_mentions(point: Point, article: Article, rules: Rules = DEFAULT_RULES) -> list[Mention]:
    """The paragraphs of the article that are mentions of the point, the article alone as the corpus."""
    return [m for m in candidates(point, article, rules) if not m.possible]
