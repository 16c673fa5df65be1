"""The Briefing: what the pages are made from. Assembled from the register and the articles. Pure.

link() resolves every citation (generator.evidence), finds every mention
(generator.mentions), and arranges both per point and per article.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from generator.articles import Article
from generator.errors import InputError, Problem
from generator.evidence import (Entry, References, Stance, dismissal_problems, metadata_problems, resolve_history,
                                resolve_positions, unsourced_positions)
from generator.mentions import Mention, Span, mentions_by_point
from generator.quotes import Citation
from generator.register import Point, Register
from generator.yamlsource import YamlDoc


@dataclass(frozen=True)
class PointView:
    point: Point
    status: str
    since: date | None  # first date of the current run of the same status
    last_changed: date | None
    history: tuple[Entry, ...]  # newest first
    mentions: tuple[Mention, ...]
    possible: tuple[Mention, ...] = ()  # possible mentions: below the threshold, ranked by score
    stances: tuple[Stance, ...] = ()  # positions with sources resolved, in party order

    def stance(self, party_id: str) -> Stance | None:
        return next((s for s in self.stances if s.party == party_id), None)

    @property
    def id(self) -> str:
        return self.point.id

    @property
    def citations(self) -> list[Citation]:
        return [c for e in self.history for c in e.citations]

    @property
    def queue(self) -> list[Mention]:
        return [m for m in self.mentions if m.to_review]

    def backing(self) -> tuple[int, int]:
        """Distinct articles and outlets behind the entries that set the current status."""
        current = [c for e in self.history if e.entry.status == self.status and (self.since is None or e.entry.date >= self.since) for c in e.citations]
        articles = {c.article.id for c in current}
        outlets = {c.article.outlet or c.article.id for c in current}
        return len(articles), len(outlets)


@dataclass(frozen=True)
class ArticleView:
    article: Article
    point_ids: tuple[str, ...]  # mentioned or cited, in register order
    cited_by: tuple[tuple[str, Entry], ...]  # (point id, entry) that cite this article
    highlights: dict[int, tuple[Span, ...]] = field(default_factory=dict)  # paragraph -> quote spans
    term_spans: dict[int, tuple[Span, ...]] = field(default_factory=dict)  # paragraph -> matched terms


@dataclass(frozen=True)
class Briefing:
    register: Register
    points: tuple[PointView, ...]
    articles: tuple[ArticleView, ...]  # newest first
    warnings: tuple[Problem, ...] = ()  # allowed but worth fixing (e.g. unsourced positions)

    def point(self, point_id: str) -> PointView:
        return next(p for p in self.points if p.id == point_id)

    @property
    def queue(self) -> list[Mention]:
        """Every mention to review, newest article first."""
        mentions = [m for p in self.points for m in p.queue]
        return sorted(mentions, key=lambda m: (-m.article.date.toordinal(), m.article.id, m.paragraph, m.point_id))

    @property
    def possible_queue(self) -> list[Mention]:
        """Every possible mention to review, highest score first, then newest article first."""
        mentions = [m for p in self.points for m in p.possible if m.to_review]
        return sorted(mentions, key=lambda m: (-m.score, -m.article.date.toordinal(), m.article.id, m.paragraph, m.point_id))

    def developments(self, limit: int) -> list[tuple[Entry, PointView]]:
        """The newest history entries of all points, newest first (ties: point id, descending)."""
        pairs = [(e, view) for view in self.points for e in view.history]
        return sorted(pairs, key=lambda pair: (pair[0].entry.date, pair[1].id), reverse=True)[:limit]

    def status_counts(self) -> dict[str, int]:
        """How many points stand in each status of the vocabulary."""
        return {s: sum(1 for p in self.points if p.status == s) for s in self.register.statuses}


def apply_metadata(articles: list[Article], register: Register) -> list[Article]:
    """Register 'articles:' entries fill in or override what the files say."""
    out = []
    for article in articles:
        meta = register.articles.get(article.id)
        if meta:
            article = replace(article, **{k: v for k, v in meta.model_dump().items() if v is not None})
        out.append(article)
    return out


def link(register: Register, doc: YamlDoc, articles: list[Article]) -> Briefing:
    """Resolve every citation and mention; InputError naming each reference that does not hold."""
    articles = apply_metadata(articles, register)
    refs = References(register, doc, {a.id: a for a in articles})
    problems: list[Problem] = metadata_problems(refs)
    warnings: list[Problem] = []
    views: list[PointView] = []
    found = mentions_by_point(list(register.points), articles)
    for point in register.points:
        entries, entry_problems = resolve_history(refs, point)
        stances, stance_problems = resolve_positions(refs, point)
        problems += entry_problems + stance_problems + dismissal_problems(refs, point)
        warnings += unsourced_positions(refs, point)
        view = _point_view(point, entries, _mentions(point, entries, found[point.id]))
        views.append(replace(view, stances=tuple(stances)))
    if problems:
        raise InputError(problems)
    return Briefing(register, tuple(views), _article_views(articles, views), tuple(sorted(warnings)))


def _mentions(point: Point, entries: list[Entry], found: list[Mention]) -> list[Mention]:
    """The point's mentions and possible mentions, marked cited (the article is cited) or dismissed."""
    cited_articles = {c.article.id for e in entries for c in e.citations}
    dismissed = {(d.article, d.paragraph) for d in point.dismissed}
    return [replace(m, cited=m.article.id in cited_articles,
                    dismissed=(m.article.id, None) in dismissed or (m.article.id, m.paragraph) in dismissed)
            for m in found]


