"""Rules that span keys of the register: ids, references, vocabularies, status agreement.

One small rule per entity; each returns the problems it finds, located in the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from slugify import slugify

from generator.errors import Problem
from generator.register.model import Point, Register
from generator.safe_urls import check_url
from generator.validation import Loc, hint_for, where_text
from generator.vocabulary import MAX_ID_CHARS, RESERVED_IDS, SLUG, SOURCING, STANCES
from generator.yamlsource import YamlDoc


@dataclass(frozen=True)
class Context:
    """What every rule needs to locate its problems."""

    register: Register
    doc: YamlDoc

    def problem(self, loc: Loc, message: str, hint: str, key: bool = False) -> Problem:
        line, col = self.doc.where(loc, key=key)
        return Problem(self.register.path, line, col, where_text(loc, self.doc.data), message, hint)

    def slug_problem(self, loc: Loc, value: str, what: str, key: bool = False) -> Problem | None:
        """Why value cannot be an id: not a lowercase slug, or too long to name its pages' files."""
        if not SLUG.match(value):
            suggestion = slugify(value) or "a-short-name"
            return self.problem(loc, f"{what} id '{value}' is not a lowercase slug",
                                f"use letters a-z, digits and single hyphens, e.g. '{suggestion}'", key)
        if len(value) > MAX_ID_CHARS:
            return self.problem(loc, f"{what} id '{value[:40]}...' is {len(value)} characters long; at most {MAX_ID_CHARS}",
                                "its pages and feeds are files named after it, and a file name has at most 255 bytes; "
                                "shorten it", key)
        return None


def check_register(register: Register, indexes: list[int], doc: YamlDoc) -> list[Problem]:
    """Every cross-key problem of a register whose parts each passed the model."""
    ctx = Context(register, doc)
    problems = [*_parties(ctx), *_statuses(ctx), *_article_metadata(ctx), *_point_ids(ctx, indexes)]
    for index, point in zip(indexes, register.points):
        problems += _point(ctx, ("points", index), point)
    return problems


def _ids(ctx: Context, located: list[tuple[Loc, str]], what: str, listing: str) -> Iterator[Problem]:
    """Ids of one kind: slugs, not reserved (their page would replace the listing), not taken twice."""
    seen: set[str] = set()
    for loc, ident in located:
        if problem := ctx.slug_problem(loc, ident, what):
            yield problem
        elif ident in RESERVED_IDS:
            yield ctx.problem(loc, f"{what} id '{ident}' is reserved: its page would replace the list of {listing}",
                              f"choose another id, e.g. '{ident}-{what}'")
        if ident in seen:
            yield ctx.problem(loc, f"duplicate {what} id '{ident}'", f"give each {what} its own id")
        seen.add(ident)


def _parties(ctx: Context) -> Iterator[Problem]:
    return _ids(ctx, [(("parties", i, "id"), party.id) for i, party in enumerate(ctx.register.parties)], "party", "parties")


def _statuses(ctx: Context) -> Iterator[Problem]:
    for status_id in ctx.register.statuses:
        if problem := ctx.slug_problem(("statuses", status_id), status_id, "status", key=True):
            yield problem


def _article_metadata(ctx: Context) -> Iterator[Problem]:
    for article_id, meta in ctx.register.articles.items():
        if meta.url and (hint := check_url(meta.url)):
            yield ctx.problem(("articles", article_id, "url"), f"url '{meta.url}' is not allowed", hint)


def _point_ids(ctx: Context, indexes: list[int]) -> Iterator[Problem]:
    return _ids(ctx, [(("points", index, "id"), point.id) for index, point in zip(indexes, ctx.register.points)],
                "point", "points")


def _point(ctx: Context, base: Loc, point: Point) -> list[Problem]:
    return [*_positions(ctx, base, point), *_related(ctx, base, point), *_history(ctx, base, point),
            *_status(ctx, base, point), *_terms(ctx, base, point)]


def _positions(ctx: Context, base: Loc, point: Point) -> Iterator[Problem]:
    party_ids = [p.id for p in ctx.register.parties]
    for party_id, position in point.positions.items():
        if party_id not in party_ids:
            yield ctx.problem(base + ("positions", party_id), f"unknown party '{party_id}'",
                              hint_for(party_id, sorted(set(party_ids))), key=True)
        if position.stance not in STANCES:
            yield ctx.problem(base + ("positions", party_id, "stance"), f"unknown stance '{position.stance}'",
                              hint_for(position.stance, STANCES))


def _point_ids_in_file(doc: YamlDoc) -> list[str]:
    raw = doc.data.get("points") or []
    return [p["id"] for p in raw if isinstance(p, dict) and isinstance(p.get("id"), str)]


def _related(ctx: Context, base: Loc, point: Point) -> Iterator[Problem]:
    point_ids = _point_ids_in_file(ctx.doc)
    for j, related in enumerate(point.related):
        if related in point.related[:j]:
            yield ctx.problem(base + ("related", j), f"'{related}' is listed twice",
                              f"remove the second one (item {j + 1} of 'related')")
        elif related == point.id:
            yield ctx.problem(base + ("related", j), "a point cannot be related to itself", "remove it from 'related'")
        elif related not in point_ids:
            yield ctx.problem(base + ("related", j), f"unknown point '{related}'",
                              hint_for(related, point_ids, "'related' lists ids of other points"))


def _history(ctx: Context, base: Loc, point: Point) -> Iterator[Problem]:
    for j, entry in enumerate(point.history):
        if entry.status not in ctx.register.statuses:
            yield ctx.problem(base + ("history", j, "status"), f"unknown status '{entry.status}'",
                              hint_for(entry.status, ctx.register.statuses))
        if entry.sourcing is not None and entry.sourcing not in SOURCING:
            yield ctx.problem(base + ("history", j, "sourcing"), f"unknown sourcing '{entry.sourcing}'",
                              hint_for(entry.sourcing, SOURCING))


def _status(ctx: Context, base: Loc, point: Point) -> Iterator[Problem]:
    status, latest = point.status, point.latest
    if status is not None and status not in ctx.register.statuses:
        yield ctx.problem(base + ("status",), f"unknown status '{status}'", hint_for(status, ctx.register.statuses))
    elif status is None and latest is None:
        yield ctx.problem(base, "no status and no history", "add 'status: open' or a dated history entry")
    elif status is not None and latest is not None and latest.status != status:
        yield ctx.problem(base + ("status",), f"status '{status}' disagrees with the latest history entry "
                          f"({latest.date.isoformat()}: '{latest.status}')",
                          "change the status, or add a newer history entry with the new status")


def _terms(ctx: Context, base: Loc, point: Point) -> Iterator[Problem]:
    if not point.keywords and not point.aliases:
        yield ctx.problem(base, "no keywords", "list words that identify the point in articles, e.g. keywords: [army, troops]")
    for key in ("keywords", "aliases", "context", "exclude"):
        terms = getattr(point, key)
        for j, term in enumerate(terms):
            if not any(char.isalnum() for char in term):
                # punctuation alone is no word: it would match between any two characters
                yield ctx.problem(base + (key, j), f"'{term}' has no letter or digit, so it names no word",
                                  f"remove it from '{key}'")


