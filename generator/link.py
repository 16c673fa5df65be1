"""The linking step: a Briefing (what the pages are made from), assembled from the register and the articles. Pure.

link() resolves every citation (generator.evidence), finds every mention
(generator.linker), and arranges both per point and per article.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from datetime import date

from generator.articles import Article
from generator.errors import InputError, Problem
from generator.evidence import (Entry, References, Stance, dismissal_problems, metadata_problems, resolve_history,
                                resolve_positions, unsourced_positions)
from generator.linker import ArticleMemo, mentions_by_point
from generator.mentions import QUOTED_REASON, Mention, Span
from generator.quotes import Citation
from generator.register import Point, Register
from generator.morphology import is_cyrillic, same_words
from generator.textmatch import normalise, term_pattern
from generator.vocabulary import NOT_RECORDED, pick, plural
from generator.yamlsource import YamlDoc


@dataclass(frozen=True)
class Sourcing:
    """The one measure of sourcing shown everywhere: verified quotes, their articles, their outlets."""

    quotes: int
    articles: int
    outlets: int
    unnamed: int  # articles among them that name no outlet (not counted as outlets)

    @property
    def summary(self) -> str:
        if not self.quotes:
            return "no quotes yet"
        text = f"{plural(self.quotes, 'quote')} from {plural(self.articles, 'article')}"
        if not self.outlets:
            return f"{text}, outlet {NOT_RECORDED}"
        text += f", {plural(self.outlets, 'outlet')}"
        if self.unnamed:
            text += f" ({plural(self.unnamed, 'article')} {pick(self.unnamed, 'names', 'name')} no outlet)"
        return text


def sourcing_of(citations: list[Citation]) -> Sourcing:
    articles = {c.article.id: c.article for c in citations}.values()
    outlets = {a.outlet.casefold() for a in articles if a.outlet}
    return Sourcing(len(citations), len(articles), len(outlets), sum(1 for a in articles if not a.outlet))


@dataclass(frozen=True)
class Step:
    """A history entry in its point's sequence: the status before it, and its anchor on the point's page."""

    entry: Entry
    before: str | None  # the status of the entry before it; None for the first on record
    anchor: str  # "h-2025-11-26"; a second entry of the same date "h-2025-11-26-2" (counted oldest first)

    @property
    def date(self) -> date:
        return self.entry.entry.date

    @property
    def after(self) -> str:
        return self.entry.entry.status

    @property
    def kind(self) -> str:
        """'first' (the first on record), 'change' (a new status) or 'update' (the status kept)."""
        if self.before is None:
            return "first"
        return "update" if self.before == self.after else "change"


def history_steps(entries: list[Entry]) -> tuple[Step, ...]:
    """The entries as steps, newest first: sorted by date; of two on one date, the one higher in the file is newer.

    Anchors count entries of one date oldest first, so a newer entry of the same day
    (which goes on top of the history) leaves the older ones' anchors as they were.
    """
    oldest_first = [e for _, e in sorted(enumerate(entries), key=lambda pair: (pair[1].entry.date, -pair[0]))]
    steps: list[Step] = []
    before: str | None = None
    seen: dict[date, int] = defaultdict(int)
    for entry in oldest_first:
        seen[entry.entry.date] += 1
        n = seen[entry.entry.date]
        anchor = f"h-{entry.entry.date.isoformat()}" + (f"-{n}" if n > 1 else "")
        steps.append(Step(entry, before, anchor))
        before = entry.entry.status
    return tuple(reversed(steps))


@dataclass(frozen=True)
class PointView:
    point: Point
    status: str
    since: date | None  # the last status change: the oldest entry of the current run of the same status
    updated: date | None  # the newest history entry, whether it changed the status or kept it
    history: tuple[Entry, ...]  # newest first
    mentions: tuple[Mention, ...]
    possible: tuple[Mention, ...] = ()  # possible mentions: below the threshold, ranked by score
    stances: tuple[Stance, ...] = ()  # positions with sources resolved, in party order
    steps: tuple[Step, ...] = ()  # the history as steps, newest first (one per entry of history)

    def stance(self, party_id: str) -> Stance | None:
        return next((s for s in self.stances if s.party == party_id), None)

    def step(self, entry: Entry) -> Step:
        """The step of one of the point's history entries."""
        return next(s for s in self.steps if s.entry is entry)

    @property
    def last_changed(self) -> date | None:
        """The export's and CSV's older name for updated (the newest entry's date)."""
        return self.updated

    @property
    def quoted(self) -> set[tuple[str, int]]:
        """(article id, paragraph) of every paragraph the point's history or positions quote."""
        return {(c.article.id, c.paragraph) for c in self.citations + [c for s in self.stances for c in s.citations]}

    @property
    def id(self) -> str:
        return self.point.id

    @property
    def citations(self) -> list[Citation]:
        return [c for e in self.history for c in e.citations]

    @property
    def queue(self) -> list[Mention]:
        return [m for m in self.mentions if m.to_review]

    @property
    def sourcing(self) -> Sourcing:
        """Every verified quote of the point's history, with its articles and outlets."""
        return sourcing_of(self.citations)


