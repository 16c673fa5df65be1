"""Linking: verify quotes, find mentions, and assemble the Briefing that pages are made from.

Pure: register + articles in, Briefing (or problems) out. No disk access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process

from generator.articles import Article
from generator.errors import InputError, Problem
from generator.register import HistoryEntry, Point, Register, hint_for
from generator.textmatch import find_all, normalise, term_pattern, term_prefix
from generator.yamlsource import YamlDoc

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


@dataclass(frozen=True)
class Citation:
    """A history entry's source, resolved to the paragraph where its quote stands."""

    article: Article
    quote: str
    paragraph: int
    span: tuple[int, int]  # offsets of the quote in the paragraph's text
    occurrences: int

    @property
    def url(self) -> str:
        return f"articles/{self.article.id}/#p{self.paragraph}"


@dataclass(frozen=True)
class Entry:
    """A history entry with its sources resolved."""

    entry: HistoryEntry
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Mention:
    point_id: str
    article: Article
    paragraph: int
    terms: tuple[str, ...]  # the words of the paragraph that matched
    score: float
    spans: tuple[tuple[int, int], ...] = ()  # where they are in the paragraph text (excluded phrases never)
    cited: bool = False
    dismissed: bool = False

    @property
    def to_review(self) -> bool:
        return not (self.cited or self.dismissed)

    @property
    def state(self) -> str:
        return "cited" if self.cited else "dismissed" if self.dismissed else "to review"


@dataclass(frozen=True)
class PointView:
    point: Point
    status: str
    since: date | None  # first date of the current run of the same status
    last_changed: date | None
    history: tuple[Entry, ...]  # newest first
    mentions: tuple[Mention, ...]

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
    highlights: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # paragraph -> quote spans
    term_spans: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # paragraph -> matched terms


@dataclass(frozen=True)
class Briefing:
    register: Register
    points: tuple[PointView, ...]
    articles: tuple[ArticleView, ...]  # newest first

    def point(self, point_id: str) -> PointView:
        return next(p for p in self.points if p.id == point_id)

    @property
    def queue(self) -> list[Mention]:
        """Every mention to review, newest article first."""
        mentions = [m for p in self.points for m in p.queue]
        return sorted(mentions, key=lambda m: (-m.article.date.toordinal(), m.article.id, m.paragraph, m.point_id))


def apply_metadata(articles: list[Article], register: Register) -> list[Article]:
    """Register 'articles:' entries fill in or override what the files say."""
    out = []
    for article in articles:
        meta = register.articles.get(article.id)
        if meta:
            article = replace(article, **{k: v for k, v in meta.model_dump().items() if v is not None})
        out.append(article)
    return out


def _quote_form(text: str) -> str:
    """Single and double quotation marks are interchangeable in a quote (same length: spans stay valid)."""
    return text.replace('"', "'")


def locate_quote(quote: str, article: Article) -> Citation | None:
    """The first paragraph that holds the quote (after normalisation), or None."""
    needle = _quote_form(normalise(quote).text.strip())
    first: Citation | None = None
    count = 0
    for paragraph in article.paragraphs:
        norm = normalise(paragraph.text)
        hits = find_all(needle, _quote_form(norm.text))
        if hits and first is None:
            first = Citation(article, quote, paragraph.number, norm.span(hits[0], hits[0] + len(needle)), 0)
        count += len(hits)
    return replace(first, occurrences=count) if first else None


CLOSEST_PASSAGE_CUTOFF = 75  # fuzz.ratio (0-100): one word changed in a six-word quote still scores ~80


