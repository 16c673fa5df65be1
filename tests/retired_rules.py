"""Linking rules that were measured and not kept, so that the evaluation can measure them again.

The generator keeps only the rules that run (generator.scoring.Rules). These three were
measured on the tuning articles and left out (the README's "Scoring, threshold and
tiers" has the figures and the criterion), and live here, on the evaluation's side,
built on the linker's own steps:

- keywords_in_sentence: two distinct keywords in one sentence support each other (a
  reading of one paragraph for one point, Linker.reading);
- section: a heading that is a mention of a point makes the paragraphs of its section
  (up to the next heading) that score nothing on their own possible mentions of it
  (what one article's scan yields, Linker.scan);
- lead_about: an article whose lead (its first paragraph that is not a heading) carries
  one of a point's keywords or aliases is about the point (Linker.about).

    python tests/linking_eval.py --rule section=on      # measured with one of them on
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, fields, replace

from generator.articles import Article, Paragraph
from generator.linker import ArticleScan, Candidate, Linker, Reading
from generator.mentions import POSSIBLE_THRESHOLD, Mention, Span
from generator.register import Point
from generator.scoring import (ALIAS_WEIGHT, DEFAULT_RULES, HEADING_FACTOR, KEYWORD_WEIGHT, SUPPORT_WEIGHT, Evidence,
                               Found, Here, Rules, Score, place)
from generator.textmatch import Normalised

SECTION_CAP = POSSIBLE_THRESHOLD  # a heading's section lifts a paragraph's score up to this
_SENTENCE_END = re.compile(r"[.!?;:][\"')\]]*\s")


@dataclass(frozen=True)
class Retired:
    """Which of the retired rules to switch on (all off: the generator's own linking)."""

    keywords_in_sentence: bool = False  # two distinct keywords in one sentence support each other
    section: bool = False  # a heading that mentions a point makes the paragraphs of its section possible mentions
    lead_about: bool = False  # an article whose lead carries a point's keyword or alias is about it


RETIRED_RULES = tuple(f.name for f in fields(Retired))


class RetiredRulesLinker(Linker):
    """The generator's linker with some of the retired rules switched on."""

    def __init__(self, points: list[Point], rules: Rules = DEFAULT_RULES, retired: Retired = Retired()) -> None:
        super().__init__(points, rules)
        self.retired = retired

    def reading(self, paragraph: Paragraph, norm: Normalised, spans: dict[str, list[Span]], here: Here,
                second_keyword: bool) -> Reading:
        reading = super().reading(paragraph, norm, spans, here, second_keyword)
        if not self.retired.keywords_in_sentence:
            return reading
        scored = sentence_support(reading.evidence, norm.text)
        if scored is None:
            return reading
        return Reading(reading.evidence, scored, place(reading.evidence.found, norm, paragraph.text))

    def about(self, article: Article, candidates: list[Candidate]) -> frozenset[str]:
        about = super().about(article, candidates)
        if not self.retired.lead_about:
            return about
        lead = next((p.number for p in article.paragraphs if not p.heading), None)
        return about | {c.mention.point_id for c in candidates
                        if c.evidence.found.named and c.mention.paragraph == lead}

    def scan(self, article: Article) -> ArticleScan:
        scan = super().scan(article)
        return with_sections(scan) if self.retired.section else scan


def sentence_support(evidence: Evidence, text: str) -> Score | None:
    """The score with two keywords in one sentence as support, where nothing else supports them."""
    found = evidence.found
    if found.context or (evidence.second_keyword and len(found.keywords) >= 2):
        return None  # supported already: by a context word, or by a second keyword anywhere
    pair = keyword_pair(found, text)
    if pair is None:
        return None
    reasons = [f"alias '{a}'" for a in list(found.aliases)[:2]]
    reasons.append(f"keywords '{pair[0]}' + '{pair[1]}' in one sentence")
    value = (ALIAS_WEIGHT if found.aliases else 0.0) + KEYWORD_WEIGHT + SUPPORT_WEIGHT
    if evidence.heading:
        value *= HEADING_FACTOR
        reasons.append("heading")
    return Score(value, ", ".join(reasons), () if found.aliases else pair)


def keyword_pair(found: Found, text: str) -> tuple[str, str] | None:
    """Two distinct keywords in one sentence of the normalised text, if any."""
    if len(found.keywords) < 2:
        return None
    starts = [m.end() for m in _SENTENCE_END.finditer(text)]  # where the sentences after the first start
    by_sentence: dict[int, str] = {}
    for term, spans in found.keywords.items():
        for start, _ in spans:
            other = by_sentence.setdefault(bisect_right(starts, start), term)
            if other != term:
                return other, term
    return None


_NOTHING = Evidence(Found({}, {}, {}), heading=False, second_keyword=False)


def with_sections(scan: ArticleScan) -> ArticleScan:
    """The scan with the paragraphs of each point's sections lifted: those that name nothing of it score SECTION_CAP.

    A section starts at a heading that is a mention of the point (as scanned) and ends at
    the next heading. A paragraph with an alias or keyword of the point keeps its score;
    one with only context words of it, or none, becomes a possible mention ("in section
    'Heading'") that no common word takes away. Its words are those the scan listed (as
    context words alone, or in an article about the point); with Rules.article_context
    off a paragraph's context words below context_alone are not in the scan, and it is
    listed without them.
    """
    candidates = {(c.mention.point_id, c.mention.paragraph): c for c in scan.candidates}
    in_context = {(m.point_id, m.paragraph): m for m in scan.in_context}
    sections: dict[str, str] = {}  # point id -> the heading of the section we are in
    for paragraph in scan.article.paragraphs:
        if paragraph.heading:
            sections = {c.mention.point_id: paragraph.text.strip() for c in scan.candidates
                        if c.mention.paragraph == paragraph.number and not c.mention.possible}
            continue
        for point_id, heading in sections.items():
            key = (point_id, paragraph.number)
            candidate = candidates.get(key)
            if candidate is not None and candidate.evidence.found.named:
                continue
            words = candidate.mention if candidate is not None else in_context.pop(key, None)
            reason = f"in section '{heading}'"
            lifted = (replace(words, score=SECTION_CAP, reason=reason) if words is not None
                      else Mention(point_id, scan.article, paragraph.number, (), SECTION_CAP, reason=reason))
            candidates[key] = Candidate(lifted, candidate.evidence if candidate is not None else _NOTHING, ())
    return replace(scan, candidates=tuple(candidates.values()), in_context=tuple(in_context.values()))
