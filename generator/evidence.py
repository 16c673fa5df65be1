"""The register's references checked against the articles: sources, dismissals, metadata.

Every history source becomes a Citation (its quote found in its article), and every
article id the register names must exist. Pure: problems are returned, not raised.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.articles import Article
from generator.errors import Problem
from generator.quotes import Citation, closest_passage, locate_quote, show_invisibles
from generator.register import HistoryEntry, Point, Register, Source
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


def resolve_history(refs: References, point: Point) -> tuple[list[Entry], list[Problem]]:
    """The point's history entries with every quote located, in file order."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    base = refs.point_loc(point)
    for j, entry in enumerate(point.history):
        citations = []
        for k, source in enumerate(entry.sources):
            result = _cite(refs, source, base + ("history", j, "sources", k), f"points.{point.id}.history[{j}].sources[{k}]")
            if isinstance(result, Problem):
                problems.append(result)
            else:
                citations.append(result)
        entries.append(Entry(entry, tuple(citations)))
    return entries, problems


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