def closest_passage(quote: str, article: Article) -> tuple[int, str] | None:
    """The paragraph number and passage that come closest to a quote that is not there.

    Every run of about as many words as the quote (two fewer to two more) is compared with
    the quote as a whole; unrelated text that merely shares a few letters stays below
    CLOSEST_PASSAGE_CUTOFF and gives no suggestion.
    """
    needle = normalise(quote).text
    size = len(needle.split())
    if not size:
        return None
    best: tuple[float, int, str] | None = None
    for paragraph in article.paragraphs:
        norm = normalise(paragraph.text)
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", norm.text)]
        if not words:
            continue
        windows: dict[tuple[int, int], str] = {}
        for width in range(max(1, size - 2), size + 3):
            for first in range(0, max(1, len(words) - width + 1)):
                last = min(first + width, len(words)) - 1
                start, end = words[first][0], words[last][1]
                windows.setdefault((start, end), norm.text[start:end])
        found = process.extractOne(needle, windows, scorer=fuzz.ratio, score_cutoff=CLOSEST_PASSAGE_CUTOFF)
        if found and (best is None or found[1] > best[0]):
            start, end = norm.span(*found[2])
            best = (found[1], paragraph.number, _whole_words(paragraph.text, start, end))
    return None if best is None else (best[1], best[2])