def _point_view(point: Point, entries: list[Entry], found: list[Mention]) -> PointView:
    ordered = sorted(enumerate(entries), key=lambda pair: (pair[1].entry.date, pair[0]), reverse=True)
    newest_first = tuple(e for _, e in ordered)
    status = point.current_status
    since = None
    for entry in newest_first:
        if entry.entry.status != status:
            break
        since = entry.entry.date
    last_changed = newest_first[0].entry.date if newest_first else None
    found.sort(key=lambda m: (-m.article.date.toordinal(), m.article.id, m.paragraph))
    mentions = tuple(m for m in found if not m.possible)
    possible = sorted((m for m in found if m.possible), key=lambda m: -m.score)  # stable: newest first within a score
    return PointView(point, status, since, last_changed, newest_first, mentions, tuple(possible))


def _article_views(articles: list[Article], points: list[PointView]) -> tuple[ArticleView, ...]:
    """Per article: the points it touches, the entries citing it, the spans to highlight."""
    mentions: dict[str, list[Mention]] = defaultdict(list)
    citing: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
    touched: dict[str, list[str]] = defaultdict(list)
    for view in points:
        for mention in view.mentions:
            mentions[mention.article.id].append(mention)
        for entry in view.history:
            for article_id in dict.fromkeys(c.article.id for c in entry.citations):
                citing[article_id].append((view.id, entry))
        for article_id in dict.fromkeys([m.article.id for m in view.mentions] + [c.article.id for c in view.citations]):
            touched[article_id].append(view.id)
    return tuple(
        _article_view(article, touched[article.id], citing[article.id], mentions[article.id])
        for article in sorted(articles, key=lambda a: (a.date, a.id), reverse=True)
    )


def _article_view(article: Article, touched: list[str], cited_by: list[tuple[str, Entry]], mentions: list[Mention]) -> ArticleView:
    highlights: dict[int, set[Span]] = defaultdict(set)
    for _, entry in cited_by:
        for c in entry.citations:
            if c.article.id == article.id:
                highlights[c.paragraph].add(c.span)
    term_spans: dict[int, set[Span]] = defaultdict(set)
    for mention in mentions:
        term_spans[mention.paragraph].update(mention.spans)
    return ArticleView(article, tuple(touched), tuple(cited_by),
                       {n: tuple(sorted(s)) for n, s in highlights.items()},
                       {n: tuple(sorted(s)) for n, s in term_spans.items()})
