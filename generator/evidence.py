"""The register's references checked against the articles: sources, dismissals, metadata.

Every history and position source becomes a Citation (its quote found in its article),
and every article id the register names must exist. Pure: problems are returned, not raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.articles import Article
from generator.errors import Problem
from generator.quotes import Citation, closest_passage, locate_quote, show_invisibles
from generator.register import HistoryEntry, Point, Position, Register, Source
from generator.site_urls import paragraph_anchor
from generator.validation import Loc, hint_for
from generator.yamlsource import YamlDoc

ARTICLE_ID_HINT = "article ids are file names in seeds/ without the extension"


@dataclass(frozen=True)
class Entry:
    """A history entry with its sources resolved."""

    entry: HistoryEntry
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Stance:
    """A party's position on a point with its sources resolved."""

    party: str
    position: Position
    citations: tuple[Citation, ...]

    @property
    def date(self) -> date | None:
        """Since when the party holds it: 'since', else its newest source's article date, else None."""
        if self.position.since:
            return self.position.since
        return max((c.article.date for c in self.citations), default=None)


@dataclass(frozen=True)
class References:
    """The register's YAML and the articles it may name, to locate problems with references."""

    register: Register
    doc: YamlDoc
    articles: dict[str, Article]

    def problem(self, loc: Loc, where: str, message: str, hint: str, key: bool = False) -> Problem:
        line, col = self.doc.where(loc, key=key)
        return Problem(self.register.path, line, col, where, message, hint)

    def unknown_article(self, loc: Loc, where: str, article_id: str, extra: str = ARTICLE_ID_HINT) -> Problem:
        return self.problem(loc, where, f"no article '{article_id}'", hint_for(article_id, sorted(self.articles), extra))

    def point_loc(self, point: Point) -> Loc:
        """Where the point stands in the YAML (the first point with its id)."""
        raw = self.doc.data.get("points") or []
        index = next((i for i, p in enumerate(raw) if isinstance(p, dict) and p.get("id") == point.id), 0)
        return ("points", index)


def _cite(refs: References, source: Source, loc: Loc, where: str) -> Citation | Problem:
    article = refs.articles.get(source.article)
    if article is None:
        return refs.unknown_article(loc + ("article",), where, source.article)
    citation = locate_quote(source.quote, article)
    if citation is not None:
        return citation
    near = closest_passage(source.quote, article)
    hint = "copy the words exactly from the article"
    if near:
        shown = show_invisibles(near[1])
        hint = f"did you mean \"{shown}\" (in #{paragraph_anchor(near[0])})?"
        if shown != near[1]:
            hint += " <U+XXXX> marks a character that shows as nothing or as a blank"
    return refs.problem(loc + ("quote",), where, f"quote \"{show_invisibles(source.quote)}\" is not in article '{article.id}' ({article.path})", hint)


def _cite_all(refs: References, sources: list[Source], loc: Loc, where: str) -> tuple[tuple[Citation, ...], list[Problem]]:
    """Every source located; the ones that do not hold as problems."""
    results = [_cite(refs, source, loc + (k,), f"{where}[{k}]") for k, source in enumerate(sources)]
    return (tuple(r for r in results if not isinstance(r, Problem)),
            [r for r in results if isinstance(r, Problem)])


def resolve_history(refs: References, point: Point) -> tuple[list[Entry], list[Problem]]:
    """The point's history entries with every quote located, in file order."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    base = refs.point_loc(point)
    for j, entry in enumerate(point.history):
        citations, found = _cite_all(refs, entry.sources, base + ("history", j, "sources"), f"points.{point.id}.history[{j}].sources")
        problems += found
        entries.append(Entry(entry, citations))
    return entries, problems


def resolve_positions(refs: References, point: Point) -> tuple[list[Stance], list[Problem]]:
    """The point's positions with every quote located, in the register's party order."""
    stances: list[Stance] = []
    problems: list[Problem] = []
    base = refs.point_loc(point)
    for party in refs.register.parties:
        position = point.positions.get(party.id)
        if position is None:
            continue
        citations, found = _cite_all(refs, position.sources, base + ("positions", party.id, "sources"),
                                     f"points.{point.id}.positions.{party.id}.sources")
        problems += found
        stances.append(Stance(party.id, position, citations))
    return stances, problems


def unsourced_positions(refs: References, point: Point) -> list[Problem]:
    """Positions that quote no article: allowed, but a reader cannot check them (warnings)."""
    base = refs.point_loc(point)
    return [refs.problem(base + ("positions", party_id), f"points.{point.id}.positions.{party_id}",
                         "position has no source", "add sources: [{article, quote}] so readers can check it", key=True)
            for party_id, position in point.positions.items() if not position.sources]


def dismissal_problems(refs: References, point: Point) -> list[Problem]:
    """Dismissals that name an article not in the seeds, or a paragraph the article does not have."""
    base = refs.point_loc(point)
    problems = []
    for j, d in enumerate(point.dismissed):
        where = f"points.{point.id}.dismissed[{j}]"
        article = refs.articles.get(d.article)
        if article is None:
            problems.append(refs.unknown_article(base + ("dismissed", j, "article"), where, d.article))
        elif d.paragraph is not None and d.paragraph not in {p.number for p in article.paragraphs}:
            problems.append(refs.problem(base + ("dismissed", j, "paragraph"), where,
                                         f"article '{d.article}' has no paragraph {d.paragraph}",
                                         f"its paragraphs are numbered 1 to {len(article.paragraphs)}, as #p1... on its page"))
    return problems


def metadata_problems(refs: References) -> list[Problem]:
    """'articles:' entries of the register for articles that are not in the seeds."""
    return [refs.problem(("articles", article_id), f"articles.{article_id}", f"no article '{article_id}' in the seeds",
                         hint_for(article_id, sorted(refs.articles), "article ids are file names without the extension"), key=True)
            for article_id in refs.register.articles if article_id not in refs.articles]
