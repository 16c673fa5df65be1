"""Mentions: which paragraphs of an article are about a point, scored by the terms they hold. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.articles import Article, Paragraph
from generator.register import Point
from generator.textmatch import normalise, term_pattern, term_prefix

# Scoring a paragraph for a point (find_mentions). The register gives each point three
# kinds of terms (matched as in generator.textmatch: whole words, inflections, number forms):
#   aliases   name the point itself ("NATO membership", "Russian document"): ALIAS_WEIGHT;
#   keywords  name what the point is about but have other senses too (army, Donbas,
#             NATO, "600,000"): KEYWORD_WEIGHT for any number of them;
#   context   say what is at issue (cap, cede, join); SUPPORT_WEIGHT, but only in a
#             paragraph that also has a keyword or an alias. A point without context
#             words takes a second, different keyword as support instead.
# Matches inside an `exclude` phrase ("Salvation Army", "uncharted territory") do not
# count, nor does a match inside a longer, already counted one ("Russian" inside
# "Russian document"). In a heading the score is multiplied by HEADING_FACTOR: a short
# line that names the subject announces a section about it.
#
# MENTION_THRESHOLD = 2 means: an alias alone, or a keyword with support, makes a mention;
# one keyword alone does not, however often it occurs ("an army of lawyers", "Donbas"
# in a weather report), and neither do context words alone ("a price cap"). Scores range
# from 2 to 4 (8 in a heading); higher means more kinds of evidence, not more repeats.
# Measured on tests/cases/linking/paragraphs.yml: see tests/test_linking_quality.py.
MENTION_THRESHOLD = 2.0
ALIAS_WEIGHT = 2.0
KEYWORD_WEIGHT = 1.0
SUPPORT_WEIGHT = 1.0
HEADING_FACTOR = 2.0

Span = tuple[int, int]


@dataclass(frozen=True)
class Mention:
    point_id: str
    article: Article
    paragraph: int
    terms: tuple[str, ...]  # the words of the paragraph that matched
    score: float
    spans: tuple[Span, ...] = ()  # where they are in the paragraph text (excluded phrases never)
    cited: bool = False  # a history entry of the point quotes this very paragraph
    in_cited_article: bool = False  # ... or another paragraph of the same article
    dismissed: bool = False

    @property
    def to_review(self) -> bool:
        # an editor who cited the article has read it: its other mentions need no review
        return not (self.cited or self.in_cited_article or self.dismissed)

    @property
    def state(self) -> str:
        if self.cited:
            return "cited"
        if self.in_cited_article:
            return "in a cited article"
        return "dismissed" if self.dismissed else "to review"


def _term_matches(terms: list[str], text: str, taken: list[Span]) -> dict[str, list[re.Match[str]]]:
    """Matches of each term that lie outside the spans already taken (excluded or counted)."""
    found: dict[str, list[re.Match[str]]] = {}
    for term in terms:
        if term_prefix(term) not in text:  # cannot match here; "" is in every text
            continue
        matches = [m for m in term_pattern(term).finditer(text)
                   if not any(s <= m.start() and m.end() <= e for s, e in taken)]
        if matches:
            found[term] = matches
    return found


def _score(point: Point, alias: dict, keywords: dict, context: dict, heading: bool) -> float:
    score = ALIAS_WEIGHT if alias else 0.0
    if keywords:
        score += KEYWORD_WEIGHT
    support = context if point.context else (keywords if len(keywords) >= 2 else {})
    if support and (alias or keywords):
        score += SUPPORT_WEIGHT
    return score * HEADING_FACTOR if heading else score


def score_paragraph(point: Point, article: Article, paragraph: Paragraph) -> Mention | None:
    """The paragraph as a mention of the point, if it scores MENTION_THRESHOLD or more."""
    norm = normalise(paragraph.text)
    text = norm.text
    taken = [m.span() for t in point.exclude if term_prefix(t) in text for m in term_pattern(t).finditer(text)]
    counted: list[re.Match[str]] = []
    found: list[dict[str, list[re.Match[str]]]] = []
    for terms in (point.aliases, point.keywords, point.context):  # a longer, earlier kind claims its words
        matches = _term_matches(terms, text, taken)
        kind_matches = [m for ms in matches.values() for m in ms]
        taken = taken + [m.span() for m in kind_matches]
        counted += kind_matches
        found.append(matches)
    score = _score(point, *found, heading=paragraph.heading)
    if score < MENTION_THRESHOLD:
        return None
    spans = sorted(norm.span(*m.span()) for m in counted)
    words = tuple(dict.fromkeys(paragraph.text[start:end] for start, end in spans))
    return Mention(point.id, article, paragraph.number, words, score, tuple(spans))


def find_mentions(point: Point, article: Article) -> list[Mention]:
    """Paragraphs of the article that are about the point, with the words that matched.

    See MENTION_THRESHOLD for the scoring.
    """
    return [m for p in article.paragraphs if (m := score_paragraph(point, article, p)) is not None]