def _whole_words(text: str, start: int, end: int) -> str:
    """The passage widened to whole words, so the suggestion can be pasted as a quote."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end].strip().rstrip(",;:")


def _term_matches(terms: list[str], text: str, taken: list[tuple[int, int]]) -> dict[str, list[re.Match[str]]]:
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


def find_mentions(point: Point, article: Article) -> list[Mention]:
    """Paragraphs of the article that are about the point, with the words that matched.

    See MENTION_THRESHOLD for the scoring.
    """
    mentions = []
    for paragraph in article.paragraphs:
        norm = normalise(paragraph.text)
        text = norm.text
        taken = [m.span() for t in point.exclude if term_prefix(t) in text for m in term_pattern(t).finditer(text)]
        counted: list[re.Match[str]] = []
        found: dict[str, dict[str, list[re.Match[str]]]] = {}
        for kind, kind_terms in (("alias", point.aliases), ("keyword", point.keywords), ("context", point.context)):
            found[kind] = _term_matches(kind_terms, text, taken)
            spans = [m.span() for ms in found[kind].values() for m in ms]
            taken = taken + spans
            counted += [m for ms in found[kind].values() for m in ms]
        alias, keywords, context = found["alias"], found["keyword"], found["context"]
        score = ALIAS_WEIGHT if alias else 0.0
        if keywords:
            score += KEYWORD_WEIGHT
        support = context if point.context else (keywords if len(keywords) >= 2 else {})
        if support and (alias or keywords):
            score += SUPPORT_WEIGHT
        if paragraph.heading:
            score *= HEADING_FACTOR
        if score >= MENTION_THRESHOLD:
            spans = sorted(norm.span(*m.span()) for m in counted)
            words = tuple(dict.fromkeys(paragraph.text[start:end] for start, end in spans))
            mentions.append(Mention(point.id, article, paragraph.number, words, score, tuple(spans)))
    return mentions


def link(register: Register, doc: YamlDoc, articles: list[Article]) -> Briefing:
    """Resolve every citation and mention; InputError naming each quote that is not found."""
    articles = apply_metadata(articles, register)
    by_id = {a.id: a for a in articles}
    problems: list[Problem] = []
    raw_points = {p.get("id"): i for i, p in enumerate(doc.data.get("points") or []) if isinstance(p, dict)}

    for article_id in register.articles:
        if article_id not in by_id:
            line, col = doc.where(("articles", article_id), key=True)
            problems.append(Problem(register.path, line, col, f"articles.{article_id}", f"no article '{article_id}' in the seeds",
                                    hint_for(article_id, sorted(by_id), "article ids are file names without the extension")))

    views: list[PointView] = []
    for point in register.points:
        index = raw_points.get(point.id, 0)
        entries: list[Entry] = []
        for j, entry in enumerate(point.history):
            citations = []
            for k, source in enumerate(entry.sources):
                base = ("points", index, "history", j, "sources", k)
                where = f"points.{point.id}.history[{j}].sources[{k}]"
                article = by_id.get(source.article)
                if article is None:
                    line, col = doc.where(base + ("article",))
                    problems.append(Problem(register.path, line, col, where, f"no article '{source.article}'",
                                            hint_for(source.article, sorted(by_id), "article ids are file names in seeds/ without the extension")))
                    continue
                citation = locate_quote(source.quote, article)
                if citation is None:
                    line, col = doc.where(base + ("quote",))
                    near = closest_passage(source.quote, article)
                    hint = (f"did you mean \"{near[1]}\" (in #p{near[0]})?" if near
                            else "copy the words exactly from the article")
                    problems.append(Problem(register.path, line, col, where,
                                            f"quote \"{source.quote}\" is not in article '{article.id}' ({article.path})", hint))
                    continue
                citations.append(citation)
            entries.append(Entry(entry, tuple(citations)))
        cited_articles = {c.article.id for e in entries for c in e.citations}
        mentions = []
        for article in articles:
            for mention in find_mentions(point, article):
                dismissed = any(d.article == article.id and d.paragraph in (None, mention.paragraph) for d in point.dismissed)
                mentions.append(replace(mention, cited=article.id in cited_articles, dismissed=dismissed))
        for j, dismissal in enumerate(point.dismissed):
            if dismissal.article not in by_id:
                line, col = doc.where(("points", index, "dismissed", j, "article"))
                problems.append(Problem(register.path, line, col, f"points.{point.id}.dismissed[{j}]", f"no article '{dismissal.article}'",
                                        hint_for(dismissal.article, sorted(by_id), "article ids are file names in seeds/ without the extension")))
        views.append(_point_view(point, entries, mentions))
    if problems:
        raise InputError(problems)
    return Briefing(register, tuple(views), _article_views(articles, views))


def _point_view(point: Point, entries: list[Entry], mentions: list[Mention]) -> PointView:
    ordered = sorted(enumerate(entries), key=lambda pair: (pair[1].entry.date, pair[0]), reverse=True)
    newest_first = tuple(e for _, e in ordered)
    status = point.current_status
    since = None
    for entry in newest_first:
        if entry.entry.status != status:
            break
        since = entry.entry.date
    last_changed = newest_first[0].entry.date if newest_first else None
    mentions.sort(key=lambda m: (-m.article.date.toordinal(), m.article.id, m.paragraph))
    return PointView(point, status, since, last_changed, newest_first, tuple(mentions))


def _article_views(articles: list[Article], points: list[PointView]) -> tuple[ArticleView, ...]:
    views = []
    for article in sorted(articles, key=lambda a: (a.date, a.id), reverse=True):
        touched: list[str] = []
        cited_by: list[tuple[str, Entry]] = []
        highlights: dict[int, list[tuple[int, int]]] = {}
        term_spans: dict[int, list[tuple[int, int]]] = {}
        for view in points:
            mentioned = [m for m in view.mentions if m.article.id == article.id]
            for mention in mentioned:
                term_spans.setdefault(mention.paragraph, []).extend(mention.spans)
            citing = [e for e in view.history if any(c.article.id == article.id for c in e.citations)]
            for entry in citing:
                cited_by.append((view.id, entry))
                for c in entry.citations:
                    if c.article.id == article.id:
                        highlights.setdefault(c.paragraph, []).append(c.span)
            if mentioned or citing:
                touched.append(view.id)
        views.append(ArticleView(
            article, tuple(touched), tuple(cited_by),
            {n: tuple(sorted(set(s))) for n, s in highlights.items()},
            {n: tuple(sorted(set(t))) for n, t in term_spans.items()},
        ))
    return tuple(views)


def briefing_summary(briefing: Briefing) -> dict[str, Any]:
    """Counts by status, for the home page."""
    counts = {status: 0 for status in briefing.register.statuses}
    for view in briefing.points:
        counts[view.status] = counts.get(view.status, 0) + 1
    return counts
