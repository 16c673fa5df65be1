"""The Mention: a paragraph that is about a point, its tier, its review state, and its record. Pure.

Which paragraphs are mentions is decided by the linker (generator.linker) from their
scores (generator.scoring); this module says what a score means and how a mention is
written out as a dictionary, for api/briefing.json and for `briefing triage --format json`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.articles import Article
from generator.site_urls import article_url

# The two tiers (measured with tests/linking_eval.py on the tuning articles; see the README):
#   MENTION_THRESHOLD = 2: an alias alone, or a keyword with support, is a mention (the
#     review queue); one keyword alone is not, however often it occurs;
#   POSSIBLE_THRESHOLD = 1: a keyword alone, or two context words without a keyword, is a
#     possible mention: listed apart, ranked by score, so that no paragraph that carries
#     a point's words is invisible, without crowding the queue.
MENTION_THRESHOLD = 2.0
POSSIBLE_THRESHOLD = 1.0

# Why a paragraph that linking did not find is a mention: a history entry or position of the point quotes it.
QUOTED_REASON = "quoted by the register"

Span = tuple[int, int]  # [start, end) in a paragraph's text


@dataclass(frozen=True)
class Mention:
    point_id: str
    article: Article
    paragraph: int
    terms: tuple[str, ...]  # the words of the paragraph that matched
    score: float
    spans: tuple[Span, ...] = ()  # where they are in the paragraph text (excluded phrases never)
    cited: bool = False  # a history entry or position of the point quotes this very paragraph
    in_cited_article: bool = False  # ... or another paragraph of the same article
    dismissed: bool = False
    reviewed: bool = False  # the article is recorded as read (register `articles: ID: reviewed:`)
    reason: str = ""  # why it scores: "alias 'NATO membership'", "keyword 'army', context 'limit'"

    @property
    def possible(self) -> bool:
        """Below the mention threshold and not quoted: plausible, listed apart (a quoted paragraph is a mention)."""
        return self.score < MENTION_THRESHOLD and not self.cited

    @property
    def settled(self) -> bool:
        """Cited, in a cited article, or dismissed: nothing left to decide about it."""
        # an editor who cited the article has read it: its other mentions need no review
        return self.cited or self.in_cited_article or self.dismissed

    @property
    def to_review(self) -> bool:
        """Waiting for an editor: not settled, and its article not recorded as read."""
        return not (self.settled or self.reviewed)

    @property
    def state(self) -> str:
        if self.cited:
            return "cited"
        if self.in_cited_article:
            return "in a cited article"
        if self.dismissed:
            return "dismissed"
        return "reviewed" if self.reviewed else "to review"

    def record(self, fields: tuple[str, ...]) -> dict[str, object]:
        """The mention as a dictionary of the named fields (RECORD_FIELDS), in that order."""
        return {name: RECORD_FIELDS[name](self) for name in fields}


# Every field a mention's record can have, each computed here only; the export and triage
# choose which they list (generator.export.JSON_FIELDS documents the export's).
RECORD_FIELDS: dict[str, Callable[[Mention], object]] = {
    # "cited": a mention because the point's history or a position quotes it, below the threshold
    "tier": lambda m: "possible" if m.possible else "cited" if m.score < MENTION_THRESHOLD else "mention",
    "point": lambda m: m.point_id,
    "article": lambda m: m.article.id,
    "article_path": lambda m: m.article.path,
    "paragraph": lambda m: m.paragraph,
    "text": lambda m: m.article.paragraph(m.paragraph).text,
    "terms": lambda m: list(m.terms),
    "score": lambda m: m.score,
    "reason": lambda m: m.reason,
    "cited": lambda m: m.cited,
    "in_cited_article": lambda m: m.in_cited_article,
    "dismissed": lambda m: m.dismissed,
    "url": lambda m: article_url(m.article.id, m.paragraph),
}