@dataclass(frozen=True, order=True)
class QuoteMark:
    """A cited passage of a paragraph and the points whose history quotes it."""

    span: Span
    point_ids: tuple[str, ...]


@dataclass(frozen=True)
class ArticleView:
    article: Article
    point_ids: tuple[str, ...]  # mentioned or cited, in register order
    cited_by: tuple[tuple[str, Entry], ...]  # (point id, entry) that cite this article
    quoted_by: tuple[tuple[str, Stance], ...] = ()  # (point id, position) whose sources quote this article
    highlights: dict[int, tuple[QuoteMark, ...]] = field(default_factory=dict)  # paragraph -> cited passages
    # paragraph -> the point names (aliases) found in it; keywords and context words are
    # not marked: in running text they are too many to help a reader
    term_spans: dict[int, tuple[Span, ...]] = field(default_factory=dict)

    def paragraphs_cited(self, entry: Entry | Stance) -> list[int]:
        """The paragraphs of this article an entry (or a position) quotes, each once, in reading order."""
        return sorted({c.paragraph for c in entry.citations if c.article.id == self.article.id})


@dataclass(frozen=True)
class Briefing:
    register: Register
    points: tuple[PointView, ...]
    articles: tuple[ArticleView, ...]  # newest first
    warnings: tuple[Problem, ...] = ()  # allowed but worth fixing (e.g. unsourced positions)

    def point(self, point_id: str) -> PointView:
        return self._by_id[point_id]

    @cached_property
    def _by_id(self) -> dict[str, PointView]:
        """Pages look points up thousands of times: by id, not by scanning the list."""
        return {p.id: p for p in self.points}

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
            fields = meta.model_dump(exclude={"reviewed", "review_note"})
            article = replace(article, **{k: v for k, v in fields.items() if v is not None})
        out.append(article)
    return out


def link(register: Register, doc: YamlDoc, articles: list[Article], memo: ArticleMemo | None = None) -> Briefing:
    """Resolve every citation and mention; InputError naming each reference that does not hold.

    memo: earlier scans of articles for the same terms (generator.linker.mentions_by_point).
    """
    articles = apply_metadata(articles, register)
    refs = References(register, doc, {a.id: a for a in articles})
    problems: list[Problem] = metadata_problems(refs)
    warnings: list[Problem] = []
    views: list[PointView] = []
    found = mentions_by_point(list(register.points), articles, memo=memo)
    reviewed = {article_id for article_id, meta in register.articles.items() if meta.reviewed}
    for point in register.points:
        entries, entry_problems = resolve_history(refs, point)
        stances, stance_problems = resolve_positions(refs, point)
        problems += entry_problems + stance_problems + dismissal_problems(refs, point)
        warnings += unsourced_positions(refs, point)
        views.append(_point_view(point, entries, stances, _mentions(point, entries, stances, found[point.id], reviewed)))
    if problems:
        raise InputError(problems)
    warnings += _outlet_warnings(articles, register) + same_text_warnings(articles)
    return Briefing(register, tuple(views), _article_views(articles, views, register), tuple(sorted(warnings)))


def _outlet_warnings(articles: list[Article], register: Register) -> list[Problem]:
    """Articles that name no outlet: their citations cannot say where they come from."""
    def hint(a: Article) -> str:
        in_register = f"under articles: {a.id}: in {register.path}"
        return f"add outlet: to its front matter or {in_register}" if a.path.endswith(".md") else f"add outlet: {in_register}"

    return [Problem(a.path, 1, 1, "", f"article '{a.id}' names no outlet", hint(a))
            for a in sorted(articles, key=lambda a: a.path) if not a.outlet]


def same_text_warnings(articles: list[Article]) -> list[Problem]:
    """An article whose text an earlier file (by path) holds word for word: the same article under a second name.

    A warning, not a problem: its mentions would be counted twice and reviewed twice, but
    two outlets may run the same wire copy, and then both files belong; when both name
    their outlet and the outlets differ, nothing is said.
    """
    first: dict[tuple[str, ...], Article] = {}
    warnings = []
    for article in sorted(articles, key=lambda a: a.path):
        other = first.setdefault(tuple(p.text for p in article.paragraphs), article)
        if other is not article and not (article.outlet and other.outlet and article.outlet != other.outlet):
            warnings.append(Problem(article.path, 1, 1, "", f"article '{article.id}' has the same text as {other.path}",
                                    "remove one of the two files; if two outlets ran the same text, give each its outlet"))
    return warnings


def _mentions(point: Point, entries: list[Entry], stances: list[Stance], found: list[Mention],
              reviewed: set[str]) -> list[Mention]:
    """The point's mentions and possible mentions, marked cited (the paragraph), in a cited article, dismissed,
    or in an article recorded as reviewed.

    A paragraph that a history entry or a position quotes is a mention of the point
    whatever linking found (the quote is the evidence): a possible mention there becomes a
    mention, and a paragraph linking did not list at all is added, with no terms and the
    reason "quoted by the register".
    """
    citations = {(c.article.id, c.paragraph): c for e in entries for c in e.citations}
    for stance in stances:
        citations.update({(c.article.id, c.paragraph): c for c in stance.citations})
    cited_articles = {article_id for article_id, _ in citations}
    dismissed = {(d.article, d.paragraph) for d in point.dismissed}
    listed = {(m.article.id, m.paragraph) for m in found}
    added = [Mention(point.id, c.article, c.paragraph, (), 0.0, reason=QUOTED_REASON)
             for key, c in citations.items() if key not in listed]
    return [_marked(m, (m.article.id, m.paragraph) in citations, m.article.id in cited_articles,
                    (m.article.id, None) in dismissed or (m.article.id, m.paragraph) in dismissed, m.article.id in reviewed)
            for m in found + added]


def _marked(m: Mention, cited: bool, in_cited_article: bool, dismissed: bool, reviewed: bool) -> Mention:
    """m with these marks (m itself when it has them already: most mentions are marked nothing)."""
    if (m.cited, m.in_cited_article, m.dismissed, m.reviewed) == (cited, in_cited_article, dismissed, reviewed):
        return m
    return replace(m, cited=cited, in_cited_article=in_cited_article, dismissed=dismissed, reviewed=reviewed)


def _point_view(point: Point, entries: list[Entry], stances: list[Stance], found: list[Mention]) -> PointView:
    steps = history_steps(entries)
    status = point.current_status
    since = None
    for step in steps:
        if step.after != status:
            break
        since = step.date
    updated = steps[0].date if steps else None
    found.sort(key=lambda m: (-m.article.date.toordinal(), m.article.id, m.paragraph))
    mentions = tuple(m for m in found if not m.possible)
    possible = sorted((m for m in found if m.possible), key=lambda m: -m.score)  # stable: newest first within a score
    return PointView(point, status, since, updated, tuple(s.entry for s in steps), mentions, tuple(possible),
                     tuple(stances), steps)


def _article_views(articles: list[Article], points: list[PointView], register: Register) -> tuple[ArticleView, ...]:
    """Per article: the points it touches, the entries citing it, the spans to highlight."""
    mentions: dict[str, list[Mention]] = defaultdict(list)
    citing: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
    quoting: dict[str, list[tuple[str, Stance]]] = defaultdict(list)
    touched: dict[str, list[str]] = defaultdict(list)
    for view in points:
        for mention in view.mentions:
            mentions[mention.article.id].append(mention)
        for entry in view.history:
            for article_id in dict.fromkeys(c.article.id for c in entry.citations):
                citing[article_id].append((view.id, entry))
        for stance in view.stances:
            for article_id in dict.fromkeys(c.article.id for c in stance.citations):
                quoting[article_id].append((view.id, stance))
        for article_id in dict.fromkeys([m.article.id for m in view.mentions] + [c.article.id for c in view.citations]):
            touched[article_id].append(view.id)
    return tuple(
        _article_view(article, touched[article.id], citing[article.id], quoting[article.id], mentions[article.id], register)
        for article in sorted(articles, key=lambda a: (a.date, a.id), reverse=True)
    )


def _article_view(article: Article, touched: list[str], cited_by: list[tuple[str, Entry]],
                  quoted_by: list[tuple[str, Stance]], mentions: list[Mention], register: Register) -> ArticleView:
    supports: dict[tuple[int, Span], dict[str, None]] = defaultdict(dict)  # ordered sets of point ids
    for point_id, cites in [(p, e.citations) for p, e in cited_by] + [(p, s.citations) for p, s in quoted_by]:
        for c in cites:
            if c.article.id == article.id:
                supports[(c.paragraph, c.span)][point_id] = None
    highlights: dict[int, list[QuoteMark]] = defaultdict(list)
    for (number, span), point_ids in sorted(supports.items()):
        highlights[number].append(QuoteMark(span, tuple(point_ids)))
    aliases = {p.id: tuple(p.aliases) for p in register.points}
    term_spans: dict[int, set[Span]] = defaultdict(set)
    for mention in mentions:
        text = article.paragraph(mention.paragraph).text
        term_spans[mention.paragraph].update(s for s in mention.spans
                                             if _is_alias(text[s[0]:s[1]], aliases[mention.point_id], article.language))
    return ArticleView(article, tuple(touched), tuple(cited_by), tuple(quoted_by),
                       {n: tuple(marks) for n, marks in highlights.items()},
                       {n: tuple(sorted(s)) for n, s in term_spans.items() if s})


@lru_cache(maxsize=65536)
def _is_alias(words: str, aliases: tuple[str, ...], language: str) -> bool:
    """Whether matched words are one of the point's names rather than a keyword or context word
    (the same words recur in thousands of articles: each answer is kept)."""
    norm = normalise(words).text
    return any(same_words(alias, norm, language) if is_cyrillic(alias) else term_pattern(alias).fullmatch(norm)
               for alias in aliases)
